/**
 * The stream Transforms, one per step, and the default pipeline. Each step is a pure function over
 * a record (see ./extract, ./clean, ./io); the Transforms here only carry records through streams,
 * in order, one out for one in. A record a step cannot handle leaves with `error` set; the stream
 * fails only when something that is not a record is written into it.
 */
import { Transform, type Duplex } from 'node:stream';
import { dedupe, type DedupeOptions } from './clean/dedupe.js';
import { compiledRules, strip, stripAndDedupe, type StripOptions } from './clean/strip.js';
import { BUILTIN_RULES } from './clean/rules/index.js';
import { rulesOf, type RuleFileOption } from './clean/custom.js';
import type { Rule } from './clean/rule.js';
import { extract, type ExtractOptions } from './extract/index.js';
import { copiesTransform, CopyIndex } from './across/copies.js';
import { SiteMemory, sitesTransform, sitesTwoPassTransform } from './across/sites.js';
import { storiesTransform, StoryIndex } from './across/stories.js';
import { compose } from './io/compose.js';
import { ndjsonLinesTransform, parseNdjsonTransform, type ParseOptions } from './io/ndjson.js';
import { serializeSettings, serializeWith, type SerializeOptions } from './io/serialize.js';
import { checkOptions, OptionError } from './options.js';
import { poolTransform, type PoolOptions } from './pool.js';
import { failArticle, type Article, type CopyMode, type ErrorCode } from './record.js';
import { outcomeOf, type Outcome } from './tally.js';

export type CleanOptions = ExtractOptions &
  StripOptions &
  RuleFileOption &
  DedupeOptions &
  SerializeOptions &
  ParseOptions &
  ParallelOptions &
  SiteOptions &
  CopyOptions &
  StoryOptions;

/** Site memory in the default pipeline (see ./across/sites.ts); opt-in, off by default. */
export interface SiteOptions {
  /**
   * Learn each site's repeated blocks from the stream and take them out (`site.repeated`): the
   * one-pass mode, which decides each record once `siteHold` more records have been read. Runs on
   * the calling thread after the cleaning, so its decisions do not depend on `jobs`.
   */
  learnSites?: boolean;
  /** Records read past a record before it is decided (default: settings `sites.holdRecords`). */
  siteHold?: number;
  /**
   * 2: the two-pass mode instead, which learns the whole input first and then decides every record
   * knowing all of its site's pages; the records wait in a temporary file meanwhile (see
   * sitesTwoPassTransform), and none leaves before the input ends. Default 1.
   */
  sitePasses?: 1 | 2;
  /** With `learnSites`: the memory to go on from and to add to (save it after with JSON.stringify). */
  siteMemory?: SiteMemory;
  /**
   * With `siteMemory`: decide every record with it as it is, learning nothing from the stream: the
   * second of two passes, whose first learned every record into it (see sitesTransform's `learn`).
   */
  siteMemoryFixed?: boolean;
}

/** The copies step in the default pipeline (see ./across/copies.ts); opt-in, off by default. */
export interface CopyOptions {
  /**
   * Find later copies of earlier records (near-identical cleaned text) and `mark` them (`dupOf`,
   * `similarity`) or `drop` them for a stub `{id, dupOf, similarity}`. Runs on the calling thread
   * after the cleaning, so its decisions do not depend on `jobs`.
   */
  nearDupes?: CopyMode;
  /** With `nearDupes`: the index to go on from and to add to (save it after with JSON.stringify). */
  copyIndex?: CopyIndex;
}

/** The stories step in the default pipeline (see ./across/stories.ts); opt-in, off by default. */
export interface StoryOptions {
  /**
   * Put every cleaned record with enough text in a story, different write-ups of one event: `story`
   * is the first record of its story, `storySimilarity` how close a later one is to it. Runs on the
   * calling thread after the copies step, so its decisions do not depend on `jobs`.
   */
  stories?: boolean;
  /** With `stories`: the index to go on from and to add to (save it after with JSON.stringify). */
  storyIndex?: StoryIndex;
}

export interface ParallelOptions {
  /**
   * Clean on this many worker threads (see ./pool.ts); absent or 0: in this thread. Workers take
   * the cleaning off the thread that reads and writes, use every core, and enforce `timeout`.
   */
  jobs?: number;
  /** With `jobs`: most milliseconds one record may take before it fails with `timeout` (0: no limit). */
  timeout?: number;
  /** With `jobs`: megabytes of heap each worker may use; a record needing more fails with `crashed`. */
  memory?: number;
}

type Step = (article: Article) => Article;

/** Runs one step on one record: failed records pass untouched, a throwing step fails the record. */
function runStep(step: Step, article: Article, code: ErrorCode): Article {
  if (article.error) return article;
  try {
    return step(article);
  } catch (err) {
    return failArticle(article, code, (err as Error)?.message ?? String(err));
  }
}

/**
 * Cleans one record: extract, strip, dedupe; the function form of the default pipeline. A bad
 * option (malformed rules, an unknown favor) is the caller's bug and throws; a bad page becomes
 * an `error` record.
 */
export function cleanRecord(article: Article, options: CleanOptions = {}): Article {
  checkOptions(options);
  const stripping = stripSettings(options);
  const out = runStep((a) => extract(a, options), article, 'extract-failed');
  return runStep((a) => stripAndDedupe(a, stripping, options), out, 'internal');
}

function isArticle(chunk: unknown): chunk is Article {
  const a = chunk as Article | null;
  return typeof a === 'object' && a !== null && Array.isArray(a.blocks) && Array.isArray(a.removed) && typeof a.meta === 'object';
}

/**
 * An objectMode Transform applying `step` to every record. With `yieldAfter`, the event loop gets
 * a turn after records it says yes to, before the next record is taken.
 */
function stepTransform(name: string, step: Step, code: ErrorCode, yieldAfter?: (input: Article) => boolean): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: unknown, _encoding, done) {
      if (!isArticle(chunk)) {
        done(new TypeError(`${name}: expected a decruft record (see createArticle), got ${typeof chunk}`));
        return;
      }
      const pause = yieldAfter?.(chunk) ?? false;
      const out = runStep(step, chunk, code);
      if (pause) setImmediate(done, null, out);
      else done(null, out);
    },
  });
}

/**
 * Transform: records with a raw page → records with blocks and metadata. jsdom releases a closed
 * window's memory only when the event loop turns (measured: a synchronous loop over 60 pages grew
 * the heap by 75 MB a round, the same loop yielding between pages stayed flat), so on jsdom the
 * event loop gets a turn after every HTML page; linkedom's documents are plain garbage.
 */
export function extractTransform(options: ExtractOptions = {}): Transform {
  checkOptions({ dom: options.dom, extractor: options.extractor, settings: options.settings });
  const settings: ExtractOptions = { dom: options.dom, extractor: options.extractor };
  if (options.settings !== undefined) settings.settings = options.settings;
  return stepTransform(
    'extract',
    (a) => extract(a, settings),
    'extract-failed',
    (a) => a.source?.format === 'html' && settings.dom === 'jsdom',
  );
}

/** The rules to strip with: `rules`, else those of `ruleFile`, else the built-in ones. */
function rulesOption(options: StripOptions & RuleFileOption): readonly Rule[] {
  return options.rules ?? (options.ruleFile ? rulesOf(options.ruleFile) : BUILTIN_RULES);
}

/** strip's settings, checked once: a malformed rule or a bad favor is refused now, not on the first record. */
function stripSettings(options: StripOptions & RuleFileOption & DedupeOptions): StripOptions {
  checkOptions({ favor: options.favor, lineModel: options.lineModel, near: options.near, settings: options.settings });
  const rules = rulesOption(options);
  compiledRules(rules);
  return { rules, favor: options.favor, lineModel: options.lineModel, settings: options.settings };
}

/** Transform: removes cruft blocks and lifts metadata lines (see strip). */
export function stripTransform(options: StripOptions & RuleFileOption = {}): Transform {
  const settings = stripSettings(options);
  return stepTransform('strip', (a) => strip(a, settings), 'internal');
}

/** Transform: removes repeated blocks (see dedupe). */
export function dedupeTransform(options: DedupeOptions = {}): Transform {
  checkOptions({ near: options.near, settings: options.settings });
  return stepTransform('dedupe', (a) => dedupe(a, options), 'internal');
}

/**
 * Transform: strip and dedupe until neither changes anything (see stripAndDedupe): the cleaning
 * step of the default pipeline. Composing stripTransform and dedupeTransform runs one round of each.
 */
export function stripAndDedupeTransform(options: StripOptions & RuleFileOption & DedupeOptions = {}): Transform {
  const settings = stripSettings(options);
  return stepTransform('strip and dedupe', (a) => stripAndDedupe(a, settings, options), 'internal');
}

/**
 * Transform: records → output, one string ending in a newline per record: a JSON line, or a text or
 * Markdown entry (see serialize). Bad options are refused here, not on every record. `onOutcome`
 * is told what became of each record once it is written out (`tally.add.bind(tally)` counts them
 * as the CLI does): a record whose input fields cannot be written as JSON fails only here.
 */
export function serializeTransform(options: SerializeOptions = {}, onOutcome?: (outcome: Outcome) => void): Transform {
  checkOptions({ format: options.format, fields: options.fields, explain: options.explain, blocks: options.blocks });
  const settings = serializeSettings(options);
  return new Transform({
    writableObjectMode: true,
    transform(chunk: unknown, _encoding, done) {
      if (!isArticle(chunk)) {
        done(new TypeError(`serialize: expected a decruft record, got ${typeof chunk}`));
        return;
      }
      const text = serializeWith(chunk, settings) + '\n';
      onOutcome?.(outcomeOf(chunk));
      done(null, text);
    },
  });
}

/** Where the stages cleanStages builds start and end. */
export interface StageEnds {
  /**
   * `ndjson`: NDJSON bytes; `records`: records (createArticle, parseNdjson), and with `jobs` also raw
   * NDJSON lines (RawLine, what readRecords gives with `raw`), which are then parsed in the workers.
   */
  from: 'ndjson' | 'records';
  /** `json`: output lines, strings ending in a newline (see serialize); `records`: cleaned records. */
  to: 'json' | 'records';
  /** With `to: 'json'`: told what became of each record as it is handed on (the CLI's tally). */
  onOutcome?: (outcome: Outcome) => void;
}

/**
 * The stages of the default pipeline, for clean(), cleanTransform() and the CLI alike: parse (from
 * NDJSON), extract, strip and dedupe, serialize (to JSON lines); with `jobs`, everything but reading
 * and writing on that many worker threads (see poolTransform). Every option is checked before any
 * stage is built (checkOptions), so a bad one throws here rather than in a worker or on a record.
 */
export function cleanStages(options: CleanOptions, ends: StageEnds): Duplex[] {
  checkOptions(options);
  const across = acrossStages(options);
  if (options.jobs) {
    // the steps across documents see every record, in order: the pool hands them records, and serialize follows them here
    const inPool = ends.to === 'json' && across.length === 0;
    const pool: PoolOptions = { ...poolOptions(options), output: inPool ? 'json' : 'article' };
    if (inPool && ends.onOutcome) pool.onOutcome = ends.onOutcome;
    const stages: Duplex[] = ends.from === 'ndjson' ? [ndjsonLinesTransform(options), poolTransform(pool)] : [poolTransform(pool)];
    stages.push(...across);
    if (!inPool && ends.to === 'json') stages.push(serializeTransform(options, ends.onOutcome));
    return stages;
  }
  const stages: Duplex[] = [extractTransform(options), stripAndDedupeTransform(options)];
  if (ends.from === 'ndjson') stages.unshift(parseNdjsonTransform(options));
  stages.push(...across);
  if (ends.to === 'json') stages.push(serializeTransform(options, ends.onOutcome));
  return stages;
}

/**
 * The steps across documents the options ask for, in their order: site memory first (what is left
 * is the article), then copies of it, then stories (a dropped copy's stub joins none). Each sees
 * every record in input order, on the calling thread.
 */
function acrossStages(options: CleanOptions): Duplex[] {
  const stages: Duplex[] = [];
  const sites = sitesStage(options);
  if (sites) stages.push(sites);
  const copies = copiesStage(options);
  if (copies) stages.push(copies);
  const stories = storiesStage(options);
  if (stories) stages.push(stories);
  return stages;
}

/** The site-memory stage `learnSites` asks for, or null; a `siteMemory` that is not one is refused. */
function sitesStage(options: CleanOptions): Duplex | null {
  const { learnSites, siteMemory, siteHold, sitePasses, siteMemoryFixed } = options;
  if (siteMemory !== undefined && !(siteMemory instanceof SiteMemory)) throw new OptionError('siteMemory', 'a SiteMemory', siteMemory);
  if (!learnSites) {
    if (siteMemory !== undefined) throw new OptionError('siteMemory', 'learnSites: true alongside it', siteMemory);
    return null;
  }
  const sites: Parameters<typeof sitesTransform>[0] = {};
  if (options.settings !== undefined) sites.settings = options.settings;
  if (siteMemory !== undefined) sites.memory = siteMemory;
  if (siteMemoryFixed) {
    // deciding with a memory that learns nothing more: one pass is two, and none waits
    if (siteMemory === undefined) throw new OptionError('siteMemoryFixed', 'a siteMemory alongside it', siteMemoryFixed);
    return sitesTransform({ ...sites, learn: false });
  }
  if (sitePasses === 2) {
    if (siteHold !== undefined) throw new OptionError('siteHold', 'no siteHold with sitePasses: 2 (two passes wait for the whole input)', siteHold);
    return sitesTwoPassTransform(sites);
  }
  if (siteHold !== undefined) sites.holdRecords = siteHold;
  return sitesTransform(sites);
}

/** The copies stage `nearDupes` asks for, or null; a `copyIndex` that is not one is refused. */
function copiesStage(options: CleanOptions): Duplex | null {
  const { nearDupes, copyIndex } = options;
  if (copyIndex !== undefined && !(copyIndex instanceof CopyIndex)) throw new OptionError('copyIndex', 'a CopyIndex', copyIndex);
  if (nearDupes === undefined) {
    if (copyIndex !== undefined) throw new OptionError('copyIndex', 'nearDupes alongside it (mark or drop)', copyIndex);
    return null;
  }
  return copiesTransform(copyIndex ? { mode: nearDupes, index: copyIndex } : { mode: nearDupes, settings: options.settings });
}

/** The stories stage `stories` asks for, or null; a `storyIndex` that is not one is refused. */
function storiesStage(options: CleanOptions): Duplex | null {
  const { stories, storyIndex } = options;
  if (storyIndex !== undefined && !(storyIndex instanceof StoryIndex)) throw new OptionError('storyIndex', 'a StoryIndex', storyIndex);
  if (!stories) {
    if (storyIndex !== undefined) throw new OptionError('storyIndex', 'stories: true alongside it', storyIndex);
    return null;
  }
  return storiesTransform(storyIndex ? { index: storyIndex } : { settings: options.settings });
}

/**
 * Transform: records with a raw page → cleaned records (extract, strip, dedupe), in order. With
 * `jobs`, on that many worker threads.
 */
export function cleanTransform(options: CleanOptions = {}): Duplex {
  return composed(cleanStages(options, { from: 'records', to: 'records' }));
}

/**
 * The default pipeline as one Duplex: NDJSON bytes in, cleaned NDJSON out, one line for every
 * input line that is not blank, in order. `pipeline(input, clean(), output)`; `clean({ jobs: 4 })`
 * cleans on four worker threads (lines are parsed and serialized there too).
 */
export function clean(options: CleanOptions = {}): Duplex {
  return composed(cleanStages(options, { from: 'ndjson', to: 'json' }));
}

/** Stages as one Duplex; a single stage as itself. */
function composed(stages: Duplex[]): Duplex {
  return stages.length === 1 ? stages[0]! : compose(...stages);
}

/** The pool's options, from options already checked (see cleanStages). */
function poolOptions(options: CleanOptions): PoolOptions {
  // the steps across documents run on this thread: their options (and state) stay here
  const {
    jobs,
    timeout,
    memory,
    file: _file,
    maxBytes: _maxBytes,
    nearDupes: _nd,
    copyIndex: _ci,
    learnSites: _ls,
    siteHold: _sh,
    sitePasses: _sp,
    siteMemory: _sm,
    siteMemoryFixed: _smf,
    stories: _st,
    storyIndex: _si,
    ...clean
  } = options;
  const pool: PoolOptions = { jobs, clean };
  if (timeout !== undefined) pool.timeout = timeout;
  if (memory !== undefined) pool.memory = memory;
  return pool;
}
