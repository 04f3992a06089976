/**
 * Lifts metadata lines out of the article into fields: the headline into `title` (and truncated or
 * repeated copies of it out of the text), datelines into `published`, bylines and reporter contact
 * lines into `byline`. Only blocks outside the body are considered: inside it, a date or a name is
 * part of a sentence someone wrote.
 */
import { isLabelledDateline, parseDateline } from './dates.js';
import { keptItems, remove, stemsOf, zoneOf, type Doc, type Item } from './doc.js';
import { countWords, findEmail, isHeadlineShaped, matchKey, overlap, squeeze } from './features.js';
import { LEXICON, wordsOf } from '../lexicon.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `metadata` in the registry (../settings.ts), where each says why. */
export const METADATA_DEFAULTS = DEFAULTS.metadata;

/** Runs every lifter, in the order that lets each see what the one before left. */
export function liftMetadata(doc: Doc): void {
  liftDates(doc);
  liftBylines(doc);
  liftTitle(doc);
}

function liftDates(doc: Doc): void {
  const meta = doc.article.meta;
  let updated: string | null = null;
  let proseSeen = false;
  for (const [item, i] of keptItems(doc)) {
    // A line that is nothing but a date is no article text wherever it stands in a page (an
    // "Updated" line under the last paragraph, a date above a section); a date with a name after it
    // might be. A text that is the article alone has its dateline above the first paragraph: a bare
    // date further down is a row of a list (events, a changelog, a table of values), and only a
    // labelled one ("Updated: …") is a dateline.
    const inBody = zoneOf(doc, i) === 'body';
    const text = item.block.text;
    proseSeen ||= item.prose;
    if (doc.whole && proseSeen && !isLabelledDateline(text)) continue;
    const date = item.known.notDateline ? null : parseDateline(text, meta.lang);
    if (!date) item.known.notDateline = true;
    if (date) {
      remove(item, 'meta.date', { iso: date.iso, role: date.role });
      if (date.role === 'published') meta.published ??= date.iso;
      else updated ??= date.iso;
      continue;
    }
    if (inBody) continue;
    const dated = datedByline(text, meta.lang);
    if (dated) {
      remove(item, 'meta.date', { iso: dated.iso, role: 'published', byline: dated.name });
      meta.published ??= dated.iso;
      meta.byline ??= dated.name;
    }
  }
  // Pages that print only "Updated …" still tell the reader roughly when the story ran.
  meta.published ??= updated;
}

/** Words that open a byline ("By", "Von", "记者"), every language's: see ../lexicon.ts. */
const BYLINE_PREPOSITIONS = wordsOf(LEXICON.bylinePrepositions);
/**
 * Where a dateline goes on to name the author: "Veröffentlicht am 17. Mai 2025 von Jonas Weber". The
 * words between are the ones that open a byline (one list serves both, so a language that has one
 * has the other).
 */
const DATE_THEN_BYLINE = new RegExp(`^(.+?)\\s+(?:${BYLINE_PREPOSITIONS.join('|')})\\s+(.+)$`, 'iu');

/** A dateline and the name after it; null when the text is not one. Not part of the package's API. */
export function datedByline(text: string, lang: string | null): { iso: string; name: string } | null {
  if (countWords(text) > settings().metadata.bylineMaxWords + settings().metadata.datedBylineExtraWords) return null;
  const match = DATE_THEN_BYLINE.exec(text);
  if (!match) return null;
  const date = parseDateline(match[1]!, lang);
  const name = squeeze(match[2]!).replace(/[\s,;:.]+$/u, '');
  return date && looksLikeName(name) ? { iso: date.iso, name } : null;
}

function liftBylines(doc: Doc): void {
  for (const [item, i] of keptItems(doc)) {
    if (zoneOf(doc, i) === 'body' || item.prose) continue;
    const byline = parseByline(item.block.text);
    if (!byline) continue;
    remove(item, 'meta.byline', byline.email ? { email: byline.email } : undefined);
    doc.article.meta.byline ??= byline.name;
    // "By Jane Doe | Nov. 28, 2024": the date beside the name is the dateline
    for (const part of byline.rest) {
      const date = parseDateline(part, doc.article.meta.lang);
      if (date?.role === 'published') doc.article.meta.published ??= date.iso;
    }
  }
}

/** Nouns that open a byline only with a colon ("Author: Jane Doe"); see ../lexicon.ts. */
const BYLINE_NOUNS = wordsOf(LEXICON.bylineNouns);
const BYLINE_LABEL = new RegExp(
  `^\\s*(?:(?:${BYLINE_PREPOSITIONS.join('|')})(?:\\s*[:：]\\s*|\\s+)|(?:${[...BYLINE_PREPOSITIONS, ...BYLINE_NOUNS].join('|')})\\s*[:：]\\s*)`,
  'iu',
);
/** Lower-case words that belong inside names: von, van, de, da, bin… (../lexicon.ts). */
const NAME_PARTICLES: ReadonlySet<string> = new Set(wordsOf(LEXICON.nameParticles));
/** Korean reporters sign "Name (Paper) 기자", Japanese and Chinese "記者 Name". */
const REPORTER_TITLE = new RegExp(`(?:${wordsOf(LEXICON.reporterTitles).join('|')})(?=\\s|$|[=·,]|\\p{P})`, 'u');
/** What ends the name in a byline: a separator, or a date after a comma or "on" (LEXICON.bylineDateWords). */
const NAME_SEPARATORS = new RegExp(`\\s*(?:[|•·—–]|\\s-\\s|,\\s*(?=\\d)|\\s(?:${wordsOf(LEXICON.bylineDateWords).join('|')})\\s(?=[^|]*\\d))\\s*`, 'u');
/** Korean bylines may open with the reporter's location: "워싱턴=문병기 특파원". */
const LOCATION_PREFIX = /^[^\s=]{1,12}=\s*/u;

/**
 * A byline's name (without label or e-mail), the e-mail, and the parts after the name (a date, an
 * outlet); null when the text is not a byline.
 */
export function parseByline(text: string): { name: string; email: string | null; rest: string[] } | null {
  if (countWords(text) > settings().metadata.bylineMaxWords) return null;
  const email = findEmail(text);
  const label = BYLINE_LABEL.exec(text);
  const reporter = REPORTER_TITLE.test(text);
  if (!label && !email && !reporter) return null;
  let rest = label ? text.slice(label[0].length) : text;
  if (email) rest = rest.replace(email, ' ');
  const [first = '', ...others] = rest.split(NAME_SEPARATORS);
  const name = squeeze(first)
    .replace(LOCATION_PREFIX, '')
    .replace(/^[\s,;:(]+|[\s,;:)]+$/gu, '');
  if (!name) return email && !label ? { name: email, email, rest: others } : null;
  if (!looksLikeName(name) && !reporter) return null;
  // an address alone ("Contact: desk@…", "Send tips to …") does not make its label a name
  if (!label && !reporter && countWords(name) < settings().metadata.unlabelledNameMinWords) return null;
  return { name, email, rest: others };
}

/** A name, or names: short, capitalised or in a caseless script, not a sentence. */
function looksLikeName(text: string): boolean {
  const words = countWords(text);
  if (words === 0 || words > settings().metadata.bylineNameMaxWords) return false;
  if (/[.!?]$/u.test(text) && !/\b\p{Lu}\.$/u.test(text)) return false;
  const first = /\p{L}/u.exec(text)?.[0];
  if (first === undefined || first !== first.toUpperCase() || /\d{3,}/u.test(text)) return false;
  // every word capitalised (or a caseless script), bar particles: "Jane van der Berg", not "Freed in Moscow"
  for (const [word] of text.matchAll(/\p{L}[\p{L}'’.-]*/gu)) {
    const initial = word[0]!;
    if (initial !== initial.toUpperCase() && !NAME_PARTICLES.has(word.toLowerCase())) return false;
  }
  return true;
}

function liftTitle(doc: Doc): void {
  const meta = doc.article.meta;
  if (!meta.title) {
    const headline = bestHeadline(doc);
    if (headline) {
      meta.title = headline.block.text;
      remove(headline, 'meta.title');
    }
  }
  if (meta.title) removeTitleCopies(doc, meta.title);
}

/**
 * The head-zone block that reads like a headline and shares the most topic words with the body
 * (teasers for other stories share few). A block that is the start of another candidate is a
 * truncated copy of it, not a rival.
 */
function bestHeadline(doc: Doc): Item | null {
  const body = new Set<string>();
  for (const [item] of keptItems(doc, 'body')) for (const s of stemsOf(doc, item)) body.add(s);
  const candidates: { item: Item; shared: number; share: number }[] = [];
  for (const [item] of keptItems(doc, 'head')) {
    const { words } = item.view;
    if (words < settings().metadata.titleMinWords || words > settings().metadata.titleMaxWords) continue;
    if (item.prose || !isHeadlineShaped(item.block.text, settings().metadata.titleMaxWords)) continue;
    if (item.block.kind !== 'paragraph' && item.block.kind !== 'heading') continue;
    const own = stemsOf(doc, item);
    const share = overlap(own, body);
    if (share >= settings().metadata.titleMinOverlap) candidates.push({ item, shared: Math.round(share * own.size), share });
  }
  const whole = candidates.filter((c) => !candidates.some((o) => o !== c && o.item.view.key.startsWith(c.item.view.key + ' ')));
  whole.sort((a, b) => b.shared - a.shared || b.share - a.share);
  return whole[0]?.item ?? null;
}

/**
 * Removes copies of the headline: exact ones anywhere, truncated ones ("Trump Team Explores" for
 * "Trump Team Explores Direct Talks…") and ones with a site name after them in the head zone.
 */
function removeTitleCopies(doc: Doc, title: string): void {
  const titleKey = matchKey(title);
  if (!titleKey) return;
  for (const [item, i] of keptItems(doc)) {
    const key = item.view.key;
    if (key === titleKey) {
      remove(item, 'meta.title', { copy: 'exact' });
      continue;
    }
    if (zoneOf(doc, i) !== 'head' || item.block.kind === 'list-item') continue;
    const truncated = titleKey.startsWith(key + ' ') && item.view.words >= settings().metadata.titleFragmentMinWords;
    const suffixed = key.startsWith(titleKey + ' ') && countWords(key.slice(titleKey.length)) <= settings().metadata.titleSuffixMaxWords;
    if (truncated) remove(item, 'meta.title', { copy: 'truncated' });
    else if (suffixed) remove(item, 'meta.title', { copy: 'with-suffix' });
  }
}
