/**
 * Language of a text, and stop-word lists per language.
 *
 * Detection is eld's n-gram detector (60 languages, pure JS, about 0.2 ms a page on the dev set,
 * where it agreed with the page's own `<html lang>` on 439 of 458 pages; most disagreements were
 * pages declaring `en` in a German template). Its smallest database is used: it answered the same
 * as the `small` one on all 499 dev articles. Stop words come from stopwords-iso (58 languages).
 *
 * eld's databases are JavaScript modules holding one object per n-gram: imported, the smallest
 * takes 31 MB of heap, in every worker thread, for as long as the thread lives (an imported module
 * is never freed). decruft reads the same file as text into a map of strings (about 5 MB) and hands
 * eld's own detector a view of it (see compactNgrams), so detection is eld's, answer for answer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { settings } from './settings.js';

const require = createRequire(import.meta.url);

interface EldResult {
  language: string;
  isReliable(): boolean;
}
interface Eld {
  detect(text: string): EldResult;
}
interface EldData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number> | undefined>;
}

/**
 * The detector, built when a text first needs it: the database takes some 60 ms to read, which a
 * run that never detects a language (or one tiny record through the CLI) should not pay. eld's
 * package exports only entry points that import a whole database, so its detector module is
 * required by path; `require()` of an ES module is synchronous on every Node decruft supports,
 * which keeps this module free of top-level await (and so loadable with `require('decruft')`).
 */
let eld: Eld | undefined;
function detector(): Eld {
  if (eld) return eld;
  const sources = new URL('../', import.meta.resolve('eld'));
  const { createEld } = require(fileURLToPath(new URL('languageDetector.js', sources))) as {
    createEld(): { instance: Eld; loadData(data: EldData): void };
  };
  const { instance, loadData } = createEld();
  loadData(compactNgrams(readFileSync(new URL('ngrams/extrasmall.js', sources), 'utf8')));
  return (eld = instance);
}

/**
 * An eld database module's source (`export const ngramsData = {type:'…', languages:{0:'am',…},
 * ngrams:{'key':{lang:score,…},…}}`) as eld's data object, with `ngrams` a view over a Map from
 * each n-gram to its scores as text: eld looks n-grams up by property and reads the scores with
 * for…in, and only a few hundred are looked up per text.
 */
export function compactNgrams(source: string): EldData {
  const type = /type:'([^']*)'/u.exec(source)?.[1];
  const languagesText = /languages:\{([^}]*)\}/u.exec(source)?.[1];
  const start = source.indexOf('ngrams:{');
  if (!type || !languagesText || start < 0) throw new Error('eld: the n-gram database is not in the expected form');
  const languages: Record<string, string> = {};
  for (const [, index, code] of languagesText.matchAll(/(\d+):'([^']*)'/gu)) languages[index!] = code!;
  const table = readNgrams(source, start + 'ngrams:{'.length);
  if (table.size === 0) throw new Error('eld: no n-grams read from the database');
  // the n-grams of common letter sequences come up on every page: their scores are kept read, a
  // bounded number (eld only reads them)
  const read = new Map<string, Record<string, number>>();
  const ngrams = new Proxy({} as EldData['ngrams'], {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      let out = read.get(key);
      if (out) return out;
      const scores = table.get(key);
      if (scores === undefined) return undefined;
      out = {};
      for (const pair of scores.split(',')) {
        const colon = pair.indexOf(':');
        out[pair.slice(0, colon)] = Number(pair.slice(colon + 1));
      }
      if (read.size >= NGRAMS_READ_MAX) read.clear();
      read.set(key, out);
      return out;
    },
  });
  return { type, languages, ngrams };
}

/** N-grams whose scores compactNgrams keeps read (a few MB at most); emptied when full. */
const NGRAMS_READ_MAX = 20000;

/**
 * The entries `key:{scores},…` from `from` to the closing brace, as a map from each key to its
 * scores' text. Keys are quoted (`'a\\'b'` for a quote) or bare. Scanned with indexOf rather than
 * matched with one regular expression: the same table in a third of the time (some 30 ms instead of
 * 90 here), which every run that detects a language pays once.
 */
function readNgrams(source: string, from: number): Map<string, string> {
  const table = new Map<string, string>();
  let at = from;
  while (at < source.length && source[at] !== '}') {
    let key: string;
    if (source[at] === "'") {
      let end = source.indexOf("'", at + 1);
      while (end > 0 && escaped(source, end)) end = source.indexOf("'", end + 1);
      if (end < 0) break;
      key = source.slice(at + 1, end);
      if (key.includes('\\')) key = key.replace(/\\(.)/gu, '$1');
      at = end + 1;
    } else {
      const end = source.indexOf(':', at);
      if (end < 0) break;
      key = source.slice(at, end).trim();
      at = end;
    }
    if (!source.startsWith(':{', at)) break;
    const close = source.indexOf('}', at + 2);
    if (close < 0) break;
    table.set(key, source.slice(at + 2, close));
    at = close + 1;
    while (source[at] === ',' || source[at] === ' ' || source[at] === '\n') at++;
  }
  return table;
}

/** Whether the character at `at` is escaped: an odd run of backslashes before it. */
function escaped(source: string, at: number): boolean {
  let backslashes = 0;
  while (source[at - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1;
}

const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Primary ISO 639-1 subtag of a BCP 47 tag (`en-US` → `en`), or null if it is not one. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const match = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** Detects the language of `text`; null when the text is too short or the detector is unsure. */
export function detectLanguage(text: string): string | null {
  const { detectSampleChars, detectMinEvidence } = settings().lang;
  const sample = text.length > detectSampleChars ? text.slice(0, detectSampleChars) : text;
  if (evidence(sample, detectMinEvidence) < detectMinEvidence) return null;
  const result = detector().detect(sample);
  return result.language && result.isReliable() ? result.language : null;
}

function evidence(text: string, enough: number): number {
  let n = 0;
  for (const [letter] of text.matchAll(/\p{L}/gu)) {
    n += DENSE_SCRIPT.test(letter) ? 3 : 1;
    if (n >= enough) break;
  }
  return n;
}

/**
 * Languages whose stop words cannot be counted word by word: Chinese, Japanese and Thai are written
 * without spaces, and Korean glues particles to the word before them (도서관이, 도서관에).
 */
const UNCOUNTABLE_STOPWORDS = new Set(['zh', 'ja', 'ko', 'th']);

/** Whether the share of stop words among a text's words means anything in this language. */
export function countsStopwords(lang: string | null | undefined): boolean {
  const key = primaryLanguage(lang);
  return key !== null && !UNCOUNTABLE_STOPWORDS.has(key) && stopwords(key).size >= settings().lang.minCountableStopwords;
}

const stopwordSets = new Map<string, ReadonlySet<string>>();
const EMPTY: ReadonlySet<string> = new Set();
/** stopwords-iso's lists (a 200 KB JSON file), read when a language's list is first asked for. */
let stopwordLists: Record<string, string[]> | undefined;

/** Stop words of a language (empty for languages stopwords-iso does not cover). */
export function stopwords(lang: string | null | undefined): ReadonlySet<string> {
  const key = primaryLanguage(lang);
  if (!key) return EMPTY;
  let set = stopwordSets.get(key);
  if (!set) {
    stopwordLists ??= require('stopwords-iso') as Record<string, string[]>;
    set = new Set(stopwordLists[key] ?? []);
    stopwordSets.set(key, set);
  }
  return set;
}
