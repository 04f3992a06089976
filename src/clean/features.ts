/**
 * Block features the cleaning steps measure: size, sentence shape, and vocabulary overlap with the
 * rest of the article. Pure functions over a block's text; patterns compiled once here.
 */
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `features` in the registry (../settings.ts), where each says why. */
export const FEATURE_DEFAULTS = DEFAULTS.features;

const PATTERNS = {
  /** Sentence-final punctuation, Latin and CJK, before any closing quotes or brackets. */
  sentenceEnd: /[.!?…:;。！？；：][\s"'”’»)\]）」』】]*$/u,
  /** Characters that never end a headline: a headline may end in ? or !, but not in , . ; : */
  notHeadlineEnd: /[,.;:،、，。；：][\s"'”’»)\]）」』】]*$/u,
  /** Apostrophes disappear in match keys, so `don't` becomes `dont`. */
  apostrophe: /['’ʼ`´]/g,
  /** Everything but letters, digits and `@` (kept for handles) separates words in match keys. */
  separator: /[^\p{L}\p{N}@]+/gu,
  email: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u,
  url: /\b(?:https?:\/\/|www\.)\S+/iu,
  handle: /(?:^|[\s(])@[\p{L}\p{N}_.]{2,}/u,
  firstLetter: /\p{L}/u,
} as const;

/** Separators between a headline and the site's name in a <title>: "Headline | Site", "Site – Headline". */
export const TITLE_SEPARATOR = /\s+[|–—\-:·•»]\s+/u;

/** Printable ASCII and spaces: text NFKC leaves as it is, and whose words the ASCII table tells. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;
const ASCII_SEPARATOR = /[^a-z0-9@]+/g;
const ASCII_APOSTROPHE = /['`]/g;

/**
 * The form rules match against: NFKC, lower case, apostrophes dropped, every run of punctuation,
 * symbols and spaces turned into one space. `Skip to main content »` → `skip to main content`.
 * (Most lines of most pages are plain ASCII, which takes a shorter road to the same key.)
 */
export function matchKey(text: string): string {
  let key = KEYS_SEEN.get(text);
  if (key !== undefined) return key;
  key = PLAIN_ASCII.test(text)
    ? text.toLowerCase().replace(ASCII_APOSTROPHE, '').replace(ASCII_SEPARATOR, ' ').trim()
    : text.normalize('NFKC').toLowerCase().replace(PATTERNS.apostrophe, '').replace(PATTERNS.separator, ' ').trim();
  if (text.length > MEMO_TEXT_MAX_CHARS) return key;
  if (KEYS_SEEN.size >= KEYS_SEEN_MAX) KEYS_SEEN.clear();
  KEYS_SEEN.set(text, key);
  return key;
}

/**
 * Match keys already made, by text. strip, dedupe and the metadata lifters each ask for the key of
 * the same block (and V8 keeps a string's hash, so asking again costs a lookup); a pure function's
 * cache changes no output. Emptied when full; short texts only (MEMO_TEXT_MAX_CHARS).
 */
const KEYS_SEEN = new Map<string, string>();
const KEYS_SEEN_MAX = 8192;
/**
 * Only texts up to this long are kept in the caches by text (here and in ./rule.ts): the lines that
 * repeat are chrome, and short. Long paragraphs are mostly seen once, and keeping them would let
 * a stream of large records hold megabytes per record until the cache fills (a 1 MB paragraph a
 * record would fill a worker's heap in a few hundred records). Bound: 8192 × 200 characters.
 */
export const MEMO_TEXT_MAX_CHARS = 200;

/** What a character is to the word tokenizer. */
const enum CharClass {
  Other = 0,
  /** A letter or digit: starts or continues a word. */
  Word = 1,
  /** A combining mark: continues a word, never starts one. */
  Mark = 2,
  /** Han, Hiragana, Katakana: written without spaces, counted in runs. */
  Unspaced = 3,
}

const WORD_START = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function classify(ch: string): CharClass {
  if (UNSPACED_CHAR.test(ch)) return CharClass.Unspaced;
  if (WORD_START.test(ch)) return CharClass.Word;
  return MARK.test(ch) ? CharClass.Mark : CharClass.Other;
}

/** Classes of the Basic Multilingual Plane, filled on first use (characters beyond it are asked one by one). */
let BMP_CLASSES: Uint8Array | null = null;

function bmpClasses(): Uint8Array {
  if (!BMP_CLASSES) {
    BMP_CLASSES = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) BMP_CLASSES[c] = classify(String.fromCharCode(c));
  }
  return BMP_CLASSES;
}

/**
 * Calls `onWord(start, end)` for every word of `text` (a letter or digit, then letters, digits and
 * combining marks) and `onRun(start, end)` for every run of Han, Hiragana or Katakana, which split
 * the words around them. One pass over the text, no regular expressions: every block of every page
 * is measured this way several times.
 */
function scanWords(text: string, onWord: (start: number, end: number) => void, onRun?: (start: number, end: number) => void): void {
  const table = bmpClasses();
  let wordStart = -1;
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let width = 1;
    let cls: CharClass;
    const next = code >= 0xd800 && code <= 0xdbff ? text.charCodeAt(i + 1) : 0;
    if (next >= 0xdc00 && next <= 0xdfff) {
      code = text.codePointAt(i)!;
      width = 2;
      cls = classify(String.fromCodePoint(code));
    } else {
      cls = table[code]! as CharClass;
    }
    if (cls !== CharClass.Unspaced && runStart >= 0) {
      onRun?.(runStart, i);
      runStart = -1;
    }
    if (cls === CharClass.Word || (cls === CharClass.Mark && wordStart >= 0)) {
      if (wordStart < 0) wordStart = i;
    } else {
      if (wordStart >= 0) onWord(wordStart, i);
      wordStart = -1;
      if (cls === CharClass.Unspaced && runStart < 0) runStart = i;
    }
    i += width - 1;
  }
  if (wordStart >= 0) onWord(wordStart, text.length);
  if (runStart >= 0) onRun?.(runStart, text.length);
}

/** The words of a text, as strings (see scanWords; unspaced runs are left out). */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}

/**
 * Word count, with runs of Chinese and Japanese characters counted as one word per two characters
 * (the average word length there), so thresholds work across scripts.
 */
export function countWords(text: string): number {
  let words = 0;
  scanWords(
    text,
    () => words++,
    (start, end) => (words += Math.max(1, Math.floor((end - start) / 2))),
  );
  return words;
}

/** Whether the text ends like a sentence (period, question or exclamation mark, colon…). */
export function endsSentence(text: string): boolean {
  return PATTERNS.sentenceEnd.test(text);
}

/**
 * Running text: long enough, ending like a sentence, and (where the language's stop words are
 * known) using function words the way sentences do; lists of names and titles do not.
 */
export function isProse(text: string, words = countWords(text), stop: ReadonlySet<string> = NO_STOPWORDS): boolean {
  if (words < settings().features.proseMinWords || !endsSentence(text)) return false;
  return stop.size === 0 || stopwordDensity(text, stop) >= settings().features.proseMinStopwordDensity;
}

const NO_STOPWORDS: ReadonlySet<string> = new Set();

/** Share of a text's words that are stop words (0 for a text without words). */
export function stopwordDensity(text: string, stop: ReadonlySet<string>): number {
  let words = 0;
  let hits = 0;
  for (const word of wordsOf(text.toLowerCase())) {
    words++;
    if (stop.has(word)) hits++;
  }
  return words ? hits / words : 0;
}

/**
 * Shaped like a headline: starts with a capital (or a caseless script, digit or quote), does not end
 * in sentence punctuation other than ? or !, and is not longer than a headline gets.
 */
export function isHeadlineShaped(text: string, maxWords: number = settings().features.headlineMaxWords): boolean {
  if (PATTERNS.notHeadlineEnd.test(text)) return false;
  const letter = PATTERNS.firstLetter.exec(text)?.[0];
  if (letter && letter !== letter.toUpperCase()) return false;
  return countWords(text) <= maxWords;
}

/** Whether the text holds an e-mail address, a URL or a social handle. */
export function contactTokens(text: string): { email: boolean; url: boolean; handle: boolean } {
  return {
    email: text.includes('@') && PATTERNS.email.test(text),
    url: PATTERNS.url.test(text),
    handle: PATTERNS.handle.test(text),
  };
}

/** The e-mail address in a text, if any. */
export function findEmail(text: string): string | null {
  if (!text.includes('@')) return null; // the pattern alone tries every position of every line
  return PATTERNS.email.exec(text)?.[0] ?? null;
}

/**
 * Topic stems of a text: prefixes of its content words (stop words and short words skipped), and
 * character bigrams for Chinese and Japanese runs. Used to measure how much two texts share.
 */
export function stems(text: string, stop: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  scanWords(
    lower,
    (start, end) => {
      const word = lower.slice(start, end);
      if (word.length < settings().features.stemMinWordLength || stop.has(word) || /^\d+$/.test(word)) return;
      out.add(word.slice(0, settings().features.stemLength));
    },
    (start, end) => {
      for (let i = start; i + 1 < end; i++) {
        const bigram = lower.slice(i, i + 2);
        if (!stop.has(bigram)) out.add(bigram);
      }
    },
  );
  return out;
}

/** Share of `a`'s stems found in `b` (1 when `a` has none: nothing to disagree with). */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 1;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / a.size;
}

/** Collapses every run of whitespace (including no-break spaces) into one space, and trims. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
