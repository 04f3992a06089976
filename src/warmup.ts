/**
 * The pages a worker cleans before it says it is ready (see ./worker.ts), when it must be warm from
 * its first record on. A fresh worker cleans its first pages several times slower than a warm one:
 * the rules are compiled, jsdom is loaded (with `dom: 'jsdom'`), and V8 runs the code unoptimised
 * until it has run a while. Measured on one worker over 20 ordinary 50-150 KB pages: 314, 138, 143,
 * 97, 141 ms for the first five, 15-60 ms after. Counted against a record's time limit, that cold
 * start made first records time out whenever workers shared the cores (`--jobs 8` on two).
 *
 * The first workers of a run skip these pages and warm up on the records themselves (the pool gives
 * a record that ran late on a cold worker once more to a warm one); only a worker started to take
 * such a record cleans them. So the pages here look like what is cleaned: a news page with head,
 * menus, cookie banner, share buttons, an article, related links, comments and footer, as HTML and
 * as a text dump, in English and in German. All text is our own.
 */
import type { Source } from './record.js';

/**
 * Times the warm-up pages are cleaned. CPU time of the first of 20 ordinary pages (bench/pages.mjs)
 * cleaned after the warm-up, median of 4 runs on this machine: no warm-up 305-388 ms, one round
 * 76 ms, two rounds 47 ms, later pages 20-50 ms. Two rounds cost about 0.5 s of CPU per worker,
 * nearly all of it the first page (what any first record would pay). English-only ASCII pages left
 * the first record at 160 ms: V8 compiles regular expressions again for strings beyond Latin-1,
 * and German pages take paths English ones do not.
 */
export const WARM_UP_ROUNDS = 2;

/**
 * Records a worker must have cleaned before the pool counts it as warm, when it skipped the pages
 * here: as many as the warm-up cleans (two rounds of four pages), after which the first-page costs
 * above are paid.
 */
export const WARM_AFTER_RECORDS = 8;

/** What a page says, in English and in German (the two languages of the bench pages). */
const WORDS = {
  en: {
    sentences: [
      'The harbour authority presented a new plan for the old quay on Monday – after a long debate.',
      'Residents had asked for the work to start before the summer, because the boats keep arriving.',
      'Engineers on the site said the bridge over the river would be closed for three weeks in May.',
      'A spokesperson for the council welcomed the report, although “many questions remain open”.',
      'The city library reopened its reading room; more details on the opening hours are expected soon.',
      'Several shop owners questioned the price of the tickets (€2.40) for the night bus service.',
    ],
    title: 'Council approves harbour plan',
    by: 'By Anna Marsh',
    date: '14 May 2024',
    skip: 'Skip to content',
    cookies: 'We use cookies to measure traffic and show personalised content.',
    accept: 'Accept all',
    share: ['Share on Facebook', 'Share by e-mail'],
    related: 'Related articles',
    ad: 'Advertisement',
    reply: 'Reply',
    rights: 'All rights reserved.',
    sections: ['News', 'Local', 'Politics', 'Business', 'Sport', 'Culture', 'Science', 'Travel', 'Opinion'],
  },
  de: {
    sentences: [
      'Der Stadtrat beschloss am Montag einen neuen Plan für den Hafen, weil die Kosten gestiegen waren.',
      'Die Arbeiten sollen im Frühjahr beginnen – auch wenn das Geld knapp ist.',
      'Die Hafenbehörde prüfte den Vorschlag bei einer öffentlichen Sitzung in der Altstadt.',
      'Anwohner hatten sich über Lärm beschwert, was viele Beobachter „sehr überraschte“.',
      'Die Stadtbibliothek verlängerte die Öffnungszeiten, während die Arbeiten weitergehen.',
      'Ein Ticket für den Nachtbus kostet künftig 2,40 €, sagte eine Sprecherin des Verkehrsbetriebs.',
    ],
    title: 'Stadtrat beschließt neuen Hafenplan',
    by: 'Von Jana Adler',
    date: '14. Mai 2024',
    skip: 'Zum Inhalt springen',
    cookies: 'Wir verwenden Cookies, um Reichweite zu messen.',
    accept: 'Alle akzeptieren',
    share: ['Auf Facebook teilen', 'Per E-Mail senden'],
    related: 'Weitere Artikel',
    ad: 'Anzeige',
    reply: 'Antworten',
    rights: 'Alle Rechte vorbehalten.',
    sections: ['Nachrichten', 'Lokales', 'Politik', 'Wirtschaft', 'Sport', 'Kultur', 'Wissen', 'Reise', 'Meinung'],
  },
} as const;
type Lang = keyof typeof WORDS;
type Words = (typeof WORDS)[Lang];

/** `count` pieces of markup, the i-th from `piece(i)`. */
const times = (count: number, piece: (i: number) => string) => Array.from({ length: count }, (_, i) => piece(i)).join('');
/** Paragraph `i`: three sentences, so that no two paragraphs are alike. */
const paragraph = (w: Words, i: number) => `${times(3, (k) => `${w.sentences[(i + k) % w.sentences.length]} `)}(${i})`;
const links = (names: readonly string[], base: string) => names.map((name) => `<li><a href="/${base}/${name.toLowerCase()}">${name}</a></li>`).join('');
const PATH = times(24, (i) => `L${(i * 7) % 24} ${(i * 11) % 24} `);
const ICON = `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2 ${PATH}Z"/></svg>`;
const SYMBOL = (i: number) => `<symbol id="icon-${i}"><path d="M${i} 0 ${PATH}"/></symbol>`;
const SPRITE = `<svg style="display:none">${times(16, SYMBOL)}</svg>`;
const PUBLISHED = '2024-05-14T09:30:00Z';

function newsPage(lang: Lang): string {
  const w = WORDS[lang];
  // a client-side app's preloaded state, as pages carry it: about 10 KB of JSON in a script
  const teasers = Array.from({ length: 60 }, (_, i) => ({ id: i, title: w.sentences[i % 6], url: `/local/${i}` }));
  const state = JSON.stringify({ teasers });
  const head =
    `<head><meta charset="utf-8"><title>${w.title} | Gazette</title><meta property="og:title" content="${w.title}">` +
    '<script type="application/ld+json">' +
    `{"@type":"NewsArticle","headline":"${w.title}","datePublished":"${PUBLISHED}"}</script>` +
    `<style>${'.nav__item{display:flex;margin:4px 8px}'.repeat(150)}</style>` +
    `<script>${'window.dataLayer.push({event:"view"});'.repeat(150)}</script>` +
    `<script>window.__STATE__=${state}</script></head>`;
  const menu = (s: string) => `<li><a href="/${s}">${s}</a><ul>${links(w.sections.slice(0, 4), s)}</ul></li>`;
  const header = `<header>${ICON}<nav class="menu"><ul>${w.sections.map(menu).join('')}</ul></nav></header>`;
  const cookie = `<div class="cookie-banner" role="dialog"><p>${w.cookies}</p><button>${w.accept}</button></div>`;
  const share = `<ul class="share">${w.share.map((s) => `<li><a href="#">${ICON}${s}</a></li>`).join('')}</ul>`;
  const frame = '<iframe src="https://ads.example/serve?slot=top" width="728" height="90"></iframe>';
  const ad = `<div class="ad"><span>${w.ad}</span>${frame}</div>`;
  const heading = (i: number) => (i % 6 === 5 ? `<h2>${w.sentences[i % 6]!.slice(0, 40)}</h2>` : '');
  const body = times(30, (i) => `${heading(i)}<p>${paragraph(w, i)}</p>`);
  const article =
    `<article><h1>${w.title}</h1><p class="byline">${w.by}</p>` +
    `<time datetime="${PUBLISHED}">${w.date}</time>${share}` +
    `<figure><img src="/quay.jpg" alt=""><figcaption>${w.sentences[0]} © Tom Holt</figcaption></figure>${body}` +
    `<ul>${times(4, (i) => `<li>${w.sentences[i]}</li>`)}</ul>` +
    `<blockquote><p>${w.sentences[3]}</p></blockquote></article>`;
  const aside = `<aside><h2>${w.related}</h2><ul>${links(w.sections.slice(4), 'local')}</ul></aside>`;
  const comment = (i: number) => `<div class="comment"><b>Reader ${i}</b><p>${w.sentences[i % 6]}</p><a href="#">${w.reply}</a></div>`;
  const footer = `<footer><ul>${links(w.sections, 'info')}</ul><p>© 2024 Gazette. ${w.rights}</p></footer>`;
  const comments = `<section class="comments">${times(12, comment)}</section>`;
  const main = `<main id="main">${article}${ad}${aside}${comments}</main>`;
  const page = `${SPRITE}<a href="#main">${w.skip}</a>${cookie}${header}${ad}${main}${footer}`;
  return `<!doctype html><html lang="${lang}">${head}<body>${page}</body></html>`;
}

/** The page as a full-page text dump: title, one line a block, blank lines between. */
function textDump(lang: Lang): string {
  const w = WORDS[lang];
  const article = Array.from({ length: 12 }, (_, i) => paragraph(w, i));
  const lines = [w.skip, w.sections.join(' '), w.title, w.by, w.date, ...article, w.share[0], w.related, w.rights];
  return lines.join('\n\n');
}

/** The warm-up pages, as record sources: HTML in both languages, a text dump in each. */
export function warmUpPages(): Source[] {
  return (['en', 'de'] as const).flatMap((lang): Source[] => [
    { format: 'html', content: newsPage(lang) },
    { format: 'text', content: textDump(lang) },
  ]);
}
