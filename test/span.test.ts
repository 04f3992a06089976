import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDoc, remove } from '../src/clean/doc.js';
import { isMenuEntry, isWhole, mainSpan, SPAN_DEFAULTS, weightOf } from '../src/clean/span.js';
import { cleanRecord, createArticle, strip, stripTransform, type Article, type Block, type Favor } from '../src/index.js';

const PROSE = [
  'The council approved the new cycle lanes on Tuesday after a long debate about parking in the old town.',
  'Work on the first lane will start in the spring and should be finished before the summer holidays begin.',
  'Shop owners had asked for more parking spaces, and the council promised to review the plan after one year.',
  'The mayor said the lanes would make the school run safer for the hundreds of children who cycle each day.',
];
const TEASER = 'A new bakery has opened near the station, and the queue on its first morning reached the end of the street.';

function docOf(lines: string[], extractedBy: Article['extractedBy'] = 'text') {
  const blocks: Block[] = lines.map((text, index) => ({ kind: 'paragraph', text, index }));
  const article = createArticle({ format: 'text', content: '' });
  delete article.source;
  Object.assign(article, { blocks, extractedBy });
  article.meta.lang = 'en';
  return createDoc(article);
}

const weights = suite('span: block weights');

weights('prose counts for its length, chrome against it, a subheading costs little', () => {
  const doc = docOf([PROSE[0]!, 'Home', 'Why the lanes matter', PROSE[1]!]);
  const [prose, chrome, heading] = doc.items.map((item, i) => weightOf(item, doc.items[i + 1]));
  assert.is(prose, PROSE[0]!.length);
  assert.is(chrome, -SPAN_DEFAULTS.chromeMinCost);
  assert.is(heading, -SPAN_DEFAULTS.headingCost);
});

weights('short sentences and long lines without a full stop are neutral', () => {
  const doc = docOf(['Tickets cost two euros.', 'Opening hours from Monday to Friday between nine and five at the town hall']);
  assert.equal(
    doc.items.map((item) => weightOf(item)),
    [0, 0],
  );
});

weights('a label opening another part of the page weighs like a wall', () => {
  const doc = docOf(['Related articles']);
  remove(doc.items[0]!, 'related.label');
  assert.is(weightOf(doc.items[0]!), -SPAN_DEFAULTS.sectionLabelCost);
});

weights('prose that is mostly link text is a teaser, not article', () => {
  const doc = docOf([TEASER]);
  doc.items[0]!.block.linkChars = TEASER.length;
  assert.ok(weightOf(doc.items[0]!) < 0);
});

weights.run();

const span = suite('span: mainSpan');

span('the dense stretch of prose wins over a lone paragraph among chrome', () => {
  const doc = docOf(['Home', 'News', TEASER, 'Sport', 'Weather', 'Contact', 'Search', 'Menu', ...PROSE, 'About us']);
  assert.equal(mainSpan(doc.items), [8, 11]);
});

span('neutral blocks next to the span stay with it', () => {
  const doc = docOf([...PROSE, 'Tickets cost two euros.', 'Privacy policy']);
  assert.equal(mainSpan(doc.items), [0, 4]);
});

span('prose after a section label, once the article has run, counts for less', () => {
  const consent =
    'We and our partners store and access information on your device, such as cookies, to show you content and advertising that suit you, ' +
    'to measure how you use this site and to improve it. You can change your choice at any time in the settings at the bottom of each page, ' +
    'and you can object to processing based on legitimate interest there as well. Your choice applies to this site only, on this device, ' +
    'for twelve months.';
  const doc = docOf([...PROSE, 'Cookie settings', consent]);
  remove(doc.items[4]!, 'consent.cookies');
  assert.ok(consent.length > PROSE.join('').length, 'the consent text alone outweighs the article');
  assert.equal(mainSpan(doc.items), [0, 3]);
});

span('labels repeated in a menu above the article discount it only so far', () => {
  // a cookie notice, then a menu whose every drop-down repeats the footer links, then the article
  const notice =
    'We use cookies on this site so that it works, and with your consent to count visits and improve what we offer. ' +
    'You can change your choice at any time under the privacy link at the bottom of each page, and you can object there as well. ' +
    'Your choice applies to this site only, on this device, for twelve months.';
  const menu = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'Privacy' : 'Imprint'));
  const article = [...PROSE, ...PROSE, ...PROSE];
  const doc = docOf([notice, 'Cookie settings', ...menu, ...article]);
  doc.items.slice(1, 14).forEach((item) => remove(item, 'nav.footer'));
  assert.ok(notice.length >= SPAN_DEFAULTS.sectionDiscountAfterChars);
  assert.equal(mainSpan(doc.items), [14, 14 + article.length - 1]);
});

span('a repeat of the headline marks where the article starts', () => {
  const doc = docOf([
    'Cycle lanes approved for the old town',
    'Cycle lanes approved for the old town',
    'By Jane Doe',
    '12 May 2025',
    'Photo: Town Hall',
    'Share',
    ...PROSE,
  ]);
  assert.equal(mainSpan(doc.items), [6, 9], 'without the headline, the byline lines cut the span');
  // a text scrape's first line is its <title>: the source of the headline, not a copy of it
  assert.equal(mainSpan(doc.items, 'cycle lanes approved for the old town', SPAN_DEFAULTS, 0), [1, 9]);
  // a headline known from elsewhere (the page's metadata) is marked wherever it stands, first block
  // included: so a second pass, with the lines above the copy gone, draws the same span
  assert.equal(mainSpan(doc.items.slice(1), 'cycle lanes approved for the old town'), [0, 8]);
});

span('no prose at all: no span', () => {
  assert.is(mainSpan(docOf(['Home', 'News', 'Sport']).items), null);
});

span.run();

const trimming = suite('span: what strip removes outside it');

/** A site's menu as a text scrape shows it: what tells a whole page from a text that is the article alone. */
const MENU = ['Home', 'News', 'Sport', 'Weather', 'Culture', 'Contact'];

trimming('a text scrape loses the teasers and comments around the article', () => {
  const text = [
    ...MENU,
    ...PROSE,
    'Related articles',
    'Bakery opens near the station',
    TEASER,
    '2 Comments',
    'Jonas',
    'I cycle there every day and the new lane is long overdue, to be honest.',
    'Reply',
  ];
  // the span alone: the line model, which has the last word after it, takes this teaser back (lines.test.ts)
  const article = cleanRecord(createArticle({ format: 'text', content: text.join('\n') }), { lineModel: false });
  assert.equal(
    article.blocks.map((b) => b.text),
    PROSE,
  );
  const outside = article.removed.filter((r) => r.reason === 'layout.outside').map((r) => r.text);
  assert.ok(outside.includes(TEASER));
});

trimming('Readability output keeps what precedes its first paragraph, and loses its tail', () => {
  const lead = 'Cycle lanes: what changes';
  const html = `<html><body><article><h1>Cycle lanes approved</h1><p>${lead}</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}
    <h2>Related articles</h2><p>${TEASER}</p></article></body></html>`;
  const article = cleanRecord(createArticle({ format: 'html', content: html }), { extractor: 'readability' });
  assert.is(article.extractedBy, 'readability');
  assert.ok(
    article.blocks.some((b) => b.text === lead),
    'the head stays',
  );
  assert.ok(
    article.removed.some((r) => r.reason === 'layout.outside' && r.text === TEASER),
    'the tail goes',
  );
});

trimming('favor: precision trims both ends of Readability output, recall neither', () => {
  const lead = 'Cycle lanes: what changes';
  const html = `<html><body><article><h1>Cycle lanes approved</h1><p>${lead}</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}
    <h2>Related articles</h2><p>${TEASER}</p></article></body></html>`;
  const kept = (favor: Favor) => cleanRecord(createArticle({ format: 'html', content: html }), { favor, extractor: 'readability' }).blocks.map((b) => b.text);
  assert.not.ok(kept('precision').includes(lead));
  assert.not.ok(kept('precision').includes(TEASER));
  assert.ok(kept('recall').includes(lead));
  assert.ok(kept('recall').includes(TEASER));
  assert.ok(kept('balanced').includes(lead) && !kept('balanced').includes(TEASER));
});

trimming("the block model's pick keeps both ends: it has judged every block of the page already", () => {
  const lines = [...MENU, ...PROSE, 'Related articles', 'Bakery opens near the station', TEASER];
  const outside = (extractedBy: Article['extractedBy']) => {
    const article = createArticle({ format: 'text', content: '' });
    delete article.source;
    article.blocks = lines.map((text, index): Block => ({ kind: 'paragraph', text, index }));
    article.extractedBy = extractedBy;
    article.pageType = 'listing';
    return strip(article)
      .removed.filter((r) => r.reason === 'layout.outside')
      .map((r) => r.text);
  };
  assert.ok(outside('text').includes(TEASER), 'a text scrape is trimmed to its span');
  assert.equal(outside('blocks'), []);
  assert.equal(outside('structured'), []);
});

trimming('favor: a value that is not one is refused', () => {
  assert.throws(
    () => cleanRecord(createArticle({ format: 'text', content: PROSE.join('\n') }), { favor: 'both' as Favor }),
    /favor: expected one of precision, balanced, recall, got "both"/,
  );
  assert.throws(() => stripTransform({ favor: 'both' as Favor }), /favor: expected one of precision, balanced, recall, got "both"/);
});

trimming.run();

const whole = suite('span: text that is the article alone');

/** Another extractor's output: a headline, paragraphs, a list without bullets and a small table. */
const CLEAN_ARTICLE = [
  'Hello world.',
  'Allotment Society Opens Its Waiting List Again',
  'The allotment society on the river road has opened its waiting list for the first time in three years, after the council leased it a second field.',
  'Forty new plots will be marked out over the winter. Each comes with a water butt, a shared shed and a path wide enough for a wheelbarrow.',
  'What members get',
  'A plot of 125 square metres',
  'A key to the tool store',
  'Two seed swaps a year',
  'Plot size\tYearly rent',
  'Half plot\t40 euros',
  'Full plot\t75 euros',
  'Applicants who live within two kilometres of the field are offered a plot first; the rest are taken in the order they applied.',
  'The secretary said most new members give up within a year, so the list tends to move faster than people expect.',
];
/** Cruft a scraper lets through, in our own words: each line is one a named rule knows. */
const INJECTED = ['Share on Facebook', 'Follow us on Telegram', 'Subscribe to our newsletter', '© 2025 Riverside Weekly. All rights reserved.'];
const linesOf = (article: Article) => article.blocks.map((b) => b.text);
const normalised = (lines: string[]) => lines.map((l) => l.replace(/\s+/gu, ' '));

whole('a clean text keeps every line, its first short sentence included', () => {
  const article = cleanRecord(createArticle({ format: 'text', content: CLEAN_ARTICLE.join('\n\n') }));
  const kept = [...linesOf(article), article.meta.title];
  for (const line of normalised(CLEAN_ARTICLE)) assert.ok(kept.includes(line), `lost: ${line}`);
  assert.ok(
    article.removed.every((r) => r.reason.startsWith('meta.')),
    'only lifted into fields',
  );
});

whole('cruft mixed into a clean text goes, every article line stays', () => {
  const mixed = [...CLEAN_ARTICLE];
  mixed.splice(3, 0, INJECTED[0]!);
  mixed.splice(8, 0, INJECTED[1]!);
  mixed.push(INJECTED[2]!, INJECTED[3]!);
  const article = cleanRecord(createArticle({ format: 'text', content: mixed.join('\n\n') }));
  const kept = [...linesOf(article), article.meta.title];
  for (const line of normalised(CLEAN_ARTICLE)) assert.ok(kept.includes(line), `lost: ${line}`);
  for (const line of INJECTED) assert.not.ok(kept.includes(line), `kept: ${line}`);
  assert.not.ok(
    article.removed.some((r) => r.reason.startsWith('layout.')),
    'nothing cut for where it stood',
  );
});

whole('a whole page with a menu still loses the menu', () => {
  const page = [...MENU, 'Search', 'Log in', ...CLEAN_ARTICLE.slice(1), 'Most read', 'Storm Warning for the Coast', 'Imprint', 'Privacy'];
  const article = cleanRecord(createArticle({ format: 'text', content: page.join('\n') }));
  const kept = linesOf(article);
  for (const line of MENU) assert.not.ok(kept.includes(line), `kept the menu entry ${line}`);
  for (const line of CLEAN_ARTICLE.slice(2, 4)) assert.ok(kept.includes(line), `lost: ${line}`);
});

whole('isWhole: a run of menu entries or labels around the prose give a page away; lists and tables do not', () => {
  const docOfText = (lines: string[]) => {
    const doc = docOf(lines);
    doc.items.forEach((item, i) => {
      item.block.kind = lines[i]!.startsWith('- ') ? 'list-item' : 'paragraph';
    });
    return doc;
  };
  assert.ok(isWhole(docOf(PROSE).items));
  assert.ok(isWhole(docOf(['Cycle lanes', ...PROSE]).items), 'a kicker above the article');
  assert.not.ok(isWhole(docOf([...MENU, ...PROSE]).items), 'a menu above the article');
  assert.not.ok(isWhole(docOf([...PROSE, 'About us', 'Contact', 'Jobs', 'Imprint']).items), 'footer links below it');
  const nineEntries = ['Gardens', 'Allotments', 'Orchards', 'Parks', 'Meadows', 'Woods', 'Ponds', 'Rivers', 'Beaches'];
  assert.not.ok(isWhole(docOf([PROSE[0]!, ...nineEntries, PROSE[1]!]).items), 'a sidebar between paragraphs');
  assert.ok(isWhole(docOf([PROSE[0]!, ...nineEntries.slice(0, 5), PROSE[1]!]).items), 'a short list between paragraphs');
  assert.ok(isWhole(docOfText([PROSE[0]!, ...nineEntries.map((e) => `- ${e}`), PROSE[1]!]).items), 'a bulleted list');
  assert.ok(isWhole(docOf([PROSE[0]!, 'Half plot 40 euros', 'Full plot 75 euros', 'Deposit 20 euros', 'Key 5 euros', 'Water 10 euros', PROSE[1]!]).items));
});

whole('isMenuEntry: a short label, not a sentence, a number or code', () => {
  const entries = docOf(['Contact us', 'Sign in', 'The vote is on Monday.', 'Half plot 40 euros', 'return x;', 'A line of more than four words here']);
  assert.equal(
    entries.items.map((item) => isMenuEntry(item)),
    [true, true, false, false, false, false],
  );
});

whole.run();
