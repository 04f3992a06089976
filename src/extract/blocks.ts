/**
 * The block tree: a page read once into blocks (what the walker cuts: paragraphs, headings, list
 * items, tables, code) and, for each block, the evidence the DOM gives about it: its text and link
 * density, where it sits (main, article, header, footer, a form, a list, a repeated card), what the
 * class, id, role and itemprop names of its ancestors say, its neighbours and its containers.
 *
 * The features are numbers in a fixed order (`FEATURE_NAMES`), read by the learned block model
 * (./model.ts) and written by the training scripts (scripts/train/), from this one implementation so
 * that training and use cannot drift apart. Everything here is linear in the page: one walk, one
 * pass over each block's ancestors (bounded by `settings().blockTree.maxAncestors`), maps for the
 * rest.
 */
import { hasChildren, isTag, isText, type AnyNode, type Document, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { endsSentence, matchKey, TITLE_SEPARATOR } from '../clean/features.js';
import type { Block, BlockKind } from '../record.js';
import { walkBlocks, type TreeAdapter } from './walk.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `blockTree` in the registry (../settings.ts), where each says why. */
export const BLOCK_TREE_DEFAULTS = DEFAULTS.blockTree;

/**
 * Families of class, id, role and itemprop names, each a kind of container the name tells.
 * Curated and general: names that mean the same on any site, never one site's wrappers.
 */
const NAME_FAMILIES = {
  content: /article|content|entry|body|text|story|prose|rich-?text|markdown|main|blog|page-?content/u,
  post: /post|message|comment|reply|replies|answer|question|thread|topic|review|discussion/u,
  nav: /nav|menu|breadcrumb|pagination|pager|skip|toolbar|dropdown|megamenu/u,
  chrome: /header|footer|masthead|copyright|legal|bottom|topbar/u,
  side: /sidebar|widget|aside|related|recommend|popular|trending|more-|also/u,
  share: /share|social|follow|newsletter|subscri|signup|sign-up/u,
  modal: /cookie|consent|modal|popup|pop-up|banner|overlay|gdpr|notice/u,
  ad: /\bad\b|ads|advert|sponsor|promo|dfp|taboola|outbrain/u,
  meta: /meta|byline|author|avatar|date|time|tags?\b|categor|info/u,
  product: /product|price|spec|attribute|sku|cart|buy|variant|offer/u,
  card: /card|item|tile|grid|list|result|teaser|feed/u,
  disclosure: /faq|accordion|tab|collaps|toggle|expand|panel|details/u,
} as const;
type NameFamily = keyof typeof NAME_FAMILIES;
const FAMILIES = Object.keys(NAME_FAMILIES) as NameFamily[];

/** Where a block sits: one bit per kind of container, inherited by everything inside. */
const PLACE = {
  main: 1 << 0,
  article: 1 << 1,
  header: 1 << 2,
  footer: 1 << 3,
  nav: 1 << 4,
  aside: 1 << 5,
  form: 1 << 6,
  noscript: 1 << 7,
  table: 1 << 8,
  list: 1 << 9,
  figure: 1 << 10,
  itempropBody: 1 << 11,
  section: 1 << 12,
  blockquote: 1 << 13,
  details: 1 << 14,
  hidden: 1 << 15,
} as const;
type Place = keyof typeof PLACE;
const PLACES = Object.keys(PLACE) as Place[];

const TAG_PLACE: Readonly<Record<string, number>> = {
  main: PLACE.main,
  article: PLACE.article,
  header: PLACE.header,
  footer: PLACE.footer,
  nav: PLACE.nav,
  aside: PLACE.aside,
  form: PLACE.form,
  noscript: PLACE.noscript,
  table: PLACE.table,
  ul: PLACE.list,
  ol: PLACE.list,
  dl: PLACE.list,
  figure: PLACE.figure,
  section: PLACE.section,
  blockquote: PLACE.blockquote,
  details: PLACE.details,
};
const ROLE_PLACE: Readonly<Record<string, number>> = {
  main: PLACE.main,
  article: PLACE.article,
  banner: PLACE.header,
  contentinfo: PLACE.footer,
  navigation: PLACE.nav,
  complementary: PLACE.aside,
  search: PLACE.form,
  form: PLACE.form,
};
const BODY_ITEMPROPS = new Set(['articlebody', 'text', 'reviewbody', 'description', 'mainentityofpage']);

/** Owner tags with a feature of their own; any other is `other`. */
const OWNER_TAGS = ['p', 'li', 'div', 'td', 'span', 'a', 'dd', 'dt', 'section', 'article', 'label', 'strong', 'font', 'time'];
const KINDS: readonly BlockKind[] = ['paragraph', 'heading', 'list-item', 'quote', 'caption', 'code', 'table'];
/** Tags that never head a repeated group: the group is the card or post, not its parts. */
const NOT_GROUP = new Set(['p', 'span', 'a', 'td', 'th', 'pre', 'dd', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'em', 'i']);

const SHAPES = {
  price: /(?:[$€£¥₹]\s?\d|\d(?:[.,]\d{2})?\s?(?:[$€£¥₹]|eur|usd|gbp)\b)/iu,
  date: /^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\w+\.? \d{1,2},? \d{4}|\d{1,2}\.? \w+\.? \d{4}|\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago)/iu,
  keyValue: /^[^:\n]{1,40}:\s+\S/u,
  word: /[\p{L}\p{N}_]+/gu,
  upperFirst: /^\p{Lu}/u,
  digit: /\p{N}/gu,
} as const;

/**
 * The feature vector's names, in order: the contract with the model file. Sizes are relative to
 * the page (shares), not absolute: a model that learned "big pages are mostly chrome" from the
 * dev pages dropped all but 4 of the 200 paragraphs of a long article.
 */
export const FEATURE_NAMES: readonly string[] = [
  'log_words',
  'mean_word_length',
  'link_density',
  'common_words',
  'ends_sentence',
  'commas_per_word',
  'digit_share',
  'capitalised_share',
  'position',
  'words_before_share',
  'log_depth',
  ...PLACES.map((p) => `in_${p}`),
  'list_depth',
  ...FAMILIES.map((f) => `name_${f}`),
  'in_repeat',
  'log_repeat_members',
  'repeat_word_share',
  'repeat_link_density',
  'prev_link_density',
  'next_link_density',
  'prev_log_words',
  'next_log_words',
  'window_log_words',
  'parent_link_density',
  'parent_log_words',
  'grandparent_link_density',
  'grandparent_word_share',
  'container_word_share',
  'container_link_density',
  'price',
  'date',
  'key_value',
  'single_link',
  'heading_level',
  'after_first_h1',
  'is_h1',
  'matches_title',
  'log_text_repeats',
  'page_has_main',
  'page_has_article',
  'page_link_density',
  'page_noscript',
  ...KINDS.map((k) => `kind_${k}`),
  ...OWNER_TAGS.map((t) => `owner_${t}`),
  'owner_other',
];

/** A page read into blocks, with each block's owner element and the page's aggregates. */
export interface BlockTree {
  blocks: Block[];
  /** Each block's owner (see WalkOptions.owners), in step with `blocks`. */
  owners: Element[];
  /** Words of each block (the scorer's tokens: letters, digits, underscore). */
  words: number[];
  /** Each block's tokens, lower-cased: read once here for every feature that looks at words. */
  tokens: string[][];
  /** Whether `<noscript>` was read as markup (a shell page). */
  noscript: boolean;
  /** `<title>` as the page gives it, for the title-match feature. */
  title: string | null;
}

const NO_CHILDREN: AnyNode[] = [];

/** htmlparser2's tree as the walker reads it. */
export const PARSED: TreeAdapter<AnyNode> = {
  tag: (node) => (isTag(node) ? node.name : node.type === 'root' ? '#document' : null),
  text: (node) => (isText(node) ? node.data : null),
  attr: (node, name) => (isTag(node) ? (node.attribs[name] ?? null) : null),
  children: (node) => (hasChildren(node) ? node.children : NO_CHILDREN),
};

/** Reads a parsed page into blocks, chrome included (the model judges it), noscript for shells. */
export function buildBlockTree(body: AnyNode, title: string | null): BlockTree {
  let owners: AnyNode[] = [];
  let blocks = walkBlocks(PARSED, body, { owners, readHidden: true });
  let words = blocks.map((b) => countTokens(b.text));
  let noscript = false;
  if (sum(words) < settings().blockTree.noscriptBelowWords && hasNoscript(body)) {
    owners = [];
    blocks = walkBlocks(PARSED, body, { owners, readNoscript: true, readHidden: true });
    words = blocks.map((b) => countTokens(b.text));
    noscript = true;
  }
  const tokens = blocks.map((b) => wordTokens(b.text));
  return { blocks, owners: owners as Element[], words, tokens, noscript, title };
}

/** Each block's features. */
export interface BlockFeatures {
  /** One row a block, in FEATURE_NAMES order. */
  rows: Float64Array[];
}

/** The features of every block, one row each, in FEATURE_NAMES order. */
export function blockFeatures(tree: BlockTree): BlockFeatures {
  const { blocks, owners, words } = tree;
  const n = blocks.length;
  const infos = new ElementInfos();
  const pageWords = sum(words);
  const pageChars = blocks.reduce((s, b) => s + b.text.length, 0);
  const pageLinks = blocks.reduce((s, b) => s + (b.linkChars ?? 0), 0);

  // subtree aggregates of every ancestor, from each block up
  const chains = owners.map((owner) => infos.chain(owner));
  const agg = new Map<Element, { words: number; chars: number; links: number; blocks: number }>();
  chains.forEach((chain, i) => {
    for (const element of chain) {
      let a = agg.get(element);
      if (!a) agg.set(element, (a = { words: 0, chars: 0, links: 0, blocks: 0 }));
      a.words += words[i]!;
      a.chars += blocks[i]!.text.length;
      a.links += Math.min(blocks[i]!.linkChars ?? 0, blocks[i]!.text.length);
      a.blocks++;
    }
  });
  const groups = new RepeatGroups(agg);

  const common = commonWords(tree.tokens);
  const textCounts = new Map<string, number>();
  const keys = blocks.map((b) => matchKey(b.text));
  for (const key of keys) textCounts.set(key, (textCounts.get(key) ?? 0) + 1);
  const titleKey = tree.title ? matchKey(tree.title.split(TITLE_SEPARATOR)[0]!) : '';
  const firstH1 = blocks.findIndex((b, i) => b.kind === 'heading' && headingLevel(chains[i]!) === 1);
  const hasMain = chains.some((c) => c.length > 0 && infos.get(c[0]!).places & PLACE.main);
  const hasArticle = chains.some((c) => c.length > 0 && infos.get(c[0]!).places & PLACE.article);

  const rows: Float64Array[] = [];
  let wordsBefore = 0;
  for (let i = 0; i < n; i++) {
    const block = blocks[i]!;
    const chain = chains[i]!;
    const owner = owners[i]!;
    const info = chain.length ? infos.get(chain[0]!) : ROOT_INFO;
    const w = words[i]!;
    const text = block.text;
    const links = Math.min(block.linkChars ?? 0, text.length);
    const density = text.length ? links / text.length : 0;
    const tokens = tree.tokens[i]!;
    const letters = tokens.reduce((s, t) => s + t.length, 0);
    const parent = chain[1] ? agg.get(chain[1]) : undefined;
    const grand = chain[2] ? agg.get(chain[2]) : undefined;
    const container = containerOf(chain, agg, pageWords);
    const group = groups.find(chain);
    const row = new Float64Array(FEATURE_NAMES.length);
    let k = 0;
    // rounded as the training data stores them, so that a split falls the same way in use
    const put = (v: number) => (row[k++] = Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);
    put(Math.log1p(w));
    put(tokens.length ? letters / tokens.length : 0);
    put(density);
    put(tokens.length ? tokens.filter((t) => common.has(t)).length / tokens.length : 0);
    put(endsSentence(text) ? 1 : 0);
    put(w ? (text.match(/,/gu)?.length ?? 0) / w : 0);
    put(text.length ? (text.match(SHAPES.digit)?.length ?? 0) / text.length : 0);
    put(capitalisedShare(text));
    put(n > 1 ? i / (n - 1) : 0);
    put(pageWords ? wordsBefore / pageWords : 0);
    put(Math.log1p(chain.length));
    for (const p of PLACES) put(info.places & PLACE[p] ? 1 : 0);
    put(Math.min(info.listDepth, 4) / 4);
    for (const f of FAMILIES) put(nameNearness(infos, chain, f));
    put(group ? 1 : 0);
    put(group ? Math.log1p(group.members) : 0);
    put(group && pageWords ? group.words / pageWords : 0);
    put(group && group.chars ? group.links / group.chars : 0);
    put(i > 0 ? linkDensity(blocks[i - 1]!) : 1);
    put(i + 1 < n ? linkDensity(blocks[i + 1]!) : 1);
    put(i > 0 ? Math.log1p(words[i - 1]!) : 0);
    put(i + 1 < n ? Math.log1p(words[i + 1]!) : 0);
    put(Math.log1p(windowWords(words, i, 3)));
    put(parent && parent.chars ? parent.links / parent.chars : density);
    put(parent ? Math.log1p(parent.words) : Math.log1p(w));
    put(grand && grand.chars ? grand.links / grand.chars : density);
    put(grand && pageWords ? Math.log1p(grand.words) - Math.log1p(pageWords) : 0);
    put(container && pageWords ? container.words / pageWords : 0);
    put(container && container.chars ? container.links / container.chars : 0);
    put(SHAPES.price.test(text) ? 1 : 0);
    put(SHAPES.date.test(text) ? 1 : 0);
    put(SHAPES.keyValue.test(text) ? 1 : 0);
    put(density > 0.9 ? 1 : 0);
    put(block.kind === 'heading' ? headingLevel(chain) / 6 : 0);
    put(firstH1 >= 0 && i >= firstH1 ? 1 : 0);
    put(i === firstH1 ? 1 : 0);
    put(titleKey && keys[i] === titleKey ? 1 : 0);
    put(Math.log(textCounts.get(keys[i]!) ?? 1));
    put(hasMain ? 1 : 0);
    put(hasArticle ? 1 : 0);
    put(pageChars ? pageLinks / pageChars : 0);
    put(tree.noscript ? 1 : 0);
    for (const kind of KINDS) put(block.kind === kind ? 1 : 0);
    const ownerTag = isTag(owner) ? owner.name : '';
    let known = false;
    for (const tag of OWNER_TAGS) {
      const is = ownerTag === tag;
      known ||= is;
      put(is ? 1 : 0);
    }
    put(known ? 0 : 1);
    rows.push(row);
    wordsBefore += w;
  }
  return { rows };
}

/** The page's most frequent words (see `blockTree.commonWords` in ../settings.ts). */
function commonWords(tokens: readonly string[][]): Set<string> {
  const counts = new Map<string, number>();
  for (const list of tokens) for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
  // most frequent first; among equals, the first seen (Map keeps insertion order, sort is stable)
  return new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, settings().blockTree.commonWords)
      .map(([token]) => token),
  );
}

/** A text's words as the benchmark scorers count them: lower-cased runs of letters, digits and underscores. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(SHAPES.word) ?? [];
}

/** The scorer's word count: runs of letters, digits and underscores. */
export function countTokens(text: string): number {
  return text.match(SHAPES.word)?.length ?? 0;
}

interface ElementInfo {
  places: number;
  listDepth: number;
  /** Family bits of this element's own names. */
  families: number;
}

const ROOT_INFO: ElementInfo = { places: 0, listDepth: 0, families: 0 };

/** What each element says about itself and inherits from its ancestors, computed once. */
class ElementInfos {
  private readonly infos = new Map<Element, ElementInfo>();

  /** The element and its ancestors, nearest first, up to the limit. */
  chain(owner: AnyNode): Element[] {
    const chain: Element[] = [];
    for (let node: AnyNode | null = owner; node && chain.length < settings().blockTree.maxAncestors; node = node.parent) {
      if (isTag(node)) chain.push(node);
    }
    return chain;
  }

  get(element: Element): ElementInfo {
    let info = this.infos.get(element);
    if (info) return info;
    // the ancestors first, iteratively, so a deep page cannot overflow the stack
    const pending: Element[] = [];
    for (let node: Element | null = element; node && !this.infos.has(node); node = parentElement(node)) pending.push(node);
    for (let j = pending.length - 1; j >= 0; j--) {
      const node = pending[j]!;
      const up = parentElement(node);
      const inherited = up ? this.infos.get(up)! : ROOT_INFO;
      this.infos.set(node, describe(node, inherited));
    }
    info = this.infos.get(element)!;
    return info;
  }
}

function parentElement(node: Element): Element | null {
  const parent = node.parent;
  return parent && isTag(parent) ? parent : null;
}

function describe(node: Element, inherited: ElementInfo): ElementInfo {
  const attribs = node.attribs;
  let places = inherited.places | (TAG_PLACE[node.name] ?? 0);
  const role = attribs['role']?.trim().toLowerCase();
  if (role) places |= ROLE_PLACE[role] ?? 0;
  const itemprop = attribs['itemprop']?.toLowerCase();
  if (itemprop && BODY_ITEMPROPS.has(itemprop)) places |= PLACE.itempropBody;
  // preclean turned hiding inline styles into `hidden`
  if (attribs['hidden'] !== undefined || attribs['aria-hidden'] === 'true') places |= PLACE.hidden;
  const names = `${attribs['class'] ?? ''} ${attribs['id'] ?? ''} ${role ?? ''} ${itemprop ?? ''}`.toLowerCase();
  let families = 0;
  if (names.trim()) FAMILIES.forEach((f, bit) => NAME_FAMILIES[f].test(names) && (families |= 1 << bit));
  const listDepth = inherited.listDepth + (node.name === 'ul' || node.name === 'ol' ? 1 : 0);
  return { places, listDepth, families };
}

/** Tag and first three class names (digits dropped): what repeated cards and posts share. */
function signature(node: Element): string {
  const classes = (node.attribs['class'] ?? '').replace(/\d+/gu, '').split(/\s+/u).filter(Boolean).sort().slice(0, 3);
  return `${node.name}.${classes.join('.')}`;
}

/** 1 for a name of the family on the block's own element, falling with distance, 0 when none of the nearest has one. */
function nameNearness(infos: ElementInfos, chain: Element[], family: NameFamily): number {
  const bit = 1 << FAMILIES.indexOf(family);
  const limit = Math.min(chain.length, settings().blockTree.nameAncestors);
  for (let d = 0; d < limit; d++) if (infos.get(chain[d]!).families & bit) return 1 / (1 + d);
  return 0;
}

interface Aggregate {
  words: number;
  chars: number;
  links: number;
  blocks: number;
}

interface Group {
  members: number;
  words: number;
  chars: number;
  links: number;
}

/** Groups of siblings that repeat one structure (cards, posts, rows), found lazily per parent. */
class RepeatGroups {
  /** Each child of a parent already looked at, with the repeated group it belongs to, if any. */
  private readonly groupOf = new Map<Element, Group | null>();
  private readonly seen = new Set<AnyNode>();
  constructor(private readonly agg: Map<Element, Aggregate>) {}

  /** The nearest repeated group among the block's ancestors. */
  find(chain: Element[]): Group | null {
    const limit = Math.min(chain.length, settings().blockTree.repeatAncestors);
    for (let d = 0; d < limit; d++) {
      const element = chain[d]!;
      if (NOT_GROUP.has(element.name) || !element.parent) continue;
      if (!this.seen.has(element.parent)) this.groupChildren(element.parent);
      const group = this.groupOf.get(element);
      if (group) return group;
    }
    return null;
  }

  /** Sorts a parent's children by signature, once, and notes the group of each. */
  private groupChildren(parent: AnyNode): void {
    this.seen.add(parent);
    const members = new Map<string, Element[]>();
    for (const child of hasChildren(parent) ? parent.children : NO_CHILDREN) {
      if (!isTag(child)) continue;
      const sig = signature(child);
      const list = members.get(sig);
      if (list) list.push(child);
      else members.set(sig, [child]);
    }
    for (const list of members.values()) {
      const full = list.filter((m) => (this.agg.get(m)?.blocks ?? 0) >= settings().blockTree.repeatMemberMinBlocks);
      let group: Group | null = null;
      if (full.length >= settings().blockTree.repeatMinMembers) {
        group = { members: list.length, words: 0, chars: 0, links: 0 };
        for (const m of list) {
          const a = this.agg.get(m);
          if (!a) continue;
          group.words += a.words;
          group.chars += a.chars;
          group.links += a.links;
        }
      }
      for (const m of list) this.groupOf.set(m, group);
    }
  }
}

/**
 * The nearest ancestor that holds a fair share of the page (a tenth of its words, or 50 words: see
 * `blockTree.containerMinShare` in ../settings.ts),
 * as Readability's candidate would be: its share of the page and its link density.
 */
function containerOf(chain: Element[], agg: Map<Element, Aggregate>, pageWords: number): Aggregate | null {
  const { containerMinShare, containerMinWords, containerMinBlocks } = settings().blockTree;
  for (const element of chain) {
    const a = agg.get(element);
    if (a && (a.words >= pageWords * containerMinShare || a.words >= containerMinWords) && a.blocks >= containerMinBlocks) return a;
  }
  return null;
}

/** The level of the heading a block sits in (its owner or an ancestor is h1–h6); 0 outside any. */
function headingLevel(chain: Element[]): number {
  for (const element of chain) {
    const m = /^h([1-6])$/u.exec(element.name);
    if (m) return Number(m[1]);
  }
  return 0;
}

function linkDensity(block: Block): number {
  return block.text.length ? Math.min(block.linkChars ?? 0, block.text.length) / block.text.length : 0;
}

function capitalisedShare(text: string): number {
  const parts = text.split(/\s+/u).filter(Boolean);
  if (!parts.length) return 0;
  let upper = 0;
  for (const p of parts) if (SHAPES.upperFirst.test(p)) upper++;
  return upper / parts.length;
}

function windowWords(words: number[], i: number, radius: number): number {
  let total = 0;
  for (let j = Math.max(0, i - radius); j <= Math.min(words.length - 1, i + radius); j++) total += words[j]!;
  return total;
}

function hasNoscript(root: AnyNode): boolean {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (node.name === 'noscript') return true;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return false;
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export type { Document };

/** A page parsed for the block extractor: its tree, `<body>` and `<title>`. */
export interface ParsedPage {
  document: Document;
  body: AnyNode;
  title: string | null;
}

/** Parses precleaned HTML (./preclean.ts) with htmlparser2: fast, and no script ever runs. */
export function parseForBlocks(html: string): ParsedPage {
  const document = parseDocument(html);
  let body: AnyNode = document;
  let title: string | null = null;
  const stack: AnyNode[] = [document];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node) && node.type !== 'root') continue;
    if (isTag(node) && node.name === 'body' && body === document) body = node;
    if (isTag(node) && node.name === 'title' && title === null) {
      title =
        node.children
          .map((c) => (isText(c) ? c.data : ''))
          .join('')
          .replace(/\s+/gu, ' ')
          .trim() || null;
    }
    if (isTag(node) && node.name === 'body') continue;
    const children = hasChildren(node) ? node.children : NO_CHILDREN;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return { document, body, title };
}
