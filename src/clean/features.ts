/**
 * Block features the cleaning steps measure: size, sentence shape, and vocabulary overlap with the
 * rest of the article. Pure functions over a block's text; patterns compiled once here.
 */

/** Thresholds of the features below, each with where it came from. */
export const FEATURE_DEFAULTS = {
  /** Prose needs at least this many words: one-line captions, labels and headlines rarely reach it. */
  proseMinWords: 8,
  /**
   * Prose uses stop words: in running text of the languages stopwords-iso covers, a third to half
   * of the words are; lists of names, places and titles stay well under this.
   */
  proseMinStopwordDensity: 0.2,
  /** Stems are word prefixes this long, so inflected forms (tension/tensions, Russia/Russia's) meet. */
  stemLength: 5,
  /** Words shorter than this carry little topic and are skipped when measuring overlap. */
  stemMinWordLength: 3,
} as const;

const PATTERNS = {
  /** Han, Hiragana and Katakana: scripts written without spaces between words. */
  unspacedChar: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
  /** Sentence-final punctuation, Latin and CJK, before any closing quotes or brackets. */
  sentenceEnd: /[.!?…:;。！？；：][\s"'”’»)\]）」』】]*$/u,
  /** Characters that never end a headline: a headline may end in ? or !, but not in , . ; : */
  notHeadlineEnd: /[,.;:،、，。；：][\s"'”’»)\]）」』】]*$/u,
  /** Apostrophes disappear in match keys, so `don't` becomes `dont`. */
  apostrophe: /['’ʼ`´]/g,
  /** Everything but letters, digits and `@` (kept for handles) separates words in match keys. */
  separator: /[^\p{L}\p{N}@]+/gu,
  word: /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu,
  unspacedRun: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu,
  email: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u,
  url: /\b(?:https?:\/\/|www\.)\S+/iu,
  handle: /(?:^|[\s(])@[\p{L}\p{N}_.]{2,}/u,
  firstLetter: /\p{L}/u,
} as const;

/**
 * The form rules match against: NFKC, lower case, apostrophes dropped, every run of punctuation,
 * symbols and spaces turned into one space. `Skip to main content »` → `skip to main content`.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(PATTERNS.apostrophe, '')
    .replace(PATTERNS.separator, ' ')
    .trim();
}

/**
 * Word count, with runs of Chinese and Japanese characters counted as one word per two characters
 * (the average word length there), so thresholds work across scripts.
 */
export function countWords(text: string): number {
  let words = 0;
  for (const run of text.matchAll(PATTERNS.unspacedRun)) words += Math.max(1, Math.floor(run[0].length / 2));
  const spaced = words > 0 ? text.replace(PATTERNS.unspacedRun, ' ') : text;
  for (const _ of spaced.matchAll(PATTERNS.word)) words++;
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
  if (words < FEATURE_DEFAULTS.proseMinWords || !endsSentence(text)) return false;
  return stop.size === 0 || stopwordDensity(text, stop) >= FEATURE_DEFAULTS.proseMinStopwordDensity;
}

const NO_STOPWORDS: ReadonlySet<string> = new Set();

/** Share of a text's words that are stop words (0 for a text without words). */
export function stopwordDensity(text: string, stop: ReadonlySet<string>): number {
  let words = 0;
  let hits = 0;
  for (const [word] of text.toLowerCase().matchAll(PATTERNS.word)) {
    words++;
    if (stop.has(word)) hits++;
  }
  return words ? hits / words : 0;
}

/**
 * Shaped like a headline: starts with a capital (or a caseless script, digit or quote), does not end
 * in sentence punctuation other than ? or !, and is not longer than a headline gets.
 */
export function isHeadlineShaped(text: string, maxWords = 25): boolean {
  if (PATTERNS.notHeadlineEnd.test(text)) return false;
  const letter = PATTERNS.firstLetter.exec(text)?.[0];
  if (letter && letter !== letter.toUpperCase()) return false;
  return countWords(text) <= maxWords;
}

/** Whether the text holds an e-mail address, a URL or a social handle. */
export function contactTokens(text: string): { email: boolean; url: boolean; handle: boolean } {
  return {
    email: PATTERNS.email.test(text),
    url: PATTERNS.url.test(text),
    handle: PATTERNS.handle.test(text),
  };
}

/** The e-mail address in a text, if any. */
export function findEmail(text: string): string | null {
  return PATTERNS.email.exec(text)?.[0] ?? null;
}

/**
 * Topic stems of a text: prefixes of its content words (stop words and short words skipped), and
 * character bigrams for Chinese and Japanese runs. Used to measure how much two texts share.
 */
export function stems(text: string, stop: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  for (const match of lower.matchAll(PATTERNS.word)) {
    const word = match[0];
    if (PATTERNS.unspacedChar.test(word)) continue;
    if (word.length < FEATURE_DEFAULTS.stemMinWordLength || stop.has(word) || /^\d+$/.test(word)) continue;
    out.add(word.slice(0, FEATURE_DEFAULTS.stemLength));
  }
  for (const run of lower.matchAll(PATTERNS.unspacedRun)) {
    const chars = run[0];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars.slice(i, i + 2);
      if (!stop.has(bigram)) out.add(bigram);
    }
  }
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
