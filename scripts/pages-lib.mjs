/**
 * The page corpus (test/pages): reading its pages, the part of decruft's output each page pins, and
 * the word-overlap score against a page's hand-written answer. Shared by scripts/regen-pages.mjs
 * (which runs the build in dist/) and test/pages.test.ts (which runs src/ through tsx), so that both
 * judge a page the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the pages live: one folder per page, `<type>-<what-it-tests>`. */
export const PAGES_DIR = new URL('../test/pages/', import.meta.url).pathname;

/** The page types of the block classifier, plus `other` for pages that are none of them. */
export const PAGE_TYPES = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service', 'other'];

/** Page types that must each have at least MIN_PAGES_PER_TYPE pages (`other` is for odd cases). */
export const COVERED_TYPES = PAGE_TYPES.filter((t) => t !== 'other');
export const MIN_PAGES_PER_TYPE = 5;

/**
 * The output keys expected.json pins, in this order; `pageType` only once decruft reports one.
 * `blocks` and `removed` are left out: the text shows what a reviewer needs to see change.
 */
export const PINNED_KEYS = ['title', 'byline', 'published', 'lang', 'pageType', 'extractedBy', 'text'];

/**
 * How far below a page's current F1 its floor sits: room for small shifts of wording while the
 * extractor is reworked, too little for a page to lose a paragraph or gain a menu unnoticed.
 */
export const F1_SLACK = 0.02;

/**
 * Words: runs of Unicode letters, digits and underscores (what `\w+` means in Python and in
 * the dev set's scorers), so that "Straße" and "café" stay one word each. JavaScript's `\w` is
 * ASCII only and would split them.
 */
const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * @typedef {{ type: string, url: string, notes: string }} PageInfo
 * @typedef {{ name: string, dir: string, info: PageInfo, html: string, answer: string }} Page
 */

/** Every page of the corpus, by folder name. @returns {Page[]} */
export function readPages(dir = PAGES_DIR) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const at = join(dir, name);
      return {
        name,
        dir: at,
        info: JSON.parse(readFileSync(join(at, 'page.json'), 'utf8')),
        html: readFileSync(join(at, 'input.html'), 'utf8'),
        answer: readFileSync(join(at, 'answer.txt'), 'utf8'),
      };
    });
}

/**
 * The pinned part of one output record (toOutput with `explain`): the PINNED_KEYS it has, with
 * `pageType` left out while decruft does not report it; a failed record keeps its `error`.
 * @param {Record<string, unknown>} output
 */
export function pinnedOutput(output) {
  /** @type {Record<string, unknown>} */
  const out = {};
  if (output['error']) out['error'] = output['error'];
  for (const key of PINNED_KEYS) {
    if (key in output) out[key] = output[key];
    else if (key !== 'pageType') out[key] = null;
  }
  return out;
}

/** Lower-cased words of a text. @param {string} text */
export function words(text) {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Bag-of-words precision, recall and F1 of `found` against `truth`: words counted with their
 * multiplicity, overlap the sum of the smaller counts. Two empty texts agree perfectly; an empty
 * side against a non-empty one scores 0.
 * @param {string} found
 * @param {string} truth
 */
export function wordScore(found, truth) {
  const got = words(found);
  const want = words(truth);
  if (got.length === 0 && want.length === 0) return { precision: 1, recall: 1, f1: 1 };
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const w of want) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of got) {
    const left = counts.get(w) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(w, left - 1);
    }
  }
  const precision = got.length ? overlap / got.length : 0;
  const recall = want.length ? overlap / want.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * The floor a page's F1 must stay at or above: F1_SLACK below its F1, rounded down to two
 * decimals (the epsilon keeps 0.75 - 0.02 from rounding to 0.72), never below 0.
 * @param {number} f1
 */
export function f1Floor(f1) {
  return Math.max(0, Math.floor((f1 - F1_SLACK) * 100 + 1e-9) / 100);
}
