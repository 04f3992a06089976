/**
 * Site memory (opt-in): blocks a site repeats on many of its pages are its template — menus,
 * footers, newsletter prompts, "12 comments" — whatever their wording, so no rule needs to know it.
 * It runs after dedupe, on cleaned records: learn which block frames each site's pages carry, then
 * move the blocks whose frame is on enough of its pages to `removed` with `site.repeated`.
 *
 * Two ways to run it, both deterministic (a record's output depends on the input alone):
 * - two passes: learnSites over every record, then forgetSiteBoilerplate on each; as a stream,
 *   sitesTwoPassTransform, which keeps the records on disk meanwhile;
 * - one pass (streams): sitesTransform, which decides each record once `holdRecords` more records
 *   have been read or the input ends; when that window covers the input, it equals two passes.
 *
 * The memory keeps counts, never texts: per site, the pages seen and, per frame hash, how many
 * pages carried it (see SiteMemory for its bounds), and it can be saved and loaded (toJSON/fromJSON).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Duplex, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { lazy } from '../lazy.js';
import { matchKey, MEMO_TEXT_MAX_CHARS } from '../clean/features.js';
import { LEXICON, wordsOf } from '../lexicon.js';
import { failArticle, removal, type Article, type Block, type Removal } from '../record.js';
import { parseStateText, StateError } from './state.js';
import { DEFAULTS, settings, settingsFor, withSettings, type Settings, type SettingsOption } from '../settings.js';

/** The default settings of this module: `sites` in the registry (../settings.ts), where each says why. */
export const SITES_DEFAULTS = DEFAULTS.sites;

/** Loaded with the first record that has a URL and no site name: importing decruft never loads it. */
const tldts = lazy<typeof import('tldts')>(import.meta.url, 'tldts');

const PATTERNS = {
  /** A number as matchKey leaves it ("1,234" and "12.5" become runs split by spaces), with ordinals. */
  number: /\b\d+(?:st|nd|rd|th|s|h|m|k)?(?: \d+(?:st|nd|rd|th|s|h|m|k)?)*\b/gu,
  /** A word, as the calendar names are looked up. */
  word: /[\p{L}\p{M}]+/gu,
  /** A frame of placeholders alone ("0", "0 m 0") says nothing about where it came from. */
  letter: /\p{L}/u,
  placeholderOnly: /^(?:[0mdn]|\s)*$/u,
  /**
   * A name: a capitalised word ("Jane", "O’Neill") where no sentence starts, in a text that has
   * words in lower case too (a frame to be filled: "Posted by Jane Doe"); a line of capitalised
   * words alone is a menu or a title, and keeps its words.
   */
  name: /(?<![.!?:|•·]\s*)(?<!^\s*)(?<![\p{L}\p{N}])\p{Lu}[\p{Ll}\p{M}'’-]*\p{Ll}(?![\p{L}\p{N}])/gu,
  lowerWord: /(?<![\p{L}\p{N}])\p{Ll}/u,
} as const;

/** Month names and weekday names (../lexicon.ts) to the placeholder a frame has for them. */
const CALENDAR: ReadonlyMap<string, string> = new Map([
  ...[...wordsOf(LEXICON.monthNames), ...wordsOf(LEXICON.monthsGenitive)].map((word): [string, string] => [word, 'm']),
  ...wordsOf(LEXICON.weekdayNames).map((word): [string, string] => [word, 'd']),
]);

/**
 * The site a record belongs to: its `site` (given in the input, or the site name the page declares),
 * else the registrable domain of its `url` (`news.example.co.uk/a` → `example.co.uk`), else null,
 * and a record without a site is never learned from nor changed. A name and a domain never meet:
 * names are kept as `name:` plus the name in lower case.
 */
export function siteOf(article: Article): string | null {
  const name = article.meta.site ?? article.fields['site'];
  if (typeof name === 'string' && name.trim() !== '') return `name:${name.trim().toLowerCase()}`;
  const url = article.fields['url'];
  if (typeof url !== 'string' || url === '') return null;
  return tldts().getDomain(url) ?? null;
}

/**
 * A block's frame: its match key with what changes from page to page in a fixed wording replaced by
 * placeholders: numbers (`12 comments`, `3 comments` → `0 comments`), names (`By Jane Doe`, `By
 * Tom Ashby` → `by n n`), month and weekday names (LEXICON.monthNames, monthsGenitive,
 * weekdayNames). Null for a frame that is placeholders alone: a bare number, date or name is not a
 * template.
 */
export function blockFrame(text: string): string | null {
  const named = PATTERNS.lowerWord.test(text) ? text.replace(PATTERNS.name, 'n') : text;
  const frame = matchKey(named)
    .replace(PATTERNS.number, '0')
    .replace(PATTERNS.word, (word) => CALENDAR.get(word) ?? word);
  if (!PATTERNS.letter.test(frame) || PATTERNS.placeholderOnly.test(frame)) return null;
  return frame;
}

/**
 * A 53-bit hash of a string (two 32-bit multiply-xor lanes): collisions among a site's
 * `maxFramesPerSite` frames are about one in 10^10, and the number is exact in JSON.
 */
export function frameHash(frame: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < frame.length; i++) {
    const c = frame.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The hash of a text's frame, null when it has none. A site's chrome comes back on every page, so
 * the hashes of short texts are remembered (a pure function's cache: no output changes), bounded
 * and emptied when full like matchKey's.
 */
function frameHashOf(text: string): number | null {
  let hash = FRAMES_SEEN.get(text);
  if (hash !== undefined) return hash;
  const frame = blockFrame(text);
  hash = frame === null ? null : frameHash(frame);
  if (text.length > MEMO_TEXT_MAX_CHARS) return hash;
  if (FRAMES_SEEN.size >= FRAMES_SEEN_MAX) FRAMES_SEEN.clear();
  FRAMES_SEEN.set(text, hash);
  return hash;
}
const FRAMES_SEEN = new Map<string, number | null>();
const FRAMES_SEEN_MAX = 8192;

/** The frame hashes a page carries, once each: its blocks and what earlier steps removed. */
function pageFrames(article: Article): Set<number> {
  const out = new Set<number>();
  const add = (text: string): void => {
    const hash = frameHashOf(text);
    if (hash !== null) out.add(hash);
  };
  for (const block of article.blocks) if (block.kind !== 'code') add(block.text);
  for (const entry of article.removed) if (entry.step !== 'sites') add(entry.text);
  return out;
}

/** What the memory knows of one site. */
interface SiteState {
  pages: number;
  /** Frame hash → pages that carried it. */
  frames: Map<number, number>;
}

/** The saved form's header; anything else is refused. */
export const SITE_STATE_FORMAT = 'decruft-sites';
export const SITE_STATE_VERSION = 1;

/** A site-state file that is not one, or is damaged, or is from a newer decruft. */
export class SiteStateError extends StateError {
  override name = 'SiteStateError';
  constructor(problem: string) {
    super('site state', problem);
  }
}

export interface SiteMemoryOptions {
  /** Frames counted per site (default: settings `sites.maxFramesPerSite`). */
  maxFramesPerSite?: number;
  /** Sites remembered, least recently seen forgotten first (default: settings `sites.maxSites`). */
  maxSites?: number;
}

/**
 * Per site, how many pages were seen and how many carried each frame. Bounded: at most `maxSites`
 * sites (least recently learned forgotten first) of at most `maxFramesPerSite` frames each. When a
 * site's frames are full, those on the fewest pages are forgotten (the articles' own text, seen
 * once), which can only undercount: a block is then kept, never removed for it.
 */
export class SiteMemory {
  readonly maxFramesPerSite: number;
  readonly maxSites: number;
  /** In least-recently-learned-first order (a Map keeps insertion order; learning re-inserts). */
  private readonly sites = new Map<string, SiteState>();

  constructor(options: SiteMemoryOptions = {}) {
    this.maxFramesPerSite = positiveWhole('maxFramesPerSite', options.maxFramesPerSite ?? settings().sites.maxFramesPerSite);
    this.maxSites = positiveWhole('maxSites', options.maxSites ?? settings().sites.maxSites);
  }

  /** Counts one page of `site` carrying `frames`. */
  learn(site: string, frames: Iterable<number>): void {
    let state = this.sites.get(site);
    if (state) this.sites.delete(site);
    else state = { pages: 0, frames: new Map() };
    this.sites.set(site, state);
    if (this.sites.size > this.maxSites) this.sites.delete(this.sites.keys().next().value!);
    state.pages++;
    for (const hash of frames) {
      state.frames.set(hash, (state.frames.get(hash) ?? 0) + 1);
      if (state.frames.size > this.maxFramesPerSite) prune(state.frames, this.maxFramesPerSite);
    }
  }

  /** Pages of `site` seen, and how many carried `hash` (0 and 0 for a site not remembered). */
  count(site: string, hash: number): { pages: number; seen: number } {
    const state = this.sites.get(site);
    return { pages: state?.frames.get(hash) ?? 0, seen: state?.pages ?? 0 };
  }

  /** Pages of `site` seen. */
  pagesOf(site: string): number {
    return this.sites.get(site)?.pages ?? 0;
  }

  /** How many sites are remembered. */
  get size(): number {
    return this.sites.size;
  }

  /**
   * The saved form: `{format: 'decruft-sites', version: 1, sites: [[site, pages, [[hash, count], …]], …]}`,
   * sites least recently learned first, so that loading it restores the LRU order too.
   */
  toJSON(): SiteStateFile {
    const sites: SiteStateFile['sites'] = [];
    for (const [site, state] of this.sites) sites.push([site, state.pages, [...state.frames]]);
    return { format: SITE_STATE_FORMAT, version: SITE_STATE_VERSION, maxFramesPerSite: this.maxFramesPerSite, maxSites: this.maxSites, sites };
  }

  /** A memory from a saved state's text; a corrupt or foreign file throws a SiteStateError naming the problem. */
  static parse(text: string, options: SiteMemoryOptions = {}): SiteMemory {
    const value = parseStateText(text, (problem) => {
      throw new SiteStateError(problem);
    });
    return SiteMemory.fromJSON(value, options);
  }

  /** A memory from its saved form (parsed JSON); throws SiteStateError saying what is wrong. */
  static fromJSON(value: unknown, options: SiteMemoryOptions = {}): SiteMemory {
    const file = value as Partial<SiteStateFile> | null;
    if (typeof file !== 'object' || file === null || Array.isArray(file) || file.format !== SITE_STATE_FORMAT) {
      throw new SiteStateError(`not a decruft site-state file (expected format "${SITE_STATE_FORMAT}")`);
    }
    if (typeof file.version !== 'number' || !Number.isInteger(file.version) || file.version < 1) {
      throw new SiteStateError(`corrupt: version must be a whole number, got ${JSON.stringify(file.version)}`);
    }
    if (file.version > SITE_STATE_VERSION) {
      throw new SiteStateError(`version ${file.version} is newer than this decruft reads (${SITE_STATE_VERSION}); upgrade decruft`);
    }
    if (!Array.isArray(file.sites)) throw new SiteStateError('corrupt: `sites` must be an array');
    for (const bound of ['maxFramesPerSite', 'maxSites'] as const) {
      const value = file[bound];
      if (value !== undefined && (!isCount(value) || value < 1)) {
        throw new SiteStateError(`corrupt: ${bound} must be a whole number, 1 or more, got ${JSON.stringify(value)}`);
      }
    }
    // the caller's bounds win over the file's: a state saved by a roomier run is cut down to them
    const memory = new SiteMemory({
      maxFramesPerSite: options.maxFramesPerSite ?? file.maxFramesPerSite,
      maxSites: options.maxSites ?? file.maxSites,
    });
    file.sites.forEach((entry, i) => {
      const where = `corrupt: sites[${i}]`;
      if (!Array.isArray(entry) || entry.length !== 3) throw new SiteStateError(`${where} must be [site, pages, frames]`);
      const [site, pages, frames] = entry as unknown[];
      if (typeof site !== 'string' || !isCount(pages) || !Array.isArray(frames)) {
        throw new SiteStateError(`${where} must be [site (string), pages (whole number), frames (array)]`);
      }
      const state: SiteState = { pages, frames: new Map() };
      frames.forEach((pair: unknown, j) => {
        const [hash, count] = Array.isArray(pair) ? (pair as unknown[]) : [];
        if (!Array.isArray(pair) || pair.length !== 2 || !isCount(hash) || !isCount(count) || count > pages) {
          throw new SiteStateError(`${where}.frames[${j}] must be [hash, count] with count at most the site's pages`);
        }
        state.frames.set(hash, count);
      });
      if (state.frames.size > memory.maxFramesPerSite) prune(state.frames, memory.maxFramesPerSite);
      memory.sites.delete(site);
      memory.sites.set(site, state);
      if (memory.sites.size > memory.maxSites) memory.sites.delete(memory.sites.keys().next().value!);
    });
    return memory;
  }
}

/** The saved form of a SiteMemory (its toJSON). */
export interface SiteStateFile {
  format: typeof SITE_STATE_FORMAT;
  version: number;
  maxFramesPerSite: number;
  maxSites: number;
  sites: Array<[site: string, pages: number, frames: Array<[hash: number, count: number]>]>;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function positiveWhole(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`SiteMemory: ${name} must be a whole number, 1 or more, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Forgets the frames on the fewest pages until `max` minus a tenth remain (so pruning is rare). */
function prune(frames: Map<number, number>, max: number): void {
  const target = max - Math.max(1, Math.floor(max / 10));
  for (let floor = 1; frames.size > target; floor++) {
    for (const [hash, count] of frames) if (count <= floor && frames.size > target) frames.delete(hash);
  }
}

/** Learns every record's frames into `memory` (a new one by default): the first of two passes. */
export function learnSites(articles: Iterable<Article>, memory: SiteMemory = new SiteMemory()): SiteMemory {
  for (const article of articles) learnSite(article, memory);
  return memory;
}

/** Learns one record (failed records and records without a site are skipped). */
export function learnSite(article: Article, memory: SiteMemory): void {
  if (article.error) return;
  const site = siteOf(article);
  if (site !== null) memory.learn(site, pageFrames(article));
}

/**
 * Moves a record's site chrome to `removed` with `site.repeated` (detail: pages that carried the
 * frame, of the site's pages seen). Protected, because a site repeats parts of its articles too:
 * - a block of `longProseWords` or more words standing before the page's last own block (a series'
 *   standing intro, a recurring explainer) unless it is on `nearlyAllShare` of the pages: an intro
 *   belongs to a series, which is part of a site, while a trailing disclaimer or author box is on
 *   the pages of every series and stands after the article;
 * - the rows of the page's own list: a frame the page fills with different texts (see listFrames);
 * - a heading between two own blocks (a recurring section heading inside the content: "What we
 *   know", "Background" introduce text of the page's own);
 * - when every prose block would go, the least repeated of them (the page is a copy of other pages,
 *   and its own text is what the site repeats least); when every block would go, all of them.
 */
export function forgetSiteBoilerplate(article: Article, memory: SiteMemory, options: SettingsOption = {}): Article {
  if (article.error || article.blocks.length === 0) return article;
  return withSettings(settingsFor(options.settings), () => forgetWith(article, memory));
}

function forgetWith(article: Article, memory: SiteMemory): Article {
  const site = siteOf(article);
  if (site === null) return article;
  const config = settings().sites;
  const seen = memory.pagesOf(site);
  if (seen < config.minPages) return article;
  const hashes = article.blocks.map(hashOf);
  const counts = hashes.map((hash) => (hash === null ? 0 : memory.count(site, hash).pages));
  const repeated = counts.map((pages) => pages >= config.minPages && pages / seen >= config.minShare);
  if (!repeated.includes(true)) return article;
  const words = article.blocks.map((block) => wordCount(block.text));
  const lastOwn = repeated.lastIndexOf(false);
  const listed = listFrames(article.blocks, hashes);
  const keep = repeated.map((isRepeated, i) => {
    if (!isRepeated || listed.has(hashes[i]!)) return true;
    const block = article.blocks[i]!;
    if (words[i]! >= config.longProseWords && i < lastOwn && counts[i]! / seen < config.nearlyAllShare) return true;
    return block.kind === 'heading' && repeated[i - 1] === false && repeated[i + 1] === false;
  });
  const prose = words.map((n) => n >= config.proseMinWords);
  if (!prose.some((isProse, i) => isProse && keep[i])) {
    // the page's own prose is what its site repeats least: keep the least repeated of it
    const least = counts.reduce((min, n, i) => (prose[i] && n < min ? n : min), Infinity);
    prose.forEach((isProse, i) => isProse && counts[i] === least && (keep[i] = true));
  }
  if (keep.every(Boolean) || !keep.includes(true)) return article; // all of it repeated: a copy, not chrome
  const removed: Removal[] = [];
  const kept: Block[] = [];
  article.blocks.forEach((block, i) => {
    if (keep[i]) kept.push(block);
    else removed.push(removal(block, 'site.repeated', 'sites', { pages: counts[i]!, seen }));
  });
  article.blocks = kept;
  for (const entry of removed) article.removed.push(entry);
  return article;
}

function hashOf(block: Block): number | null {
  return block.kind === 'code' ? null : frameHashOf(block.text);
}

/**
 * Frames the page itself fills more than once with different texts: the rows of its own list
 * ("4.5 out of 5 stars 120", "2.4 lbs", "compared to $240.00" on a shop's listing), which the
 * site's other listings share in frame only. Chrome says its one thing once ("12 comments").
 */
function listFrames(blocks: readonly Block[], hashes: ReadonlyArray<number | null>): Set<number> {
  const first = new Map<number, string>();
  const out = new Set<number>();
  hashes.forEach((hash, i) => {
    if (hash === null) return;
    const text = first.get(hash);
    if (text === undefined) first.set(hash, blocks[i]!.text);
    else if (text !== blocks[i]!.text) out.add(hash);
  });
  return out;
}

function wordCount(text: string): number {
  const key = matchKey(text);
  return key === '' ? 0 : key.split(' ').length;
}

export interface SitesTransformOptions extends SettingsOption, SiteMemoryOptions {
  /** The memory to learn into and decide with (a saved one, loaded); a new one by default. */
  memory?: SiteMemory;
  /** Records read past a record before it is decided (default: settings `sites.holdRecords`). */
  holdRecords?: number;
  /**
   * False: decide every record with `memory` as it is, learning nothing from the stream and holding
   * nothing: the second of two passes, whose first learned every record (a batch's shards all
   * decide with the one memory its plan learned). Default true.
   */
  learn?: boolean;
}

/**
 * Transform, the one-pass mode: learns every record as it arrives and decides each one once
 * `holdRecords` more records have been read, or at the end of the input; records leave in input
 * order. What a record's decision knows is thus fixed by the input (the records up to `holdRecords`
 * after it), never by chunking or timing. Memory: up to `holdRecords` records held, whatever their
 * sites (output order is input order), plus the SiteMemory's bounds.
 */
export function sitesTransform(options: SitesTransformOptions = {}): Transform {
  const resolved: Settings = settingsFor(options.settings);
  const learning = options.learn ?? true;
  // nothing more is learned: nothing later can change a decision, so none waits
  const hold = learning ? positiveWholeOrZero('holdRecords', options.holdRecords ?? resolved.sites.holdRecords) : 0;
  const { learn, decide } = siteStep(options, resolved);
  const held: Article[] = [];
  return new Transform({
    objectMode: true,
    transform(chunk: Article, _encoding, done) {
      const problem = notARecord(chunk);
      if (problem) {
        done(problem);
        return;
      }
      if (learning) learn(chunk);
      held.push(chunk);
      while (held.length > hold) this.push(decide(held.shift()!));
      done();
    },
    flush(done) {
      while (held.length > 0) this.push(decide(held.shift()!));
      done();
    },
  });
}

export interface SitesTwoPassOptions extends SettingsOption, SiteMemoryOptions {
  /** The memory to learn into and decide with (a saved one, loaded); a new one by default. */
  memory?: SiteMemory;
  /** Where the records wait between the passes: a new folder in this one, removed at the end (default: os.tmpdir()). */
  tmpDir?: string;
}

/**
 * Transform, the two-pass mode: learns every record of the input, then decides each one knowing
 * all of its site's pages, in input order; the same output as sitesTransform with a hold longer
 * than the input. The records wait in a file of JSON lines in a folder of its own under `tmpDir`
 * (about the size of the output; removed when the stream ends or is destroyed), so memory stays
 * the SiteMemory's bounds whatever the input's length. No record leaves before the input ends.
 */
export function sitesTwoPassTransform(options: SitesTwoPassOptions = {}): Duplex {
  const resolved: Settings = settingsFor(options.settings);
  const { learn, decide } = siteStep(options, resolved);
  const parent = options.tmpDir ?? tmpdir();
  return Duplex.from(async function* (source: AsyncIterable<Article>) {
    const dir = await mkdtemp(join(parent, 'decruft-sites-'));
    try {
      const path = join(dir, 'records.jsonl');
      const spill = createWriteStream(path);
      try {
        for await (const chunk of source) {
          const problem = notARecord(chunk);
          if (problem) throw problem;
          learn(chunk);
          if (!spill.write(JSON.stringify(chunk) + '\n')) await once(spill, 'drain');
        }
      } finally {
        spill.end();
        await finished(spill);
      }
      for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
        yield decide(JSON.parse(line) as Article);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** What both modes share: learning a record into the memory (a new one unless given), and deciding a record with it. */
function siteStep(options: SitesTransformOptions, resolved: Settings) {
  const memory = options.memory ?? withSettings(resolved, () => new SiteMemory({ maxFramesPerSite: options.maxFramesPerSite, maxSites: options.maxSites }));
  const learn = (article: Article): void => withSettings(resolved, () => learnSite(article, memory));
  const decide = (article: Article): Article => {
    if (article.error || article.blocks.length === 0) return article;
    try {
      return withSettings(resolved, () => forgetWith(article, memory));
    } catch (err) {
      return failArticle(article, 'internal', (err as Error)?.message ?? String(err));
    }
  };
  return { learn, decide };
}

/** A TypeError when `chunk` is not a record the step can read. */
function notARecord(chunk: unknown): TypeError | null {
  if (typeof chunk === 'object' && chunk !== null && Array.isArray((chunk as Article).blocks)) return null;
  return new TypeError(`sites: expected a decruft record (see createArticle), got ${typeof chunk}`);
}

function positiveWholeOrZero(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`sites: ${name} must be a whole number, 0 or more, got ${JSON.stringify(value)}`);
  }
  return value;
}
