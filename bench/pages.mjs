/**
 * Generated pages for bench/throughput: news and blog article pages as scrapers capture them, each
 * both as HTML and as the naive full-page text dump of the same page. All text is our own: sentences
 * are put together from the small English and German vocabulary below.
 *
 * Deterministic: page i of seed s is the same on every run and machine, whatever the count (each
 * page draws from its own PRNG, seeded from s and i). A page is built once as an element tree, then
 * rendered twice: to HTML (about 50-150 KB: head and meta tags, JSON-LD, styles, scripts, inline SVG
 * icons, nav menus, cookie banner, share buttons, the article with figure, quote, list and embeds,
 * related and most-read lists, comments, footer, iframes, an inline state blob), and to text the way
 * flattening the whole page does (the title, then one line per block with text, blank lines between;
 * script, style, SVG and iframe content dropped).
 *
 *   import { generatePages } from './pages.mjs';
 *   for (const { id, url, html, text } of generatePages({ count: 20, seed: 1 })) …
 */

/** Page size targets (bytes of HTML) and the shapes drawn for each part. */
const SHAPE = {
  htmlBytes: [50_000, 150_000],
  paragraphs: [6, 30],
  sentencesPerParagraph: [2, 6],
  paragraphsPerSubheading: [4, 7],
  navSections: [7, 12],
  subsectionsPerSection: [0, 6],
  relatedTeasers: [4, 8],
  mostRead: [5, 8],
  comments: [0, 25],
  footerColumns: [3, 4],
  spriteIcons: [8, 24],
  cssRules: [120, 320],
  scriptStatements: [40, 140],
  germanShare: 0.35,
};

const VOCAB = {
  en: {
    subjects: [
      'The city council',
      'The regional government',
      'Local residents',
      'The harbour authority',
      'A spokesperson for the ministry',
      'The school board',
      'Researchers at the university',
      'The transport company',
      'Several shop owners',
      'The fire brigade',
      'Farmers in the valley',
      'The museum',
      'The football club',
      'Engineers on the site',
      'The mayor',
      'Volunteers',
      'The health service',
      'The city library',
      'Tenants of the estate',
      'The weather service',
    ],
    verbs: [
      'approved',
      'rejected',
      'presented',
      'discussed',
      'postponed',
      'announced',
      'criticised',
      'welcomed',
      'reviewed',
      'funded',
      'expanded',
      'repaired',
      'closed',
      'reopened',
      'tested',
      'measured',
      'questioned',
      'defended',
      'planned',
      'delayed',
    ],
    objects: [
      'a new plan for the harbour',
      'the budget for next year',
      'the proposal',
      'a study on air quality',
      'the bridge over the river',
      'the night bus service',
      'the renovation of the old station',
      'a pilot project',
      'the opening hours',
      'the latest figures',
      'a survey of households',
      'the bicycle lanes',
      'the price of tickets',
      'an exhibition on local history',
      'the water supply',
      'the summer festival',
      'the reform',
      'a report on rents',
      'the new timetable',
      'the flood defences',
      'NUM new flats near the park',
      'costs of NUM million euros',
      'a grant of NUM thousand euros',
    ],
    adverbials: [
      'on Monday',
      'on Tuesday',
      'on Wednesday',
      'on Thursday',
      'on Friday',
      'last week',
      'after a long debate',
      'in the old town',
      'earlier this year',
      'for the third time',
      'without a vote',
      'at a public meeting',
      'in a statement',
      'despite the rain',
      'before the summer',
      'by a narrow margin',
    ],
    clauses: [
      'because costs had risen',
      'although many questions remain open',
      'after residents complained about noise',
      'while the work continues',
      'as the deadline approaches',
      'so that the work can start in spring',
      'even though the money is limited',
      'which surprised many observers',
      'and more details are expected soon',
      'as NUM people had asked in a petition',
    ],
    quoteRoles: ['a local teacher', 'the deputy mayor', 'who runs a bakery nearby', 'an engineer on the project', 'a member of the council'],
    said: 'said',
    headlineSubjects: [
      'Council',
      'Ministry',
      'Port authority',
      'School board',
      'Transport firm',
      'Museum',
      'Football club',
      'Mayor',
      'City library',
      'Weather service',
      'Health service',
      'University',
    ],
    headlineVerbs: ['approves', 'rejects', 'unveils', 'delays', 'backs', 'questions', 'expands', 'reopens', 'tests', 'funds', 'drops', 'reviews'],
    headlineObjects: [
      'harbour plan',
      'new budget',
      'bridge repairs',
      'night buses',
      'station renovation',
      'pilot project',
      'longer opening hours',
      'air quality study',
      'bicycle lanes',
      'summer festival',
      'rent report',
      'flood defences',
    ],
    firstNames: ['Anna', 'Daniel', 'Sarah', 'Tom', 'Laura', 'James', 'Emma', 'Mark', 'Julia', 'Peter', 'Nora', 'Sam'],
    places: ['Port Ellin', 'Marrow Bay', 'Westerby', 'Kellfield', 'Ashcombe', 'Linford'],
    papers: ['Gazette', 'Courier', 'Herald', 'Post', 'Chronicle', 'Observer'],
    sections: ['News', 'Local', 'Politics', 'Business', 'Sport', 'Culture', 'Science', 'Travel', 'Opinion', 'Weather', 'Video', 'Podcasts'],
    subsections: ['Region', 'Transport', 'Schools', 'Health', 'Housing', 'Environment', 'Football', 'Music', 'Theatre', 'Food', 'Markets', 'Jobs'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    ui: {
      skip: 'Skip to content',
      signIn: 'Sign in',
      subscribe: 'Subscribe',
      search: 'Search',
      menu: 'Menu',
      home: 'Home',
      cookie:
        'We use cookies and similar technologies to improve your experience, measure traffic and show personalised content. You can change your choice at any time in the privacy settings.',
      cookieTitle: 'Your privacy',
      accept: 'Accept all',
      reject: 'Reject',
      settings: 'Settings',
      share: ['Share on Facebook', 'Share on X', 'Share via WhatsApp', 'Share by e-mail', 'Copy link', 'Print'],
      by: 'By',
      updated: 'Updated',
      related: 'Related articles',
      mostRead: 'Most read',
      comments: 'comments',
      reply: 'Reply',
      like: 'Like',
      report: 'Report',
      moreComments: 'Show more comments',
      newsletter: 'Newsletter',
      newsletterText: 'Get the morning briefing in your inbox.',
      signUp: 'Sign up',
      email: 'Your e-mail address',
      readAlso: 'Read also:',
      ad: 'Advertisement',
      tags: 'Topics',
      photo: 'Photo:',
      minutes: 'min read',
      video: 'Video',
      footer: [
        'About us',
        'Contact',
        'Privacy policy',
        'Terms of use',
        'Cookie settings',
        'Careers',
        'Advertise',
        'Help',
        'RSS',
        'Archive',
        'Accessibility',
        'Corrections',
      ],
      rights: 'All rights reserved.',
      follow: 'Follow us',
    },
  },
  de: {
    subjects: [
      'Der Stadtrat',
      'Die Landesregierung',
      'Die Hafenbehörde',
      'Ein Sprecher des Ministeriums',
      'Der Schulausschuss',
      'Das Verkehrsunternehmen',
      'Die Feuerwehr',
      'Das Museum',
      'Der Fußballverein',
      'Die Bürgermeisterin',
      'Die Stadtbibliothek',
      'Der Wetterdienst',
      'Die Gemeinde',
      'Das Gesundheitsamt',
      'Die Universität',
      'Der Verband',
    ],
    verbs: [
      'beschloss',
      'prüfte',
      'kritisierte',
      'begrüßte',
      'verschob',
      'finanzierte',
      'erweiterte',
      'reparierte',
      'schloss',
      'testete',
      'verteidigte',
      'plante',
      'diskutierte',
      'veröffentlichte',
      'verlängerte',
      'bestätigte',
    ],
    objects: [
      'einen neuen Plan für den Hafen',
      'den Haushalt für das nächste Jahr',
      'den Vorschlag',
      'eine Studie zur Luftqualität',
      'die Brücke über den Fluss',
      'den Nachtbus',
      'die Sanierung des alten Bahnhofs',
      'ein Pilotprojekt',
      'die Öffnungszeiten',
      'die neuesten Zahlen',
      'eine Umfrage unter Haushalten',
      'die Radwege',
      'die Preise für Tickets',
      'eine Ausstellung zur Stadtgeschichte',
      'die Wasserversorgung',
      'das Sommerfest',
      'die Reform',
      'einen Bericht über Mieten',
      'den neuen Fahrplan',
      'den Hochwasserschutz',
      'NUM neue Wohnungen am Park',
      'Kosten von NUM Millionen Euro',
      'einen Zuschuss von NUM tausend Euro',
    ],
    adverbials: [
      'am Montag',
      'am Dienstag',
      'am Mittwoch',
      'am Donnerstag',
      'am Freitag',
      'in der vergangenen Woche',
      'nach langer Debatte',
      'in der Altstadt',
      'zum dritten Mal',
      'ohne Abstimmung',
      'bei einer öffentlichen Sitzung',
      'in einer Mitteilung',
      'trotz des Regens',
      'vor dem Sommer',
      'mit knapper Mehrheit',
      'Anfang des Jahres',
    ],
    clauses: [
      'weil die Kosten gestiegen waren',
      'obwohl viele Fragen offen bleiben',
      'nachdem sich Anwohner über Lärm beschwert hatten',
      'während die Arbeiten weitergehen',
      'damit die Arbeiten im Frühjahr beginnen können',
      'auch wenn das Geld knapp ist',
      'was viele Beobachter überraschte',
      'wie NUM Menschen in einer Petition gefordert hatten',
    ],
    quoteRoles: [
      'eine Lehrerin aus dem Ort',
      'der stellvertretende Bürgermeister',
      'die eine Bäckerei in der Nähe betreibt',
      'ein Ingenieur des Projekts',
      'ein Mitglied des Rates',
    ],
    said: 'sagte',
    headlineSubjects: [
      'Stadtrat',
      'Ministerium',
      'Hafenbehörde',
      'Schulausschuss',
      'Verkehrsbetrieb',
      'Museum',
      'Fußballverein',
      'Bürgermeisterin',
      'Stadtbibliothek',
      'Wetterdienst',
      'Gesundheitsamt',
      'Universität',
    ],
    headlineVerbs: ['beschließt', 'stoppt', 'verschiebt', 'prüft', 'finanziert', 'erweitert', 'kritisiert', 'testet', 'plant', 'bestätigt'],
    headlineObjects: [
      'neuen Hafenplan',
      'Brückensanierung',
      'Nachtbusse',
      'Bahnhofsumbau',
      'Pilotprojekt',
      'längere Öffnungszeiten',
      'Studie zur Luftqualität',
      'neue Radwege',
      'Sommerfest',
      'Mietbericht',
      'Hochwasserschutz',
      'Haushalt',
    ],
    firstNames: ['Jana', 'Lukas', 'Miriam', 'Felix', 'Katrin', 'Jonas', 'Lea', 'Stefan', 'Paula', 'Tobias', 'Sabine', 'Henrik'],
    places: ['Lindenau', 'Bergfeld', 'Rotheim', 'Süderbach', 'Altenweil', 'Kranzberg'],
    papers: ['Anzeiger', 'Kurier', 'Rundschau', 'Tageblatt', 'Zeitung', 'Bote'],
    sections: ['Nachrichten', 'Lokales', 'Politik', 'Wirtschaft', 'Sport', 'Kultur', 'Wissen', 'Reise', 'Meinung', 'Wetter', 'Video', 'Podcasts'],
    subsections: ['Region', 'Verkehr', 'Schulen', 'Gesundheit', 'Wohnen', 'Umwelt', 'Fußball', 'Musik', 'Theater', 'Essen', 'Märkte', 'Jobs'],
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    ui: {
      skip: 'Zum Inhalt springen',
      signIn: 'Anmelden',
      subscribe: 'Abonnieren',
      search: 'Suche',
      menu: 'Menü',
      home: 'Startseite',
      cookie:
        'Wir verwenden Cookies und ähnliche Technologien, um Ihr Erlebnis zu verbessern, Reichweite zu messen und personalisierte Inhalte anzuzeigen. Sie können Ihre Auswahl jederzeit in den Datenschutzeinstellungen ändern.',
      cookieTitle: 'Ihre Privatsphäre',
      accept: 'Alle akzeptieren',
      reject: 'Ablehnen',
      settings: 'Einstellungen',
      share: ['Auf Facebook teilen', 'Auf X teilen', 'Per WhatsApp teilen', 'Per E-Mail senden', 'Link kopieren', 'Drucken'],
      by: 'Von',
      updated: 'Aktualisiert',
      related: 'Weitere Artikel',
      mostRead: 'Meistgelesen',
      comments: 'Kommentare',
      reply: 'Antworten',
      like: 'Gefällt mir',
      report: 'Melden',
      moreComments: 'Weitere Kommentare anzeigen',
      newsletter: 'Newsletter',
      newsletterText: 'Die Morgenlage direkt in Ihr Postfach.',
      signUp: 'Registrieren',
      email: 'Ihre E-Mail-Adresse',
      readAlso: 'Lesen Sie auch:',
      ad: 'Anzeige',
      tags: 'Themen',
      photo: 'Foto:',
      minutes: 'Min. Lesezeit',
      video: 'Video',
      footer: [
        'Über uns',
        'Kontakt',
        'Impressum',
        'Datenschutz',
        'AGB',
        'Cookie-Einstellungen',
        'Karriere',
        'Werben',
        'Hilfe',
        'RSS',
        'Archiv',
        'Barrierefreiheit',
      ],
      rights: 'Alle Rechte vorbehalten.',
      follow: 'Folgen Sie uns',
    },
  },
};

/** Surnames work in both languages. */
const SURNAMES = [
  'Marsh',
  'Holt',
  'Fenwick',
  'Adler',
  'Brandt',
  'Carter',
  'Ellis',
  'Hale',
  'Keller',
  'Lind',
  'Moreno',
  'Novak',
  'Price',
  'Quinn',
  'Reed',
  'Sauer',
  'Vogel',
  'Weber',
];

/** Building blocks of class names, CSS and script identifiers. */
const CSS_BLOCKS = [
  'header',
  'nav',
  'menu',
  'article',
  'teaser',
  'share',
  'comment',
  'footer',
  'banner',
  'grid',
  'card',
  'button',
  'icon',
  'meta',
  'byline',
  'figure',
  'related',
  'consent',
  'ad',
  'tag',
];
const CSS_ELEMENTS = ['item', 'link', 'title', 'body', 'label', 'list', 'inner', 'wrap', 'media', 'text', 'action', 'head'];
const CSS_PROPERTIES = [
  ['display', (r) => r.pick(['flex', 'block', 'grid', 'none', 'inline-block', 'inline-flex'])],
  ['margin', (r) => `${r.int(0, 32)}px ${r.int(0, 24)}px`],
  ['padding', (r) => `${r.int(0, 24)}px ${r.int(0, 32)}px`],
  ['color', (r) => r.hex()],
  ['background', (r) => r.hex()],
  ['font-size', (r) => (r.chance(0.5) ? `${r.int(11, 40)}px` : `${(r.int(7, 30) / 10).toFixed(1)}rem`)],
  ['line-height', (r) => (r.int(10, 18) / 10).toFixed(1)],
  ['font-weight', (r) => r.pick(['400', '500', '600', '700'])],
  ['border', (r) => `${r.int(1, 3)}px solid ${r.hex()}`],
  ['border-radius', (r) => `${r.int(0, 16)}px`],
  ['gap', (r) => `${r.int(4, 32)}px`],
  ['align-items', (r) => r.pick(['center', 'flex-start', 'baseline', 'stretch'])],
  ['justify-content', (r) => r.pick(['space-between', 'center', 'flex-end', 'flex-start'])],
  ['text-transform', (r) => r.pick(['uppercase', 'none', 'capitalize'])],
  ['max-width', (r) => `${r.int(28, 120) * 10}px`],
  ['transition', (r) => `${r.pick(['opacity', 'transform', 'color'])} .${r.int(1, 5)}s ease`],
  ['position', (r) => r.pick(['relative', 'absolute', 'sticky', 'fixed'])],
  ['z-index', (r) => String(r.int(1, 999))],
];
const JS_WORDS = [
  'init',
  'track',
  'queue',
  'slot',
  'config',
  'user',
  'consent',
  'page',
  'ready',
  'load',
  'view',
  'size',
  'push',
  'state',
  'event',
  'lazy',
  'hydrate',
  'render',
  'metric',
  'flag',
];
const JS_EVENTS = ['DOMContentLoaded', 'scroll', 'resize', 'visibilitychange', 'click', 'load'];

/** Generates `count` pages (see the module comment); an array of {id, url, lang, html, text}. */
export function generatePages({ count, seed = 1 }) {
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`count: expected a whole number >= 0, got ${count}`);
  return Array.from({ length: count }, (_, i) => generatePage(seed, i));
}

/** Page `index` of `seed`: the same on every run. */
export function generatePage(seed, index) {
  const r = rng(`${seed}:${index}`);
  const lang = r.chance(SHAPE.germanShare) ? 'de' : 'en';
  const v = VOCAB[lang];
  const site = siteOf(r, v);
  const section = r.pick(v.sections.slice(0, 9));
  const date = dateOf(r);
  const headline = headlineOf(r, v);
  const id = `gen-${seed}-${index}`;
  const url = `https://www.${site.domain}/${slug(section)}/${date.y}/${pad(date.m + 1)}/${slug(headline)}-${index}`;
  const author = nameOf(r, v);
  const page = { r, v, lang, site, section, date, headline, id, url, author };

  const targetBytes = r.int(...SHAPE.htmlBytes);
  const head = headOf(page);
  const body = el(
    'body',
    { class: `page page--article section-${slug(section)}` },
    el('a', { class: 'skip-link', href: '#main' }, v.ui.skip),
    spriteOf(r),
    cookieBannerOf(page),
    siteHeaderOf(page),
    adSlotOf(page, 'top'),
    breadcrumbOf(page),
    el('main', { id: 'main', class: 'layout' }, articleOf(page), relatedOf(page), commentsOf(page), mostReadOf(page)),
    footerOf(page),
    r.chance(0.5) ? el('iframe', { src: `https://sync.tracker.example/pixel?site=${site.domain}`, width: '0', height: '0', hidden: '', title: 'sync' }) : null,
    el('script', {}, raw(scriptOf(r, r.int(...SHAPE.scriptStatements)))),
  );
  const doc = el('html', { lang }, head, body);
  // Bring the page to its drawn size with what fills real pages most: inline state and bundles.
  const bytes = Buffer.byteLength(render(doc));
  if (bytes < targetBytes) {
    body.children.push(el('script', { id: '__state', type: 'application/json' }, raw(stateOf(page, Math.floor((targetBytes - bytes) * 0.6)))));
    body.children.push(el('script', {}, raw(scriptOfSize(r, Math.floor((targetBytes - bytes) * 0.4)))));
  }
  return { id, url, lang, html: `<!DOCTYPE html>\n${render(doc)}\n`, text: textDump(doc) };
}

// ---------------------------------------------------------------------------------------------
// Page parts

function headOf({ r, v, site, section, date, headline, url, author, lang }) {
  const description = sentenceOf(r, v);
  const links = ['https://cdn.' + site.domain, 'https://fonts.example.net', 'https://ads.example.com'].map((href) => el('link', { rel: 'preconnect', href }));
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline,
    description,
    inLanguage: lang,
    datePublished: date.iso,
    dateModified: date.iso,
    mainEntityOfPage: url,
    author: [{ '@type': 'Person', name: author }],
    publisher: { '@type': 'Organization', name: site.name, logo: { '@type': 'ImageObject', url: `https://cdn.${site.domain}/logo.png` } },
    image: [`https://cdn.${site.domain}/img/${r.int(10000, 99999)}-1200x675.jpg`],
    articleSection: section,
  };
  return el(
    'head',
    {},
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', {}, `${headline} | ${site.name}`),
    el('meta', { name: 'description', content: description }),
    el('meta', { name: 'robots', content: 'index, follow, max-image-preview:large' }),
    el('meta', { property: 'og:type', content: 'article' }),
    el('meta', { property: 'og:title', content: headline }),
    el('meta', { property: 'og:description', content: description }),
    el('meta', { property: 'og:url', content: url }),
    el('meta', { property: 'og:site_name', content: site.name }),
    el('meta', { property: 'og:image', content: ld.image[0] }),
    el('meta', { name: 'twitter:card', content: 'summary_large_image' }),
    el('meta', { name: 'twitter:site', content: `@${slug(site.name).replace(/-/g, '')}` }),
    el('meta', { property: 'article:published_time', content: date.iso }),
    el('meta', { property: 'article:section', content: section }),
    el('meta', { name: 'author', content: author }),
    el('link', { rel: 'canonical', href: url }),
    ...links,
    el('link', { rel: 'preload', as: 'font', type: 'font/woff2', href: `https://fonts.example.net/sans-${r.int(100, 999)}.woff2`, crossorigin: '' }),
    el('link', { rel: 'stylesheet', href: `https://cdn.${site.domain}/css/main.${r.hexId(8)}.css` }),
    el('link', { rel: 'icon', href: '/favicon.ico' }),
    el('script', { type: 'application/ld+json' }, raw(JSON.stringify(ld).replace(/</g, '\\u003c'))),
    el('style', {}, raw(cssOf(r, r.int(...SHAPE.cssRules)))),
    el('script', {}, raw(scriptOf(r, r.int(8, 20)))),
    ...Array.from({ length: r.int(2, 6) }, () => el('script', { src: `https://cdn.${site.domain}/js/${r.pick(JS_WORDS)}.${r.hexId(8)}.js`, async: '' })),
  );
}

function spriteOf(r) {
  const symbols = Array.from({ length: r.int(...SHAPE.spriteIcons) }, (_, i) =>
    el('symbol', { id: `icon-${i}`, viewBox: '0 0 24 24' }, el('path', { d: svgPath(r, r.int(6, 30)) })),
  );
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', style: 'display:none' }, ...symbols);
}

function icon(r, name) {
  return el(
    'svg',
    { class: `icon icon--${name}`, width: '24', height: '24', viewBox: '0 0 24 24', 'aria-hidden': 'true' },
    el('path', { d: svgPath(r, r.int(4, 16)) }),
  );
}

function cookieBannerOf({ v }) {
  return el(
    'div',
    { class: 'consent-banner', role: 'dialog', 'aria-modal': 'true' },
    el('h2', { class: 'consent-banner__title' }, v.ui.cookieTitle),
    el('p', {}, v.ui.cookie),
    el(
      'div',
      { class: 'consent-banner__actions' },
      el('button', { class: 'btn btn--primary', type: 'button' }, v.ui.accept),
      ' ',
      el('button', { class: 'btn', type: 'button' }, v.ui.reject),
      ' ',
      el('button', { class: 'btn btn--link', type: 'button' }, v.ui.settings),
    ),
  );
}

function siteHeaderOf({ r, v, site }) {
  const sections = r.shuffle(v.sections).slice(0, r.int(...SHAPE.navSections));
  const menu = el(
    'ul',
    { class: 'nav__list' },
    ...sections.map((s) => {
      const subs = r.shuffle(v.subsections).slice(0, r.int(...SHAPE.subsectionsPerSection));
      return el(
        'li',
        { class: 'nav__item' },
        el('a', { class: 'nav__link', href: `/${slug(s)}/` }, s),
        subs.length ? el('ul', { class: 'nav__sub' }, ...subs.map((sub) => el('li', {}, el('a', { href: `/${slug(s)}/${slug(sub)}/` }, sub)))) : null,
      );
    }),
  );
  return el(
    'header',
    { class: 'site-header' },
    el('button', { class: 'site-header__menu', type: 'button', 'aria-label': v.ui.menu }, icon(r, 'menu')),
    el(
      'a',
      { class: 'site-header__logo', href: '/', 'aria-label': site.name },
      el('svg', { width: '180', height: '32', viewBox: '0 0 180 32' }, el('path', { d: svgPath(r, r.int(60, 140)) })),
    ),
    el('nav', { class: 'nav', 'aria-label': 'main' }, menu),
    el(
      'form',
      { class: 'search', action: '/search', role: 'search' },
      el('input', { type: 'search', name: 'q', placeholder: v.ui.search }),
      el('button', { type: 'submit', 'aria-label': v.ui.search }, icon(r, 'search')),
    ),
    el(
      'ul',
      { class: 'site-header__account' },
      el('li', {}, el('a', { href: '/account/login' }, v.ui.signIn)),
      el('li', {}, el('a', { class: 'btn btn--subscribe', href: '/subscribe' }, v.ui.subscribe)),
    ),
  );
}

function adSlotOf({ r, v }, where) {
  return el(
    'div',
    { class: `ad ad--${where}`, 'data-slot': `${where}-${r.int(1, 9)}` },
    el('span', { class: 'ad__label' }, v.ui.ad),
    r.chance(0.6)
      ? el('iframe', { src: `https://ads.example.com/serve?slot=${where}&r=${r.int(1e5, 1e6)}`, width: '728', height: '90', title: 'ad', loading: 'lazy' })
      : null,
  );
}

function breadcrumbOf({ v, section }) {
  return el(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'breadcrumb' },
    el('ol', {}, el('li', {}, el('a', { href: '/' }, v.ui.home)), el('li', {}, el('a', { href: `/${slug(section)}/` }, section))),
  );
}

function shareOf({ r, v, url }, where) {
  const networks = ['facebook', 'x', 'whatsapp', 'mail', 'link', 'print'];
  return el(
    'ul',
    { class: `share share--${where}` },
    ...v.ui.share.map((label, i) =>
      el(
        'li',
        {},
        el(
          'a',
          { class: `share__link share__link--${networks[i]}`, href: `https://share.example/${networks[i]}?u=${encodeURIComponent(url)}`, rel: 'noopener' },
          icon(r, networks[i]),
          el('span', { class: 'share__label' }, label),
        ),
      ),
    ),
  );
}

function articleOf(page) {
  const { r, v, lang, site, section, date, headline, author } = page;
  const paragraphs = r.int(...SHAPE.paragraphs);
  const body = [];
  let untilHeading = r.int(...SHAPE.paragraphsPerSubheading);
  for (let i = 0; i < paragraphs; i++) {
    if (i > 0 && --untilHeading === 0) {
      body.push(el('h2', {}, headlineOf(r, v)));
      untilHeading = r.int(...SHAPE.paragraphsPerSubheading);
    }
    body.push(el('p', {}, r.chance(0.15) ? quoteOf(r, v) : paragraphOf(r, v)));
    if (i === 2) body.push(adSlotOf(page, 'inline'));
    if (i === 4 && r.chance(0.5))
      body.push(
        el('p', { class: 'read-also' }, el('strong', {}, v.ui.readAlso), ' ', el('a', { href: `/${slug(section)}/${r.int(1000, 9999)}` }, headlineOf(r, v))),
      );
    if (i === 5 && r.chance(0.4)) body.push(el('blockquote', {}, el('p', {}, sentenceOf(r, v))));
    if (i === 7 && r.chance(0.4)) body.push(el('ul', {}, ...Array.from({ length: r.int(3, 5) }, () => el('li', {}, sentenceOf(r, v)))));
    if (i === 3 && r.chance(0.4)) {
      body.push(
        el(
          'div',
          { class: 'embed embed--video' },
          el('iframe', { src: `https://video.example.org/embed/${r.hexId(11)}`, width: '640', height: '360', allowfullscreen: '', title: v.ui.video }),
        ),
      );
    }
  }
  const photo = nameOf(r, v);
  return el(
    'article',
    { class: 'article', 'data-id': page.id },
    el(
      'header',
      { class: 'article__header' },
      el('a', { class: 'article__kicker', href: `/${slug(section)}/` }, section),
      el('h1', { class: 'article__title' }, headline),
      el('p', { class: 'article__standfirst' }, sentenceOf(r, v)),
      el(
        'div',
        { class: 'byline' },
        el('span', {}, `${v.ui.by} `, el('a', { rel: 'author', href: `/authors/${slug(author)}` }, author)),
        ' ',
        el('time', { datetime: date.iso }, formatDate(date, lang)),
        ' ',
        el('span', { class: 'byline__reading' }, `${Math.max(2, Math.round(paragraphs / 3))} ${v.ui.minutes}`),
      ),
      shareOf(page, 'top'),
    ),
    el(
      'figure',
      { class: 'article__figure' },
      el('img', {
        src: `https://cdn.${site.domain}/img/${r.int(10000, 99999)}-800x450.jpg`,
        srcset: [400, 800, 1200].map((w) => `https://cdn.${site.domain}/img/${r.int(10000, 99999)}-${w}.jpg ${w}w`).join(', '),
        alt: headline,
        width: '800',
        height: '450',
        loading: 'eager',
      }),
      el('figcaption', {}, `${sentenceOf(r, v)} ${v.ui.photo} ${photo}`),
    ),
    el('div', { class: 'article__body' }, ...body),
    el(
      'div',
      { class: 'tags' },
      el('span', { class: 'tags__label' }, v.ui.tags),
      ' ',
      ...r
        .shuffle(v.subsections)
        .slice(0, r.int(2, 5))
        .flatMap((t) => [el('a', { class: 'tag', href: `/topic/${slug(t)}` }, t), ' ']),
    ),
    shareOf(page, 'bottom'),
    el(
      'div',
      { class: 'newsletter' },
      el('h3', {}, v.ui.newsletter),
      el('p', {}, v.ui.newsletterText),
      el(
        'form',
        { action: '/newsletter', method: 'post' },
        el('input', { type: 'email', name: 'email', placeholder: v.ui.email }),
        el('button', { type: 'submit' }, v.ui.signUp),
      ),
    ),
  );
}

function relatedOf({ r, v, site, section }) {
  const items = Array.from({ length: r.int(...SHAPE.relatedTeasers) }, () => {
    const href = `/${slug(section)}/${r.int(10000, 99999)}`;
    return el(
      'li',
      { class: 'teaser' },
      el(
        'a',
        { href, class: 'teaser__link' },
        el('img', { src: `https://cdn.${site.domain}/img/${r.int(10000, 99999)}-320x180.jpg`, alt: '', loading: 'lazy', width: '320', height: '180' }),
        el('h3', { class: 'teaser__title' }, headlineOf(r, v)),
      ),
      el('p', { class: 'teaser__text' }, sentenceOf(r, v)),
    );
  });
  return el('aside', { class: 'related' }, el('h2', {}, v.ui.related), el('ul', { class: 'related__list' }, ...items));
}

function commentsOf({ r, v, lang }) {
  const count = r.int(...SHAPE.comments);
  const shown = Math.min(count, 12);
  const items = Array.from({ length: shown }, () =>
    el(
      'li',
      { class: 'comment' },
      el(
        'div',
        { class: 'comment__meta' },
        el('strong', {}, `${r.pick(v.firstNames).toLowerCase()}${r.int(1, 999)}`),
        ' ',
        el('time', {}, formatDate(dateOf(r), lang)),
      ),
      el('p', { class: 'comment__text' }, Array.from({ length: r.int(1, 3) }, () => sentenceOf(r, v)).join(' ')),
      el(
        'div',
        { class: 'comment__actions' },
        el('button', { type: 'button' }, v.ui.reply),
        ' ',
        el('button', { type: 'button' }, `${v.ui.like} (${r.int(0, 40)})`),
        ' ',
        el('button', { type: 'button' }, v.ui.report),
      ),
    ),
  );
  return el(
    'section',
    { class: 'comments', id: 'comments' },
    el('h2', {}, `${count} ${v.ui.comments}`),
    el('ol', { class: 'comments__list' }, ...items),
    count > shown ? el('button', { class: 'comments__more', type: 'button' }, v.ui.moreComments) : null,
  );
}

function mostReadOf({ r, v }) {
  return el(
    'aside',
    { class: 'most-read' },
    el('h2', {}, v.ui.mostRead),
    el('ol', {}, ...Array.from({ length: r.int(...SHAPE.mostRead) }, () => el('li', {}, el('a', { href: `/${r.int(10000, 99999)}` }, headlineOf(r, v))))),
  );
}

function footerOf({ r, v, site, date }) {
  const links = r.shuffle(v.ui.footer);
  const columns = r.int(...SHAPE.footerColumns);
  const per = Math.ceil(links.length / columns);
  return el(
    'footer',
    { class: 'site-footer' },
    el(
      'div',
      { class: 'site-footer__columns' },
      ...Array.from({ length: columns }, (_, c) =>
        el('ul', { class: 'site-footer__column' }, ...links.slice(c * per, (c + 1) * per).map((l) => el('li', {}, el('a', { href: `/${slug(l)}` }, l)))),
      ),
    ),
    el(
      'div',
      { class: 'site-footer__social' },
      el('span', {}, v.ui.follow),
      ' ',
      ...['facebook', 'x', 'instagram', 'youtube'].map((n) => el('a', { href: `https://${n}.example/${slug(site.name)}`, 'aria-label': n }, icon(r, n))),
    ),
    el('p', { class: 'site-footer__copyright' }, `© ${date.y} ${site.name}. ${v.ui.rights}`),
  );
}

/** A JSON blob of about `bytes`, like the preloaded state of a client-side app. */
function stateOf({ r, v, site, section, id }, bytes) {
  const teasers = [];
  const state = { page: { id, section, type: 'article' }, flags: { paywall: r.chance(0.3), comments: true }, teasers };
  let size = 200;
  while (size < bytes) {
    const teaser = {
      id: r.int(100000, 999999),
      title: headlineOf(r, v),
      teaser: sentenceOf(r, v),
      url: `https://www.${site.domain}/${slug(section)}/${r.int(10000, 99999)}`,
      image: { src: `https://cdn.${site.domain}/img/${r.hexId(12)}.jpg`, width: 640, height: 360 },
      tags: r.shuffle(v.subsections).slice(0, 3),
      published: dateOf(r).iso,
    };
    teasers.push(teaser);
    size += JSON.stringify(teaser).length + 1;
  }
  return JSON.stringify(state).replace(/</g, '\\u003c');
}

// ---------------------------------------------------------------------------------------------
// Text

function sentenceOf(r, v) {
  const subject = r.pick(v.subjects);
  const verb = r.pick(v.verbs);
  const object = withNumber(r, r.pick(v.objects));
  const adverbial = r.pick(v.adverbials);
  let s;
  if (v === VOCAB.de) {
    s = r.chance(0.3) ? `${cap(adverbial)} ${verb} ${lower(subject)} ${object}` : `${subject} ${verb} ${adverbial} ${object}`;
  } else {
    s = r.chance(0.3) ? `${cap(adverbial)}, ${lower(subject)} ${verb} ${object}` : `${subject} ${verb} ${object} ${adverbial}`;
  }
  if (r.chance(0.4)) s += `, ${withNumber(r, r.pick(v.clauses))}`;
  return `${s}.`;
}

function paragraphOf(r, v) {
  return Array.from({ length: r.int(...SHAPE.sentencesPerParagraph) }, () => sentenceOf(r, v)).join(' ');
}

function quoteOf(r, v) {
  const said = sentenceOf(r, v).replace(/\.$/, ',');
  const name = nameOf(r, v);
  return v === VOCAB.de
    ? `„${said.replace(/,$/, '')}“, ${v.said} ${name}, ${r.pick(v.quoteRoles)}. ${sentenceOf(r, v)}`
    : `"${said}" ${v.said} ${name}, ${r.pick(v.quoteRoles)}. ${sentenceOf(r, v)}`;
}

function headlineOf(r, v) {
  return `${r.pick(v.headlineSubjects)} ${r.pick(v.headlineVerbs)} ${r.pick(v.headlineObjects)}`;
}

function nameOf(r, v) {
  return `${r.pick(v.firstNames)} ${r.pick(SURNAMES)}`;
}

function siteOf(r, v) {
  const name = `${r.pick(v.places)} ${r.pick(v.papers)}`;
  return { name, domain: `${slug(name).replace(/-/g, '')}.example` };
}

function withNumber(r, s) {
  return s.replace('NUM', () => String(r.int(2, 1500)));
}

function dateOf(r) {
  const y = r.int(2025, 2026),
    m = r.int(0, 11),
    d = r.int(1, 28),
    hh = r.int(5, 22),
    mm = r.int(0, 59);
  return { y, m, d, hh, mm, iso: `${y}-${pad(m + 1)}-${pad(d)}T${pad(hh)}:${pad(mm)}:00+01:00` };
}

function formatDate({ y, m, d, hh, mm }, lang) {
  return lang === 'de' ? `${pad(d)}.${pad(m + 1)}.${y}, ${pad(hh)}:${pad(mm)} Uhr` : `${d} ${VOCAB.en.months[m]} ${y}, ${pad(hh)}:${pad(mm)}`;
}

// ---------------------------------------------------------------------------------------------
// Styles, scripts, icons: valid and plausible, never run or drawn

function cssOf(r, rules) {
  const out = [];
  for (let i = 0; i < rules; i++) {
    const block = r.pick(CSS_BLOCKS);
    const selector = r.chance(0.6) ? `.${block}__${r.pick(CSS_ELEMENTS)}` : `.${block}${r.chance(0.5) ? `--${r.pick(CSS_ELEMENTS)}` : ''}`;
    const decls = r
      .shuffle(CSS_PROPERTIES)
      .slice(0, r.int(2, 7))
      .map(([prop, value]) => `${prop}:${value(r)}`)
      .join(';');
    const rule = `${selector}${r.chance(0.2) ? ':hover' : ''}{${decls}}`;
    out.push(r.chance(0.15) ? `@media (max-width:${r.pick([480, 768, 1024])}px){${rule}}` : rule);
  }
  return out.join('');
}

function scriptOf(r, statements) {
  const ident = () => `${r.pick(JS_WORDS)}${cap(r.pick(JS_WORDS))}${r.int(0, 99)}`;
  const out = [];
  for (let i = 0; i < statements; i++) {
    const [a, b, c] = [ident(), ident(), ident()];
    switch (r.int(0, 4)) {
      case 0:
        out.push(`function ${a}(e,t){var n=e.${b}||{};return n[t]=${r.int(0, 9999)},n}`);
        break;
      case 1:
        out.push(`window.${a}=window.${a}||[];window.${a}.push({event:"${r.pick(JS_WORDS)}",ts:${r.int(1e9, 2e9)}})`);
        break;
      case 2:
        out.push(`document.addEventListener("${r.pick(JS_EVENTS)}",function(){var ${a}=${r.int(0, 99)};if(${a}>${r.int(0, 99)}){console.debug("${b}")}})`);
        break;
      case 3:
        out.push(`var ${a}={${b}:${r.int(0, 999)},${c}:"${r.hexId(16)}",list:[${r.int(0, 9)},${r.int(0, 9)},${r.int(0, 9)}]}`);
        break;
      default:
        out.push(`!function(e){var t=e.${a}=e.${a}||{};t.${b}=function(n){return n&&n.${c}?n.${c}*${r.int(2, 64)}:null}}(window)`);
    }
  }
  return out.join(';') + ';';
}

function scriptOfSize(r, bytes) {
  let s = '';
  while (s.length < bytes) s += scriptOf(r, 20);
  return s;
}

function svgPath(r, segments) {
  const n = () => (r.int(0, 2400) / 100).toFixed(2);
  let d = `M${n()} ${n()}`;
  for (let i = 0; i < segments; i++) d += r.chance(0.5) ? `L${n()} ${n()}` : `C${n()} ${n()} ${n()} ${n()} ${n()} ${n()}`;
  return d + 'Z';
}

// ---------------------------------------------------------------------------------------------
// The element tree, rendered to HTML and flattened to text

const VOID = new Set(['meta', 'link', 'img', 'input', 'br', 'hr', 'source', 'path']);
/** Flattening to text drops these elements' content, the way a browser's innerText does. */
const NOT_TEXT = new Set(['head', 'script', 'style', 'svg', 'iframe', 'noscript', 'template']);
/** Elements that start and end a line of the text dump. */
const BLOCK = new Set([
  'html',
  'body',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'header',
  'footer',
  'nav',
  'section',
  'article',
  'aside',
  'main',
  'figure',
  'figcaption',
  'blockquote',
  'form',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
]);

function el(tag, attrs, ...children) {
  return { tag, attrs, children: children.filter((c) => c !== null && c !== undefined) };
}

function raw(text) {
  return { raw: text };
}

function render(node) {
  if (typeof node === 'string') return escapeText(node);
  if ('raw' in node) return node.raw;
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
    .join('');
  if (VOID.has(node.tag)) return node.tag === 'path' ? `<${node.tag}${attrs}/>` : `<${node.tag}${attrs}>`;
  const inner = node.children.map(render).join('');
  return BLOCK.has(node.tag) || node.tag === 'head' || node.tag === 'script'
    ? `<${node.tag}${attrs}>${inner}</${node.tag}>\n`
    : `<${node.tag}${attrs}>${inner}</${node.tag}>`;
}

/** The whole page as a naive scraper flattens it: the title, then one line per block, blank lines between. */
function textDump(doc) {
  const lines = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  const title = doc.children[0].children.find((c) => c.tag === 'title');
  if (title) lines.push(title.children.join(''));
  const visit = (node) => {
    if (typeof node === 'string') line += node;
    else if ('raw' in node || NOT_TEXT.has(node.tag)) return;
    else if (BLOCK.has(node.tag)) {
      flush();
      node.children.forEach(visit);
      flush();
    } else node.children.forEach(visit);
  };
  visit(doc);
  return lines.join('\n\n');
}

const escapeText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const pad = (n) => String(n).padStart(2, '0');
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const lower = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const slug = (s) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

// ---------------------------------------------------------------------------------------------
// Seeded PRNG: mulberry32 over an FNV-1a hash of the seed string

function rng(seedText) {
  let h = 0x811c9dc5;
  for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    hex: () =>
      `#${Math.floor(next() * 0xffffff)
        .toString(16)
        .padStart(6, '0')}`,
    hexId: (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
  return r;
}
