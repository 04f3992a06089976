/**
 * dedupe: repeated blocks inside one article. Scrapers capture a run of paragraphs twice, sites
 * print a teaser of a paragraph ("…") above the paragraph itself, templates repeat a block with a
 * word changed. The first full copy stays; the others go to `removed` saying which block they repeat.
 */
import { removal, type Article, type Block, type Removal } from '../record.js';
import { matchKey } from './features.js';
import { DEFAULTS, settings, settingsFor, withSettings, type SettingsOption } from '../settings.js';

/** The default settings of this module: `dedupe` in the registry (../settings.ts), where each says why. */
export const DEDUPE_DEFAULTS = DEFAULTS.dedupe;

const ELLIPSIS = /\s*(?:…|\.{3}|\[\s*(?:…|\.{3})\s*\])\s*$/u;
/**
 * Whether a text's last character that is not a space can end an ellipsis (`…`, `.`, `]`): asked
 * before ELLIPSIS, whose leading `\s*` makes the engine try every position of every block.
 */
function endsLikeEllipsis(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && /\s/u.test(text[i]!)) i--;
  const last = text[i];
  return last === '…' || last === '.' || last === ']';
}

const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{3,}/u;

export interface DedupeOptions extends SettingsOption {
  /** Also remove near-exact repeats (default true). */
  near?: boolean;
}

/** Removes repeated blocks, keeping the first full copy of each. */
export function dedupe(article: Article, options: DedupeOptions = {}): Article {
  if (article.error || article.blocks.length < 2) return article;
  return withSettings(settingsFor(options.settings), () => dedupeWith(article, options));
}

function dedupeWith(article: Article, options: DedupeOptions): Article {
  const near = options.near ?? true;
  const removals = new Map<Block, Removal>();
  const keys = article.blocks.map((block) => matchKey(block.text));
  removeExactRepeats(article.blocks, keys, removals);
  removeTruncatedCopies(article.blocks, keys, removals);
  if (near) removeNearRepeats(article.blocks, keys, removals);
  if (removals.size === 0) return article;
  article.blocks = article.blocks.filter((block) => !removals.has(block));
  for (const entry of removals.values()) article.removed.push(entry); // no spread: there may be a million
  return article;
}

function eligible(block: Block, key: string): boolean {
  return block.kind !== 'code' && key.length >= settings().dedupe.minChars;
}

function removeExactRepeats(blocks: Block[], keys: string[], removals: Map<Block, Removal>): void {
  const first = new Map<string, Block>();
  blocks.forEach((block, i) => {
    const key = keys[i]!;
    if (!eligible(block, key)) return;
    const original = first.get(key);
    if (original) removals.set(block, removal(block, 'duplicate', 'dedupe', { of: original.index }));
    else first.set(key, block);
  });
}

/** "The discussions would aim to revive…" above the paragraph that goes on. */
function removeTruncatedCopies(blocks: Block[], keys: string[], removals: Map<Block, Removal>): void {
  blocks.forEach((block, i) => {
    if (removals.has(block) || !endsLikeEllipsis(block.text) || !ELLIPSIS.test(block.text)) return;
    const stem = matchKey(block.text.replace(ELLIPSIS, ''));
    if (stem.length < settings().dedupe.truncatedMinChars) return;
    const full = blocks.findIndex((other, j) => j !== i && !removals.has(other) && keys[j]!.length > stem.length && keys[j]!.startsWith(stem));
    if (full >= 0) removals.set(block, removal(block, 'duplicate.truncated', 'dedupe', { of: blocks[full]!.index }));
  });
}

function removeNearRepeats(blocks: Block[], keys: string[], removals: Map<Block, Removal>): void {
  const index = new Map<string, number[]>();
  const shingleSets: Array<Set<string> | null> = [];
  blocks.forEach((block, i) => {
    const shingles = removals.has(block) || !eligible(block, keys[i]!) ? null : shinglesOf(keys[i]!);
    shingleSets.push(shingles);
    if (!shingles) return;
    const shared = new Map<number, number>();
    for (const s of shingles) for (const j of index.get(s) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, common] of shared) {
      const other = shingleSets[j]!;
      const similarity = common / (shingles.size + other.size - common);
      if (similarity >= settings().dedupe.nearMinSimilarity) {
        removals.set(block, removal(block, 'duplicate.near', 'dedupe', { of: blocks[j]!.index, similarity: Math.round(similarity * 100) / 100 }));
        return;
      }
    }
    for (const s of shingles) {
      const list = index.get(s);
      if (list) list.push(i);
      else index.set(s, [i]);
    }
  });
}

/**
 * Word n-grams of a match key; runs of Chinese or Japanese count two characters as a word. Each
 * n-gram is one slice of the key (its words are already joined by single spaces).
 */
function shinglesOf(key: string): Set<string> | null {
  const size = settings().dedupe.shingleSize;
  if (UNSPACED_RUN.test(key)) {
    const words = key.split(' ').flatMap((w) => (UNSPACED_RUN.test(w) ? (w.match(/.{1,2}/gu) ?? []) : [w]));
    if (words.length < settings().dedupe.nearMinWords) return null;
    const out = new Set<string>();
    for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
    return out;
  }
  const starts = [0];
  for (let i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) starts.push(i + 1);
  if (starts.length < settings().dedupe.nearMinWords) return null;
  const out = new Set<string>();
  for (let i = 0; i + size <= starts.length; i++) {
    const end = i + size < starts.length ? starts[i + size]! - 1 : key.length;
    out.add(key.slice(starts[i]!, end));
  }
  return out;
}
