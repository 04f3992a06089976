/**
 * Stories: different write-ups of one event (five sites rewording one wire report). They share
 * almost no runs of words, so the copies step never joins them; they do share their content words,
 * above all names, places and numbers. Opt-in, across documents, beside ./copies.ts.
 *
 * Recipe: the cleaned text is cut into words as the copies step cuts it (./text.ts); each distinct
 * word is a term, hashed with FNV-1a. A term weighs (1 + ln tf) × idf × boost, where
 * idf = ln((N + 1) / (df + 1)), floored at 0, N and df being the shipped table's documents and
 * counts for the record's language (./df.json, built by scripts/build-df.ts from 1,955 cleaned dev
 * pages: tables for de, en, es and `*`, all languages together, used for any other; terms on 2 pages
 * or more, at most 60,000 a language; 680 KB, read only when the step is built) plus the stream's own: the records in the
 * window, each counting its kept terms once. The boost is `entityBoost` for a word mostly written
 * with a capital where no sentence starts, `numberBoost` for one with a digit. The heaviest
 * `termsPerRecord` terms are kept (ties: lower hash) and scaled to length 1.
 *
 * A record is compared, through an inverted index (term → the stories using it), with the first
 * record of every open story in the same language (the primary subtag of `lang`; a record of
 * unknown language only with others of unknown language): the first record, not a centroid, so a story is fixed once started
 * and cannot drift into another through a chain of members (as copies' stars), and the state stays
 * one vector a story. It joins the best (ties: the earlier story) of those it agrees with, else
 * starts one. To agree, the cosine must reach `threshold`, and terms that are names or numbers in
 * both must carry `namesThreshold` of it (write-ups of one event share who, where and how many;
 * guides on one topic share only the topic's nouns); when both records have a published date, they
 * must be at most `maxDaysApart` days apart. Only articles and pages of unknown type are grouped
 * (STORY_PAGE_TYPES). Every number is in the settings registry (`stories`).
 *
 * Memory is bounded: stories started, and the stream's counts made, in the last `windowRecords`
 * records (by position) are held, the oldest leaving first. Deterministic for a given input order:
 * weights are stored as float32, sums run in a fixed order. The state saves to JSON (format
 * `decruft-stories`, version 1) and loads back (`StoryIndex.parse`).
 */
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import type { Article, StoryMark } from '../record.js';
import { resolveSettings, type Settings, type SettingsOption } from '../settings.js';
import { keyOf, textOf, hashedWords, WORD_FLAGS, type RecordKey } from './text.js';
import { BASE64, checkHeader, kindOf, parseStateText, show, StateError } from './state.js';

/** The `stories` area of the settings registry. */
export type StorySettings = Settings['stories'];

/** The story a record belongs to (as record.ts's StoryMark). */
export type StoryMatch = StoryMark;

// ---------------------------------------------------------------------------------------------
// Document frequencies

/** Shipped document frequencies of one language: term hash → documents containing it. */
export interface DfLanguage {
  docs: number;
  counts: Map<number, number>;
}

/** The shipped table: per language (ISO 639-1), and `*` for all languages together. */
export type DfTable = Map<string, DfLanguage>;

/** The file ./df.json: per language, sorted hashes (uint32 LE) and their counts (uint16 LE), base64. */
export interface DfFile {
  format: 'decruft-df';
  version: 1;
  hash: typeof HASH_NAME;
  languages: Record<string, { docs: number; terms: number; hashes: string; counts: string }>;
}

/** Reads a DfFile's languages into maps. */
export function dfTableOf(file: DfFile): DfTable {
  if (file.format !== 'decruft-df' || file.version !== 1 || file.hash !== HASH_NAME) throw new Error('df table: not a decruft-df version 1 file');
  const table: DfTable = new Map();
  for (const [lang, entry] of Object.entries(file.languages)) {
    const hashes = Buffer.from(entry.hashes, 'base64');
    const counts = Buffer.from(entry.counts, 'base64');
    const map = new Map<number, number>();
    for (let i = 0; i < entry.terms; i++) map.set(hashes.readUInt32LE(i * 4), counts.readUInt16LE(i * 2));
    table.set(lang, { docs: entry.docs, counts: map });
  }
  return table;
}

let shipped: DfTable | undefined;
/** The table shipped beside this module, read on first use (only runs with stories pay for it). */
export function shippedDf(): DfTable {
  return (shipped ??= dfTableOf(createRequire(import.meta.url)('./df.json') as DfFile));
}

// ---------------------------------------------------------------------------------------------
// Term vectors

/** A record's kept terms, heaviest first, their weights scaled to length 1, and which are names or numbers. */
export interface TermVector {
  terms: Uint32Array;
  weights: Float32Array;
  /** 1 where the term is a name (mostly capitalised where no sentence starts) or has a digit, else 0. */
  names: Uint8Array;
}

/** What a text's words say: per term hash, its count and how its occurrences were written. */
interface TermCount {
  tf: number;
  /** Occurrences where no sentence starts. */
  inside: number;
  /** Of those, written with a capital. */
  capital: number;
  digit: boolean;
}

/** The terms of a text, by hash, counted; null when it has fewer than `minWords` words. */
export function termCounts(text: string, minWords: number): Map<number, TermCount> | null {
  const { hashes, flags } = hashedWords(text);
  if (hashes.length < minWords || hashes.length === 0) return null;
  const counts = new Map<number, TermCount>();
  for (let i = 0; i < hashes.length; i++) {
    const hash = hashes[i]!;
    const flag = flags[i]!;
    let c = counts.get(hash);
    if (!c) counts.set(hash, (c = { tf: 0, inside: 0, capital: 0, digit: (flag & WORD_FLAGS.digit) !== 0 }));
    c.tf++;
    if (!(flag & WORD_FLAGS.sentenceStart)) {
      c.inside++;
      if (flag & WORD_FLAGS.capital) c.capital++;
    }
  }
  return counts;
}

/** Document counts to weigh terms with: N and df (shipped and the stream's, added). */
export interface DocumentCounts {
  docs: number;
  df(hash: number): number;
}

/** The weighted, truncated, unit-length vector of counted terms (see the recipe above). */
export function termVector(counts: Map<number, TermCount>, documents: DocumentCounts, settings: StorySettings): TermVector {
  const scored: Array<[hash: number, weight: number, name: number]> = [];
  for (const [hash, c] of counts) {
    const idf = Math.max(0, Math.log((documents.docs + 1) / (documents.df(hash) + 1)));
    let weight = (1 + Math.log(c.tf)) * idf;
    const name = c.capital * 2 > c.inside;
    if (name) weight *= settings.entityBoost;
    if (c.digit) weight *= settings.numberBoost;
    if (weight > 0) scored.push([hash, weight, name || c.digit ? 1 : 0]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = scored.slice(0, settings.termsPerRecord);
  const norm = Math.sqrt(kept.reduce((sum, [, w]) => sum + w * w, 0));
  return {
    terms: Uint32Array.from(kept, ([h]) => h),
    weights: Float32Array.from(kept, ([, w]) => w / norm),
    names: Uint8Array.from(kept, ([, , n]) => n),
  };
}

/** Cosine of two unit vectors (a dot product over the terms they share). */
export function cosine(a: TermVector, b: TermVector): number {
  return agreement(a, b).similarity;
}

/** What two vectors share: their cosine, and the part of it carried by terms that are names or numbers in both. */
export function agreement(a: TermVector, b: TermVector): { similarity: number; names: number } {
  const at = new Map<number, number>();
  a.terms.forEach((h, i) => at.set(h, i));
  let similarity = 0;
  let names = 0;
  b.terms.forEach((h, j) => {
    const i = at.get(h);
    if (i === undefined) return;
    const dot = a.weights[i]! * b.weights[j]!;
    similarity += dot;
    if (a.names[i] && b.names[j]) names += dot;
  });
  return { similarity, names };
}

/** Checks the `stories` settings the registry cannot check alone; throws a TypeError naming the setting. */
export function checkStorySettings(settings: StorySettings): void {
  const bad = (key: string, expected: string, got: number) => new TypeError(`settings.stories.${key}: expected ${expected}, got ${got}`);
  if (settings.threshold > 1) throw bad('threshold', 'a cosine from 0 to 1', settings.threshold);
  if (settings.namesThreshold > 1) throw bad('namesThreshold', 'a part of a cosine, from 0 to 1', settings.namesThreshold);
  if (!Number.isInteger(settings.storiesPerTerm) || settings.storiesPerTerm < 2)
    throw bad('storiesPerTerm', 'a whole number, 2 or more', settings.storiesPerTerm);
  if (settings.maxDaysApart < 0) throw bad('maxDaysApart', 'a number of days, 0 or more', settings.maxDaysApart);
  if (!Number.isInteger(settings.termsPerRecord) || settings.termsPerRecord < 1)
    throw bad('termsPerRecord', 'a whole number, 1 or more', settings.termsPerRecord);
  if (!Number.isInteger(settings.windowRecords) || settings.windowRecords < 1) throw bad('windowRecords', 'a whole number, 1 or more', settings.windowRecords);
}

// ---------------------------------------------------------------------------------------------
// The index

/** A record in the window: its kept terms (the stream's counts), and its vector when it started a story. */
interface Held {
  seq: number;
  terms: Uint32Array;
  story?: Story;
}

/** A story, as its first record: what to call it, its language, its vector and the day it was published. */
interface Story {
  key: RecordKey;
  lang: string;
  weights: Float32Array;
  names: Uint8Array;
  /** Days since 1970 of its `published` date (UTC), or null when it had none. */
  day: number | null;
}

/** What a record is, for the stories step, beside its text. */
export interface StoryRecord {
  /** Its language tag (`en`, `en-GB`); null or absent when unknown. */
  lang?: string | null;
  /** What to call it in `story`; absent: its position. */
  key?: RecordKey | undefined;
  /** When it was published (ISO 8601, as `published`); null or absent when unknown. */
  published?: string | null;
}

/** A state file (StoryIndex.toJSON). */
export interface StoryState {
  format: 'decruft-stories';
  version: 1;
  hash: typeof HASH_NAME;
  termsPerRecord: number;
  /** Records seen so far, short and failed ones included: positions go on from here. */
  seen: number;
  /**
   * The records in the window that had terms, oldest first: `terms` as uint32 LE, base64; a record
   * that started a story also has its `key`, its `lang` (primary subtag, '' when unknown) and
   * `weights` (float32 LE, base64), `names` (one byte a term, 1 for a name or number, base64) and
   * `day` (days since 1970 of its published date, null when unknown).
   */
  entries: Array<{ seq: number; terms: string; key?: RecordKey; lang?: string; weights?: string; names?: string; day?: number | null }>;
}

export const STORY_STATE_FORMAT = 'decruft-stories';
export const STORY_STATE_VERSION = 1;
const HASH_NAME = 'fnv1a32';

/** A state file that cannot be loaded: what is wrong with it. */
export class StoryStateError extends StateError {
  override name = 'StoryStateError';
  constructor(problem: string) {
    super('stories state', problem);
  }
}

export interface StoryIndexOptions {
  /** Document frequencies to weigh terms with; absent: the shipped table. */
  df?: DfTable;
}

/**
 * The open stories, as their first records' vectors in an inverted index, and the stream's
 * document counts over the window: a bounded, saveable memory. `observe` each record in order.
 */
export class StoryIndex {
  readonly settings: StorySettings;
  private readonly df: DfTable;
  private readonly held = new Map<number, Held>();
  /** Term hash → the seqs of the held stories using it, oldest first. */
  private readonly postings = new Map<number, number | number[]>();
  /** The stream's document frequencies over the held records. */
  private readonly streamDf = new Map<number, number>();
  private count = 0;

  constructor(overrides: SettingsOption['settings'] = undefined, options: StoryIndexOptions = {}) {
    this.settings = resolveSettings(overrides).stories;
    checkStorySettings(this.settings);
    this.df = options.df ?? shippedDf();
  }

  /** Records held now (at most `windowRecords`). */
  get size(): number {
    return this.held.size;
  }

  /** Stories open now. */
  get stories(): number {
    let n = 0;
    for (const h of this.held.values()) if (h.story) n++;
    return n;
  }

  /** Records observed so far, including those carried in from a loaded state. */
  get seen(): number {
    return this.count;
  }

  /**
   * Takes the next record: its cleaned text (null for one that cannot be grouped, which only
   * counts), its language, what to call it (absent: its position) and when it was published.
   * Returns its story, or null when the text is too short to tell.
   */
  observe(text: string | null, record: StoryRecord = {}): StoryMatch | null {
    const seq = ++this.count;
    this.forgetBefore(seq - this.settings.windowRecords + 1);
    const counts = text === null ? null : termCounts(text, this.settings.minWords);
    if (!counts) return null;
    const language = primaryLanguage(record.lang ?? null);
    const vector = termVector(counts, this.documentsFor(language), this.settings);
    if (vector.terms.length === 0) return null;
    const day = dayOf(record.published ?? null);
    const best = this.bestStory(vector, language, day);
    const entry: Held = { seq, terms: vector.terms };
    let match: StoryMatch;
    if (best) {
      match = { story: this.held.get(best.seq)!.story!.key, similarity: Math.round(best.similarity * 1000) / 1000 };
    } else {
      const key = record.key ?? seq;
      entry.story = { key, lang: language, weights: vector.weights, names: vector.names, day };
      match = { story: key, similarity: null };
    }
    this.hold(entry);
    return match;
  }

  /** N and df for a language: its shipped table (else all languages') plus the stream's counts. */
  private documentsFor(language: string): DocumentCounts {
    const table = this.df.get(language) ?? this.df.get('*') ?? { docs: 0, counts: new Map<number, number>() };
    const stream = this.streamDf;
    return { docs: table.docs + this.held.size, df: (hash) => (table.counts.get(hash) ?? 0) + (stream.get(hash) ?? 0) };
  }

  /**
   * The held story of the record's language it belongs to: the highest cosine (ties go to the
   * earlier story) among those at `threshold` or more whose names and numbers carry
   * `namesThreshold` of it, published within `maxDaysApart` when both dates are known; null when
   * none. The stories looked at are those sharing a term with the record that fewer than
   * `storiesPerTerm` open stories use (a term of more is a common word of the stream, which finds
   * everything); each is then scored on all the terms the two share.
   */
  private bestStory(vector: TermVector, language: string, day: number | null): { seq: number; similarity: number } | null {
    const { threshold, namesThreshold, maxDaysApart, storiesPerTerm } = this.settings;
    const candidates = new Set<number>();
    for (const hash of vector.terms) {
      const found = this.postings.get(hash);
      if (found === undefined) continue;
      if (typeof found === 'number') candidates.add(found);
      else if (found.length < storiesPerTerm) for (const seq of found) candidates.add(seq);
    }
    if (candidates.size === 0) return null;
    const own = new Map<number, number>();
    vector.terms.forEach((hash, i) => own.set(hash, i));
    let best: { seq: number; similarity: number } | null = null;
    for (const seq of candidates) {
      const held = this.held.get(seq)!;
      const story = held.story!;
      if (story.lang !== language) continue;
      if (day !== null && story.day !== null && Math.abs(day - story.day) > maxDaysApart) continue;
      let similarity = 0;
      let names = 0;
      for (let j = 0; j < held.terms.length; j++) {
        const i = own.get(held.terms[j]!);
        if (i === undefined) continue;
        const dot = vector.weights[i]! * story.weights[j]!;
        similarity += dot;
        if (vector.names[i] && story.names[j]) names += dot;
      }
      if (similarity < threshold || names < namesThreshold) continue;
      if (!best || similarity > best.similarity || (similarity === best.similarity && seq < best.seq)) best = { seq, similarity };
    }
    return best;
  }

  private hold(entry: Held): void {
    this.held.set(entry.seq, entry);
    for (const hash of entry.terms) this.streamDf.set(hash, (this.streamDf.get(hash) ?? 0) + 1);
    if (entry.story) {
      for (const hash of entry.terms) {
        // most terms are in one story only: a number, not an array, saves about 40 bytes each
        const found = this.postings.get(hash);
        if (found === undefined) this.postings.set(hash, entry.seq);
        else if (typeof found === 'number') this.postings.set(hash, [found, entry.seq]);
        else {
          found.push(entry.seq);
          // a term of this many open stories is no longer looked up (see bestStory): its list need not grow
          if (found.length > this.settings.storiesPerTerm) found.shift();
        }
      }
    }
  }

  /** Forgets the held records before position `seq` (Maps iterate in insertion order, which is record order). */
  private forgetBefore(seq: number): void {
    for (const [s, entry] of this.held) {
      if (s >= seq) break;
      this.held.delete(s);
      for (const hash of entry.terms) {
        const n = this.streamDf.get(hash)! - 1;
        if (n === 0) this.streamDf.delete(hash);
        else this.streamDf.set(hash, n);
        if (!entry.story) continue;
        // the oldest story is first in every list it is still in (a long list may have let it go)
        const found = this.postings.get(hash);
        if (found === undefined) continue;
        if (typeof found === 'number') {
          if (found === s) this.postings.delete(hash);
        } else if (found[0] === s) {
          if (found.length === 2) this.postings.set(hash, found[1]!);
          else found.shift();
        }
      }
    }
  }

  /** The state as a JSON-ready object (see StoryState); `JSON.stringify(index)` saves it. */
  toJSON(): StoryState {
    const entries = [...this.held.values()].map((h) => {
      const e: StoryState['entries'][number] = { seq: h.seq, terms: encode(h.terms) };
      if (h.story) {
        const { key, lang, weights, names, day } = h.story;
        Object.assign(e, { key, lang, weights: encode(weights), names: encode(names), day });
      }
      return e;
    });
    return {
      format: STORY_STATE_FORMAT,
      version: STORY_STATE_VERSION,
      hash: HASH_NAME,
      termsPerRecord: this.settings.termsPerRecord,
      seen: this.count,
      entries,
    };
  }

  /** An index from a saved state's text; a corrupt or foreign file throws a StoryStateError naming the problem. */
  static parse(text: string, overrides?: SettingsOption['settings'], options?: StoryIndexOptions): StoryIndex {
    const value = parseStateText(text, (problem) => {
      throw new StoryStateError(problem);
    });
    return StoryIndex.fromJSON(value, overrides, options);
  }

  /** An index from a saved state (toJSON's object); `termsPerRecord` must be the one it was saved with. */
  static fromJSON(value: unknown, overrides?: SettingsOption['settings'], options?: StoryIndexOptions): StoryIndex {
    const index = new StoryIndex(overrides, options);
    const state = checkState(value, index.settings);
    index.count = state.seen;
    for (const e of state.entries) {
      const entry: Held = { seq: e.seq, terms: new Uint32Array(decode(e.terms)) };
      if (e.key !== undefined) {
        entry.story = { key: e.key, lang: e.lang!, weights: new Float32Array(decode(e.weights!)), names: new Uint8Array(decode(e.names!)), day: e.day! };
      }
      index.hold(entry);
    }
    index.forgetBefore(state.seen - index.settings.windowRecords + 1);
    return index;
  }
}

const DAY_MS = 86_400_000;

/** Days since 1970 (UTC) of an ISO 8601 date; null when absent or not a date. */
function dayOf(published: string | null): number | null {
  if (published === null) return null;
  const ms = Date.parse(published);
  return Number.isNaN(ms) ? null : Math.floor(ms / DAY_MS);
}

/** The primary subtag of a language tag, lower case; '' when unknown. */
function primaryLanguage(lang: string | null): string {
  return lang?.toLowerCase().split('-')[0] ?? '';
}

function encode(values: Uint32Array | Float32Array | Uint8Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** base64 to an aligned buffer of its bytes (read as 4-byte values, little-endian like every platform Node runs on). */
function decode(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

/** The state, checked field by field: the first problem found is thrown, naming the field. */
function checkState(value: unknown, settings: StorySettings): StoryState {
  const fail = (problem: string): never => {
    throw new StoryStateError(problem);
  };
  const state = checkHeader(value, { format: STORY_STATE_FORMAT, version: STORY_STATE_VERSION, hash: HASH_NAME, what: 'stories', hashed: 'terms' }, fail);
  if (state['termsPerRecord'] !== settings.termsPerRecord) {
    fail(`termsPerRecord: saved with ${show(state['termsPerRecord'])}, these settings have ${settings.termsPerRecord} (settings.stories.termsPerRecord)`);
  }
  const seen = state['seen'];
  if (typeof seen !== 'number' || !Number.isInteger(seen) || seen < 0) fail(`seen: expected a whole number, 0 or more, got ${show(seen)}`);
  const entries = state['entries'];
  if (!Array.isArray(entries)) fail(`entries: expected an array, got ${kindOf(entries)}`);
  let last = 0;
  (entries as unknown[]).forEach((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    const at = `entries[${i}]`;
    if (typeof e !== 'object' || e === null) fail(`${at}: expected an object, got ${kindOf(e)}`);
    const seq = e!['seq'];
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= last || seq > (seen as number)) {
      fail(`${at}.seq: expected a whole number above the one before (${last}) and at most seen (${seen as number}), got ${show(seq)}`);
    }
    last = seq as number;
    const terms = e!['terms'];
    const values = typeof terms === 'string' && BASE64.test(terms) ? Buffer.from(terms, 'base64').length / 4 : -1;
    if (!Number.isInteger(values) || values < 1 || values > settings.termsPerRecord) {
      fail(
        `${at}.terms: expected base64 of 1 to ${settings.termsPerRecord} uint32 values, got ${typeof terms === 'string' ? `${terms.length} characters` : kindOf(terms)}`,
      );
    }
    const key = e!['key'];
    if (key === undefined) return;
    if (typeof key !== 'string' && typeof key !== 'number') fail(`${at}.key: expected a string or a number, got ${kindOf(key)}`);
    if (typeof e!['lang'] !== 'string') fail(`${at}.lang: expected a language code ('' when unknown), got ${kindOf(e!['lang'])}`);
    const weights = e!['weights'];
    if (typeof weights !== 'string' || !BASE64.test(weights) || Buffer.from(weights, 'base64').length !== values * 4) {
      fail(
        `${at}.weights: expected base64 of ${values} float32 values, one a term, got ${typeof weights === 'string' ? `${weights.length} characters` : kindOf(weights)}`,
      );
    }
    const names = e!['names'];
    if (typeof names !== 'string' || !BASE64.test(names) || Buffer.from(names, 'base64').length !== values) {
      fail(`${at}.names: expected base64 of ${values} bytes, one a term, got ${typeof names === 'string' ? `${names.length} characters` : kindOf(names)}`);
    }
    const day = e!['day'];
    if (day !== null && !Number.isInteger(day)) fail(`${at}.day: expected a whole number of days since 1970, or null, got ${show(day)}`);
  });
  return state as unknown as StoryState;
}

// ---------------------------------------------------------------------------------------------
// The step

export interface StoriesOptions extends SettingsOption {
  /** The index to look records up in and add them to (save it with JSON.stringify); absent: a fresh one. */
  index?: StoryIndex;
}

/**
 * The pages that can be write-ups of an event: articles, and pages of unknown type (text, or HTML
 * the extractor could not place). A shop's product and category pages, documentation, listings
 * and forums share names and numbers with their neighbours (one product line, one API) without
 * reporting anything; on the WCXB dev pages they made a third of the false stories.
 */
export const STORY_PAGE_TYPES: ReadonlySet<string> = new Set(['article', 'unknown']);

/** Looks one cleaned record up in `index` and sets its `story`; failed, short and dropped-copy records get none. */
export function markStory(article: Article, index: StoryIndex): Article {
  const text = article.copy?.stub || !STORY_PAGE_TYPES.has(article.pageType ?? 'unknown') ? null : textOf(article);
  const match = index.observe(text, { lang: article.meta.lang, key: keyOf(article), published: article.meta.published });
  if (match) article.story = match;
  return article;
}

/**
 * Transform: cleaned records → the same records with `story` (and `storySimilarity` on a later
 * member): one record out for one in, in order.
 */
export function storiesTransform(options: StoriesOptions = {}): Transform {
  const index = options.index ?? new StoryIndex(options.settings);
  return new Transform({
    objectMode: true,
    transform(chunk: unknown, _encoding, done) {
      const a = chunk as Article | null;
      if (typeof a !== 'object' || a === null || !Array.isArray(a.blocks) || typeof a.fields !== 'object') {
        done(new TypeError(`stories: expected a decruft record (see createArticle), got ${typeof chunk}`));
        return;
      }
      done(null, markStory(a, index));
    },
  });
}
