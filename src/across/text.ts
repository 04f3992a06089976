/**
 * Text and hashing shared by the steps across documents (copies, stories): the same words and the
 * same hashes, so a term means the same in both and in the shipped document frequencies.
 */
import type { Article } from '../record.js';

/** What a record is called in `dupOf` and `story`: its `id`, else its `url`, else its position (1-based). */
export type RecordKey = string | number;

// ---------------------------------------------------------------------------------------------
// Words

/** Scripts written without spaces between words: every character is a token. */
const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
/** A token: one character of an unspaced script, or a word (letters, digits, marks) of any other. */
const TOKEN = new RegExp(`[${UNSPACED}]|(?:(?![${UNSPACED}])[\\p{L}\\p{N}])(?:(?![${UNSPACED}])[\\p{L}\\p{N}\\p{M}])*`, 'gu');

/** The tokens of a text, normalised: NFKC, lower case, punctuation and symbols dropped. */
export function tokensOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** A text's tokens as tokensOf cuts them: each one's hash (fnv1a of its lower case) and what it looks like. */
export interface Words {
  hashes: Uint32Array;
  /** Per token, WORD_FLAGS bits. */
  flags: Uint8Array;
}

export const WORD_FLAGS = {
  /** First token of the text, of a line, or after `.`, `!`, `?` or `:`: its capital says nothing. */
  sentenceStart: 1,
  /** Begins with a capital letter. */
  capital: 2,
  /** Holds a digit. */
  digit: 4,
} as const;

/** A sentence ends before this, when only spaces, quotes and brackets come between. */
const SENTENCE_END = /[.!?:\n][\s"'“”‘’«»()[\]]*$/u;
const CAPITAL = /^\p{Lu}/u;
const DIGIT = /\p{N}/u;

/**
 * Texts cut lately: the copies and stories steps cut the same record's text one after the other, a
 * few dozen records apart at most (their streams' buffers). Bounded by count and by characters held,
 * so that records of megabytes are not kept by the dozen.
 */
const RECENT = new Map<string, Words>();
const RECENT_MAX = 64;
const RECENT_MAX_CHARS = 4_000_000;
let recentChars = 0;

/**
 * The words of a text: tokensOf's tokens, hashed as fnv1a(token in lower case), with their flags;
 * one pass over the text, without a string a token, shared by the steps that read the same text.
 */
export function hashedWords(text: string): Words {
  const known = RECENT.get(text);
  if (known) return known;
  const normal = text.normalize('NFKC');
  const hashes: number[] = [];
  const flags: number[] = [];
  TOKEN.lastIndex = 0;
  let end = 0;
  for (let match = TOKEN.exec(normal); match !== null; match = TOKEN.exec(normal)) {
    const token = match[0];
    const gap = end === 0 ? '' : normal.slice(end, match.index);
    let flag = end === 0 || (gap !== ' ' && SENTENCE_END.test(gap)) ? WORD_FLAGS.sentenceStart : 0;
    end = match.index + token.length;
    let h = FNV_OFFSET;
    let ascii = true;
    for (let i = 0; i < token.length; i++) {
      let c = token.charCodeAt(i);
      if (c >= 128) {
        ascii = false;
        break;
      }
      if (c >= 65 && c <= 90) {
        if (i === 0) flag |= WORD_FLAGS.capital;
        c += 32;
      } else if (c >= 48 && c <= 57) flag |= WORD_FLAGS.digit;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (!ascii) {
      h = fnv1a(token.toLowerCase());
      flag &= WORD_FLAGS.sentenceStart;
      if (CAPITAL.test(token)) flag |= WORD_FLAGS.capital;
      if (DIGIT.test(token)) flag |= WORD_FLAGS.digit;
    }
    hashes.push(h >>> 0);
    flags.push(flag);
  }
  const words = { hashes: Uint32Array.from(hashes), flags: Uint8Array.from(flags) };
  if (text.length > RECENT_MAX_CHARS) return words;
  while (RECENT.size >= RECENT_MAX || recentChars + text.length > RECENT_MAX_CHARS) {
    const oldest = RECENT.keys().next().value!;
    RECENT.delete(oldest);
    recentChars -= oldest.length;
  }
  RECENT.set(text, words);
  recentChars += text.length;
  return words;
}

// ---------------------------------------------------------------------------------------------
// Hashing: FNV-1a for tokens, murmur3's finalizer to mix

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over a string's UTF-16 code units: small, fast and the same on every platform. */
export function fnv1a(text: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** murmur3's 32-bit finalizer: a bijection in which every input bit flips every output bit with probability ½. */
export function mix32(x: number): number {
  let h = x;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** What a record is called in `dupOf`: its `id` field, else its `url`; undefined for its position. */
export function keyOf(article: Article): RecordKey | undefined {
  for (const name of ['id', 'url']) {
    const value = article.fields[name];
    if (typeof value === 'string' || typeof value === 'number') return value;
  }
  return undefined;
}

/** The cleaned text records are compared on: the kept blocks, as serialize joins them. */
export function textOf(article: Article): string | null {
  if (article.error || article.blocks.length === 0) return null;
  return article.blocks.map((b) => b.text).join('\n\n');
}
