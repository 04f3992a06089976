/**
 * Datelines: lines that are nothing but a date (and maybe a time, a "Posted"/"Updated" label, a
 * weekday), parsed into ISO 8601. chrono-node does the parsing, one locale after another; this
 * module decides which lines are datelines and what the ISO string says (no more than the page does:
 * a date alone stays a date, a time without an offset gets no offset).
 */
import type * as chrono from 'chrono-node';
import { lazy } from '../lazy.js';
import { primaryLanguage } from '../lang.js';
import { countWords } from './features.js';
import { LEXICON, wordsOf } from '../lexicon.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `dates` in the registry (../settings.ts), where each says why. */
export const DATE_DEFAULTS = DEFAULTS.dates;

export type DateRole = 'published' | 'updated';

export interface Dateline {
  /** ISO 8601: `2024-11-28`, `2024-11-28T07:37` or `2024-11-28T07:37:00+09:00`. */
  iso: string;
  role: DateRole;
}

/** Labels in front of a date that say which date it is, every language's (../lexicon.ts). */
const LABELS: Record<DateRole, readonly string[]> = {
  published: wordsOf(LEXICON.publishedLabels),
  updated: wordsOf(LEXICON.updatedLabels),
};

const LABEL_PATTERNS = (Object.entries(LABELS) as [DateRole, readonly string[]][]).map(([role, labels]) => ({
  role,
  pattern: new RegExp(`^\\s*(?:${labels.join('|')})(?:\\s*[:：]\\s*|\\s+)`, 'iu'),
}));

const YEAR = /(?:^|\D)(?:19|20)\d\d(?!\d)/u;
/** A day (one or two digits, apart from the year): "April 2022 (501)" in an archive list has none. */
const DAY = /(?<!\d)\d{1,2}(?!\d)/u;

type Parser = { parse(text: string, ref?: Date): chrono.ParsedResult[] };

const FALLBACK_ORDER = ['en', 'de', 'fr', 'es', 'ru', 'uk', 'ja', 'zh', 'pt', 'nl', 'it'];

/**
 * chrono's strict (no "yesterday", no "now") parser per language, each loaded when a line is first
 * handed to it: all of chrono took 0.25 s to load here, its English parser alone 0.04 s, and most
 * records never get past the checks in front of chrono (see dateWords).
 */
const PARSERS: ReadonlyMap<string, () => { strict: Parser }> = new Map(
  FALLBACK_ORDER.map((lang) => [lang, lazy<{ strict: Parser }>(import.meta.url, `chrono-node/${lang}`)]),
);

/**
 * Words a date may be written with, per parser language: month and weekday names, full and short,
 * in the forms dates use (Russian and Ukrainian genitives), taken from the runtime's own locale
 * data, and the small words around dates and times. chrono is by far the slowest part of cleaning
 * a text scrape (most lines with a year in them are headlines, not dates, and each failed parse ran
 * through eleven languages), so a line is handed to chrono only when its other words leave room for
 * a date, and first to the parsers whose month or weekday names it uses. Built on first use: some
 * 0.1 s of locale lookups, which a record with no line worth parsing never needs.
 */
let builtDateWords: ReadonlyMap<string, readonly string[]> | undefined;
function dateWords(): ReadonlyMap<string, readonly string[]> {
  if (builtDateWords) return builtDateWords;
  const words = new Map<string, string[]>();
  const add = (word: string, lang: string) => {
    const key = word.toLowerCase().replace(/\.$/u, '');
    const langs = words.get(key) ?? [];
    if (!langs.includes(lang)) words.set(key, [...langs, lang]);
  };
  const forms: Intl.DateTimeFormatOptions[] = [
    { month: 'long' },
    { month: 'short' },
    { day: 'numeric', month: 'long' },
    { day: 'numeric', month: 'short' },
    { weekday: 'long' },
    { weekday: 'short' },
  ];
  for (const lang of FALLBACK_ORDER) {
    if (lang === 'ja' || lang === 'zh') continue; // written with digits and 年月日, see UNSPACED_DATE
    for (const form of forms) {
      const format = new Intl.DateTimeFormat(lang, { ...form, timeZone: 'UTC' }); // one per form: building one is the cost
      for (let month = 0; month < 12; month++) {
        for (const part of format.formatToParts(new Date(Date.UTC(2021, month, 15)))) {
          if (part.type === 'month' || part.type === 'weekday') for (const word of part.value.split(/[^\p{L}.]+/u)) if (word) add(word, lang);
        }
      }
    }
  }
  return (builtDateWords = words);
}

/**
 * Words that sit around dates and times without naming a month or a weekday ("on", "um … Uhr",
 * AM/PM, time zones: LEXICON.dateGlue). They do not choose a parser; they only do not count
 * against the line being a date.
 */
const DATE_GLUE: ReadonlySet<string> = new Set(wordsOf(LEXICON.dateGlue));
const LETTER_WORD = /\p{L}+/gu;
/** Chinese, Japanese and Korean dates are digits with 年月日 or 년월일: such lines go to chrono as they are. */
const UNSPACED_DATE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const POLISH_MONTHS = LEXICON.monthsGenitive.words.pl;

/** Separators between the parts of a meta line. */
const SEGMENT_SEPARATOR = /\s+[|•·]\s*|[|•·]\s+/u;

/** Rewrites forms chrono does not read into ones it does. */
const REWRITES: readonly [RegExp, string][] = [
  // Korean: 2024년 11월 28일 → 2024-11-28, 오전/오후 → AM/PM
  [/(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/gu, '$1-$2-$3'],
  [/오전\s*(\d{1,2}:\d{2})/gu, '$1 AM'],
  [/오후\s*(\d{1,2}:\d{2})/gu, '$1 PM'],
  // 2024.11.28 and 2024/11/28 (year first is never ambiguous)
  [/\b(\d{4})[./](\d{1,2})[./](\d{1,2})\b\.?/gu, '$1-$2-$3'],
  // 28.11.2024: the dotted form is day-first in every language that writes it
  [/\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/gu, '$3-$2-$1'],
  // "November. 28" (a period after a full month name)
  [/\b([A-Za-z]{4,})\.(?=\s*\d)/gu, '$1'],
  // Polish month names (genitive, as dates use them), which chrono does not read: 16 marca 2021 → 2021-3-16
  ...POLISH_MONTHS.map((month, i): [RegExp, string] => [new RegExp(`(?<!\\d)(\\d{1,2})\\s+${month}\\s+(\\d{4})(?!\\d)`, 'giu'), `$2-${i + 1}-$1`]),
  // weekday in brackets, as Korean and Japanese sites print it: 2024-11-28(목)
  [/\(\s*[月火水木金土日월화수목금토일]\s*\)/gu, ' '],
];

/**
 * Parses a line that is a dateline; null for anything else (a sentence that mentions a date, a time
 * alone, a date without a year).
 */
export function parseDateline(text: string, lang?: string | null): Dateline | null {
  // every dateline we accept has a four-digit year and a day in digits: checking first spares
  // chrono most lines
  if (text.length > settings().dates.maxChars || !YEAR.test(text) || !DAY.test(text)) return null;
  const key = `${lang ?? ''}\u0000${text}`;
  if (settings().dates !== DATELINES_SEEN_WITH) {
    DATELINES_SEEN.clear();
    DATELINES_SEEN_WITH = settings().dates;
  }
  const seen = DATELINES_SEEN.get(key);
  if (seen !== undefined) return seen && { ...seen };
  const parsed = parseDatelineOnce(text, lang);
  if (DATELINES_SEEN.size >= DATELINES_SEEN_MAX) DATELINES_SEEN.clear();
  DATELINES_SEEN.set(key, parsed && { ...parsed });
  return parsed;
}

/**
 * Lines already parsed, by language and text, with what they gave. The same meta line comes back
 * on a page (a timestamp under every comment, an archive month per row) and on every page of a
 * site; on the traf text dumps 2,645 distinct lines made 20,519 chrono calls. The answer depends
 * on the line, the language and the `dates` settings alone, so the cache changes no output; it is
 * emptied when full, and when those settings change.
 */
const DATELINES_SEEN = new Map<string, Dateline | null>();
const DATELINES_SEEN_MAX = 4096;
/** The `dates` settings the answers in DATELINES_SEEN were found with: other settings may find others. */
let DATELINES_SEEN_WITH = settings().dates;

function parseDatelineOnce(text: string, lang: string | null | undefined): Dateline | null {
  const whole = parseLabelled(text, lang);
  if (whole || !SEGMENT_SEPARATOR.test(text)) return whole;
  const parts = text.split(SEGMENT_SEPARATOR).filter((p) => p.trim());
  const dated = parts.map((p) => (YEAR.test(p) ? parseLabelled(p, lang) : null));
  const found = dated.findIndex((d) => d !== null);
  if (found < 0) return null;
  const others = parts.filter((_, i) => i !== found);
  return others.every((p) => countWords(p) <= settings().dates.segmentMaxWords) ? dated[found]! : null;
}

/** Whether a line opens with a label that says which date follows ("Updated:", "Veröffentlicht am"). */
export function isLabelledDateline(text: string): boolean {
  return LABEL_PATTERNS.some((label) => label.pattern.test(text));
}

function parseLabelled(text: string, lang: string | null | undefined): Dateline | null {
  let rest = text;
  let role: DateRole = 'published';
  for (const label of LABEL_PATTERNS) {
    const match = label.pattern.exec(rest);
    if (match) {
      role = label.role;
      rest = rest.slice(match[0].length);
      break;
    }
  }
  const iso = parseDate(rest, lang, settings().dates.minCoverage);
  return iso ? { iso, role } : null;
}

/**
 * A date string from page metadata (`article:published_time`, JSON-LD) as ISO 8601, or null when
 * it cannot be understood.
 */
export function normalizeDate(value: string | null | undefined, lang?: string | null): string | null {
  if (!value) return null;
  const iso = isoPrefix(value.trim());
  return iso ?? parseDate(value, lang, settings().dates.metaMinCoverage);
}

/** ISO 8601 already: keep what it says, drop fractions of seconds. */
function isoPrefix(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/u.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, tz] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return null;
  if (h === undefined) return `${y}-${mo}-${d}`;
  const offset = tz === undefined ? '' : tz === 'Z' ? 'Z' : tz.includes(':') ? tz : `${tz.slice(0, 3)}:${tz.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi}${s === undefined ? '' : `:${s}`}${offset}`;
}

function parseDate(text: string, lang: string | null | undefined, minCoverage: number): string | null {
  let input = text;
  for (const [pattern, replacement] of REWRITES) input = input.replace(pattern, replacement);
  const bare = input.replace(/^[\s,.;:|•·–—-]+|[\s,.;:|•·–—-]+$/gu, '');
  if (!bare) return null;
  const direct = isoPrefix(bare);
  if (direct) return direct;
  const order = parsersFor(bare, lang, minCoverage);
  let best: { result: chrono.ParsedResult; coverage: number } | null = null;
  for (const code of order) {
    const result = PARSERS.get(code)!().strict.parse(bare)[0];
    if (!result || !result.start.isCertain('year') || !result.start.isCertain('day')) continue;
    const coverage = result.text.length / bare.length;
    if (!best || coverage > best.coverage) best = { result, coverage };
    if (coverage >= settings().dates.sureCoverage) break;
  }
  return best && best.coverage >= minCoverage ? toIso(best.result.start) : null;
}

function parserOrder(lang: string | null | undefined): string[] {
  const first = primaryLanguage(lang);
  return first && PARSERS.has(first) ? [first, ...FALLBACK_ORDER.filter((l) => l !== first)] : FALLBACK_ORDER;
}

/**
 * The parsers worth trying on a line, in order: none when the words that can be no part of a date
 * already take more of the line than `minCoverage` leaves; when the line names a month or a weekday,
 * the languages that name it so first; otherwise (a date in digits) all, in the page's order.
 */
function parsersFor(bare: string, lang: string | null | undefined, minCoverage: number): string[] {
  const order = parserOrder(lang);
  if (UNSPACED_DATE.test(bare)) return order;
  const named = new Set<string>();
  let foreign = 0;
  for (const [word] of bare.toLowerCase().matchAll(LETTER_WORD)) {
    const langs = dateWords().get(word);
    if (langs) for (const l of langs) named.add(l);
    else if (!DATE_GLUE.has(word)) foreign += word.length;
  }
  if (foreign > bare.length * (1 - minCoverage)) return [];
  // languages naming the month first; the rest after, for spellings the locale data lacks ("Sept.")
  return named.size === 0 ? order : [...order.filter((l) => named.has(l)), ...order.filter((l) => !named.has(l))];
}

function toIso(c: chrono.ParsedComponents): string | null {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (year === null || month === null || day === null || !validDate(year, month, day)) return null;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (!c.isCertain('hour')) return date;
  const time = `${pad(c.get('hour') ?? 0)}:${pad(c.get('minute') ?? 0)}`;
  const offset = c.isCertain('timezoneOffset') ? formatOffset(c.get('timezoneOffset') ?? 0) : '';
  return `${date}T${time}${offset}`;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');
