/**
 * Decisions that need the shape of the whole article rather than one block's words: which short
 * lines are subheadings, which are headlines of other stories dropped between paragraphs, which
 * repeat the subheadings as a table of contents, and which are stray fragments of page chrome at
 * its edges.
 */
import { keptItems, overlapWithRest, remove, stemCounts, stemsOf, zoneOf, type Doc, type Item, type Zone } from './doc.js';
import { endsSentence, isHeadlineShaped, overlap } from './features.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `structure` in the registry (../settings.ts), where each says why. */
export const STRUCTURE_DEFAULTS = DEFAULTS.structure;

/**
 * In text scrapes, a short headline-shaped line followed by prose is a subheading: its kind
 * becomes `heading` (HTML says so with its own tags). Says whether it marked any.
 */
export function markSubheadings(doc: Doc): boolean {
  if (doc.article.extractedBy !== 'text') return false;
  const kept = [...keptItems(doc)];
  let marked = false;
  kept.forEach(([item, i], k) => {
    const next = kept[k + 1]?.[0];
    if (zoneOf(doc, i) !== 'body' || item.block.kind !== 'paragraph' || item.prose || !next?.prose) return;
    if (item.view.words <= settings().structure.subheadingMaxWords && isHeadlineShaped(item.block.text)) {
      item.block.kind = 'heading';
      marked = true;
    }
  });
  return marked;
}

/**
 * Headlines of other stories that sites drop between paragraphs ("Russia's Tanks: Not What Putin
 * Wants"): headline-shaped lines inside the body that are entirely a link, or that are long like a
 * headline and off-topic twice over: the article as a whole uses few of their words, and the
 * paragraphs on either side use almost none. A subheading introduces the text next to it.
 */
export function removeRelatedHeadlines(doc: Doc): void {
  const counts = stemCounts(doc);
  const kept = [...keptItems(doc)];
  kept.forEach(([item, i], k) => {
    if (!isCandidateHeadline(doc, item, i, kept[k - 1]?.[0], kept[k + 1]?.[0])) return;
    const text = item.block.text;
    const linked = (item.block.linkChars ?? 0) / text.length;
    if (linked >= settings().structure.linkedShare) {
      remove(item, 'related.headline', { linked: round(linked) });
      return;
    }
    const long = item.view.words >= settings().structure.relatedMinWords || text.length >= settings().structure.relatedMinChars;
    if (!long) return;
    const article = overlapWithRest(doc, item, counts);
    if (article >= settings().structure.relatedMaxOverlap) return;
    const around = new Set<string>();
    for (const [neighbour] of [kept[k - 1], kept[k + 1]].filter((n) => n !== undefined)) {
      for (const s of stemsOf(doc, neighbour)) around.add(s);
    }
    const local = overlap(stemsOf(doc, item), around);
    if (local < settings().structure.relatedMaxLocalOverlap) {
      remove(item, 'related.headline', { overlap: round(article), localOverlap: round(local) });
    }
  });
}

function isCandidateHeadline(doc: Doc, item: Item, index: number, before?: Item, after?: Item): boolean {
  if (item.prose || (item.block.kind !== 'paragraph' && item.block.kind !== 'heading')) return false;
  // the first and last body blocks are prose by definition; a candidate sits between paragraphs
  if (index <= doc.bodyStart || index >= doc.bodyEnd || !isHeadlineShaped(item.block.text)) return false;
  return !isRow(doc, before) && !isRow(doc, after);
}

/**
 * A neighbour that makes a line one row of many: a line that is neither prose nor a heading the
 * page marked up. Rows of a table or of a list written without bullets stand beside each other; a
 * headline dropped into an article stands between paragraphs, or beside a subheading. In a text
 * scrape a heading is strip's guess (markSubheadings), which the last row of a table followed by
 * prose also gets: there it counts as a row.
 */
function isRow(doc: Doc, neighbour: Item | undefined): boolean {
  if (neighbour === undefined || neighbour.prose) return false;
  return neighbour.block.kind !== 'heading' || doc.article.extractedBy === 'text';
}

/**
 * Entries of a table of contents: short blocks that repeat a heading further down, at least
 * `tocMinEntries` of them in a row (a contents list). A lone line repeating a heading is a label the
 * article uses more than once ("Pros", "Key features" under each product it reviews).
 */
export function removeTocEntries(doc: Doc): void {
  const headingsAfter = new Map<string, number>();
  for (const [item, i] of keptItems(doc)) if (item.block.kind === 'heading') headingsAfter.set(item.view.key, i);
  const entries: [Item, number][] = [];
  const flush = () => {
    if (entries.length >= settings().structure.tocMinEntries) {
      for (const [item, heading] of entries) remove(item, 'nav.toc', { repeats: doc.items[heading]!.block.index });
    }
    entries.length = 0;
  };
  for (const [item, i] of keptItems(doc)) {
    const heading = item.block.kind === 'heading' || item.prose ? undefined : headingsAfter.get(item.view.key);
    if (heading !== undefined && heading > i) entries.push([item, heading]);
    else flush();
  }
  flush();
}

/**
 * Short non-sentence lines before or after the body: labels, counters, lone names, chrome. None in
 * a text that is the article alone (doc.whole).
 */
export function removeEdgeFragments(doc: Doc): void {
  // a text that is the article alone has no page around it: its short lines are its own (a kicker,
  // a forum post's user name, a row of a list)
  if (doc.whole) return;
  for (const [item, i] of keptItems(doc)) {
    if (zoneOf(doc, i) === 'body' || item.prose) continue;
    if (item.block.kind !== 'paragraph' && item.block.kind !== 'heading') continue;
    if (item.view.words <= settings().structure.fragmentMaxWords && !endsSentence(item.block.text)) {
      remove(item, 'layout.fragment', { words: item.view.words });
    }
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Whatever is still kept outside the article's main span (in the given zones): the page around the
 * article. A text that is the article alone (doc.whole) has none.
 */
export function removeOutsideBody(doc: Doc, zones: readonly Zone[] = ['head', 'tail']): void {
  if (doc.whole) return; // nothing around the article to remove
  for (const [item, i] of keptItems(doc)) {
    if (zones.includes(zoneOf(doc, i))) remove(item, 'layout.outside');
  }
}
