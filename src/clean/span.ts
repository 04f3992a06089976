/**
 * The article's main span: where in a sequence of blocks the article runs. A page flattened to text
 * holds the article among navigation, teasers, footers and comment threads; the article is the
 * stretch where running text is dense. Each block gets a weight (prose counts for its length,
 * chrome against it) and the span is the stretch with the highest total: the maximum-sum segment.
 * Labels that open another part of the page (comments, related stories, the footer) weigh heavily
 * against, so a span rarely reaches across them into the comment thread or the teasers, and
 * discount the prose after them.
 */
import type { BlockKind, ReasonId } from '../record.js';
import type { Doc, Item, Zone } from './doc.js';
import { endsSentence, isHeadlineShaped, matchKey } from './features.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `span` in the registry (../settings.ts), where each says why. */
export const SPAN_DEFAULTS = DEFAULTS.span;

export type SpanParams = { readonly [K in keyof typeof SPAN_DEFAULTS]: number };

/** Which error a user would rather make: keep a teaser (recall) or lose a paragraph (precision). */
export type Favor = 'precision' | 'balanced' | 'recall';
export const FAVORS: readonly Favor[] = ['precision', 'balanced', 'recall'];

export interface SpanProfile {
  params: SpanParams;
  /** Which ends of Readability's output the span trims (text and whole-page input lose both). */
  readabilityTrim: readonly Zone[];
}

/**
 * The span settings for each `favor`. Precision makes chrome dearer, asks more of unpunctuated
 * text and trims both ends of Readability's output; recall does the opposite and trusts
 * Readability's container whole. Their measured effect is in the README.
 */
export const FAVOR_PROFILES: Readonly<Record<Favor, SpanProfile>> = {
  precision: { params: { ...SPAN_DEFAULTS, chromeMinCost: 60, textMinWords: 12 }, readabilityTrim: ['head', 'tail'] },
  balanced: { params: SPAN_DEFAULTS, readabilityTrim: ['tail'] },
  recall: { params: { ...SPAN_DEFAULTS, chromeMinCost: 25, textMinWords: 6 }, readabilityTrim: [] },
};

/** Kinds of block the page marked up as structure (lists, tables, code): neither prose nor chrome. */
const STRUCTURED: ReadonlySet<BlockKind> = new Set(['list-item', 'table', 'code', 'quote']);

/** Removal reasons that mark where another part of the page begins. */
const SECTION_LABELS: ReadonlySet<string> = new Set<ReasonId>([
  'widget.comments',
  'related.label',
  'cta.newsletter',
  'nav.footer',
  'credit.copyright',
  'consent.cookies',
]);

/** How much a block says for (positive) or against (negative) the article running through it. */
export function weightOf(item: Item, next?: Item, p: SpanParams = settings().span): number {
  if (item.removal) return SECTION_LABELS.has(item.removal.reason) ? -p.sectionLabelCost : -p.chromeMinCost;
  const { text, kind } = item.block;
  const linked = (item.block.linkChars ?? 0) / text.length;
  if (linked < p.linkedProseShare) {
    if (item.prose) return text.length * (1 - linked);
    const words = item.view.words;
    if (STRUCTURED.has(kind)) return 0;
    if (kind === 'heading' || (next?.prose && words <= settings().structure.subheadingMaxWords && isHeadlineShaped(text))) return -p.headingCost;
    if (words >= p.textMinWords || (words >= p.sentenceMinWords && endsSentence(text))) return 0;
  }
  return -Math.max(p.chromeMinCost, text.length * p.chromeCostPerChar);
}

/**
 * The first and last index of the article's span: the maximum-weight stretch of items (Kadane's
 * algorithm), widened over the neutral blocks on either side (text that is neither clearly prose
 * nor clearly chrome stays with the article it touches). Null when no stretch weighs anything.
 * `headline` is the match key of the page's headline: where the page repeats it, the article starts,
 * be it the first block (once strip has taken out the chrome above it, a copy of the headline opens
 * the blocks). `titleIndex` is the block the headline was read from, if any: that is no copy.
 */
export function mainSpan(items: readonly Item[], headline = '', p: SpanParams = settings().span, titleIndex = -1): [number, number] | null {
  let factor = 1;
  let proseSeen = 0;
  const weights = items.map((item, i) => {
    const w = i !== titleIndex && isHeadline(item, headline, p) ? p.headlineWeight : weightOf(item, items[i + 1], p);
    if (w <= -p.sectionLabelCost && proseSeen >= p.sectionDiscountAfterChars) {
      factor = Math.max(p.sectionDiscountFloor, factor * p.sectionDiscount);
    }
    if (w > 0) proseSeen += w;
    return w > 0 ? w * factor : w;
  });
  let best = 0;
  let bestSpan: [number, number] | null = null;
  let sum = 0;
  let start = 0;
  for (let i = 0; i < weights.length; i++) {
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += weights[i]!;
    if (sum > best) {
      best = sum;
      bestSpan = [start, i];
    }
  }
  if (!bestSpan) return null;
  let [first, last] = bestSpan;
  while (first > 0 && weights[first - 1]! >= 0) first--;
  while (last < weights.length - 1 && weights[last + 1]! >= 0) last++;
  return [first, last];
}

/** A copy of the headline: whole, or its first words. */
function isHeadline(item: Item, headline: string, p: SpanParams): boolean {
  if (!headline || item.prose || item.removal || item.view.words < p.headlineMinWords) return false;
  return headline === item.view.key || headline.startsWith(item.view.key + ' ');
}

/**
 * Sets the doc's body to the article's span. Without any prose there is no telling chrome from
 * article, and every block counts as body. Says too whether a text is the article alone (isWhole):
 * its span still tells where a headline or a dateline may stand, but nothing is cut for standing
 * outside it (see ./structure.ts).
 */
export function findBody(doc: Doc, p: SpanParams = settings().span): void {
  const text = doc.article.extractedBy === 'text';
  // text scrapes open with the page's <title>; HTML pages have theirs in the metadata
  const fromFirst = !doc.article.meta.title && text;
  const title = fromFirst ? doc.items[0]?.block.text : doc.article.meta.title;
  doc.whole = text && isWhole(doc.items, p);
  const span = mainSpan(doc.items, title ? matchKey(title) : '', p, fromFirst ? 0 : -1);
  doc.bodyStart = span ? span[0] : 0;
  doc.bodyEnd = span ? span[1] : doc.items.length - 1;
  doc.items.forEach((item, i) => {
    item.view.edge = i < doc.bodyStart || i > doc.bodyEnd;
  });
}

/** Characters of code, numbers and markup: a line with one is a row of data or code, not a menu entry. */
const NOT_A_LABEL = /[\p{N}{}()[\]<>=;_/\\$#@|*+~^]/u;
/**
 * A label opens with a capital (or a letter of a script without case), after an opening quote if
 * any: menus are capitalised, and lines of code and the run-on lines of lists are not.
 */
const LABEL_START = /^["'„“«‚‘(]?(?:\p{Lu}|\p{Lo}|\p{Lt})/u;

/**
 * A menu entry as a page flattened to text shows it: a short label on a line of its own ("News",
 * "Contact us", "Sign in"), no sentence, no digits, no code. Bulleted lines are list items and the
 * rules' cruft is cruft already: neither is counted.
 */
export function isMenuEntry(item: Item, p: SpanParams = settings().span): boolean {
  if (item.removal || item.prose || item.block.kind !== 'paragraph') return false;
  const text = item.block.text;
  const words = item.view.words;
  return words > 0 && words <= p.menuEntryMaxWords && !endsSentence(text) && LABEL_START.test(text) && !NOT_A_LABEL.test(text);
}

/**
 * Whether a text is the article alone, with no page around it. A page dump opens with its menus
 * and ends with its footer links; a clean text has at most a title, a kicker or a subheading before
 * its first line of prose and a line or two after its last. So: at most `wholeMaxEdgeMenus` menu
 * entries outside the prose, and no run of more than `wholeMaxMenuRun` of them between its prose
 * lines (a sidebar, the menu between an article and its comments). Lines the rules took out are
 * not counted at the edges (a clean text may carry a share bar or a copyright line) but lengthen
 * a run they stand in. Lists, tables and code are no menus (see isMenuEntry), and a list written
 * without bullets is rarely longer than a sidebar.
 */
export function isWhole(items: readonly Item[], p: SpanParams = settings().span): boolean {
  let edgeMenus = 0; // before the first prose line
  let pending = 0; // since the last prose line: at the edge unless prose follows
  let run = 0;
  let longestRun = 0; // since the last prose line
  let proseSeen = false;
  for (const item of items) {
    if (item.removal) {
      // chrome the rules know ("About us", "Privacy") stands in menus: it lengthens the run it is in
      longestRun = Math.max(longestRun, ++run);
      continue;
    }
    if (isMenuEntry(item, p)) {
      longestRun = Math.max(longestRun, ++run);
      if (proseSeen) pending++;
      else if (++edgeMenus > p.wholeMaxEdgeMenus) return false;
    } else {
      run = 0;
      if (!item.prose) continue;
      if (proseSeen && longestRun > p.wholeMaxMenuRun) return false;
      proseSeen = true;
      pending = 0;
      longestRun = 0;
    }
  }
  return edgeMenus + pending <= p.wholeMaxEdgeMenus;
}
