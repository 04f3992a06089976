/**
 * The working view strip builds of one article: its blocks with their measured features, which of
 * them are removed and why, and where the article body starts and ends (see ./span.ts). Blocks
 * before the body form the head zone, blocks after it the tail zone: that is where page chrome,
 * headlines, datelines and bylines sit.
 */
import { countsStopwords, stopwords } from '../lang.js';
import { removal, type Article, type Block, type CustomReasonId, type ReasonId, type Removal } from '../record.js';
import { isProse, stems } from './features.js';
import { viewOf, type BlockView, type CompiledRule } from './rule.js';

export interface Item {
  block: Block;
  view: BlockView;
  prose: boolean;
  removal: Removal | null;
  /** What the block's text alone says, shared by every pass of one strip call. */
  known: Known;
}

/**
 * What a block's text alone says about it: worked out at most once per strip call, however many
 * passes it makes (see strip), and read from here by every pass.
 */
export interface Known {
  /** The block's view with `edge` unset; each pass works on a copy. */
  view: BlockView;
  prose: boolean;
  stems?: Set<string>;
  /** The first rule that holds only outside the body and matches the block (null: none), once asked. */
  edgeRule?: CompiledRule | null;
  /**
   * Asked, it is no bare dateline. Not every pass asks every block (a text that is the article alone
   * leaves the blocks after its first prose unasked, and a removal may change which those are), so
   * this is kept per block rather than assumed of every block that was kept.
   */
  notDateline?: true;
}

/** Known features by block, for the passes of one strip call. */
export type KnownBlocks = Map<Block, Known>;

export type Zone = 'head' | 'body' | 'tail';

export interface Doc {
  article: Article;
  items: Item[];
  stop: ReadonlySet<string>;
  /**
   * Every block has been through an earlier pass of strip and was kept: no rule that holds anywhere
   * matches it (which depends on its text alone), so that check is skipped.
   */
  settled: boolean;
  /** Index of the first and last item of the body; head = [0, bodyStart), tail = (bodyEnd, end]. */
  bodyStart: number;
  bodyEnd: number;
  /** The text is the article alone (see isWhole in ./span.ts): all of it is body. */
  whole: boolean;
}

/**
 * The working view of an article. `known` carries what earlier passes of the same strip call
 * learnt about its blocks; `settled` says every block went through such a pass and was kept.
 */
export function createDoc(article: Article, known: KnownBlocks = new Map(), settled = false): Doc {
  const stop = stopwords(article.meta.lang);
  const proseStop = countsStopwords(article.meta.lang) ? stop : undefined;
  const items = article.blocks.map((block): Item => {
    let features = known.get(block);
    if (!features) {
      const view = viewOf(block.text, false);
      features = { view, prose: isProse(block.text, view.words, proseStop) };
      known.set(block, features);
    }
    return { block, view: { ...features.view }, prose: features.prose, removal: null, known: features };
  });
  return { article, items, stop, settled, bodyStart: 0, bodyEnd: items.length - 1, whole: false };
}

export function zoneOf(doc: Doc, index: number): Zone {
  return index < doc.bodyStart ? 'head' : index > doc.bodyEnd ? 'tail' : 'body';
}

export function remove(item: Item, reason: ReasonId | CustomReasonId, detail?: Removal['detail']): void {
  item.removal ??= removal(item.block, reason, 'strip', detail);
}

/** Items still in the article, with their positions. */
export function* keptItems(doc: Doc, zone?: Zone): Generator<[Item, number]> {
  for (let i = 0; i < doc.items.length; i++) {
    const item = doc.items[i]!;
    if (!item.removal && (zone === undefined || zoneOf(doc, i) === zone)) yield [item, i];
  }
}

export function stemsOf(doc: Doc, item: Item): Set<string> {
  return (item.known.stems ??= stems(item.block.text, doc.stop));
}

/**
 * How many kept blocks of the body use each stem: the article's vocabulary. Not the page's: the
 * teasers and menus around the body are on their way out, and their words must not vouch for a
 * headline inside it.
 */
export function stemCounts(doc: Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [item] of keptItems(doc, 'body')) {
    for (const s of stemsOf(doc, item)) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (doc.article.meta.title) {
    for (const s of stems(doc.article.meta.title, doc.stop)) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

/** Share of an item's stems that other kept blocks (or the title) use too. */
export function overlapWithRest(doc: Doc, item: Item, counts: Map<string, number>): number {
  const own = stemsOf(doc, item);
  if (own.size === 0) return 1;
  let shared = 0;
  for (const s of own) if ((counts.get(s) ?? 0) > (item.removal ? 0 : 1)) shared++;
  return shared / own.size;
}
