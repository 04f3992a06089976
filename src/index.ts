/**
 * decruft: raw web scrapes (HTML or text) into clean article records.
 *
 * Every step is a function over one record (it updates the record and returns it) and a Transform
 * factory around it:
 *
 *   parseNdjson    / parseNdjsonTransform      NDJSON line → record
 *   extract        / extractTransform          raw page → blocks and metadata
 *   strip          / stripTransform            cruft blocks out, metadata lines into fields
 *   dedupe         / dedupeTransform           repeated blocks out
 *   stripAndDedupe / stripAndDedupeTransform   both, repeated until neither changes anything
 *   learnSites + forgetSiteBoilerplate / sitesTransform / sitesTwoPassTransform   (opt-in) a site's repeated blocks out
 *   serialize      / serializeTransform        record → output JSON line
 *   markCopy       / copiesTransform           later copies of a record marked (opt-in, across records)
 *   markStory      / storiesTransform          write-ups of one event put in one story (opt-in, across records)
 *
 * `clean()` composes them into one Duplex (NDJSON in, NDJSON out); `cleanRecord()` runs extract,
 * strip and dedupe on one record; `cleanTransform()` does the same as a Transform. Given `jobs`,
 * `clean` and `cleanTransform` clean on that many worker threads (see poolTransform), in order.
 * Every builder checks its options first (checkOptions): a bad one throws an OptionError.
 *
 * Importing decruft loads little: the HTML extractor and its parsers load with the first HTML
 * record, chrono's parser for a language with the first dateline in it, eld with the first text
 * whose language is not given. All of it loads synchronously, so every function here stays sync.
 */
export {
  BLOCK_KINDS,
  DOMS,
  EXTRACTORS,
  ARTICLE_KEYS,
  ERRORS,
  METADATA_KEYS,
  REASONS,
  REASON_IDS,
  createArticle,
  type Article,
  type Block,
  type BlockKind,
  type CopyMark,
  type StoryMark,
  type DomName,
  type ErrorCode,
  type Extractor,
  type ExtractorName,
  type Metadata,
  type OutputArticle,
  type OutputFailure,
  type OutputRecord,
  type ReasonId,
  type CustomReasonId,
  type RecordError,
  type Removal,
  type Source,
  type StepName,
} from './record.js';
export { parseNdjson, parseNdjsonTransform, fromObject, INPUT_DEFAULTS, type ParseOptions } from './io/ndjson.js';
export { extract } from './extract/index.js';
export { PAGE_TYPES, type PageType } from './extract/page.js';
export {
  readStructured,
  readDiscourse,
  discourseThread,
  isDiscourse,
  STRUCTURED_DEFAULTS,
  type Structured,
  type StructuredSettings,
  type DiscourseThread,
  type DiscourseSource,
  type LdItem,
} from './extract/structured.js';
export { strip, stripAndDedupe, type StripOptions } from './clean/strip.js';
export { FAVORS, type Favor } from './clean/span.js';
export { dedupe, type DedupeOptions } from './clean/dedupe.js';
export {
  siteOf,
  blockFrame,
  frameHash,
  learnSite,
  learnSites,
  forgetSiteBoilerplate,
  sitesTransform,
  sitesTwoPassTransform,
  type SitesTwoPassOptions,
  SiteMemory,
  SiteStateError,
  SITES_DEFAULTS,
  SITE_STATE_FORMAT,
  SITE_STATE_VERSION,
  type SiteMemoryOptions,
  type SiteStateFile,
  type SitesTransformOptions,
} from './across/sites.js';
export {
  serialize,
  serializeSettings,
  toOutput,
  ENTRY_SEPARATOR,
  OUTPUT_FORMATS,
  SERIALIZE_DEFAULTS,
  type OutputFormat,
  type SerializeOptions,
  type SerializeSettings,
} from './io/serialize.js';
export { decodeBytes, DECODE_DEFAULTS, type Decoded, type DecodeHints, type EncodingSource } from './io/decode.js';
export { checkRuleFile, rulesOf, RuleFileError, type RuleFile, type RuleFileOption } from './clean/custom.js';
export { BUILTIN_RULES } from './clean/rules/index.js';
export type { Rule, PhraseRule, PredicateRule, Phrases } from './clean/rule.js';
export {
  clean,
  cleanRecord,
  cleanTransform,
  dedupeTransform,
  extractTransform,
  serializeTransform,
  stripAndDedupeTransform,
  stripTransform,
  type CleanOptions,
  type CopyOptions,
  type ParallelOptions,
  type StoryOptions,
} from './transforms.js';
export { checkOptions, OptionError, OPTION_RULES, type CheckedOption, type OptionRule } from './options.js';
export { poolTransform, POOL_DEFAULTS, POOL_LIMITS, type PoolOptions } from './pool.js';
export { DEFAULTS as DEFAULT_SETTINGS, SETTING_AREAS, resolveSettings, type Settings, type SettingsOption, type SettingsOverrides } from './settings.js';
export type { RawLine } from './io/ndjson.js';
export { Tally, outcomeOf, tallyTransform, type Outcome } from './tally.js';
export {
  copiesTransform,
  markCopy,
  CopyIndex,
  CopyStateError,
  COPY_MODES,
  COPY_STATE_FORMAT,
  COPY_STATE_VERSION,
  type CopiesOptions,
  type CopyMatch,
  type CopyMode,
  type CopySettings,
  type CopyState,
  type RecordKey,
} from './across/copies.js';
export {
  storiesTransform,
  markStory,
  StoryIndex,
  StoryStateError,
  STORY_STATE_FORMAT,
  STORY_STATE_VERSION,
  STORY_PAGE_TYPES,
  type StoryRecord,
  type StoriesOptions,
  type StoryMatch,
  type StorySettings,
  type StoryState,
} from './across/stories.js';
export { StateError } from './across/state.js';
