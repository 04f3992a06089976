/**
 * The one record type that flows through every decruft step: the article being cleaned.
 *
 * parseNdjson (or a file reader) creates it with `source` set; extract turns `source` into `blocks`
 * and metadata; strip and dedupe move blocks to `removed`, each with a reason; serialize writes it out.
 */

/** What a block of article text is. */
export type BlockKind = 'paragraph' | 'heading' | 'list-item' | 'quote' | 'caption' | 'code' | 'table';

export const BLOCK_KINDS: readonly BlockKind[] = ['paragraph', 'heading', 'list-item', 'quote', 'caption', 'code', 'table'];

/** One unit of article text: a paragraph, a heading, a list item… */
export interface Block {
  kind: BlockKind;
  /** Text with whitespace collapsed (inside code blocks and tables, line breaks are kept). */
  text: string;
  /** Position in the sequence extract produced, so removals can say where a block stood. */
  index: number;
  /** Characters of `text` that sat inside links (HTML input only). */
  linkChars?: number;
}

/**
 * Why a block left the article. Dotted ids: the part before the dot is the family, used for
 * grouping counts; `REASONS` gives the human text for each.
 */
export type ReasonId =
  | 'nav.skip-link'
  | 'nav.toc'
  | 'nav.language'
  | 'nav.breadcrumb'
  | 'nav.section'
  | 'nav.account'
  | 'nav.pagination'
  | 'nav.back-to-top'
  | 'nav.tags'
  | 'nav.footer'
  | 'social.telegram'
  | 'social.follow'
  | 'social.share'
  | 'widget.comments'
  | 'widget.media'
  | 'widget.counter'
  | 'widget.typo-report'
  | 'widget.tools'
  | 'cta.newsletter'
  | 'cta.subscribe'
  | 'cta.app'
  | 'cta.contact'
  | 'related.label'
  | 'related.read-also'
  | 'related.headline'
  | 'credit.editor'
  | 'credit.copyright'
  | 'credit.photo'
  | 'credit.author'
  | 'credit.disclaimer'
  | 'ad.label'
  | 'consent.cookies'
  | 'meta.title'
  | 'meta.date'
  | 'meta.byline'
  | 'layout.fragment'
  | 'layout.outside'
  | 'layout.model'
  | 'extract.model'
  | 'duplicate'
  | 'duplicate.near'
  | 'duplicate.truncated'
  | 'site.repeated';

/** Human text for every reason id: what kind of block it is and why it is not article text. */
export const REASONS: Readonly<Record<ReasonId, string>> = {
  'nav.skip-link': 'skip link for keyboard and screen-reader users',
  'nav.toc': 'table-of-contents label',
  'nav.language': 'language switcher',
  'nav.breadcrumb': 'breadcrumb trail',
  'nav.section': 'site section label',
  'nav.account': 'sign-in or account link',
  'nav.pagination': 'previous/next article navigation',
  'nav.back-to-top': 'back-to-top link',
  'nav.tags': 'tag or topic list',
  'nav.footer': 'site footer link (imprint, privacy, terms, about)',
  'social.telegram': 'call to join a messenger channel (Telegram, Viber, WhatsApp…)',
  'social.follow': 'call to follow the outlet on a social network',
  'social.share': 'share buttons or a call to share',
  'widget.comments': 'comment counter or comment-section label',
  'widget.media': 'video or audio player label',
  'widget.counter': 'view, like or reading-time counter',
  'widget.typo-report': 'typo-report hint (select text and press Ctrl+Enter)',
  'widget.tools': 'print, font-size, save, bookmark, rating or download tool',
  'cta.newsletter': 'newsletter sign-up',
  'cta.subscribe': 'subscription or paywall prompt',
  'cta.app': 'prompt to install the app',
  'cta.contact': 'contact prompt of the site',
  'related.label': 'label of a related, popular or more-stories list',
  'related.read-also': '"read also" link to another article',
  'related.headline': 'headline of another article inserted between paragraphs',
  'credit.editor': 'credit of the editor or CMS that built the page',
  'credit.copyright': 'copyright or reprint notice',
  'credit.photo': 'picture credit, or a caption carrying one',
  'credit.author': 'author bio or about-the-author box',
  'credit.disclaimer': 'disclaimer or editorial note about the article (opinion, liability, standards)',
  'ad.label': 'advertisement label',
  'consent.cookies': 'cookie or consent notice',
  'meta.title': 'the headline (or a truncated copy of it), lifted into `title`',
  'meta.date': 'dateline, lifted into `published`',
  'meta.byline': 'byline or reporter contact, lifted into `byline`',
  'layout.fragment': 'short non-sentence fragment outside the article body',
  'layout.outside': 'outside the main span of the article (page chrome, teasers, comment threads)',
  'layout.model': 'not article text, as the line model judged a text dump (detail: p, its probability of being content, below keepAbove)',
  'extract.model': 'not main content, as the block model judged it (detail: p, its probability of being content, below keepAbove)',
  duplicate: 'exact repeat of an earlier block',
  'duplicate.near': 'near-exact repeat of an earlier block',
  'duplicate.truncated': 'truncated copy of another block',
  'site.repeated': 'block repeated on many pages of the same site, in the same frame (detail: pages, how many pages carried it, of seen)',
};

export const REASON_IDS = Object.keys(REASONS) as ReasonId[];

/** The reason id of a rule a user wrote (`--rules FILE`); its `why` is its human text. */
export type CustomReasonId = `custom.${string}`;

/** The steps that can remove blocks. */
export type StepName = 'extract' | 'strip' | 'dedupe' | 'sites';

/** A block that left the article, who removed it and why. */
export interface Removal {
  reason: ReasonId | CustomReasonId;
  step: StepName;
  text: string;
  /** The block's position in the sequence extract produced. */
  index: number;
  /** The measured values or matched rule that decided it. */
  detail?: Record<string, string | number | boolean>;
}

/** Error codes of records that could not be cleaned. */
export type ErrorCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'no-content'
  | 'wrong-type'
  | 'too-large'
  | 'read-failed'
  | 'extract-failed'
  | 'timeout'
  | 'crashed'
  | 'unserializable'
  | 'internal';

export const ERRORS: Readonly<Record<ErrorCode, string>> = {
  'invalid-json': 'the line is not valid JSON',
  'not-an-object': 'the line is JSON but not an object',
  'no-content': 'the record has neither `html` nor `text`',
  'wrong-type': 'a field has the wrong type',
  'too-large': 'the line, file or WARC payload is larger than the size limit (--max-bytes); it was skipped without being read into memory',
  'read-failed': 'an input could not be read to its end (a truncated gzip or WARC file, a read error); the records before it are kept',
  'extract-failed': 'the page could not be parsed',
  timeout: 'cleaning the record took longer than the time limit (--timeout); its worker was stopped',
  crashed: 'the worker thread cleaning the record died (out of memory, or a crash)',
  unserializable: 'a field passed through from the input cannot be written back as JSON (nested too deep); the fields that can are kept',
  internal: 'a bug in decruft; please report it with the input',
};

export interface RecordError {
  code: ErrorCode;
  message: string;
  /** 1-based input line, for records read from NDJSON. */
  line?: number;
  /** Input file, for records read from a file argument. */
  file?: string;
}

/** Metadata fields; `null` where the page does not say. */
export interface Metadata {
  title: string | null;
  byline: string | null;
  /** ISO 8601: a date (2024-11-28), or a date and time with the offset when the page gives one. */
  published: string | null;
  site: string | null;
  /** ISO 639-1 code (BCP 47 tag when the page declares one). */
  lang: string | null;
  excerpt: string | null;
}

export const METADATA_KEYS: readonly (keyof Metadata)[] = ['title', 'byline', 'published', 'site', 'lang', 'excerpt'];

/** The DOMs Readability can run on (see extract/dom.ts); here so that choosing one loads neither. */
import type { PageType } from './extract/page.js';

export type DomName = 'linkedom' | 'jsdom';
export const DOMS: readonly DomName[] = ['linkedom', 'jsdom'];

/**
 * What the copies step (./across/copies.ts) does with a later copy of an earlier record: `mark` it
 * (`dupOf`, `similarity`), or `drop` it for a stub `{id, dupOf, similarity}`; here so that option
 * checks need not load it.
 */
export type CopyMode = 'mark' | 'drop';
export const COPY_MODES: readonly CopyMode[] = ['mark', 'drop'];

/**
 * The extractors a user can choose for HTML: `auto`, decruft's block model (Readability still
 * supplies the byline and date it finds), and `readability`, the one container Readability picks.
 */
export type ExtractorName = 'auto' | 'readability';
export const EXTRACTORS: readonly ExtractorName[] = ['auto', 'readability'];

/** Which rung of the extraction sieve produced the blocks. */
export type Extractor = 'structured' | 'blocks' | 'readability' | 'page' | 'text';

/** The raw page a record carries until extract has read it. */
export interface Source {
  format: 'html' | 'text';
  content: string;
}

export interface Article {
  /**
   * Input fields passed through to the output untouched, in input order: `id`, `url` and anything
   * else except `html`/`text` and the metadata keys (those seed `meta` instead).
   */
  fields: Record<string, unknown>;
  /** The raw page; extract consumes it and deletes it. */
  source?: Source;
  /** Where the record came from, for error reports. */
  origin: { line?: number; file?: string };
  meta: Metadata;
  blocks: Block[];
  removed: Removal[];
  extractedBy?: Extractor;
  /** What kind of page the HTML extractor took it for (see PAGE_TYPES); unset when it could not tell. */
  pageType?: PageType;
  /** The extractor's estimate of its own page F1 (0 to 1); unset where it has none (text, Readability). */
  confidence?: number;
  /** Set by the copies step (see ./across/copies.ts) on a later copy of an earlier record. */
  copy?: CopyMark;
  /** Set by the stories step (see ./across/stories.ts) on every record with enough text. */
  story?: StoryMark;
  error?: RecordError;
}

/** A record the copies step found to be a copy of an earlier one. */
export interface CopyMark {
  /** The first record of its group: its `id`, else its `url`, else its position in the stream (1-based). */
  dupOf: string | number;
  /** Estimated Jaccard similarity of the two texts' word shingles, rounded to 3 decimals. */
  similarity: number;
  /** `drop` mode: the record is written as the stub `{id, dupOf, similarity}`. */
  stub: boolean;
}

/** The story the stories step put a record in. */
export interface StoryMark {
  /** The first record of its story (its own key when it starts one): `id`, else `url`, else position (1-based). */
  story: string | number;
  /** Cosine of the two records' term vectors, rounded to 3 decimals; null for the first record. */
  similarity: number | null;
}

/** An empty metadata object (every field unknown). */
export function emptyMetadata(): Metadata {
  return { title: null, byline: null, published: null, site: null, lang: null, excerpt: null };
}

/** A fresh record for a raw page, as file readers and library users build them. */
export function createArticle(source: Source, fields: Record<string, unknown> = {}, origin: Article['origin'] = {}): Article {
  return { fields, source, origin, meta: emptyMetadata(), blocks: [], removed: [] };
}

/** Marks a record as failed; the steps after pass it on untouched. */
export function failArticle(article: Article, code: ErrorCode, message: string): Article {
  delete article.source;
  article.blocks = [];
  article.error = { code, message, ...article.origin };
  return article;
}

/** The `removed` entry for a block that leaves the article. */
export function removal(block: Block, reason: ReasonId | CustomReasonId, step: StepName, detail?: Removal['detail']): Removal {
  const entry: Removal = { reason, step, text: block.text, index: block.index };
  if (detail) entry.detail = detail;
  return entry;
}

// ---------------------------------------------------------------------------------------------
// The output line

/** A cleaned article as one jsonl output line holds it (the JSON Schema's `article`). */
export interface OutputArticle {
  title?: string | null;
  byline?: string | null;
  /** ISO 8601, no more precise than the page. */
  published?: string | null;
  site?: string | null;
  lang?: string | null;
  excerpt?: string | null;
  /** What kind of page it is (article, forum, product…), or null where decruft cannot tell. */
  pageType?: PageType | null;
  /** How well the extraction is likely to have done, 0 to 1 (its predicted word F1); null where unknown. */
  confidence?: number | null;
  /** With the copies step: the record this one is a copy of (its `id`, else `url`, else position). */
  dupOf?: string | number;
  /** With the copies step: estimated Jaccard similarity to `dupOf`'s text, 0 to 1. */
  similarity?: number;
  /** With the stories step: the first record of this one's story (its `id`, else `url`, else position). */
  story?: string | number;
  /** With the stories step, on a later member: cosine of its term vector with the story's first record's. */
  storySimilarity?: number;
  /** The kept blocks' text joined by blank lines. */
  text?: string;
  /** Left out by `blocks: false` (--no-blocks). */
  blocks?: Array<Pick<Block, 'kind' | 'text'>>;
  /** With `explain`: the rung of the extraction sieve that gave the blocks. */
  extractedBy?: Extractor | null;
  /** With `explain`: every block that left the article, in page order. */
  removed?: Removal[];
  error?: never;
  /** The input's own fields (`id`, `url`, …), passed through. */
  [field: string]: unknown;
}

/** A record that could not be cleaned, as one jsonl output line holds it (the Schema's `failure`). */
export interface OutputFailure {
  error: RecordError;
  /** The input's own fields, passed through. */
  [field: string]: unknown;
}

/**
 * One line of jsonl output, parsed: `JSON.parse(line) as OutputRecord`. Every article key is
 * optional because `fields` (--fields) keeps only the keys it names; test `'error' in record`.
 */
export type OutputRecord = OutputArticle | OutputFailure;

/** The keys decruft itself writes on a cleaned article, in output order. */
export const ARTICLE_KEYS = [
  ...METADATA_KEYS,
  'pageType',
  'confidence',
  'dupOf',
  'similarity',
  'story',
  'storySimilarity',
  'text',
  'blocks',
  'extractedBy',
  'removed',
] as const satisfies readonly (keyof OutputArticle)[];
