/**
 * HTML pages into blocks and metadata, down a sieve of rungs until one yields text:
 * 1. readability: Readability on a DOM (./dom.ts: linkedom built by parse5, or jsdom) finds the
 *    article; its content is walked into blocks.
 * 2. page: the whole page's text (htmlparser2's DOM, page chrome skipped), for pages Readability
 *    finds nothing in and for pages the DOM cannot take; strip then removes the cruft.
 *
 * No DOM runs scripts or fetches anything.
 */
import { Readability } from '@mozilla/readability';
import { isTag, hasChildren, type AnyNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { normalizeDate } from '../clean/dates.js';
import { countWords, endsSentence, matchKey, squeeze, TITLE_SEPARATOR } from '../clean/features.js';
import { removal, type Block, type DomName, type Extractor, type ExtractorName, type Metadata, type Removal } from '../record.js';
import { blockFeatures, buildBlockTree, countTokens, parseForBlocks, PARSED, type BlockFeatures, type BlockTree, type ParsedPage } from './blocks.js';
import { parsePage } from './dom.js';
import { readDiscourse, readStructured, type Structured } from './structured.js';
import { markedByline } from './byline.js';
import { blockModel, contentProbabilities, judgePage } from './model.js';
import { pageFeatures, selectionFeatures, type PageType } from './page.js';
import { precleanHtml, type Precleaned } from './preclean.js';
import { walkBlocks, type TreeAdapter } from './walk.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `html` in the registry (../settings.ts), where each says why. */
export const HTML_DEFAULTS = DEFAULTS.html;

export interface HtmlExtraction {
  blocks: Block[];
  meta: Partial<Metadata>;
  /** The declared language of the page (`<html lang>`), as a hint for detection. */
  declaredLang: string | null;
  extractedBy: Extractor;
  /** What kind of page it is, when the block model read it. */
  pageType?: PageType;
  /** The block model's estimate of how well it did (0 to 1). */
  confidence?: number;
  /** The page's blocks the block model left out, as removals (reason `extract.model`). */
  dropped?: Removal[];
}

export interface HtmlOptions {
  /** The DOM Readability runs on (default `linkedom`; see ./dom.ts). */
  dom?: DomName;
  /** Which extractor finds the main content (default `auto`; see EXTRACTORS). */
  extractor?: ExtractorName;
}

/**
 * What a rung gives: the extraction, the page's first `<h1>` for the title (see shownHeadline), and
 * where the blocks came from when a rung has more than one source.
 */
export type RungResult = Omit<HtmlExtraction, 'extractedBy'> & { headline?: string | null; extractedBy?: Extractor };

export interface Rung {
  name: Extractor;
  /** Whether the rung can take this page at all. */
  accepts(page: Precleaned): boolean;
  run(html: string, url: string | undefined, options: HtmlOptions, page: Precleaned): RungResult | null;
}

const READABILITY: Rung = {
  name: 'readability',
  accepts: readabilityTakes,
  run: withReadability,
};
const BLOCKS: Rung = { name: 'blocks', accepts: () => true, run: withBlockModel };
const PAGE: Rung = { name: 'page', accepts: () => true, run: wholePage };

/** The sieve of each extractor, strict to relaxed. */
export const RUNGS: Readonly<Record<ExtractorName, readonly Rung[]>> = {
  auto: [BLOCKS, READABILITY, PAGE],
  readability: [READABILITY, PAGE],
};

function readabilityTakes(page: Precleaned): boolean {
  return page.depth <= settings().html.readabilityMaxDepth && page.reopened <= page.elements * settings().html.readabilityMaxReopenedPerElement;
}

/**
 * Extracts the article of an HTML page, trying each rung in turn. A rung that throws hands the page
 * to the next one (jsdom rejects some pages outright; a DOM library may recurse past the stack on a
 * page nested too deep); the last rung always answers, or its error is thrown (extract then fails
 * the record) rather than the page silently coming out empty.
 */
export function extractHtml(
  html: string,
  url?: string,
  options: HtmlOptions = {},
  rungs: readonly Rung[] = RUNGS[options.extractor ?? 'auto'],
): HtmlExtraction {
  // the block model reads what the page hides too (tab panels, accordions: a product's specs), and
  // knows it is hidden; Readability and the whole-page walk skip hidden elements themselves
  const page = precleanHtml(html, { keepHidden: (options.extractor ?? 'auto') === 'auto' });
  const last = rungs.findLast((rung) => rung.accepts(page));
  // a page without text still has its title, date and language: the last rung's, when none has text
  let empty: HtmlExtraction = { blocks: [], meta: {}, declaredLang: null, extractedBy: 'page' };
  for (const rung of rungs) {
    if (!rung.accepts(page)) continue;
    let found: RungResult | null = null;
    try {
      found = rung.run(page.html, url, options, page);
    } catch (err) {
      if (rung === last) throw err;
    }
    if (!found) continue;
    const { headline, extractedBy, ...extraction } = found;
    extraction.meta.title = shownHeadline(withoutSiteName(found.meta.title ?? null, found.meta.site ?? null), headline ?? null);
    const result = { ...extraction, extractedBy: extractedBy ?? rung.name };
    if (found.blocks.length > 0) return result;
    empty = result;
  }
  return empty;
}

/**
 * The headline the page shows (its first `<h1>`) where it says more than the title: when there is
 * no title, when it extends the title ("Ferry Service Resumes" → "Ferry Service Resumes After Storm
 * Repairs"), or when the title is the headline with a suffix after a separator ("Headline | Site",
 * the site not named in the page's metadata). Otherwise the title stays: an `<h1>` that shares no
 * start with it is as often a site's logo or a section name as the article's headline.
 */
export function shownHeadline(title: string | null, headline: string | null): string | null {
  if (!headline || countWords(headline) > settings().html.headlineMaxWords) return title;
  if (!title) return headline;
  const titleKey = matchKey(title);
  const headlineKey = matchKey(headline);
  if (!titleKey || !headlineKey) return title;
  if (headlineKey.startsWith(titleKey + ' ')) return headline;
  const [first] = title.split(TITLE_SEPARATOR);
  if (first !== title && matchKey(first!) === headlineKey) return headline;
  return title;
}

/** The title without the site's name before or after it, when the page names its site. */
export function withoutSiteName(title: string | null, site: string | null): string | null {
  if (!title || !site) return title;
  const siteKey = matchKey(site);
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2 || !siteKey) return title;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (matchKey(last) === siteKey) return title.slice(0, title.length - last.length).replace(/[\s|–—\-:·•»]+$/u, '');
  if (matchKey(first) === siteKey) return title.slice(first.length).replace(/^[\s|–—\-:·•»]+/u, '');
  return title;
}

function withReadability(html: string, url: string | undefined, options: HtmlOptions): RungResult | null {
  const parsed = parsePage(html, url, options.dom);
  try {
    const document = parsed.document;
    if (deeperThan(document as unknown as DomNode, settings().html.readabilityMaxDepth)) return null;
    const tags = tagMetadata(DOM, document as unknown as DomNode);
    const headline = firstHeadline(DOM, bodyOf(document as unknown as DomNode));
    // the page as the whole-page rung would read it, for withLead; now, before Readability edits it
    const page = walkBlocks(DOM, bodyOf(document as unknown as DomNode), { skipChrome: true });
    const article = new Readability(document, {
      keepClasses: true, // the class attributes are never output; cleaning them is wasted work
      serializer: (node) => node as unknown as string, // walk the element itself, not its HTML
    }).parse();
    if (!article?.content) return null;
    const blocks = withLead(walkBlocks(DOM, article.content as unknown as DomNode), page);
    const byline = clean(article.byline);
    return {
      blocks,
      declaredLang: tags.lang,
      headline,
      meta: {
        title: clean(article.title) ?? tags.title,
        byline: byline && byline.length <= settings().html.bylineMaxChars ? byline : null,
        published: normalizeDate(article.publishedTime) ?? tags.published,
        site: clean(article.siteName) ?? tags.site,
        excerpt: clean(article.excerpt) ?? tags.excerpt,
      },
    };
  } finally {
    parsed.close();
  }
}

/**
 * Readability's blocks with the lead it left out put back, in page order: prose right before its
 * first block, and running text further up (see `HTML_DEFAULTS`), looked up in `page`, the whole
 * page's blocks. Blocks are renumbered in their new order.
 */
export function withLead(blocks: Block[], page: readonly Block[]): Block[] {
  if (blocks.length === 0) return blocks;
  const keys = new Set(blocks.map((b) => squeeze(b.text)));
  const first = page.findIndex((b) => keys.has(squeeze(b.text)));
  if (first <= 0) return blocks;
  const from = Math.max(0, first - settings().html.recoverMaxBlocksBefore);
  const lead = page.slice(from, first).filter((b, k) => {
    if (keys.has(squeeze(b.text))) return false;
    return (from + k >= first - settings().html.leadMaxBlocks && isLead(b)) || isRunningText(b);
  });
  if (lead.length === 0) return blocks;
  return [...lead, ...blocks].map((b, index) => ({ ...b, index }));
}

/** Prose the page did not mark up as links: a linked paragraph before the article is a teaser. */
function isLead(b: Block): boolean {
  return b.kind === 'paragraph' && !mostlyLinked(b) && countWords(b.text) >= settings().features.proseMinWords && endsSentence(b.text);
}

function isRunningText(b: Block): boolean {
  if (b.kind !== 'paragraph' && b.kind !== 'list-item' && b.kind !== 'quote') return false;
  return !mostlyLinked(b) && countWords(b.text) >= settings().html.recoverMinWords && endsSentence(b.text);
}

function mostlyLinked(b: Block): boolean {
  return (b.linkChars ?? 0) >= b.text.length * settings().html.recoverMaxLinkShare;
}

/** A page as the block model reads it: what use (withBlockModel) and training both start from. */
export interface BlockPage {
  page: ParsedPage;
  tree: BlockTree;
  features: BlockFeatures;
  structured: Structured;
  /** The page-level features (./page.ts), for the page-type and confidence models. */
  pageRow: Float64Array;
}

/**
 * Reads a precleaned page (hidden elements kept) for the block model: the block tree and its
 * features, the structured data, the page's features. The one implementation
 * scripts/train/dump.ts trains on, so that training and use cannot drift apart.
 *
 * Readability is not asked. It was once evidence (whether it kept each block), and it took 72% of
 * this reading's time (300 WCXB dev pages); trained without it, the model lost 0.002 word F1 out of
 * fold (0.865 → 0.863 with each page type's threshold), so it is now a fallback only (RUNGS).
 */
export function readBlockPage(html: string, url: string | undefined): BlockPage {
  const page = parseForBlocks(html);
  const tree = buildBlockTree(page.body, page.title);
  const features = blockFeatures(tree);
  const structured = readStructured(page.document);
  const pageRow = pageFeatures(tree, features, url, structured);
  return { page, tree, features, structured, pageRow };
}

/**
 * The block model's pick: every block of the page judged on its own evidence (./blocks.ts,
 * ./model.ts), so that content spread over sections, posts, cards and tables is kept, which one
 * container cannot hold. The recipe: read the page (readBlockPage); each block's probability; the
 * page's type, which sets the threshold; then the blocks above it. Two kinds of page are read from
 * what they declare instead: a Discourse forum's thread (./structured.ts), and a page whose visible
 * text is almost empty when its JSON-LD holds the text. When the model keeps nothing, the next rung
 * (Readability) has its turn. Title, date and site come from the page's head, the byline from the
 * element the page marks as one (./byline.ts); the author and date from JSON-LD first (see
 * withDeclared).
 */
function withBlockModel(html: string, url: string | undefined): RungResult | null {
  const { page, tree, features, structured, pageRow } = readBlockPage(html, url);
  const tags = tagMetadata(PARSED, page.document);
  const headline = firstHeadline(PARSED, page.body);
  // the headline the page shows, when its JSON-LD declares the same one; else the head's title
  const declaredHeadline = headline && structured.headline && matchKey(headline) === matchKey(structured.headline);
  const meta = withDeclared(
    {
      title: declaredHeadline ? headline : tags.title,
      byline: tags.byline ?? markedByline(page.body),
      published: tags.published,
      site: tags.site,
      excerpt: tags.excerpt,
    },
    structured,
  );
  const model = blockModel();
  const p = contentProbabilities(features, model);
  const thread = readDiscourse(page.document);
  if (thread && thread.from !== 'description') {
    // a Discourse forum: the thread it serves to crawlers (or as JSON), rebuilt post by post
    const blocks = walkBlocks(PARSED, parseDocument(thread.html));
    const judged = judgePage(pageRow, selectionFeatures(p, tree.words, model.keepAbove, true));
    if (blocks.length > 0) {
      return { blocks, declaredLang: tags.lang, headline, meta, extractedBy: 'structured', ...judged };
    }
  }
  const judged = judgePage(pageRow, selectionFeatures(p, tree.words, model.keepAbove, false));
  const keepAbove = model.keepAboveByType[judged.pageType] ?? model.keepAbove;
  const kept = tree.blocks.filter((_, i) => p[i]! >= keepAbove);
  const keptWords = tree.words.reduce((sum, w, i) => sum + (p[i]! >= keepAbove ? w : 0), 0);
  const declared = structured.body ?? structured.productDescription;
  if (keptWords < settings().html.structuredBelowWords && declared && countTokens(declared) > keptWords) {
    // the visible page holds next to nothing (a shell scripts fill, a bare product page): the text
    // the page declares in JSON-LD stands in, after what little was kept
    const paragraphs = declared.split(/\n\s*\n/u).map((text) => ({ kind: 'paragraph' as const, text: squeeze(text) }));
    const blocks = [...kept, ...paragraphs].filter((b) => b.text).map((block, index) => ({ ...block, index }));
    return { blocks, declaredLang: tags.lang, headline, meta, extractedBy: 'structured', ...judged };
  }
  if (kept.length === 0) return null;
  // kept blocks keep their place in the page, so that what the model left out reads in between
  const dropped = tree.blocks.flatMap((block, i) =>
    p[i]! >= keepAbove ? [] : [removal(block, 'extract.model', 'extract', { p: Math.round(p[i]! * 100) / 100, keepAbove })],
  );
  return { blocks: kept, declaredLang: tags.lang, headline, meta, dropped, ...judged };
}

/**
 * The author and date the page declares in JSON-LD come first (on the WCXB dev pages that declare
 * them, they match the answers' author on 93% and the day on 88%; over all pages, taking them
 * first lifted author accuracy from 0.670 to 0.724 and the date's from 0.577 to 0.598), then what
 * Readability and the meta tags found. JSON-LD headlines are SEO titles as often as not (59%
 * matched the answers), so the title stays the page's.
 */
function withDeclared(meta: Partial<Metadata>, structured: Structured): Partial<Metadata> {
  return {
    ...meta,
    byline: structured.author ?? meta.byline,
    published: structured.published ?? meta.published,
    site: meta.site ?? structured.site,
  };
}

function wholePage(html: string): RungResult {
  const document = parseDocument(html);
  const tags = tagMetadata(PARSED, document);
  const body = firstElement(document, 'body') ?? document;
  return {
    blocks: walkBlocks(PARSED, body, { skipChrome: true }),
    declaredLang: tags.lang,
    headline: firstHeadline(PARSED, body),
    meta: { title: tags.title, published: tags.published, site: tags.site, excerpt: tags.excerpt },
  };
}

function clean(value: string | null | undefined): string | null {
  const text = squeeze(value ?? '');
  return text || null;
}

/** The slice of the DOM the walker needs, as linkedom's and jsdom's nodes provide it. */
interface DomNode {
  nodeType: number;
  localName?: string;
  data?: string;
  childNodes: ArrayLike<DomNode>;
  firstElementChild?: DomNode | null;
  nextElementSibling?: DomNode | null;
  getAttribute?(name: string): string | null;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;

const DOM: TreeAdapter<DomNode> = {
  tag: (node) => (node.nodeType === ELEMENT_NODE ? node.localName! : node.nodeType === DOCUMENT_NODE ? '#document' : null),
  text: (node) => (node.nodeType === TEXT_NODE ? node.data! : null),
  attr: (node, name) => node.getAttribute?.(name) ?? null,
  children: (node) => node.childNodes,
};

/**
 * The `<body>` element, found by walking (linkedom's `document.body` getter inserts one where there
 * is none, as in a frameset page); the document itself when there is none.
 */
function bodyOf(document: DomNode): DomNode {
  for (const root of Array.from(document.childNodes)) {
    if (root.localName !== 'html') continue;
    for (const child of Array.from(root.childNodes)) if (child.localName === 'body') return child;
  }
  return document;
}

/**
 * Whether elements nest more than `limit` deep under `root`, walked without recursion, element to
 * element (on jsdom 5× faster than through `childNodes`).
 */
function deeperThan(root: DomNode, limit: number): boolean {
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (let child = node.firstElementChild; child; child = child.nextElementSibling) stack.push([child, depth + 1]);
  }
  return false;
}

function firstElement(root: AnyNode, name: string): Element | null {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isTag(node) && node.name === name) return node;
    if (hasChildren(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}

/** `<meta>` names that hold each metadata field, best first. */
const META_NAMES = {
  title: ['og:title', 'twitter:title', 'dc.title'],
  published: [
    'article:published_time',
    'datepublished',
    'og:published_time',
    'pubdate',
    'publishdate',
    'publish-date',
    'date',
    'dc.date.issued',
    'dc.date',
    'dcterms.created',
    'dcterms.date',
    'sailthru.date',
    'parsely-pub-date',
  ],
  site: ['og:site_name', 'application-name'],
  /** (article:author and some others often hold a profile address or a handle: see NOT_A_NAME) */
  byline: ['author', 'dc.creator', 'dcterms.creator', 'parsely-author', 'sailthru.author', 'article:author', 'byl'],
  excerpt: ['description', 'og:description', 'twitter:description', 'dc.description'],
} as const;

/** An author tag's value that is a link or a handle ("https://…/people/jd", "/author/jd", "@jd"), not a name. */
const NOT_A_NAME = /^(?:https?:|\/|@)/u;

interface TagMetadata {
  title: string | null;
  byline: string | null;
  published: string | null;
  site: string | null;
  excerpt: string | null;
  lang: string | null;
}

/** Metadata the page declares in `<html lang>`, `<title>` and `<meta>` tags of its head. */
function tagMetadata<N>(adapter: TreeAdapter<N>, document: N): TagMetadata {
  const values = new Map<string, string>();
  let lang: string | null = null;
  let title: string | null = null;
  const stack: N[] = [document];
  while (stack.length) {
    const node = stack.pop()!;
    const tag = adapter.tag(node);
    if (tag === 'html') lang = adapter.attr(node, 'lang') ?? adapter.attr(node, 'xml:lang');
    if (tag === 'body') continue;
    if (tag === 'title' && title === null) title = textOf(adapter, node);
    if (tag === 'meta') {
      const key = (adapter.attr(node, 'property') ?? adapter.attr(node, 'name') ?? adapter.attr(node, 'itemprop'))?.toLowerCase();
      const content = adapter.attr(node, 'content');
      if (key && content && !values.has(key)) values.set(key, content);
    }
    if (tag !== null) {
      const children = adapter.children(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  const first = (names: readonly string[]) => clean(names.map((n) => values.get(n)).find(Boolean));
  const published = META_NAMES.published.map((n) => normalizeDate(values.get(n))).find(Boolean) ?? null;
  const byline = clean(META_NAMES.byline.map((n) => values.get(n)).find((v) => v && !NOT_A_NAME.test(v.trim())));
  return {
    title: first(META_NAMES.title) ?? clean(title),
    byline,
    published,
    site: first(META_NAMES.site),
    excerpt: first(META_NAMES.excerpt),
    lang: clean(lang),
  };
}

/** The text of the first `<h1>` under `root` in document order, whitespace squeezed; null if none. */
function firstHeadline<N>(adapter: TreeAdapter<N>, root: N): string | null {
  const stack: N[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const tag = adapter.tag(node);
    if (tag === 'h1') return clean(deepTextOf(adapter, node));
    if (tag === null || tag === 'script' || tag === 'style' || tag === 'template') continue;
    const children = adapter.children(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

/** All the text under `node`, walked without recursion. */
function deepTextOf<N>(adapter: TreeAdapter<N>, node: N): string {
  let text = '';
  const stack: N[] = [node];
  while (stack.length) {
    const next = stack.pop()!;
    text += adapter.text(next) ?? '';
    if (adapter.tag(next) === null) continue;
    const children = adapter.children(next);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return text;
}

function textOf<N>(adapter: TreeAdapter<N>, node: N): string {
  const children = adapter.children(node);
  let text = '';
  for (let i = 0; i < children.length; i++) text += adapter.text(children[i]!) ?? '';
  return text;
}
