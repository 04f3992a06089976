/**
 * What a page declares about itself in structured form, read from htmlparser2's DOM:
 * - JSON-LD (`<script type="application/ld+json">`): the page's items, their types, metadata
 *   candidates (headline, author, date, site, description, language) and the article text some
 *   pages put in `articleBody` / `text` (forums: the posting, its comments and answers);
 * - microdata: the elements marked `itemprop="articleBody"` and the like, as evidence of where the
 *   body is, and the `itemtype`s seen;
 * - `og:type`;
 * - Discourse forums, which ship their thread where no walker looks: inside `<noscript>` (the
 *   "crawler view") or only as JSON in a `data-preloaded` attribute. `discourseThread` rebuilds
 *   the thread as plain HTML the caller can walk as the page body.
 *
 * Everything here reads untrusted pages: every loop is bounded by a named setting (STRUCTURED_DEFAULTS),
 * every walk is iterative, and every JSON.parse sits in a try.
 */
import { isTag, isText, hasChildren, type AnyNode, type Document, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { normalizeDate } from '../clean/dates.js';
import { squeeze } from '../clean/features.js';
import { PARSED } from './blocks.js';
import { walkBlocks } from './walk.js';
import { DEFAULTS, settings as currentSettings } from '../settings.js';

/** The default settings of this module: `structured` in the registry (../settings.ts), where each says why. */
export const STRUCTURED_DEFAULTS = DEFAULTS.structured;

/** The settings, each overridable per call. */
export type StructuredSettings = {
  -readonly [K in keyof Defaults]: Defaults[K] extends boolean ? boolean : number;
};
type Defaults = typeof STRUCTURED_DEFAULTS;

/** One JSON-LD object, as parsed. */
export type LdItem = Readonly<Record<string, unknown>>;

/** What a page declares in structured form. Fields are null when the page does not say. */
export interface Structured {
  /** JSON-LD items, flattened out of arrays, `@graph` and `mainEntity`, in page order. */
  items: LdItem[];
  /** Lower-cased `@type`s of all items, without repeats ('newsarticle', 'breadcrumblist'…). */
  types: string[];
  /** `<meta property="og:type">`, lower-cased. */
  ogType: string | null;
  /** The item the page is about (see `pickMain`), or null. */
  main: LdItem | null;
  headline: string | null;
  /** Author names, joined with ', '. */
  author: string | null;
  /** `datePublished` (else `dateCreated`) in ISO 8601. */
  published: string | null;
  /** The publisher's name (else the WebSite item's). */
  site: string | null;
  description: string | null;
  inLanguage: string | null;
  /** The main item's text, paragraphs separated by blank lines; forums: posting, then replies. */
  body: string | null;
  /** A Product item's description, as text. */
  productDescription: string | null;
  /** Elements marked `itemprop="articleBody" | "text" | "reviewBody" | "description"`, in page order. */
  itempropBodies: Element[];
  /** Microdata `itemtype`s, as the lower-cased last segment of the URL ('article', 'product'). */
  itemtypes: string[];
  /** JSON-LD scripts skipped: unparseable, or past `maxJsonChars`. */
  skipped: number;
}

/** Which source a rebuilt Discourse thread came from. */
export type DiscourseSource = 'crawler' | 'preloaded' | 'description';

/** A Discourse thread rebuilt as HTML. */
export interface DiscourseThread {
  /** One `<article>` per post: the author, the date, then the post's HTML. */
  html: string;
  posts: number;
  /**
   * 'crawler': the server-rendered thread in `<noscript>`; 'preloaded': the `data-preloaded` JSON;
   * 'description': neither holds a post, only the page description (an excerpt of the first post).
   */
  from: DiscourseSource;
}

const REGEXPS = {
  jsonLd: /ld\+json/iu,
  /** Wrappers pages put before JSON-LD: an HTML comment, CDATA. */
  jsonLdLead: /^\s*(?:<!--|(?:\/\/\s*)?<!\[CDATA\[)/u,
  controlChars: /[\u0000-\u001f]/gu,
  // `[^<>]*`, not `[^>]*`: each scan stops at the next `<`, so a page of unclosed tags stays linear
  looksLikeHtml: /<\/?[a-z][^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/iu,
  discourseGenerator: /^\s*discourse\b/iu,
  preloadedTopic: /^topic_\d+$/u,
  typePrefix: /^.*[/:#]/u,
  whitespace: /\s+/gu,
} as const;

/** `@type`s of the items a page can be about, by kind; a higher kind wins a tie on body length. */
const MAIN_KINDS: ReadonlyMap<string, number> = new Map([
  ...[
    'article',
    'newsarticle',
    'blogposting',
    'reportagearticle',
    'analysisnewsarticle',
    'opinionnewsarticle',
    'reviewnewsarticle',
    'backgroundnewsarticle',
    'scholarlyarticle',
    'medicalscholarlyarticle',
    'techarticle',
    'satiricalarticle',
    'advertisercontentarticle',
    'liveblogposting',
    'report',
    'review',
    'recipe',
    'howto',
  ].map((t) => [t, 4] as const),
  ...['discussionforumposting', 'socialmediaposting', 'qapage', 'question'].map((t) => [t, 3] as const),
  ...['product', 'productgroup', 'individualproduct', 'productmodel'].map((t) => [t, 2] as const),
  ...[
    'webpage',
    'itempage',
    'aboutpage',
    'collectionpage',
    'profilepage',
    'medicalwebpage',
    'faqpage',
    'contactpage',
    'searchresultspage',
    'realestatelisting',
  ].map((t) => [t, 1] as const),
]);
const WEBPAGE_KIND = 1;
const PRODUCT_KIND = 2;
/** Items whose replies (comments, answers) are part of their body. */
const THREADS = new Set(['discussionforumposting', 'socialmediaposting', 'qapage', 'question']);
const ORGANIZATIONS = new Set(['organization', 'newsmediaorganization', 'corporation', 'localbusiness', 'brand']);
/** Where a JSON-LD item nests the item the page is about. */
const NESTED_MAIN = ['mainEntity', 'mainEntityOfPage'] as const;
const BODY_PROPS = ['articleBody', 'text', 'reviewBody'] as const;
const REPLY_PROPS = ['comment', 'acceptedAnswer', 'suggestedAnswer'] as const;
const MICRODATA_BODIES = new Set(['articlebody', 'text', 'reviewbody', 'description']);
/** Elements that carry an `itemprop` in an attribute, not as text: never a body. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Never text, in HTML inside JSON-LD or in a rebuilt thread. */
const NOT_TEXT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'svg', 'math', 'button', 'form']);
/** Attributes a rebuilt thread keeps: what the walker and the rules read. */
const KEPT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'datetime', 'class', 'hidden', 'aria-hidden', 'role', 'lang', 'dir', 'colspan', 'rowspan']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Discourse post types worth reading: 1 regular, 2 moderator (3 is "closed the topic", 4 a whisper). */
const READ_POST_TYPES = new Set([1, 2]);

/** Reads everything structured a page declares. */
export function readStructured(document: Document, options: Partial<StructuredSettings> = {}): Structured {
  const settings = settingsOf(options);
  const scan = scanOf(document);
  const { items, skipped } = readJsonLd(scan.jsonLd, settings);
  const ids = idsOf(items);
  const main = pickMain(items);
  const related = [main, ...items.filter((i) => i !== main && kindOf(i) === WEBPAGE_KIND)].filter(isItem);
  const first = <T>(read: (item: LdItem) => T | null): T | null => {
    for (const item of related) {
      const value = read(item);
      if (value) return value;
    }
    return null;
  };
  const siteOf = (item: LdItem) => nameOf(resolve(item['publisher'], ids));
  const site = first(siteOf) ?? items.map(siteOf).find(Boolean) ?? websiteName(items);
  const product = items.find((i) => kindOf(i) === PRODUCT_KIND);
  return {
    items,
    types: [...new Set(items.flatMap(typesOf))],
    ogType: scan.ogType,
    main,
    headline: main ? (plain(main['headline']) ?? plain(main['name'])) : null,
    author: first((item) => authorsOf(item['author'], ids, site)),
    published: first((item) => dateOf(item['datePublished']) ?? dateOf(item['dateCreated'])),
    site,
    description: main ? plain(main['description']) : null,
    inLanguage: first((item) => languageOf(item['inLanguage'])),
    body: main ? bodyOf(main, ids, settings) : null,
    productDescription: product ? textOf(product['description']) : null,
    itempropBodies: scan.itempropBodies,
    itemtypes: [...scan.itemtypes],
    skipped,
  };
}

/** Whether the page is a Discourse forum: its generator tag, or the markup only Discourse writes. */
export function isDiscourse(document: Document): boolean {
  const scan = scanOf(document);
  return scan.discourse || scan.preloaded !== null || scan.crawlerPosts.length > 0;
}

/**
 * A Discourse thread rebuilt as an HTML fragment (an `<article>` per post: author, date, then the
 * post's HTML), for the caller to parse and walk as the page body; null when the page is not
 * Discourse or holds no post. See `readDiscourse` for which source it came from.
 */
export function discourseThread(document: Document, options: Partial<StructuredSettings> = {}): string | null {
  return readDiscourse(document, options)?.html ?? null;
}

/**
 * A Discourse thread rebuilt from the first source that holds posts: the crawler view in
 * `<noscript>` (what the server shows without JavaScript), else the `data-preloaded` JSON, else the
 * page description (an excerpt of the first post: all a JavaScript-only shell page has).
 */
export function readDiscourse(document: Document, options: Partial<StructuredSettings> = {}): DiscourseThread | null {
  if (!isDiscourse(document)) return null;
  const settings = settingsOf(options);
  const scan = scanOf(document);
  const rungs: Array<[DiscourseSource, () => Post[]]> = [
    ['crawler', () => crawlerPosts(scan.crawlerPosts, settings)],
    ['preloaded', () => preloadedPosts(scan.preloaded, settings)],
    ['description', () => descriptionPost(scan.description)],
  ];
  for (const [from, read] of rungs) {
    const posts = read();
    if (posts.length === 0) continue;
    const html = threadHtml(posts, settings);
    if (html) return { html: html.text, posts: html.posts, from };
  }
  return null;
}

function settingsOf(options: Partial<StructuredSettings>): StructuredSettings {
  const settings = { ...currentSettings().structured } as StructuredSettings;
  for (const key of Object.keys(STRUCTURED_DEFAULTS) as Array<keyof StructuredSettings>) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== typeof STRUCTURED_DEFAULTS[key] || (typeof value === 'number' && !(value >= 0))) {
      const expected = typeof STRUCTURED_DEFAULTS[key];
      throw new TypeError(`structured setting ${key}: expected ${expected}, got ${String(value)}`);
    }
    (settings as Record<string, unknown>)[key] = value;
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// One walk of the page collects what every reader here needs.

interface Scan {
  jsonLd: string[];
  ogType: string | null;
  description: string | null;
  discourse: boolean;
  preloaded: string | null;
  crawlerPosts: Element[];
  itempropBodies: Element[];
  itemtypes: Set<string>;
}

/** Scans are kept per document, so readStructured and discourseThread walk a page once between them. */
const SCANS = new WeakMap<Document, Scan>();

function scanOf(document: Document): Scan {
  let scan = SCANS.get(document);
  if (!scan) SCANS.set(document, (scan = scanPage(document)));
  return scan;
}

function scanPage(document: Document): Scan {
  const scan: Scan = {
    jsonLd: [],
    ogType: null,
    description: null,
    discourse: false,
    preloaded: null,
    crawlerPosts: [],
    itempropBodies: [],
    itemtypes: new Set(),
  };
  let ogDescription: string | null = null;
  let metaDescription: string | null = null;
  const stack: AnyNode[] = [document];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) {
      if (hasChildren(node)) pushChildren(stack, node.children);
      continue;
    }
    const a = node.attribs;
    if (node.name === 'script') {
      if (REGEXPS.jsonLd.test(a['type'] ?? '')) scan.jsonLd.push(ownText(node));
      continue;
    }
    if (node.name === 'meta') {
      const key = (a['property'] ?? a['name'])?.toLowerCase();
      const content = a['content'];
      if (key === 'og:type' && content && scan.ogType === null) scan.ogType = content.trim().toLowerCase();
      if (key === 'generator' && content && REGEXPS.discourseGenerator.test(content)) scan.discourse = true;
      if (key === 'og:description' && content && ogDescription === null) ogDescription = content;
      if (key === 'description' && content && metaDescription === null) metaDescription = content;
    }
    const preloaded = a['data-preloaded'];
    if (preloaded && scan.preloaded === null) scan.preloaded = preloaded;
    if (a['itemtype']) {
      for (const url of a['itemtype'].split(REGEXPS.whitespace)) {
        const type = typeName(url);
        if (type) scan.itemtypes.add(type);
      }
    }
    if (a['itemprop'] && !VOID.has(node.name) && hasToken(a['itemprop'].toLowerCase(), MICRODATA_BODIES)) {
      scan.itempropBodies.push(node);
    }
    if (a['class'] && isCrawlerPost(node)) {
      scan.crawlerPosts.push(node);
      continue; // posts do not nest; their own itemprop bodies are read as posts
    }
    pushChildren(stack, node.children);
  }
  scan.description = ogDescription ?? metaDescription;
  return scan;
}

function pushChildren(stack: AnyNode[], children: readonly AnyNode[]): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
}

function hasToken(list: string, tokens: ReadonlySet<string>): boolean {
  return list.split(REGEXPS.whitespace).some((t) => tokens.has(t));
}

function hasClass(node: Element, name: string): boolean {
  const list = node.attribs['class'];
  return list !== undefined && list.split(REGEXPS.whitespace).includes(name);
}

/** A post of a Discourse crawler view; its "next page" link wears the same class, with a role. */
function isCrawlerPost(node: Element): boolean {
  return hasClass(node, 'crawler-post') && node.attribs['role'] !== 'navigation';
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

function readJsonLd(scripts: readonly string[], settings: StructuredSettings): { items: LdItem[]; skipped: number } {
  const items: LdItem[] = [];
  const seen = new Set<object>();
  let budget = settings.maxJsonChars;
  let skipped = 0;
  for (const script of scripts) {
    if (script.length > budget || items.length >= settings.maxItems) {
      skipped++;
      continue;
    }
    budget -= script.length;
    const value = parseJson(script);
    if (value === undefined) skipped++;
    else collectItems(value, items, seen, settings);
  }
  return { items, skipped };
}

/** JSON-LD as pages write it: wrapped in comments or CDATA, and with raw line breaks inside strings. */
function parseJson(script: string): unknown {
  const text = withoutTail(script.replace(REGEXPS.jsonLdLead, ''));
  try {
    return JSON.parse(text);
  } catch {
    try {
      // control characters are only whitespace outside strings, and invalid inside them
      return JSON.parse(text.replace(REGEXPS.controlChars, ' '));
    } catch {
      return undefined;
    }
  }
}

/**
 * Wrappers pages put after JSON-LD (`-->`, `]]>`, `//]]>`, `;`), cut in a loop: a regex anchored at
 * the end would rescan a long run of spaces from every position.
 */
function withoutTail(script: string): string {
  let text = script.trimEnd();
  for (;;) {
    const tail = JSON_LD_TAILS.find((t) => text.endsWith(t));
    if (!tail) return text;
    text = text.slice(0, -tail.length).trimEnd();
  }
}
const JSON_LD_TAILS = ['-->', '//]]>', ']]>', ';'];

/** Items out of arrays, `@graph` and the nested `mainEntity`, depth first, bounded. */
function collectItems(root: unknown, items: LdItem[], seen: Set<object>, settings: StructuredSettings): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length && items.length < settings.maxItems) {
    const [value, depth] = stack.pop()!;
    if (depth > settings.maxDepth || typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], depth + 1]);
      continue;
    }
    const item = value as LdItem;
    if (item['@type'] !== undefined) items.push(item);
    const nested: unknown[] = [item['@graph'], ...NESTED_MAIN.map((key) => item[key])];
    for (let i = nested.length - 1; i >= 0; i--) if (nested[i] !== undefined) stack.push([nested[i], depth + 1]);
  }
}

function isItem(value: unknown): value is LdItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(item: LdItem): string[] {
  const type = item['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list
    .filter((t): t is string => typeof t === 'string')
    .map(typeName)
    .filter((t) => t !== '');
}

/** 'NewsArticle', 'schema:NewsArticle' and 'https://schema.org/NewsArticle' alike: 'newsarticle'. */
function typeName(type: string): string {
  let name = type.trim();
  while (name.endsWith('/')) name = name.slice(0, -1);
  return name.replace(REGEXPS.typePrefix, '').toLowerCase();
}

function kindOf(item: LdItem): number {
  return Math.max(0, ...typesOf(item).map((t) => MAIN_KINDS.get(t) ?? 0));
}

/**
 * The item the page is about: of the items of a main kind, the one with the longest own body; on a
 * tie (no body, mostly) the highest kind (article > posting > product > web page), then the first.
 */
function pickMain(items: readonly LdItem[]): LdItem | null {
  let best: { item: LdItem; length: number; kind: number } | null = null;
  for (const item of items) {
    const kind = kindOf(item);
    if (kind === 0) continue;
    const length = Math.max(0, ...BODY_PROPS.map((p) => stringOf(item[p])?.length ?? 0));
    if (!best || length > best.length || (length === best.length && kind > best.kind)) best = { item, length, kind };
  }
  return best?.item ?? null;
}

/** Items by `@id`, so that `{"@id": "#author"}` references (Yoast's @graph) can be followed. */
function idsOf(items: readonly LdItem[]): Map<string, LdItem> {
  const ids = new Map<string, LdItem>();
  for (const item of items) {
    const id = item['@id'];
    if (typeof id === 'string' && !ids.has(id)) ids.set(id, item);
  }
  return ids;
}

/** A bare reference (only `@id`, perhaps `@type`) replaced by the item it names. */
function resolve(value: unknown, ids: ReadonlyMap<string, LdItem>): unknown {
  if (!isItem(value) || typeof value['@id'] !== 'string') return value;
  const bare = Object.keys(value).every((k) => k === '@id' || k === '@type');
  return bare ? (ids.get(value['@id']) ?? value) : value;
}

function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return plain(value);
  if (!isItem(value)) return null;
  const name = plain(value['name']);
  if (name) return name;
  const given = plain(value['givenName']);
  const family = plain(value['familyName']);
  return given || family ? [given, family].filter(Boolean).join(' ') : null;
}

/** Author names; an organisation credited as author under the publisher's own name is no byline. */
function authorsOf(value: unknown, ids: ReadonlyMap<string, LdItem>, site: string | null): string | null {
  const names: string[] = [];
  for (const entry of Array.isArray(value) ? value : [value]) {
    const author = resolve(entry, ids);
    const name = nameOf(author);
    if (!name || names.includes(name)) continue;
    const organization = isItem(author) && typesOf(author).some((t) => ORGANIZATIONS.has(t));
    if (organization && site !== null && name.toLowerCase() === site.toLowerCase()) continue;
    names.push(name);
  }
  return names.length ? names.join(', ') : null;
}

function websiteName(items: readonly LdItem[]): string | null {
  const site = items.find((i) => typesOf(i).includes('website'));
  return site ? plain(site['name']) : null;
}

/**
 * A date through normalizeDate, unquoted first: some pages write `"\"2025-12-17T13:22:47Z\""`, which
 * misses the ISO fast path and costs a full date parse (50 ms on a dev page).
 */
function dateOf(value: unknown): string | null {
  const text = stringOf(value)?.trim();
  const unquoted = text && text.length > 1 && text[0] === '"' && text.endsWith('"') ? text.slice(1, -1) : text;
  return unquoted ? normalizeDate(unquoted) : null;
}

function languageOf(value: unknown): string | null {
  if (typeof value === 'string') return plain(value);
  if (isItem(value)) return plain(value['alternateName']) ?? plain(value['name']);
  return null;
}

/**
 * The main item's text: its longest body property; a forum posting or question also its replies
 * (comments, accepted then suggested answers), each its own paragraph, in the order given.
 */
function bodyOf(main: LdItem, ids: ReadonlyMap<string, LdItem>, settings: StructuredSettings): string | null {
  const thread = typesOf(main).some((t) => THREADS.has(t));
  // a QAPage holds its question (and the answers) as mainEntity
  const root = typesOf(main).includes('qapage') ? resolve(main['mainEntity'], ids) : main;
  const parts: string[] = [];
  const own = isItem(root) ? longestBody(root) : null;
  if (own) parts.push(own);
  if (thread && isItem(root)) {
    let replies = 0;
    for (const prop of REPLY_PROPS) {
      for (const entry of listOf(root[prop])) {
        if (replies++ >= settings.maxReplies) break;
        const reply = resolve(entry, ids);
        const text = isItem(reply) ? longestBody(reply) : null;
        if (text) parts.push(text);
      }
    }
  }
  const body = parts
    .map((p) => textOf(p))
    .filter(Boolean)
    .join('\n\n');
  return body || null;
}

function longestBody(item: LdItem): string | null {
  let best: string | null = null;
  for (const prop of BODY_PROPS) {
    const value = stringOf(item[prop]);
    if (value && (!best || value.length > best.length)) best = value;
  }
  return best;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** A short value (a name, a headline) as one line of text. */
function plain(value: unknown): string | null {
  const text = textOf(value);
  return text ? squeeze(text) : null;
}

/**
 * A value as text: HTML tags stripped and entities decoded when it looks like HTML, one paragraph
 * per line or block element, whitespace squeezed; null when nothing is left.
 */
function textOf(value: unknown): string | null {
  const raw = stringOf(value);
  if (!raw) return null;
  const text = REGEXPS.looksLikeHtml.test(raw) ? htmlText(raw) : raw;
  const paragraphs = text.split('\n').map(squeeze).filter(Boolean);
  return paragraphs.length ? paragraphs.join('\n\n') : null;
}

/** The text of an HTML string: its blocks as the walker cuts them, a line each. */
function htmlText(html: string): string {
  return walkBlocks(PARSED, parseDocument(html))
    .map((block) => block.text)
    .join('\n');
}

function ownText(node: Element): string {
  let text = '';
  for (const child of node.children) if (isText(child)) text += child.data;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Discourse

interface Post {
  author: string | null;
  /** ISO date, for `<time datetime>`. */
  date: string | null;
  /** The date as the page shows it. */
  dateText: string | null;
  /** The post's content: nodes to write out. */
  content: readonly AnyNode[];
}

/** Posts of the crawler view: the creator's name, the post time, and the post's content element. */
function crawlerPosts(elements: readonly Element[], settings: StructuredSettings): Post[] {
  const posts: Post[] = [];
  for (const element of elements.slice(0, settings.maxPosts)) {
    const content = findFirst(element, isPostContent);
    if (!content) continue;
    const creator = findFirst(element, (e) => hasClass(e, 'creator') || e.attribs['itemprop'] === 'author');
    const name = creator ? (findFirst(creator, (e) => e.attribs['itemprop'] === 'name') ?? creator) : null;
    const time = findFirst(element, (e) => e.name === 'time' || hasClass(e, 'post-time'));
    posts.push({
      author: name ? squeeze(deepText(name)) || null : null,
      date: time?.attribs['datetime'] ?? null,
      dateText: time ? squeeze(deepText(time)) || null : null,
      content: content.children,
    });
  }
  return posts;
}

function isPostContent(e: Element): boolean {
  const prop = e.attribs['itemprop'];
  return hasClass(e, 'post') || hasClass(e, 'cooked') || prop === 'text' || prop === 'articleBody';
}

/** Posts of the `data-preloaded` JSON: `topic_<id>` holds the topic, as a JSON string, with its post stream. */
function preloadedPosts(preloaded: string | null, settings: StructuredSettings): Post[] {
  if (!preloaded || preloaded.length > settings.maxPreloadedChars) return [];
  const data = parseJson(preloaded);
  if (!isItem(data)) return [];
  for (const [key, value] of Object.entries(data)) {
    if (!REGEXPS.preloadedTopic.test(key)) continue;
    const topic = typeof value === 'string' ? parseJson(value) : value;
    const stream = isItem(topic) ? topic['post_stream'] : null;
    const list = isItem(stream) && Array.isArray(stream['posts']) ? stream['posts'] : [];
    const posts: Post[] = [];
    for (const post of list.slice(0, settings.maxPosts)) {
      if (!isItem(post) || !isReadablePost(post) || typeof post['cooked'] !== 'string') continue;
      const created = stringOf(post['created_at']);
      posts.push({
        author: stringOf(post['username']),
        date: created,
        dateText: created ? shownDate(created) : null,
        content: parseDocument(post['cooked']).children,
      });
    }
    if (posts.length) return posts;
  }
  return [];
}

function isReadablePost(post: LdItem): boolean {
  const type = post['post_type'];
  if (typeof type === 'number' && !READ_POST_TYPES.has(type)) return false;
  return !post['hidden'] && !post['cooked_hidden'] && !post['deleted_at'] && !post['action_code'];
}

/** A date as Discourse's crawler view shows it ("February 20, 2026, 4:55pm", in UTC). */
function shownDate(iso: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const hours = date.getUTCHours();
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  const clock = `${hours % 12 || 12}:${minutes}${hours < 12 ? 'am' : 'pm'}`;
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${clock}`;
}

function descriptionPost(description: string | null): Post[] {
  const text = description ? squeeze(description) : '';
  if (!text) return [];
  return [{ author: null, date: null, dateText: null, content: parseDocument(`<p>${escapeText(text)}</p>`).children }];
}

/** Posts as `<article>`s, until `maxThreadChars`; null when no post has content. */
function threadHtml(posts: readonly Post[], settings: StructuredSettings): { text: string; posts: number } | null {
  const out: string[] = [];
  let chars = 0;
  let count = 0;
  for (const post of posts) {
    const parts: string[] = [];
    writeNodes(post.content, parts, settings);
    const content = parts.join('');
    if (!content.trim()) continue;
    const author = post.author ? `<p class="post-author">${escapeText(post.author)}</p>` : '';
    const datetime = post.date ? ` datetime="${escapeAttribute(post.date)}"` : '';
    const date = post.dateText ? `<p class="post-date"><time${datetime}>${escapeText(post.dateText)}</time></p>` : '';
    const article = `<article class="post">${author}${date}<div class="post-content">${content}</div></article>\n`;
    if (chars + article.length > settings.maxThreadChars) break;
    out.push(article);
    chars += article.length;
    count++;
  }
  return count ? { text: out.join(''), posts: count } : null;
}

/**
 * Nodes written back as HTML, balanced whatever the source, without what is never post text
 * (scripts, forms), quotes of other posts (when `dropQuotes`) and image captions' file details.
 */
function writeNodes(nodes: readonly AnyNode[], out: string[], settings: StructuredSettings): void {
  const stack: Array<AnyNode | string> = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]!);
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      out.push(node);
      continue;
    }
    if (isText(node)) {
      out.push(escapeText(node.data));
      continue;
    }
    if (!isTag(node)) {
      if (hasChildren(node)) pushChildren(stack as AnyNode[], node.children);
      continue;
    }
    if (NOT_TEXT.has(node.name) || isLeftOut(node, settings)) continue;
    let open = `<${node.name}`;
    for (const [name, value] of Object.entries(node.attribs)) {
      if (KEPT_ATTRIBUTES.has(name)) open += ` ${name}="${escapeAttribute(value)}"`;
    }
    out.push(`${open}>`);
    if (VOID.has(node.name)) continue;
    stack.push(`</${node.name}>`);
    pushChildren(stack as AnyNode[], node.children);
  }
}

/**
 * Parts of a post that are not its text: quotes of earlier posts, and the file name and size
 * Discourse writes under every uploaded image (`.lightbox-wrapper .meta`).
 */
function isLeftOut(node: Element, settings: StructuredSettings): boolean {
  if (settings.dropQuotes && node.name === 'aside' && hasClass(node, 'quote')) return true;
  return hasClass(node, 'meta') && node.parent !== null && isTag(node.parent) && isLightbox(node.parent);
}

function isLightbox(node: Element): boolean {
  const parent = node.parent;
  return hasClass(node, 'lightbox') || (parent !== null && isTag(parent) && hasClass(parent, 'lightbox-wrapper'));
}

/** The first element under `root` (itself excepted), in page order, that passes `test`. */
export function findFirst(root: Element, test: (e: Element) => boolean): Element | null {
  const stack: AnyNode[] = [];
  pushChildren(stack, root.children);
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (test(node)) return node;
    pushChildren(stack, node.children);
  }
  return null;
}

/** All the text under `root`. */
export function deepText(root: Element): string {
  let text = '';
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isText(node)) text += node.data;
    else if (hasChildren(node)) pushChildren(stack, node.children);
  }
  return text;
}

function escapeText(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;');
}
