import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cleanRecord, createArticle, serializeTransform, type Article, type Block, type BlockKind } from '../src/index.js';
import { line, runCli } from './helpers.js';
import {
  SiteMemory,
  SiteStateError,
  blockFrame,
  forgetSiteBoilerplate,
  frameHash,
  learnSites,
  siteOf,
  sitesTransform,
  sitesTwoPassTransform,
} from '../src/across/sites.js';

// Every page here is made up for these tests: a harbour town's paper, a garden club, a bakery.

type Spec = string | [BlockKind, string];

function page(url: string | null, specs: Spec[], fields: Record<string, unknown> = {}): Article {
  const article = createArticle({ format: 'text', content: '' }, url === null ? { ...fields } : { url, ...fields });
  delete article.source;
  article.blocks = specs.map((s, index): Block => (typeof s === 'string' ? { kind: 'paragraph', text: s, index } : { kind: s[0], text: s[1], index }));
  return article;
}
const texts = (a: Article) => a.blocks.map((b) => b.text);
const reasons = (a: Article) => a.removed.map((r) => [r.reason, r.step, r.text, r.detail?.['pages'], r.detail?.['seen']]);

const TOPICS = [
  ['ferry', 'The evening ferry will leave from the north quay while the old pier is rebuilt over the winter months.'],
  ['lighthouse', 'Volunteers repainted the lighthouse lantern room and found a logbook left by a keeper long ago.'],
  ['market', 'Stallholders voted to move the Saturday fish market indoors after gales tore two awnings loose.'],
  ['school', 'Pupils at the harbour school built a tide gauge from drainpipe and a broom handle for science week.'],
  ['choir', 'The fishermen’s choir rehearses in the lifeboat shed now that the chapel roof is being mended.'],
  ['regatta', 'Rowing crews from three villages raced in fog so thick the judges counted boats by their shouting.'],
  ['bakery', 'A bakery on Quay Street began selling saffron buns again after a recipe turned up in an attic box.'],
  ['seals', 'Seal pups were counted on the sandbar by kayakers who kept a respectful distance from the colony.'],
  ['library', 'The mobile library van now stops at the campsite on Tuesdays, bringing maps and tide tables too.'],
  ['bridge', 'Engineers closed the swing bridge for a day to grease its turntable, which last moved in spring.'],
] as const;

const MONTHS = ['March', 'June', 'July', 'September', 'October', 'November', 'January', 'April', 'May', 'August'];

/** Ten pages of the Harbour Light: a menu, a date line, the article, a comment count, a newsletter prompt. */
function harbourPages(host = 'https://www.harbourlight.org'): Article[] {
  return TOPICS.map(([slug, lead], i) =>
    page(`${host}/news/${slug}`, [
      'Front page | Harbour news | Tides | Letters',
      `Filed on ${MONTHS[i]} ${i + 3}, 2026`,
      lead,
      `Asked about the ${slug}, a harbour councillor said the town would watch closely and report back soon.`,
      `${(i * 7) % 13} comments`,
      'Tide tables and harbour gossip every Thursday: put your address in the box and we will do the rest.',
    ]),
  );
}

const frames = suite('blockFrame');
frames('counts, dates and number formats in a fixed wording share a frame', () => {
  assert.is(blockFrame('12 comments'), blockFrame('3 comments'));
  assert.is(blockFrame('Filed on March 3, 2026'), blockFrame('Filed on September 21, 2025'));
  assert.is(blockFrame('1,234 readers'), blockFrame('7 readers'));
  assert.is(blockFrame('Open Tuesday'), blockFrame('Open Friday'));
  assert.is.not(blockFrame('12 comments'), blockFrame('12 replies'));
});
frames('names in a fixed wording share a frame; a line of capitalised words alone keeps them', () => {
  assert.is(blockFrame('By Jane Doe | 12 comments'), blockFrame('By Tom Ashby | 3 comments'));
  assert.is(blockFrame('More from Odile Granger in Pellbrook'), blockFrame('More from Tobias Renn in Casterwick'));
  assert.is.not(blockFrame('Home | News | Sport'), blockFrame('Home | Weather | Tides'), 'a menu is its words');
  assert.is(blockFrame('Jane Doe'), 'jane doe');
  assert.is.not(blockFrame('By Jane Doe'), blockFrame('With Jane Doe'));
});
frames('month and weekday names of other languages are placeholders too, as whole words only', () => {
  assert.is(blockFrame('Veröffentlicht am 3. März 2026'), blockFrame('Veröffentlicht am 9. Juni 2025'));
  assert.is(blockFrame('Publié le mardi 3 février'), blockFrame('Publié le jeudi 12 août'));
  assert.is(blockFrame('Opublikowano 16 marca 2021'), blockFrame('Opublikowano 2 października 2020'));
  assert.is(blockFrame('Обновлено 5 сентября'), blockFrame('Обновлено 1 мая'));
  assert.is(blockFrame('Aberto ao sábado'), blockFrame('Aberto ao domingo'));
  assert.is.not(blockFrame('Mais notícias'), blockFrame('Mai notícias'), 'a month inside a longer word stays');
});
frames('a number or date alone is no frame', () => {
  assert.is(blockFrame('42'), null);
  assert.is(blockFrame('3 March 2026'), null);
  assert.is(blockFrame('— · —'), null);
});
frames('the hash is a stable whole number that JSON keeps exactly', () => {
  const hash = frameHash('0 comments');
  assert.ok(Number.isSafeInteger(hash) && hash >= 0);
  assert.is(frameHash('0 comments'), hash);
  assert.is.not(frameHash('0 comment'), hash);
});
frames.run();

const sites = suite('siteOf');
sites('the registrable domain of the URL', () => {
  assert.is(siteOf(page('https://news.harbourlight.org/a', [])), 'harbourlight.org');
  assert.is(siteOf(page('http://www.gardenclub.co.uk/roses?x=1', [])), 'gardenclub.co.uk');
});
sites('a site name wins over the URL, and never meets a domain', () => {
  assert.is(siteOf(page('https://harbourlight.org/a', [], { site: 'Harbour Light' })), 'name:harbour light');
});
sites('no URL and no name: no site', () => {
  assert.is(siteOf(page(null, [])), null);
  assert.is(siteOf(page('not a url at all', [])), null);
});
sites.run();

const forget = suite('forgetSiteBoilerplate');
forget('a site’s menu, date line, comment count and newsletter prompt go; each article stays', () => {
  const pages = harbourPages();
  const memory = learnSites(pages);
  pages.forEach((p, i) => {
    const own = texts(p).slice(2, 4);
    const out = forgetSiteBoilerplate(p, memory);
    assert.equal(texts(out), own);
    assert.equal(reasons(out), [
      ['site.repeated', 'sites', 'Front page | Harbour news | Tides | Letters', 10, 10],
      ['site.repeated', 'sites', `Filed on ${MONTHS[i]} ${i + 3}, 2026`, 10, 10],
      ['site.repeated', 'sites', `${(i * 7) % 13} comments`, 10, 10],
      ['site.repeated', 'sites', 'Tide tables and harbour gossip every Thursday: put your address in the box and we will do the rest.', 10, 10],
    ]);
  });
});
forget('a site with one page, or too few, changes nothing', () => {
  const one = harbourPages().slice(0, 1);
  const memory = learnSites(one);
  assert.equal(forgetSiteBoilerplate(one[0]!, memory).removed, []);
  const two = harbourPages().slice(0, 2);
  const memoryOfTwo = learnSites(two);
  for (const p of two) assert.equal(forgetSiteBoilerplate(p, memoryOfTwo).removed, []);
});
forget('a block on fewer than minShare of the site’s pages stays', () => {
  const pages = harbourPages();
  // a notice on two pages of ten: 20%, under the 30% asked for
  for (const p of pages.slice(0, 2)) p.blocks.push({ kind: 'paragraph', text: 'The print edition is late this week.', index: 9 });
  const memory = learnSites(pages);
  assert.ok(texts(forgetSiteBoilerplate(pages[0]!, memory)).includes('The print edition is late this week.'));
});
forget('two sites with the same footer wording learn separately', () => {
  const harbour = harbourPages();
  const footer = 'Tide tables and harbour gossip every Thursday: put your address in the box and we will do the rest.';
  const club = ['roses', 'compost', 'bees', 'hedges'].map((slug, i) =>
    page(`https://gardenclub.co.uk/${slug}`, [
      `Members met in the church hall to talk about ${slug}, and the secretary promised notes by the end of the week.`,
      `Bring your own cuttings of ${slug} next time; the raffle prize is a spade donated by the ironmonger.`,
      ...(i === 0 ? [footer] : []),
    ]),
  );
  const memory = learnSites([...harbour, ...club]);
  assert.is(memory.pagesOf('harbourlight.org'), 10);
  assert.is(memory.pagesOf('gardenclub.co.uk'), 4);
  assert.ok(texts(forgetSiteBoilerplate(club[0]!, memory)).includes(footer));
  assert.not.ok(texts(forgetSiteBoilerplate(harbour[0]!, memory)).includes(footer));
});
forget('records without a site are neither learned nor changed', () => {
  const orphans = harbourPages().map((p) => {
    delete p.fields['url'];
    return p;
  });
  const memory = learnSites(orphans);
  assert.is(memory.size, 0);
  assert.equal(forgetSiteBoilerplate(orphans[0]!, memory).removed, []);
});
forget.run();

const own = suite('forgetSiteBoilerplate: the article’s own repeats');
const INTRO =
  'Low Water is our fortnightly walk along the shore at the lowest tide of the month, written by a different ' +
  'reader each time, who picks the route, the hour and the one thing worth stopping for.';
const DISCLAIMER =
  'Letters and walks are the views of their writers; the Harbour Light checks facts it can check, corrects ' +
  'what it gets wrong on this page, and pays no one for a kind word about a shop or a boat.';
function seriesPages(): Article[] {
  return harbourPages().map((p, i) => {
    const series = i < 4; // four pages of ten are the Low Water series
    const [menu, date, lead, quote, count, prompt] = texts(p) as [string, string, string, string, string, string];
    const specs: Spec[] = [menu, date];
    if (series) specs.push(INTRO);
    specs.push(lead);
    if (i % 2 === 0) specs.push(['heading', 'What the council says']);
    specs.push(quote, count, prompt, DISCLAIMER);
    return page(p.fields['url'] as string, specs);
  });
}
own('a series’ standing intro stays; a disclaimer after the article goes', () => {
  const pages = seriesPages();
  const memory = learnSites(pages);
  const out = forgetSiteBoilerplate(pages[0]!, memory);
  assert.ok(texts(out).includes(INTRO), 'the intro is the series’ own, on 4 of 10 pages');
  assert.not.ok(texts(out).includes(DISCLAIMER));
  assert.ok(out.removed.some((r) => r.text === DISCLAIMER && r.reason === 'site.repeated' && r.detail?.['pages'] === 10));
});
own('a long paragraph inside the article on nearly every page is the template’s', () => {
  const pages = harbourPages().map((p) => page(p.fields['url'] as string, [INTRO, ...texts(p)]));
  const memory = learnSites(pages);
  assert.not.ok(texts(forgetSiteBoilerplate(pages[3]!, memory)).includes(INTRO));
});
own('a recurring heading between the page’s own paragraphs stays; one between repeated blocks goes', () => {
  const pages = seriesPages();
  const memory = learnSites(pages);
  assert.ok(texts(forgetSiteBoilerplate(pages[2]!, memory)).includes('What the council says'));
  const trailing = harbourPages().map((p) => page(p.fields['url'] as string, [...texts(p), ['heading', 'More from the harbour'], 'Tides | Letters']));
  const trailingMemory = learnSites(trailing);
  assert.not.ok(texts(forgetSiteBoilerplate(trailing[1]!, trailingMemory)).includes('More from the harbour'));
});
own('the rows of the page’s own list stay, though every listing of the site fills the same frames', () => {
  const loaves = ['rye', 'spelt', 'barley', 'oat', 'seeded', 'malted'];
  const pages = loaves.map((loaf, i) =>
    page(`https://crumbandcrust.net/shelf/${loaf}`, [
      'Basket: 0 loaves',
      `Our ${loaf} bakes are proved overnight and shaped by hand before the ovens are lit at four.`,
      `Rated ${i + 2} of 5 by ${10 + i} customers`,
      `Rated ${5 - (i % 3)} of 5 by ${40 + i * 3} customers`,
      `Rated ${3 + (i % 2)} of 5 by ${7 + i} customers`,
    ]),
  );
  const memory = learnSites(pages);
  const rows = texts(pages[1]!).slice(1);
  const out = forgetSiteBoilerplate(pages[1]!, memory);
  assert.equal(texts(out), rows);
  assert.equal(
    out.removed.map((r) => r.text),
    ['Basket: 0 loaves'],
  );
});
own('a page whose every paragraph repeats keeps its prose (a copy is not chrome)', () => {
  const pages = harbourPages();
  const copy = page('https://harbourlight.org/print/ferry', texts(pages[0]!));
  const copies = [copy, page('https://harbourlight.org/amp/ferry', texts(pages[0]!)), page('https://harbourlight.org/m/ferry', texts(pages[0]!))];
  const memory = learnSites([...pages.slice(1, 6), ...copies]);
  const out = forgetSiteBoilerplate(copy, memory);
  assert.equal(texts(out), texts(pages[0]!).slice(2, 4));
});
own.run();

const memories = suite('SiteMemory');
memories('least recently learned sites are forgotten past maxSites', () => {
  const memory = new SiteMemory({ maxSites: 2 });
  memory.learn('a.org', [1]);
  memory.learn('b.org', [1]);
  memory.learn('a.org', [1]);
  memory.learn('c.org', [1]);
  assert.is(memory.size, 2);
  assert.is(memory.pagesOf('b.org'), 0);
  assert.is(memory.pagesOf('a.org'), 2);
});
memories('past maxFramesPerSite, the frames on fewest pages go first', () => {
  const memory = new SiteMemory({ maxFramesPerSite: 10 });
  for (let p = 0; p < 5; p++) memory.learn('a.org', [7, 100 + p * 3, 101 + p * 3, 102 + p * 3]);
  assert.is(memory.count('a.org', 7).pages, 5);
  assert.ok(memory.toJSON().sites[0]![2].length <= 10);
});
memories('state saved and loaded decides the same', () => {
  const pages = seriesPages();
  const memory = learnSites(pages);
  const loaded = SiteMemory.fromJSON(JSON.parse(JSON.stringify(memory)));
  assert.equal(loaded.toJSON(), memory.toJSON());
  const a = seriesPages().map((p) => forgetSiteBoilerplate(p, memory));
  const b = seriesPages().map((p) => forgetSiteBoilerplate(p, loaded));
  assert.equal(a, b);
});
memories('a foreign, newer or corrupt state is refused saying why', () => {
  const good = learnSites(harbourPages()).toJSON();
  const refused = (value: unknown, message: RegExp) =>
    assert.throws(
      () => SiteMemory.fromJSON(value),
      (err: Error) => err instanceof SiteStateError && message.test(err.message),
    );
  refused('decruft', /not a decruft site-state file/);
  refused({ format: 'something-else', version: 1, sites: [] }, /not a decruft site-state file/);
  refused({ ...good, version: 2 }, /version 2 is newer than this decruft reads \(1\)/);
  refused({ ...good, version: 'one' }, /corrupt: version/);
  refused({ ...good, sites: {} }, /corrupt: `sites` must be an array/);
  refused({ ...good, sites: [['harbourlight.org', 10]] }, /corrupt: sites\[0\] must be \[site, pages, frames\]/);
  refused({ ...good, sites: [['harbourlight.org', 10, [[1, 11]]]] }, /corrupt: sites\[0\]\.frames\[0\]/);
  refused({ ...good, sites: [['harbourlight.org', 10, [[-1, 2]]]] }, /corrupt: sites\[0\]\.frames\[0\]/);
  refused({ ...good, maxSites: 0 }, /corrupt: maxSites must be a whole number, 1 or more, got 0/);
});
memories('a loaded state is cut down to the caller’s bounds', () => {
  const memory = new SiteMemory();
  for (const site of ['a.org', 'b.org', 'c.org']) memory.learn(site, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const small = SiteMemory.fromJSON(memory.toJSON(), { maxSites: 2, maxFramesPerSite: 10 });
  assert.is(small.size, 2);
  assert.is(small.pagesOf('a.org'), 0, 'the least recently learned site goes');
  assert.ok(small.toJSON().sites.every(([, , frames]) => frames.length <= 10));
});
memories.run();

async function runTransform(
  records: Article[],
  options: Parameters<typeof sitesTransform>[0],
  slow = false,
  step: Duplex = sitesTransform(options),
): Promise<Article[]> {
  const out: Article[] = [];
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk: Article, _encoding, done) {
      out.push(chunk);
      if (slow) setTimeout(done, out.length % 3);
      else done();
    },
  });
  await pipeline(Readable.from(records), step, sink);
  return out;
}

const streams = suite('sitesTransform');
streams('with a window covering the input, one pass equals two passes', async () => {
  const memory = learnSites(seriesPages());
  const twoPass = seriesPages().map((p) => forgetSiteBoilerplate(p, memory));
  const onePass = await runTransform(seriesPages(), { holdRecords: 100 });
  assert.equal(onePass, twoPass);
});
streams('learn: false decides with a memory learned before, as the second of two passes, and adds nothing to it', async () => {
  const memory = learnSites(seriesPages());
  const saved = JSON.stringify(memory);
  const twoPass = seriesPages().map((p) => forgetSiteBoilerplate(p, learnSites(seriesPages())));
  assert.equal(await runTransform(seriesPages(), { memory, learn: false }), twoPass);
  assert.is(JSON.stringify(memory), saved);
});
streams('a record is decided knowing exactly the records up to holdRecords after it, whatever the timing', async () => {
  const hold = 3;
  const all = seriesPages();
  const expected = all.map((_, i) => {
    const memory = learnSites(seriesPages().slice(0, i + hold + 1));
    return forgetSiteBoilerplate(seriesPages()[i]!, memory);
  });
  assert.equal(await runTransform(seriesPages(), { holdRecords: hold }), expected);
  assert.equal(await runTransform(seriesPages(), { holdRecords: hold }, true), expected);
});
streams('records leave in input order, one for one, sites interleaved', async () => {
  const club = ['roses', 'compost', 'bees'].map((slug) =>
    page(`https://gardenclub.co.uk/${slug}`, [`Notes on ${slug} from the spring meeting of the club, typed up by the secretary.`]),
  );
  const mixed = harbourPages().flatMap((p, i) => (i < 3 ? [p, club[i]!] : [p]));
  const ids = mixed.map((p) => p.fields['url']);
  const out = await runTransform(mixed, { holdRecords: 2 });
  assert.equal(
    out.map((p) => p.fields['url']),
    ids,
  );
});
streams('something that is not a record fails the stream', async () => {
  try {
    await runTransform([42 as unknown as Article], {});
    assert.unreachable('should have failed');
  } catch (err) {
    assert.match((err as Error).message, /sites: expected a decruft record/);
  }
});
streams('a bad holdRecords is refused when the Transform is built', () => {
  assert.throws(() => sitesTransform({ holdRecords: -1 }), /holdRecords must be a whole number, 0 or more, got -1/);
});
streams('after the default cleaning, in a pipeline: the output text is the kept blocks, removals say site.repeated', async () => {
  const records = harbourPages().map((p) =>
    cleanRecord(createArticle({ format: 'text', content: texts(p).join('\n\n') }, { id: p.fields['url'], url: p.fields['url'] })),
  );
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  await pipeline(Readable.from(records), sitesTransform(), serializeTransform({ explain: true }), sink);
  const out = lines
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(out.length, 10);
  for (const [i, record] of out.entries()) {
    const [, lead] = TOPICS[i]!;
    assert.ok((record['text'] as string).startsWith(lead), `page ${i}: ${record['text']}`);
    assert.not.ok((record['text'] as string).includes('Tide tables and harbour gossip'));
    const removed = record['removed'] as Array<{ reason: string; step: string }>;
    assert.ok(removed.some((r) => r.reason === 'site.repeated' && r.step === 'sites'));
  }
});

const twoPass = suite('sitesTwoPassTransform');
twoPass('equals learnSites then forgetSiteBoilerplate, in input order, and leaves no file behind', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'decruft-two-pass-'));
  try {
    const memory = learnSites(seriesPages());
    const expected = seriesPages().map((p) => forgetSiteBoilerplate(p, memory));
    assert.ok(expected.some((p) => p.removed.some((r) => r.reason === 'site.repeated')));
    const got = await runTransform(seriesPages(), {}, true, sitesTwoPassTransform({ tmpDir: parent }));
    assert.equal(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(expected)));
    assert.equal(readdirSync(parent), [], 'the spill folder is gone');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
twoPass('the first page of a site is judged with the pages after it, which a short hold does not see', async () => {
  const first = (out: Article[]) => out[0]!.removed.filter((r) => r.reason === 'site.repeated').length;
  assert.is(first(await runTransform(harbourPages(), { holdRecords: 0 })), 0);
  assert.ok(first(await runTransform(harbourPages(), {}, false, sitesTwoPassTransform())) >= 1);
});
twoPass('learns into a given memory, so it can be saved', async () => {
  const memory = new SiteMemory();
  await runTransform(harbourPages(), {}, false, sitesTwoPassTransform({ memory }));
  assert.is(memory.toJSON().sites.length, 1);
});
twoPass('something that is not a record fails the stream, and the spill folder still goes', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'decruft-two-pass-'));
  try {
    await runTransform([harbourPages()[0]!, 42 as unknown as Article], {}, false, sitesTwoPassTransform({ tmpDir: parent }));
    assert.unreachable('should have failed');
  } catch (err) {
    assert.match((err as Error).message, /sites: expected a decruft record/);
  } finally {
    assert.equal(readdirSync(parent), []);
    rmSync(parent, { recursive: true, force: true });
  }
});
twoPass.run();
streams.run();

const cli = suite('cli --learn-sites');
/** The Harbour Light's pages as NDJSON text records, as a scraper would hand them over. */
const harbourLines = () => harbourPages().map((a, i) => line({ id: `h${i}`, url: a.fields['url'], text: a.blocks.map((b) => b.text).join('\n') }));
const siteRemovals = (records: Record<string, unknown>[]) =>
  records.map((r) => (r['removed'] as { reason: string }[]).filter((x) => x.reason === 'site.repeated').length);

cli('takes a site’s repeated blocks out, with the same output for any --jobs', async () => {
  const input = harbourLines().join('');
  const serial = await runCli(['-q', '--jobs', '0', '--learn-sites', '--explain'], { stdin: input });
  const workers = await runCli(['-q', '--jobs', '1', '--learn-sites', '--explain'], { stdin: input });
  assert.is(serial.code, 0, serial.stderr);
  assert.is(workers.stdout, serial.stdout);
  assert.ok(
    siteRemovals(serial.records).every((n) => n >= 1),
    JSON.stringify(siteRemovals(serial.records)),
  );
  const plain = await runCli(['-q', '--jobs', '0', '--explain'], { stdin: input });
  assert.ok(
    siteRemovals(plain.records).every((n) => n === 0),
    'off unless asked for',
  );
});

cli('--site-passes 2 judges every page with all of its site’s pages, with the same output for any --jobs', async () => {
  const input = harbourLines().join('');
  const two = await runCli(['-q', '--jobs', '0', '--learn-sites', '--site-passes', '2', '--explain'], { stdin: input });
  assert.is(two.code, 0, two.stderr);
  assert.is(two.records.length, 10);
  const held = await runCli(['-q', '--jobs', '0', '--learn-sites', '--site-hold', '100', '--explain'], { stdin: input });
  assert.is(two.stdout, held.stdout, 'a hold past the end of the input is the same as two passes');
  const workers = await runCli(['-q', '--jobs', '1', '--learn-sites', '--site-passes', '2', '--explain'], { stdin: input });
  assert.is(workers.stdout, two.stdout);
});

cli('--site-state goes on across runs; used wrongly or damaged, it is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-sites-'));
  try {
    const state = join(dir, 'sites.json');
    const lines = harbourLines();
    const args = ['-q', '--jobs', '0', '--learn-sites', '--explain', '--site-hold', '0', '--site-state', state];
    const first = await runCli(args, { stdin: lines.slice(0, 5).join('') });
    assert.is(first.code, 0, first.stderr);
    assert.is(JSON.parse(readFileSync(state, 'utf8')).format, 'decruft-sites');
    // decided at once (--site-hold 0), the sixth page already knows the five before it
    const second = await runCli(args, { stdin: lines[5]! });
    assert.ok(siteRemovals(second.records)[0]! >= 1, second.stdout);
    const alone = await runCli(['-q', '--jobs', '0', '--learn-sites', '--explain', '--site-hold', '0'], { stdin: lines[5]! });
    assert.is(siteRemovals(alone.records)[0], 0, 'one page seen: nothing learned');

    const usage = async (argv: string[], message: RegExp) => {
      const run = await runCli(argv, { stdin: lines[0]! });
      assert.is(run.code, 2, argv.join(' '));
      assert.is(run.stdout, '');
      assert.match(run.stderr, message);
    };
    await usage(['--site-state', state], /--site-state needs --learn-sites/);
    await usage(['--learn-sites', '--site-hold', '-1'], /--site-hold: expected a whole number of records, 0 or more, got -1/);
    await usage(['--site-hold', '5'], /--site-hold needs --learn-sites/);
    await usage(['--site-passes', '2'], /--site-passes needs --learn-sites/);
    await usage(['--learn-sites', '--site-passes', '3'], /--site-passes: expected 1 or 2, got 3/);
    await usage(['--learn-sites', '--site-passes', '2', '--site-hold', '5'], /--site-hold is for one pass; --site-passes 2 waits for the whole input/);
    writeFileSync(state, '{"format": "decruft-sites", "vers');
    await usage(['--learn-sites', '--site-state', state], /^decruft: --site-state .*sites\.json: not valid JSON \(/);
    writeFileSync(state, JSON.stringify({ format: 'decruft-sites', version: 9, sites: [] }));
    await usage(['--learn-sites', '--site-state', state], /version 9 is newer than this decruft reads/);
    writeFileSync(state, JSON.stringify({ format: 'decruft-copies', version: 1 }));
    await usage(['--learn-sites', '--site-state', state], /not a decruft site-state file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

cli.run();
