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
 * one vector a story. It joins the best at or above `threshold` (ties: the earlier story), else
 * starts one. Every number is in the settings registry (`stories`).
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
import { casedTokensOf, fnv1a, keyOf, textOf, type RecordKey } from './text.js';

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

/** A record's kept terms, heaviest first, and their weights scaled to length 1. */
export interface TermVector {
  terms: Uint32Array;
  weights: Float32Array;
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

const CAPITAL = /^\p{Lu}/u;
const DIGIT = /\p{N}/u;

/** The terms of a text, by hash, counted; null when it has fewer than `minWords` words. */
export function termCounts(text: string, minWords: number): Map<number, TermCount> | null {
  const tokens = casedTokensOf(text);
  if (tokens.length < minWords || tokens.length === 0) return null;
  const counts = new Map<number, TermCount>();
  for (const token of tokens) {
    const hash = fnv1a(token.text.toLowerCase());
    let c = counts.get(hash);
    if (!c) counts.set(hash, (c = { tf: 0, inside: 0, capital: 0, digit: DIGIT.test(token.text) }));
    c.tf++;
    if (!token.sentenceStart) {
      c.inside++;
      if (CAPITAL.test(token.text)) c.capital++;
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
  const scored: Array<[number, number]> = [];
  for (const [hash, c] of counts) {
    const idf = Math.max(0, Math.log((documents.docs + 1) / (documents.df(hash) + 1)));
    let weight = (1 + Math.log(c.tf)) * idf;
    if (c.capital * 2 > c.inside) weight *= settings.entityBoost;
    if (c.digit) weight *= settings.numberBoost;
    if (weight > 0) scored.push([hash, weight]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = scored.slice(0, settings.termsPerRecord);
  const norm = Math.sqrt(kept.reduce((sum, [, w]) => sum + w * w, 0));
  return { terms: Uint32Array.from(kept, ([h]) => h), weights: Float32Array.from(kept, ([, w]) => w / norm) };
}

/** Cosine of two unit vectors (a dot product over the terms they share). */
export function cosine(a: TermVector, b: TermVector): number {
  const at = new Map<number, number>();
  a.terms.forEach((h, i) => at.set(h, a.weights[i]!));
  let dot = 0;
  b.terms.forEach((h, i) => (dot += (at.get(h) ?? 0) * b.weights[i]!));
  return dot;
}

/** Checks the `stories` settings the registry cannot check alone; throws a TypeError naming the setting. */
export function checkStorySettings(settings: StorySettings): void {
  const bad = (key: string, expected: string, got: number) => new TypeError(`settings.stories.${key}: expected ${expected}, got ${got}`);
  if (settings.threshold > 1) throw bad('threshold', 'a cosine from 0 to 1', settings.threshold);
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
  story?: { key: RecordKey; lang: string; weights: Float32Array };
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
   * `weights` (float32 LE, base64).
   */
  entries: Array<{ seq: number; terms: string; key?: RecordKey; lang?: string; weights?: string }>;
}

export const STORY_STATE_FORMAT = 'decruft-stories';
export const STORY_STATE_VERSION = 1;
const HASH_NAME = 'fnv1a32';

/** A state file that cannot be loaded: what is wrong with it. */
export class StoryStateError extends Error {
  override name = 'StoryStateError';
  constructor(readonly problem: string) {
    super(`stories state: ${problem}`);
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
   * counts), its language and what to call it (absent: its position). Returns its story, or null
   * when the text is too short to tell.
   */
  observe(text: string | null, lang: string | null = null, key?: RecordKey): StoryMatch | null {
    const seq = ++this.count;
    this.forgetBefore(seq - this.settings.windowRecords + 1);
    const counts = text === null ? null : termCounts(text, this.settings.minWords);
    if (!counts) return null;
    const language = primaryLanguage(lang);
    const vector = termVector(counts, this.documentsFor(language), this.settings);
    if (vector.terms.length === 0) return null;
    const best = this.bestStory(vector, language);
    const entry: Held = { seq, terms: vector.terms };
    let match: StoryMatch;
    if (best && best.similarity >= this.settings.threshold) {
      match = { story: this.held.get(best.seq)!.story!.key, similarity: Math.round(best.similarity * 1000) / 1000 };
    } else {
      entry.story = { key: key ?? seq, lang: language, weights: vector.weights };
      match = { story: key ?? seq, similarity: null };
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

  /** The held story with the highest cosine, summed term by term in the record's order; ties go to the earlier story. */
  private bestStory(vector: TermVector, language: string): { seq: number; similarity: number } | null {
    const dots = new Map<number, number>();
    vector.terms.forEach((hash, i) => {
      const found = this.postings.get(hash);
      if (found === undefined) return;
      const w = vector.weights[i]!;
      for (const seq of typeof found === 'number' ? [found] : found) {
        const story = this.held.get(seq)!;
        if (story.story!.lang !== language) continue;
        const j = story.terms.indexOf(hash);
        dots.set(seq, (dots.get(seq) ?? 0) + w * story.story!.weights[j]!);
      }
    });
    let best: { seq: number; similarity: number } | null = null;
    for (const [seq, similarity] of dots) {
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
        else found.push(entry.seq);
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
        // the oldest story is first in every list it is in
        const found = this.postings.get(hash)!;
        if (typeof found === 'number') this.postings.delete(hash);
        else if (found.length === 2) this.postings.set(hash, found[1]!);
        else found.shift();
      }
    }
  }

  /** The state as a JSON-ready object (see StoryState); `JSON.stringify(index)` saves it. */
  toJSON(): StoryState {
    const entries = [...this.held.values()].map((h) => {
      const e: StoryState['entries'][number] = { seq: h.seq, terms: encode(h.terms) };
      if (h.story) Object.assign(e, { key: h.story.key, lang: h.story.lang, weights: encode(h.story.weights) });
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
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new StoryStateError(`not valid JSON (${(err as Error).message}); is the file complete?`);
    }
    return StoryIndex.fromJSON(value, overrides, options);
  }

  /** An index from a saved state (toJSON's object); `termsPerRecord` must be the one it was saved with. */
  static fromJSON(value: unknown, overrides?: SettingsOption['settings'], options?: StoryIndexOptions): StoryIndex {
    const index = new StoryIndex(overrides, options);
    const state = checkState(value, index.settings);
    index.count = state.seen;
    for (const e of state.entries) {
      const entry: Held = { seq: e.seq, terms: new Uint32Array(decode(e.terms)) };
      if (e.key !== undefined) entry.story = { key: e.key, lang: e.lang!, weights: new Float32Array(decode(e.weights!)) };
      index.hold(entry);
    }
    index.forgetBefore(state.seen - index.settings.windowRecords + 1);
    return index;
  }
}

/** The primary subtag of a language tag, lower case; '' when unknown. */
function primaryLanguage(lang: string | null): string {
  return lang?.toLowerCase().split('-')[0] ?? '';
}

function encode(values: Uint32Array | Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** base64 to an aligned buffer of whole 4-byte values (the platforms Node runs on are little-endian). */
function decode(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The state, checked field by field: the first problem found is thrown, naming the field. */
function checkState(value: unknown, settings: StorySettings): StoryState {
  const fail = (problem: string): never => {
    throw new StoryStateError(problem);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`expected a JSON object, got ${kindOf(value)}`);
  const state = value as Record<string, unknown>;
  if (state['format'] !== STORY_STATE_FORMAT) fail(`format: expected "${STORY_STATE_FORMAT}", got ${show(state['format'])}; this is not a stories state file`);
  const version = state['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail(`version: expected a whole number, got ${show(version)}`);
  if ((version as number) > STORY_STATE_VERSION) {
    fail(`version ${version as number} is newer than this decruft reads (up to ${STORY_STATE_VERSION}); upgrade decruft to load it`);
  }
  if (state['hash'] !== HASH_NAME) fail(`hash: expected "${HASH_NAME}", got ${show(state['hash'])}; its terms cannot be compared`);
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
  });
  return state as unknown as StoryState;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : kindOf(value);
}

// ---------------------------------------------------------------------------------------------
// The step

export interface StoriesOptions extends SettingsOption {
  /** The index to look records up in and add them to (save it with JSON.stringify); absent: a fresh one. */
  index?: StoryIndex;
}

/** Looks one cleaned record up in `index` and sets its `story`; failed, short and dropped-copy records get none. */
export function markStory(article: Article, index: StoryIndex): Article {
  const text = article.copy?.stub ? null : textOf(article);
  const match = index.observe(text, article.meta.lang, keyOf(article));
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
