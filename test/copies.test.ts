import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clean, copiesTransform, markCopy, serialize, CopyIndex, CopyStateError, OptionError, type Article, type SettingsOverrides } from '../src/index.js';
import { estimateJaccard, minHash, shingleHashes, tokensOf } from '../src/across/copies.js';
import { hashedWords } from '../src/across/text.js';
import { chunked, cleanedArticle, Collector, filler, line, runSerial } from './helpers.js';

// Every text here is written for these tests: a made-up event, told three ways.
const STORY = [
  'Ferry service to Marrow Island resumes after storm repairs',
  'The ferry between Kestrel Harbour and Marrow Island sailed again on Monday morning, nine days after a winter storm tore loose the floating pier on the island side and left the crossing closed.',
  'Engineers from the county works department spent the week anchoring a new pontoon with four steel piles, and the harbour master inspected the ramp on Sunday before giving permission for the first sailing.',
  'About forty passengers boarded the seven o clock crossing, most of them teachers and nurses who had been staying with relatives on the mainland while the island school and clinic ran on reduced hours.',
  'The operator said the timetable would return to six daily sailings from Wednesday, once a second crew has finished its safety drills, and that tickets bought for cancelled trips will be refunded at the kiosk.',
  'During the closure a fishing cooperative carried medicine and post across twice a day in an open boat, and a helicopter flew one patient to the mainland hospital after a fall on the cliff path.',
  'The storm had struck on a Saturday night with gusts above one hundred kilometres an hour. It snapped two of the chains holding the old pier, which drifted against the breakwater and sank at low tide.',
  'Divers are expected to lift the wreck of the old pier next month. The county has not yet decided whether to repair it as a spare landing or to sell the steel for scrap and keep only the new pontoon.',
  'Shopkeepers on the island said trade had almost stopped while the ferry was idle. The bakery closed for four days when its flour ran out, and the one petrol pump was switched off to save fuel for the doctor.',
  'A public meeting about storm protection for the harbour is planned for the end of the month in the island hall, where residents will be asked whether they would accept a higher ticket price to pay for it.',
  'Islanders had raised money for a temporary landing stage during the closure, and the parish council said the collection would now go toward a shelter for people waiting at the pier in bad weather.',
].join('\n');

/** The same story as another outlet ran it: its own headline, a few words changed. */
const STORY_COPY = STORY.replace('Ferry service to Marrow Island resumes after storm repairs', 'Marrow Island crossing back in service')
  .replace('on Monday morning', 'early on Monday')
  .replace('About forty passengers', 'Around forty people')
  .replace('in bad weather', 'during storms');

/** The story cut after its fifth paragraph: about half its words. */
const HALF = STORY.split('\n').slice(0, 6).join('\n');

/** Two other write-ups of the same event: the same facts, in other words. */
const OTHER_WRITE_UPS = [
  [
    'Island ferry back after nine-day closure',
    'Crossings to Marrow Island restarted this week. A storm had wrecked the landing pier, and for more than a week nobody could travel between the island and Kestrel Harbour by boat.',
    'County workers drove four steel piles to hold a replacement pontoon. The harbour master checked the new ramp at the weekend and cleared the ferry to run again on Monday.',
    'Roughly forty travellers took the first boat at seven, many of them school staff and health workers returning home. Full service, six crossings a day, is planned from midweek.',
  ].join('\n'),
  [
    'Letter from the island: the boat is running again',
    'For nine days the only sound at our pier was the wind. Now the little ferry noses in again each morning, and the queue of neighbours with shopping bags is back where it belongs.',
    'We owe the new pontoon to a crew of county engineers who worked through cold rain, and to the harbour master, who walked every metre of the ramp before he would sign it off.',
    'The money we collected for a makeshift landing will build a shelter instead, so that the next storm finds us waiting somewhere dry rather than huddled by the ticket kiosk.',
  ].join('\n'),
];

const cleaned = (text: string, fields: Record<string, unknown> = {}) => cleanedArticle(text, fields);

/** Marks the texts in order with one index; the copy marks, in order (null: not a copy). */
function marks(texts: string[], settings?: SettingsOverrides, index = new CopyIndex(settings)) {
  return texts.map((text, i) => markCopy(cleaned(text, { id: `r${i}` }), index).copy ?? null);
}

const trueJaccard = (a: string, b: string): number => {
  const x = shingleHashes(hashedWords(a).hashes, 5);
  const y = shingleHashes(hashedWords(b).hashes, 5);
  let shared = 0;
  for (const h of x) if (y.has(h)) shared++;
  return shared / (x.size + y.size - shared);
};

async function streamed(records: Article[], options: Parameters<typeof copiesTransform>[0]): Promise<string[]> {
  const out: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(article: Article, _encoding, done) {
      out.push(serialize(article));
      done();
    },
  });
  await pipeline(Readable.from(records), copiesTransform(options), sink);
  return out;
}

const tokens = suite('tokensOf');

tokens('normalises: NFKC, lower case, punctuation dropped', () => {
  assert.equal(tokensOf('The Ferry’s ﬁrst “crossing” — at 7:05!'), ['the', 'ferry', 's', 'first', 'crossing', 'at', '7', '05']);
});

tokens('scripts written without spaces give one token a character', () => {
  assert.equal(tokensOf('渡し船が再開 ferry'), ['渡', 'し', '船', 'が', '再', '開', 'ferry']);
});

tokens.run();

const estimate = suite('minHash');

estimate('the share of equal values estimates Jaccard similarity', () => {
  const base = Array.from({ length: 400 }, (_, i) => i * 7919);
  for (const overlap of [0.2, 0.5, 0.8, 0.95]) {
    // |A ∩ B| = overlap × 400 shared, the rest of each set its own
    const shared = Math.round(overlap * 400);
    const a = new Set(base);
    const b = new Set([...base.slice(0, shared), ...base.slice(shared).map((h) => h + 1)]);
    const jaccard = shared / (800 - shared);
    const got = estimateJaccard(minHash(a, 128), minHash(b, 128));
    assert.ok(Math.abs(got - jaccard) < 0.12, `J ${jaccard.toFixed(3)}, estimated ${got}`);
  }
});

estimate('the same set, the same signature, in any order', () => {
  const hashes = [5, 17, 99, 123456, 4000000000];
  assert.equal(minHash(new Set(hashes), 64), minHash(new Set([...hashes].reverse()), 64));
});

estimate('the band layout follows the threshold: a pair at it is compared at least 99% of the time', () => {
  const layout = (threshold: number) => new CopyIndex({ copies: { threshold } }).layout;
  assert.equal(layout(0.8), { bands: 21, rows: 6 });
  assert.equal(layout(0.5), { bands: 42, rows: 3 });
  assert.equal(layout(0.9), { bands: 12, rows: 10 });
  for (const t of [0.3, 0.5, 0.8, 0.9, 0.95]) {
    const { bands, rows } = layout(t);
    assert.ok(1 - (1 - t ** rows) ** bands >= 0.99, `threshold ${t}`);
  }
});

estimate.run();

const joining = suite('CopyIndex: what is a copy');

joining('a copy with another headline and a few words changed joins the first record', () => {
  const [first, copy] = marks([STORY, STORY_COPY]);
  assert.is(first, null);
  assert.is(copy?.dupOf, 'r0');
  assert.ok(copy!.similarity >= 0.8, `similarity ${copy!.similarity}`);
  assert.ok(Math.abs(copy!.similarity - trueJaccard(STORY, STORY_COPY)) < 0.12);
});

joining('the first half of a story alone is not a copy: Jaccard compares with the union, about 0.5', () => {
  assert.ok(Math.abs(trueJaccard(STORY, HALF) - 0.5) < 0.1);
  assert.equal(marks([STORY, HALF]), [null, null]);
  // the threshold is the share of the union: a story with a short paragraph added stays above it
  const longer = `${STORY}\nThe ferry operator thanked passengers for their patience.`;
  assert.ok(trueJaccard(STORY, longer) >= 0.85);
  assert.is(marks([STORY, longer])[1]?.dupOf, 'r0');
});

joining('different write-ups of one event are not copies of each other', () => {
  const texts = [STORY, ...OTHER_WRITE_UPS];
  assert.equal(marks(texts), [null, null, null]);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) assert.ok(trueJaccard(texts[i]!, texts[j]!) < 0.1, `${i} and ${j}`);
  }
});

joining('a threshold of 0.4 takes the half story in; threshold is a setting and an option', async () => {
  assert.is(marks([STORY, HALF], { copies: { threshold: 0.4 } })[1]?.dupOf, 'r0');
  const out = await streamed([cleaned(STORY, { id: 'a' }), cleaned(HALF, { id: 'b' })], { threshold: 0.4 });
  assert.is(JSON.parse(out[1]!).dupOf, 'a');
});

joining('groups are stars: every later copy points to the first record', () => {
  const third = STORY_COPY.replace('six daily sailings', 'six sailings a day');
  const got = marks([STORY, STORY_COPY, third]);
  assert.equal(
    got.map((m) => m?.dupOf ?? null),
    [null, 'r0', 'r0'],
  );
});

joining('failed records and short texts are never grouped', () => {
  const index = new CopyIndex();
  const failed = () => Object.assign(cleaned(STORY, { id: 'x' }), { error: { code: 'timeout' as const, message: 'late' } });
  const short = 'The ferry runs again from Monday, the operator said today.';
  const out = [failed(), failed(), cleaned(short), cleaned(short)].map((a) => markCopy(a, index));
  assert.ok(out.every((a) => a.copy === undefined));
  assert.is(index.size, 0);
  assert.is(index.seen, 4);
});

joining('without an id a record is named by its url, else by its position', () => {
  const index = new CopyIndex();
  markCopy(cleaned(STORY, { url: 'https://example.test/ferry' }), index);
  assert.is(markCopy(cleaned(STORY), index).copy?.dupOf, 'https://example.test/ferry');
  const fresh = new CopyIndex();
  markCopy(cleaned(filler(1)), fresh);
  markCopy(cleaned(STORY), fresh);
  assert.is(markCopy(cleaned(STORY_COPY), fresh).copy?.dupOf, 2);
});

joining.run();

const bounds = suite('CopyIndex: bounded, deterministic');

bounds('a copy further back than the window is not found; the index never holds more', () => {
  const texts = [STORY, filler(1), filler(2), filler(3), STORY_COPY];
  assert.is(marks(texts, { copies: { windowRecords: 4 } })[4]?.dupOf, 'r0');
  assert.is(marks(texts, { copies: { windowRecords: 3 } })[4], null);
  const index = new CopyIndex({ copies: { windowRecords: 5 } });
  for (let i = 0; i < 40; i++) {
    markCopy(cleaned(filler(i)), index);
    assert.ok(index.size <= 5);
  }
  assert.is(index.size, 5);
  assert.equal(
    index.toJSON().entries.map((e) => e.seq),
    [36, 37, 38, 39, 40],
    'the oldest leave first',
  );
});

bounds('past its first room and round its ring many times, it finds exactly the copies inside the window', () => {
  // distinct made-up words a record: no two share a shingle
  const text = (i: number) => Array.from({ length: 24 }, (_, j) => `w${i}x${j}`).join(' ');
  const window = 1500; // more than the first room (1,024), so the ring grows, then turns over
  const index = new CopyIndex({ copies: { windowRecords: window } });
  for (let i = 1; i <= 4000; i++) assert.is(index.observe(text(i), i), null);
  assert.is(index.size, window);
  const held = index.toJSON().entries.map((e) => e.seq);
  assert.equal(
    held,
    Array.from({ length: window }, (_, k) => 4000 - window + 1 + k),
    'the newest, oldest first',
  );
  assert.equal(index.observe(text(4000 - window + 1), 'a'), { dupOf: 4000 - window + 1, similarity: 1 }, 'the oldest held');
  assert.equal(index.observe(text(3999), 'b'), { dupOf: 3999, similarity: 1 });
  assert.is(index.observe(text(4000 - window), 'c'), null, 'just forgotten');
  const loaded = CopyIndex.parse(JSON.stringify(index), { copies: { windowRecords: window } });
  assert.equal(loaded.toJSON(), index.toJSON(), 'a turned ring saves and loads in order');
  assert.equal(loaded.observe(text(3000), 'd'), { dupOf: 3000, similarity: 1 });
});

bounds('the same input gives the same output, however it is streamed', async () => {
  const records = () => [STORY, filler(7), STORY_COPY, ...OTHER_WRITE_UPS, STORY, filler(7)].map((t, i) => cleaned(t, { id: i }));
  const once = await streamed(records(), {});
  assert.equal(await streamed(records(), {}), once);
  const index = new CopyIndex();
  assert.equal(
    records().map((a) => serialize(markCopy(a, index))),
    once,
  );
  assert.equal(
    once.map((l) => JSON.parse(l).dupOf ?? null),
    [null, null, 0, null, null, 0, 1],
  );
});

bounds('saved and loaded midway, the decisions are those of an unbroken run', () => {
  const texts = [STORY, filler(1), filler(2), STORY_COPY, filler(1), filler(3), STORY, filler(2)];
  const settings = { copies: { windowRecords: 4 } };
  const unbroken = marks(texts, settings);
  const first = new CopyIndex(settings);
  const before = texts.slice(0, 4).map((t, i) => markCopy(cleaned(t, { id: `r${i}` }), first).copy ?? null);
  const saved = JSON.stringify(first);
  const loaded = CopyIndex.parse(saved, settings);
  assert.equal(loaded.toJSON(), first.toJSON(), 'the state round-trips');
  const after = texts.slice(4).map((t, i) => markCopy(cleaned(t, { id: `r${i + 4}` }), loaded).copy ?? null);
  assert.equal([...before, ...after], unbroken);
});

bounds('a smaller window on load forgets the oldest', () => {
  const index = new CopyIndex();
  for (let i = 0; i < 6; i++) markCopy(cleaned(filler(i)), index);
  const loaded = CopyIndex.fromJSON(index.toJSON(), { copies: { windowRecords: 2 } });
  assert.equal(
    loaded.toJSON().entries.map((e) => e.seq),
    [5, 6],
  );
  assert.is(loaded.seen, 6);
});

bounds.run();

const state = suite('CopyIndex: state files');

const refused = (load: () => unknown, message: string) =>
  assert.throws(load, (err: Error) => {
    assert.instance(err, CopyStateError);
    assert.is(err.message, message);
    return true;
  });

state('a corrupt file, a foreign one and a newer version each say what is wrong', () => {
  const index = new CopyIndex();
  markCopy(cleaned(STORY, { id: 1 }), index);
  const saved = JSON.stringify(index);
  assert.throws(
    () => CopyIndex.parse(saved.slice(0, saved.length / 2)),
    (err: Error) => err instanceof CopyStateError && /^copies state: not valid JSON \(.+\); is the file complete\?$/.test(err.message),
  );
  const good = JSON.parse(saved);
  refused(
    () => CopyIndex.fromJSON({ ...good, format: 'decruft-sites' }),
    'copies state: format: expected "decruft-copies", got "decruft-sites"; this is not a copies state file',
  );
  refused(() => CopyIndex.fromJSON([1, 2]), 'copies state: expected a JSON object, got an array');
  refused(() => CopyIndex.fromJSON({ ...good, version: 2 }), 'copies state: version 2 is newer than this decruft reads (up to 1); upgrade decruft to load it');
  refused(
    () => CopyIndex.fromJSON(good, { copies: { shingleWords: 4 } }),
    'copies state: shingleWords: saved with 5, these settings have 4 (settings.copies.shingleWords); its signatures cannot be compared',
  );
  const cut = { ...good, entries: [{ ...good.entries[0], signature: 'AAAA' }] };
  refused(() => CopyIndex.fromJSON(cut), 'copies state: entries[0].signature: expected 684 base64 characters (128 values), got 4 characters');
  refused(
    () => CopyIndex.fromJSON({ ...good, seen: 0 }),
    'copies state: entries[0].seq: expected a whole number above the one before (0) and at most seen (0), got 1',
  );
});

state.run();

const step = suite('copiesTransform');

step('mark adds dupOf and similarity to the later copy only', async () => {
  const out = (await streamed([cleaned(STORY, { id: 'a' }), cleaned(STORY_COPY, { id: 'b' })], { mode: 'mark' })).map((l) => JSON.parse(l));
  assert.not.ok('dupOf' in out[0]);
  assert.is(out[1].dupOf, 'a');
  assert.is(out[1].similarity, Math.round(out[1].similarity * 1000) / 1000);
  assert.ok(out[1].text.startsWith('Marrow Island crossing'));
});

step('drop writes a stub in the copy’s place: one record out for one in', async () => {
  const texts = [STORY, STORY_COPY, filler(4), STORY, filler(4)];
  const out = (
    await streamed(
      texts.map((t, i) => cleaned(t, { id: `p${i}`, url: `https://example.test/${i}` })),
      { mode: 'drop' },
    )
  ).map((l) => JSON.parse(l));
  assert.is(out.length, texts.length);
  assert.equal(Object.keys(out[1]), ['id', 'dupOf', 'similarity']);
  assert.equal(
    out.map((r) => [r.id, r.dupOf ?? null]),
    [
      ['p0', null],
      ['p1', 'p0'],
      ['p2', null],
      ['p3', 'p0'],
      ['p4', 'p2'],
    ],
  );
  assert.is(out[3].similarity, 1);
  const index = new CopyIndex();
  markCopy(cleaned(STORY), index);
  assert.is(serialize(markCopy(cleaned(STORY), index, 'drop'), { format: 'text' }), '\n\f', 'an empty text entry');
});

step('bad options are refused when the step is built', () => {
  assert.throws(
    () => copiesTransform({ mode: 'delete' as 'drop' }),
    (err: Error) => err instanceof OptionError && err.message === 'mode: expected one of mark, drop, got "delete"',
  );
  assert.throws(
    () => copiesTransform({ threshold: 1.5 }),
    (err: Error) => err.message === 'threshold: expected a number from 0 to 1, got 1.5',
  );
  assert.throws(
    () => copiesTransform({ settings: { copies: { lshRecall: 1 } } }),
    (err: Error) => err.message === 'settings.copies.lshRecall: expected a share above 0 and below 1, got 1',
  );
});

step('something that is not a record fails the stream', async () => {
  const sink = new Writable({ objectMode: true, write: (_chunk, _encoding, done) => done() });
  const failed = await pipeline(Readable.from(['text']), copiesTransform(), sink).then(
    () => null,
    (err: Error) => err,
  );
  assert.is(failed?.message, 'copies: expected a decruft record (see createArticle), got string');
});

step.run();

const wired = suite('copies in the pipeline and the CLI');

const NDJSON = [
  line({ id: 'a', text: STORY }),
  line({ id: 'b', text: OTHER_WRITE_UPS[0] }),
  line({ id: 'c', text: STORY_COPY }),
  line({ id: 'd', text: OTHER_WRITE_UPS[1] }),
  line({ id: 'e', text: STORY }),
].join('');

async function cleanedLines(options: Parameters<typeof clean>[0]): Promise<Array<Record<string, any>>> {
  const out = new Collector();
  await pipeline(chunked([NDJSON.slice(0, 700), NDJSON.slice(700)]), clean(options), out);
  return out.records;
}

wired('clean({ nearDupes }) runs the copies step after cleaning: the same output on the main thread and on workers', async () => {
  const serial = await cleanedLines({ nearDupes: 'drop', jobs: 0 });
  assert.equal(
    serial.map((r) => [r['id'], r['dupOf'] ?? null]),
    [
      ['a', null],
      ['b', null],
      ['c', 'a'],
      ['d', null],
      ['e', 'a'],
    ],
  );
  assert.equal(Object.keys(serial[2]!), ['id', 'dupOf', 'similarity']);
  assert.equal(await cleanedLines({ nearDupes: 'drop', jobs: 1 }), serial);
  const marked = await cleanedLines({ nearDupes: 'mark' });
  assert.is(marked[2]!['dupOf'], 'a');
  assert.ok(marked[2]!['text'].length > 0);
  assert.not.ok('dupOf' in (await cleanedLines({}))[2]!, 'off by default');
});

wired('clean() refuses a bad nearDupes or a copyIndex without it', () => {
  assert.throws(
    () => clean({ nearDupes: 'keep' as 'mark' }),
    (err: Error) => err.message === 'nearDupes: expected one of mark, drop, got "keep"',
  );
  assert.throws(
    () => clean({ copyIndex: new CopyIndex() }),
    (err: Error) => err.message === 'copyIndex: expected nearDupes alongside it (mark or drop), got object',
  );
});

wired('--near-dupes with --copies-state goes on across runs; a bad state file is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-copies-'));
  try {
    const state = join(dir, 'copies.json');
    const first = await runSerial(['-q', '--near-dupes', 'drop', '--copies-state', state], { stdin: line({ id: 'a', text: STORY }) });
    assert.is(first.code, 0, first.stderr);
    assert.is(JSON.parse(readFileSync(state, 'utf8')).format, 'decruft-copies');
    const second = await runSerial(['--near-dupes', 'drop', '--copies-state', state], { stdin: line({ id: 'b', text: STORY_COPY }) });
    assert.is(second.code, 0, second.stderr);
    assert.match(second.stderr, /1 record read: 1 cleaned \(0 empty, 1 copy\), 0 failed/, 'the summary counts the copies');
    assert.equal(Object.keys(second.records[0]!), ['id', 'dupOf', 'similarity']);
    assert.is(second.records[0]!['dupOf'], 'a');
    assert.is(JSON.parse(readFileSync(state, 'utf8')).seen, 2);

    const usage = async (argv: string[], message: RegExp) => {
      const run = await runSerial(argv, { stdin: line({ id: 'x', text: STORY }) });
      assert.is(run.code, 2, argv.join(' '));
      assert.is(run.stdout, '');
      assert.match(run.stderr, message);
    };
    writeFileSync(state, '{"format": "decruft-copies", "vers');
    await usage(['--near-dupes', 'mark', '--copies-state', state], /^decruft: --copies-state .*copies\.json: not valid JSON \(/);
    writeFileSync(state, JSON.stringify({ format: 'decruft-copies', version: 9 }));
    await usage(['--near-dupes', 'mark', '--copies-state', state], /version 9 is newer than this decruft reads \(up to 1\)/);
    await usage(['--copies-state', state], /^decruft: --copies-state needs --near-dupes \(mark or drop\)\n/);
    await usage(['--near-dupes', 'keep'], /^decruft: --near-dupes: expected one of mark, drop, got "keep"\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

wired.run();
