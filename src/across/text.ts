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

/** A token with where it stands: its case kept, and whether a sentence starts with it. */
export interface CasedToken {
  /** The token, NFKC, case kept. */
  text: string;
  /** First token of the text, of a line, or after `.`, `!`, `?` or `:`: its capital says nothing. */
  sentenceStart: boolean;
}

/** A sentence ends before this, when only spaces, quotes and brackets come between. */
const SENTENCE_END = /[.!?:\n][\s"'“”‘’«»()[\]]*$/u;

/** The tokens of a text as tokensOf cuts them, case kept, each with whether it starts a sentence. */
export function casedTokensOf(text: string): CasedToken[] {
  const normal = text.normalize('NFKC');
  const out: CasedToken[] = [];
  let end = 0;
  for (const match of normal.matchAll(TOKEN)) {
    const gap = normal.slice(end, match.index);
    out.push({ text: match[0], sentenceStart: end === 0 || SENTENCE_END.test(gap) });
    end = match.index + match[0].length;
  }
  return out;
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
