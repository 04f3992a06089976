/**
 * The line model: the last word on which lines of a text dump are article text. Text dumps carry
 * none of the markup the HTML block model reads, so strip's rules and span decide them; the line
 * model reads what text does carry (a line's length and shape, its neighbours, repeats on the page)
 * together with what strip decided about the line and why, and learns where those decisions go
 * wrong (trained by scripts/train/lines.ts on the WCXB and traf text dumps, cross-validated by site).
 *
 * It judges the lines strip kept or cut by position (the span, fragments): lines lifted into
 * metadata (title, date, byline), repeats dedupe took out and lines a named rule took out stay
 * out, so fields, the one-copy guarantee and the rules' examples do not depend on it.
 */
import { checkFeatures, modelFile, probability, type BoostedModel } from '../extract/gbdt.js';
import { removal, type Article, type Block, type Removal } from '../record.js';
import { DEFAULTS, settings } from '../settings.js';

/** The line model's file: boosted trees and the threshold chosen with them. */
export interface LineModelFile {
  version: 1;
  source: string;
  /** A line the model gives at least this probability of being content is kept (out-of-fold sweep). */
  keepAbove: number;
  /** The cross-validated scores, for the record. */
  cv: Record<string, number | string>;
  model: BoostedModel;
}

/** What strip and dedupe decided about a line, as the model reads it. */
const DECISIONS = {
  kept: 0,
  'layout.outside': 1,
  'layout.fragment': 2,
  related: 3,
  rule: 4,
  meta: 5,
  duplicate: 6,
} as const;

/**
 * Lines whose fate the model does not decide (see the file's comment). Lines a named rule took out
 * stay out too: each rule is a phrase of one kind of cruft with examples ("join us on Telegram"),
 * and headlines of other stories are found by comparing the line's words with the article's; a
 * line's shape cannot overrule either, and a model left free took such lines back. The model
 * decides the lines the rules kept and those the span and the fragment check cut by position.
 */
const FIXED_DECISIONS: ReadonlySet<number> = new Set([DECISIONS.meta, DECISIONS.duplicate, DECISIONS.related, DECISIONS.rule]);

/** Whether the model decides a line strip and dedupe decided thus (a DECISIONS code): not lifts and repeats. */
export function judgedByModel(decision: number): boolean {
  return !FIXED_DECISIONS.has(decision);
}

/** Whether strip and dedupe kept a line (a DECISIONS code). */
export function keptByRules(decision: number): boolean {
  return decision === DECISIONS.kept;
}

/** The default settings of this module: `lines` in the registry (../settings.ts), where each says why. */
export const LINE_DEFAULTS = DEFAULTS.lines;

export const LINE_FEATURE_NAMES = [
  'log_chars',
  'words',
  'avg_word_len',
  'punct_share',
  'digit_share',
  'upper_share',
  'capitalized_share',
  'ends_sentence',
  'ends_colon',
  'starts_upper',
  'list_item',
  'link_like',
  'separators',
  'repeats',
  'common_share',
  'rel_pos',
  'words_before_share',
  'words_rank',
  'decision',
  'kept',
  'heading',
  'prev_words',
  'next_words',
  'prev_kept',
  'next_kept',
  'prev_ends_sentence',
  'next_ends_sentence',
  'window_words',
  'window_kept',
  'window_sentences',
  'kept_distance',
  'long_run',
  'page_lines',
  'page_kept_share',
] as const;

/** Characters that separate menu entries and breadcrumbs when a page is flattened to text. */
const SEPARATOR_CODES = new Set([...'|»›«‹·•/>→–'].map((ch) => ch.charCodeAt(0)));
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', '"', '”', '»', ')', '。']);
/** Pieces of a line that name a link or an address rather than say something. */
const LINK_MARKS = ['http', 'www.', '.com', '.html', '@'];

/** A text page's lines as the model sees them: the segmented blocks and one feature row each. */
export interface LinePage {
  blocks: readonly Block[];
  rows: Float64Array[];
  /** Each line's decision code (DECISIONS) from strip and dedupe. */
  decisions: number[];
}

/**
 * The features of every line of a text page: `original` is the page as segmentation left it,
 * `article` the same page after strip and dedupe (its blocks and removals say what they decided).
 * One pass over the lines and a few over their per-line numbers; nothing quadratic.
 */
export function readLinePage(original: readonly Block[], article: Article): LinePage {
  const n = original.length;
  const decisionByIndex = new Map<number, number>();
  for (const r of article.removed) decisionByIndex.set(r.index, decisionOf(r));
  const keptByIndex = new Map<number, Block>();
  for (const b of article.blocks) keptByIndex.set(b.index, b);
  const words = new Float64Array(n);
  const sentence = new Float64Array(n);
  const kept = new Float64Array(n);
  const decisions: number[] = [];
  const counts = new Map<string, number>();
  const textCount = new Map<string, number>();
  let totalWords = 0;
  let maxWords = 1;
  const shapes: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const b = original[i]!;
    const shape = shapeOf(b.text);
    shapes.push(shape);
    const tokens = shape.words;
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    words[i] = tokens.length;
    totalWords += tokens.length;
    if (tokens.length > maxWords) maxWords = tokens.length;
    sentence[i] = SENTENCE_ENDS.has(b.text[b.text.length - 1]!) ? 1 : 0;
    const decision = keptByIndex.has(b.index) ? DECISIONS.kept : (decisionByIndex.get(b.index) ?? DECISIONS.rule);
    decisions.push(decision);
    kept[i] = decision === DECISIONS.kept ? 1 : 0;
    textCount.set(b.text, (textCount.get(b.text) ?? 0) + 1);
  }
  const common = new Set(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, settings().lines.commonWords)
      .map(([t]) => t),
  );
  const keptDistance = distances(kept);
  const longRun = runLengths(words);
  const wWords = prefixWindow(words);
  const wKept = prefixWindow(kept);
  const wSentence = prefixWindow(sentence);
  let keptWords = 0;
  for (let i = 0; i < n; i++) if (kept[i]) keptWords += words[i]!;
  const rows: Float64Array[] = [];
  let before = 0;
  for (let i = 0; i < n; i++) {
    const b = original[i]!;
    const shape = shapes[i]!;
    const tokens = shape.words;
    let commonHits = 0;
    for (const t of tokens) if (common.has(t)) commonHits++;
    const keptBlock = keptByIndex.get(b.index);
    const row = new Float64Array(LINE_FEATURE_NAMES.length);
    let k = 0;
    row[k++] = Math.log1p(b.text.length);
    row[k++] = words[i]!;
    row[k++] = tokens.length ? shape.letters / tokens.length : 0;
    row[k++] = shape.punct / b.text.length;
    row[k++] = shape.digits / b.text.length;
    row[k++] = shape.letters ? shape.upper / shape.letters : 0;
    row[k++] = shape.wordsSeen ? shape.capitalized / shape.wordsSeen : 0;
    row[k++] = sentence[i]!;
    row[k++] = b.text.endsWith(':') ? 1 : 0;
    row[k++] = shape.startsUpper ? 1 : 0;
    row[k++] = b.kind === 'list-item' ? 1 : 0;
    row[k++] = LINK_MARKS.some((m) => b.text.includes(m)) ? 1 : 0;
    row[k++] = shape.separators;
    row[k++] = textCount.get(b.text)! - 1;
    row[k++] = tokens.length ? commonHits / tokens.length : 0;
    row[k++] = n > 1 ? i / (n - 1) : 0;
    row[k++] = totalWords ? before / totalWords : 0;
    row[k++] = words[i]! / maxWords;
    row[k++] = decisions[i]!;
    row[k++] = kept[i]!;
    row[k++] = keptBlock?.kind === 'heading' ? 1 : 0;
    row[k++] = i > 0 ? words[i - 1]! : -1;
    row[k++] = i + 1 < n ? words[i + 1]! : -1;
    row[k++] = i > 0 ? kept[i - 1]! : -1;
    row[k++] = i + 1 < n ? kept[i + 1]! : -1;
    row[k++] = i > 0 ? sentence[i - 1]! : -1;
    row[k++] = i + 1 < n ? sentence[i + 1]! : -1;
    row[k++] = wWords[i]!;
    row[k++] = wKept[i]!;
    row[k++] = wSentence[i]!;
    row[k++] = keptDistance[i]!;
    row[k++] = longRun[i]!;
    row[k++] = Math.log1p(n);
    row[k] = totalWords ? keptWords / totalWords : 0;
    rows.push(row);
    before += words[i]!;
  }
  return { blocks: original, rows, decisions };
}

/** A removal by where the line stood (outside the span, a fragment at its edge), not by what it says. */
function isCutByPosition(r: Removal): boolean {
  return r.reason === 'layout.outside' || r.reason === 'layout.fragment';
}

function decisionOf(r: Removal): number {
  const reason = r.reason;
  if (reason === 'layout.outside') return DECISIONS['layout.outside'];
  if (reason === 'layout.fragment') return DECISIONS['layout.fragment'];
  if (reason.startsWith('meta.')) return DECISIONS.meta;
  if (reason.startsWith('duplicate')) return DECISIONS.duplicate;
  if (reason.startsWith('related.')) return DECISIONS.related;
  return DECISIONS.rule;
}

interface Shape {
  letters: number;
  upper: number;
  digits: number;
  punct: number;
  separators: number;
  wordsSeen: number;
  capitalized: number;
  startsUpper: boolean;
  /** The line's words, lower-cased: runs of letters, digits and underscores (the scorer's words). */
  words: string[];
}

/**
 * Character classes of a line, counted in one pass over its char codes: ASCII by range, other
 * characters by whether they have case (the letters of cased scripts; uncased ones count as neither).
 */
function shapeOf(text: string): Shape {
  const s: Shape = {
    letters: 0,
    upper: 0,
    digits: 0,
    punct: 0,
    separators: 0,
    wordsSeen: 0,
    capitalized: 0,
    startsUpper: false,
    words: [],
  };
  let inWord = false;
  let first = true;
  let wordStart = -1;
  const endWord = (i: number) => {
    if (wordStart >= 0) s.words.push(text.slice(wordStart, i).toLowerCase());
    wordStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let letter = false;
    let upper = false;
    let uncased = false;
    if (c < 128) {
      upper = c >= 65 && c <= 90;
      letter = upper || (c >= 97 && c <= 122);
    } else if (c >= 0xc0) {
      const ch = text[i]!;
      upper = ch !== ch.toLowerCase();
      letter = upper || ch !== ch.toUpperCase();
      // letters of scripts without case (CJK, Arabic, Hebrew, Thai…) and surrogate halves of word characters
      uncased = !letter && (WORD_CHAR.test(ch) || (c >= 0xd800 && c <= 0xdfff));
    }
    if (letter || uncased || (c >= 48 && c <= 57) || c === 95) {
      if (wordStart < 0) wordStart = i;
    } else endWord(i);
    if (uncased) {
      first = false;
      inWord = true;
    } else if (letter) {
      s.letters++;
      if (upper) s.upper++;
      if (!inWord) {
        s.wordsSeen++;
        if (upper) s.capitalized++;
      }
      if (first) s.startsUpper = upper;
      inWord = true;
      first = false;
    } else if (c >= 48 && c <= 57) {
      s.digits++;
      inWord = true;
      first = false;
    } else {
      inWord = false;
      if (c !== 32) s.punct++;
      if (SEPARATOR_CODES.has(c)) s.separators++;
    }
  }
  endWord(text.length);
  return s;
}

/** One character that is a letter or a digit in any script (asked only of non-ASCII characters without case). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Mean of each value over the lines within settings().lines.window of it (prefix sums). */
function prefixWindow(values: Float64Array): Float64Array {
  const n = values.length;
  const sums = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) sums[i + 1] = sums[i]! + values[i]!;
  const out = new Float64Array(n);
  const w = settings().lines.window;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - w);
    const hi = Math.min(n, i + w + 1);
    out[i] = (sums[hi]! - sums[lo]!) / (hi - lo);
  }
  return out;
}

/** Lines to the nearest kept line (0 for a kept one), capped: two sweeps. */
function distances(kept: Float64Array): Float64Array {
  const n = kept.length;
  const cap = settings().lines.maxDistance;
  const out = new Float64Array(n).fill(cap);
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    if (kept[i]) last = i;
    out[i] = Math.min(cap, i - last);
  }
  last = Infinity;
  for (let i = n - 1; i >= 0; i--) {
    if (kept[i]) last = i;
    out[i] = Math.min(out[i]!, last - i, cap);
  }
  return out;
}

/** For each line, how many lines long the run of prose lines (`lines.proseWords`) it stands in is; 0 outside one. */
function runLengths(words: Float64Array): Float64Array {
  const proseWords = settings().lines.proseWords;
  const n = words.length;
  const out = new Float64Array(n);
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && words[i]! >= proseWords) continue;
    for (let j = start; j < i; j++) out[j] = i - start;
    start = i + 1;
  }
  return out;
}

const MODEL_URL = new URL('../extract/model/lines.json', import.meta.url);

/**
 * The line model, read and checked on first use: from the file `DECRUFT_LINE_MODEL` names (the
 * training scripts' cross-validation), else the one shipped beside the block model.
 */
export function lineModel(): LineModelFile {
  return modelFile<LineModelFile>('line model', 'DECRUFT_LINE_MODEL', MODEL_URL, (model) => checkFeatures(model.model, LINE_FEATURE_NAMES, 'line model'));
}

/**
 * Applies the line model to a text page after strip and dedupe: lines it judges content come back
 * (their removal is undone), lines it judges cruft go with reason `layout.model`. Lines lifted into
 * metadata and repeats stay as they are, and a page the rules took nothing out of is left whole.
 * Returns the article.
 */
export function judgeLines(article: Article, original: readonly Block[], model = lineModel()): Article {
  // the model learned corrections to strip's cuts by position on raw dumps: where strip cut nothing
  // by position, the text read as the article alone (cleaned output fed back, an extractor's output,
  // a feed's body), and the named rules' removals are all there is to it: it stays whole
  if (original.length === 0 || !article.removed.some(isCutByPosition)) return article;
  const page = readLinePage(original, article);
  const keptByIndex = new Map<number, Block>();
  for (const b of article.blocks) keptByIndex.set(b.index, b);
  const restored = new Set<number>();
  const dropped: Removal[] = [];
  const blocks: Block[] = [];
  for (let i = 0; i < original.length; i++) {
    const block = original[i]!;
    const decision = page.decisions[i]!;
    const kept = keptByIndex.get(block.index);
    if (!judgedByModel(decision)) {
      if (kept) blocks.push(kept);
      continue;
    }
    const p = probability(model.model, page.rows[i]!);
    if (p >= model.keepAbove) {
      if (!kept) restored.add(block.index);
      blocks.push(kept ?? block);
    } else if (kept) {
      dropped.push(removal(kept, 'layout.model', 'strip', { p: Math.round(p * 1000) / 1000 }));
    }
  }
  if (restored.size === 0 && dropped.length === 0) return article;
  article.blocks = blocks;
  article.removed = article.removed.filter((r) => !restored.has(r.index));
  article.removed.push(...dropped);
  return article;
}
