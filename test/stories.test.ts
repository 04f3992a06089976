import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  clean,
  markCopy,
  markStory,
  serialize,
  storiesTransform,
  CopyIndex,
  StoryIndex,
  StoryStateError,
  type Article,
  type SettingsOverrides,
} from '../src/index.js';
import { fnv1a, hashedWords, tokensOf, WORD_FLAGS } from '../src/across/text.js';
import { agreement, cosine, shippedDf, termCounts, termVector } from '../src/across/stories.js';
import { chunked, cleanedArticle, Collector, filler, line, runSerial } from './helpers.js';

// Every text here is written for these tests: a made-up fire told three ways, and two made-up
// storms in two made-up towns that share the weather's words and nothing else.
const FIRE = [
  [
    'Warehouse fire in Drelling forces evacuation of 212 homes',
    'A blaze at the Harrowgate Chemicals warehouse on Tannery Lane in Drelling burned through Thursday night, and police evacuated 212 homes within a kilometre of the site as a precaution.',
    'Fire chief Ansel Whitcombe said 37 firefighters from Drelling and neighbouring Oakmere fought the flames for nine hours before bringing them under control shortly after dawn.',
    'Route 14 stayed closed between Drelling and Oakmere on Friday while inspectors from the regional environment office tested the air and the water in the Sallow river.',
    'Harrowgate Chemicals said the warehouse stored cleaning products and that none of its 64 staff were on site when the fire started. The cause is being investigated.',
  ].join('\n'),
  [
    'Nine-hour battle against Harrowgate blaze',
    'Crews needed nine hours to tame the fire that gutted a Harrowgate Chemicals storage building in Drelling, chief Ansel Whitcombe told reporters on Friday morning.',
    'Thirty-seven firefighters, some sent from Oakmere, were called out to Tannery Lane on Thursday evening. Residents of 212 houses nearby spent the night with relatives or at the sports hall.',
    'Whitcombe praised the crews and said no one had been hurt. Route 14 is expected to reopen once tests of the Sallow river come back clean.',
    'The company, which employs 64 people in Drelling, said it would cooperate fully with the investigation.',
  ].join('\n'),
  [
    'Drelling families return home after chemical store fire',
    'Most of the 212 households moved out of their homes around Tannery Lane were allowed back on Friday afternoon, after air samples near the burned Harrowgate Chemicals depot showed no danger.',
    'Ansel Whitcombe, who leads the Drelling fire service, said his 37 firefighters and colleagues from Oakmere had kept the flames away from two fuel tanks next door.',
    'Environment officers are still testing the Sallow river downstream of the site, and Route 14 remains shut. Harrowgate Chemicals has not said what caused the fire.',
  ].join('\n'),
];

const STORMS = [
  [
    'Hailstorm smashes windows across Pellbrook',
    'A short but violent storm swept over Pellbrook on Sunday afternoon, dropping hailstones the size of walnuts that broke car windscreens, greenhouse roofs and the skylights of the primary school.',
    'Mayor Odile Granger said the town would open a fund for families whose roofs were damaged, and that volunteers from the Pellbrook rugby club had already covered dozens of broken windows with plastic sheets.',
    'Farmers on the Quarrendon estate reported flattened barley and apple orchards stripped of their blossom. Forecasters expect calmer weather for the rest of the week.',
  ].join('\n'),
  [
    'River Lune bursts its banks in Casterwick after days of rain',
    'Heavy rain over the hills above Casterwick sent the river Lune over its banks on Tuesday, flooding the market square and the ground floors of shops along Wharf Street.',
    'Councillor Tobias Renn said sandbags had been handed out at the leisure centre and that the old stone bridge was closed to traffic until engineers had checked its arches.',
    'The storm also brought down power lines near Fellside, leaving about three hundred households without electricity overnight. More rain is forecast for the weekend.',
  ].join('\n'),
];

/** A cleaned English record holding `text`. */
const cleaned = (text: string, fields: Record<string, unknown> = {}, lang: string | null = 'en') => cleanedArticle(text, fields, lang);

/** Marks the texts in order with one index; each record's story and similarity, in order (null: none). */
function stories(texts: string[], settings?: SettingsOverrides, index = new StoryIndex(settings)) {
  return texts.map((text, i) => markStory(cleaned(text, { id: `r${i}` }), index).story ?? null);
}

/** The unit vector of a text as a fresh index weighs it (shipped df, English). */
function vectorOf(text: string) {
  const en = shippedDf().get('en')!;
  const settings = new StoryIndex().settings;
  return termVector(termCounts(text, 1)!, { docs: en.docs, df: (h) => en.counts.get(h) ?? 0 }, settings);
}

const words = suite('hashedWords');

words('cuts words as tokensOf does, hashing their lower case, and marks sentence starts, capitals and digits', () => {
  const text = 'The Mayor of Pellbrook spoke. Then Odile Granger said: “Rain” (again)! and left at 7:05; Ærø’s 2nd ÉCOLE';
  const { hashes, flags } = hashedWords(text);
  const tokens = tokensOf(text);
  assert.equal(
    [...hashes],
    tokens.map((t) => fnv1a(t)),
  );
  const marked = (bit: number) => tokens.filter((_, i) => flags[i]! & bit);
  assert.equal(marked(WORD_FLAGS.sentenceStart), ['the', 'then', 'rain', 'and', '05']);
  assert.equal(marked(WORD_FLAGS.capital), ['the', 'mayor', 'pellbrook', 'then', 'odile', 'granger', 'rain', 'ærø', 'école']);
  assert.equal(marked(WORD_FLAGS.digit), ['7', '05', '2nd']);
  assert.is(hashedWords(text), hashedWords(text), 'the same text twice is cut once');
});

const joining = suite('StoryIndex: what is one story');

/** The fire write-ups' cosines with the first, as the shipped table and these weights give them. */
const PINNED = [null, 0.729, 0.769];

words.run();

joining('three write-ups of one event form one story; none of them is a copy of another', () => {
  const marks = stories(FIRE);
  assert.equal(marks[0], { story: 'r0', similarity: null });
  assert.is(marks[1]!.story, 'r0');
  assert.is(marks[2]!.story, 'r0');
  // pinned: the shipped df table, the weights or the words changing shows here
  assert.equal(
    marks.map((m) => m!.similarity),
    PINNED,
  );
  const copies = new CopyIndex();
  assert.equal(
    FIRE.map((text) => markCopy(cleaned(text), copies).copy ?? null),
    [null, null, null],
  );
});

joining('a story is one language: the same text tagged another language starts its own', () => {
  const index = new StoryIndex();
  assert.equal(index.observe(FIRE[0]!, { lang: 'en', key: 'a' }), { story: 'a', similarity: null });
  assert.equal(index.observe(FIRE[0]!, { lang: 'de', key: 'b' }), { story: 'b', similarity: null });
  assert.is(index.observe(FIRE[0]!, { lang: 'en-GB', key: 'c' })!.story, 'a');
});

joining('two storms in two towns do not join each other or the fire', () => {
  assert.equal(
    stories([...STORMS, FIRE[0]!]).map((m) => m!.story),
    ['r0', 'r1', 'r2'],
  );
  const [a, b] = STORMS.map(vectorOf);
  assert.ok(cosine(a!, b!) < 0.2, `storms: ${cosine(a!, b!)}`);
});

joining('names and numbers weigh more: the boosts raise the fire write-ups’ cosine more than the storms’', () => {
  const pair = (texts: string[], settings: SettingsOverrides) => {
    const index = new StoryIndex(settings);
    index.observe(texts[0]!, { lang: 'en', key: 'a' });
    return index.observe(texts[1]!, { lang: 'en', key: 'b' });
  };
  const off = { stories: { entityBoost: 1, numberBoost: 1, threshold: 0 } };
  const on = { stories: { threshold: 0 } };
  assert.ok(pair(FIRE, on)!.similarity! > pair(FIRE, off)!.similarity!);
});

// Two guides on one topic from two made-up gardeners: the topic's words in common, no name or number.
const GARDENS = [
  [
    'How to start a vegetable garden',
    'Pick a sunny spot with good drainage, clear the grass and loosen the soil with a fork before you spread a thick layer of compost over the bed.',
    'Start tomatoes, peppers and lettuce as seedlings indoors, harden the seedlings off for a week and plant them out once the soil feels warm to the touch.',
    'Water the bed deeply at the roots rather than a little every day, and spread mulch between the rows to keep the soil moist and the weeds down.',
    'Feed the tomatoes and the peppers with compost tea when the first flowers open, and pick the lettuce leaves young so the plants keep growing.',
  ].join('\n'),
  [
    'A vegetable garden for beginners',
    'A sunny bed with loose, well drained soil and plenty of compost is all a first vegetable garden needs; clear the grass and dig the compost in.',
    'Buy seedlings of tomatoes, peppers and lettuce or raise them indoors, then harden the seedlings off and plant them when the soil is warm.',
    'Deep watering at the roots twice a week beats a daily sprinkle, and a layer of mulch keeps the soil moist and the weeds away from the rows.',
    'Once the tomatoes and peppers flower, feed them with compost, and keep picking the lettuce leaves young so the plants go on growing.',
  ].join('\n'),
];

joining('guides on one topic do not join: the shared words must be names and numbers, not only the topic’s nouns', () => {
  const [a, b] = GARDENS.map(vectorOf);
  const { similarity, names } = agreement(a!, b!);
  const settings = new StoryIndex().settings;
  assert.ok(similarity >= settings.threshold && names < settings.namesThreshold, `gardens: ${similarity}, names ${names}`);
  assert.equal(
    stories(GARDENS).map((m) => m!.story),
    ['r0', 'r1'],
  );
  assert.equal(
    stories(GARDENS, { stories: { namesThreshold: 0 } }).map((m) => m!.story),
    ['r0', 'r0'],
    'the names gate is what keeps them apart',
  );
  const [f0, f1] = FIRE.map(vectorOf);
  assert.ok(agreement(f0!, f1!).names >= settings.namesThreshold, 'the fire write-ups share their names');
});

joining('a write-up published more than maxDaysApart from the story’s first record starts its own; an unknown date never keeps it out', () => {
  const run = (dates: Array<string | null>) => {
    const index = new StoryIndex();
    return FIRE.map((text, i) => index.observe(text, { lang: 'en', key: `r${i}`, published: dates[i] ?? null })!.story);
  };
  assert.equal(run(['2031-03-06', '2031-03-07T08:00:00Z', '2031-03-12']), ['r0', 'r0', 'r0']);
  assert.equal(run(['2031-03-06', '2031-04-20', null]), ['r0', 'r1', 'r0']);
  assert.equal(run([null, '2029-01-01', 'not a date']), ['r0', 'r0', 'r0']);
});

joining('only articles and pages of unknown type get a story: a product page shares names without reporting an event', () => {
  const index = new StoryIndex();
  const product = cleaned(FIRE[0]!, { id: 'p' });
  product.pageType = 'product';
  assert.not.ok(markStory(product, index).story);
  const article = cleaned(FIRE[1]!, { id: 'a' });
  article.pageType = 'article';
  assert.is(markStory(article, index).story!.story, 'a');
  assert.is(markStory(cleaned(FIRE[2]!, { id: 'u' }), index).story!.story, 'a');
});

joining('a short or failed record gets no story, and still counts as a position', () => {
  const index = new StoryIndex();
  assert.is(index.observe('Too short to tell.', { lang: 'en' }), null);
  const failed = cleaned(FIRE[0]!, { id: 'x' });
  failed.error = { code: 'extract-failed', message: 'no' };
  assert.not.ok(markStory(failed, index).story);
  assert.equal(index.observe(FIRE[0]!, { lang: 'en' }), { story: 3, similarity: null });
  assert.is(index.seen, 3);
});

joining('a record without id or url is named by its position; a url stands in for a missing id', () => {
  const index = new StoryIndex();
  assert.is(markStory(cleaned(FIRE[0]!, { url: 'https://example.test/fire' }), index).story!.story, 'https://example.test/fire');
  assert.is(markStory(cleaned(STORMS[0]!), index).story!.story, 2);
});

const bounds = suite('StoryIndex: bounded, deterministic');

joining.run();

bounds('the window forgets the oldest stories: a write-up further back than windowRecords starts its own', () => {
  const settings = { stories: { windowRecords: 3 } };
  const index = new StoryIndex(settings);
  const marks = stories([FIRE[0]!, STORMS[0]!, STORMS[1]!, FIRE[1]!], settings, index);
  assert.equal(
    marks.map((m) => m!.story),
    ['r0', 'r1', 'r2', 'r3'],
  );
  assert.ok(index.size <= 3);
  const near = stories([FIRE[0]!, STORMS[0]!, FIRE[1]!], settings).map((m) => m!.story);
  assert.equal(near, ['r0', 'r1', 'r0'], 'within the window it joins');
});

bounds('a term of many open stories is looked up in the latest storiesPerTerm only; forgetting and saving stay right', () => {
  const settings = { stories: { storiesPerTerm: 2, windowRecords: 6 } };
  const texts = [FIRE[0]!, filler(1), filler(2), filler(3), FIRE[1]!, filler(4), filler(5), filler(6), filler(7), FIRE[2]!];
  const index = new StoryIndex(settings);
  const marks = stories(texts, settings, index).map((m) => m!.story);
  assert.equal(marks.slice(0, 5), ['r0', 'r1', 'r2', 'r3', 'r0'], 'the fire is found through its own names');
  assert.is(marks[9], 'r9', 'out of the window');
  assert.is(JSON.stringify(StoryIndex.parse(JSON.stringify(index), settings)), JSON.stringify(index));
  assert.throws(() => new StoryIndex({ stories: { storiesPerTerm: 1 } }), /storiesPerTerm: expected a whole number, 2 or more/);
});

bounds('the same input gives the same stories and the same state', () => {
  const texts = [...FIRE, ...STORMS, filler(1), filler(2)];
  const a = new StoryIndex();
  const b = new StoryIndex();
  assert.equal(stories(texts, undefined, a), stories(texts, undefined, b));
  assert.is(JSON.stringify(a), JSON.stringify(b));
});

bounds('vectors keep at most termsPerRecord terms, of unit length', () => {
  const vector = vectorOf(FIRE[0]!);
  assert.ok(vector.terms.length <= 100 && vector.terms.length > 20);
  const length = Math.sqrt(vector.weights.reduce((sum, w) => sum + w * w, 0));
  assert.ok(Math.abs(length - 1) < 1e-5);
});

const state = suite('StoryIndex: state files');

bounds.run();

state('saved and loaded halfway, the run goes on exactly as an unbroken one', () => {
  const texts = [FIRE[0]!, STORMS[0]!, filler(3), FIRE[1]!, STORMS[1]!, FIRE[2]!];
  const whole = new StoryIndex();
  const unbroken = stories(texts, undefined, whole);
  for (const cut of [0, 1, 3, 5]) {
    const first = new StoryIndex();
    const before = stories(texts.slice(0, cut), undefined, first);
    const loaded = StoryIndex.parse(JSON.stringify(first));
    const after = texts.slice(cut).map((text, i) => markStory(cleaned(text, { id: `r${cut + i}` }), loaded).story ?? null);
    assert.equal([...before, ...after], unbroken, `cut at ${cut}`);
    assert.is(JSON.stringify(loaded), JSON.stringify(whole));
  }
});

state('a corrupt, foreign or newer state throws a StoryStateError that says what is wrong', () => {
  const index = new StoryIndex();
  stories(FIRE, undefined, index);
  const good = index.toJSON();
  const fails = (value: unknown, problem: RegExp) =>
    assert.throws(
      () => (typeof value === 'string' ? StoryIndex.parse(value) : StoryIndex.fromJSON(value)),
      (err: Error) => err instanceof StoryStateError && problem.test(err.problem),
    );
  fails('{"format": "decruft-sto', /^not valid JSON \(/);
  fails([], /^expected a JSON object, got an array/);
  fails({ ...good, format: 'decruft-copies' }, /^format: expected "decruft-stories", got "decruft-copies"; this is not a stories state file/);
  fails({ ...good, version: 2 }, /^version 2 is newer than this decruft reads \(up to 1\); upgrade decruft/);
  fails({ ...good, hash: 'md5' }, /^hash: expected "fnv1a32"/);
  fails({ ...good, termsPerRecord: 50 }, /^termsPerRecord: saved with 50, these settings have 100/);
  fails({ ...good, seen: -1 }, /^seen: expected a whole number/);
  fails({ ...good, entries: [good.entries[1], good.entries[0]] }, /^entries\[1\]\.seq: expected a whole number above the one before/);
  fails({ ...good, entries: [{ ...good.entries[0], terms: '!!' }] }, /^entries\[0\]\.terms: expected base64/);
  fails({ ...good, entries: [{ ...good.entries[0], weights: 'AAAA' }] }, /^entries\[0\]\.weights: expected base64 of \d+ float32 values/);
  fails({ ...good, entries: [{ ...good.entries[0], names: 'AA==' }] }, /^entries\[0\]\.names: expected base64 of \d+ bytes/);
  fails({ ...good, entries: [{ ...good.entries[0], day: 'Monday' }] }, /^entries\[0\]\.day: expected a whole number of days since 1970, or null, got "Monday"/);
  assert.throws(() => new StoryIndex({ stories: { threshold: 2 } }), /settings\.stories\.threshold: expected a cosine from 0 to 1, got 2/);
});

const step = suite('storiesTransform');

state.run();

step('one record out for one in, in order; story on every record with enough text', async () => {
  const records = [FIRE[0]!, 'Short.', STORMS[0]!, FIRE[1]!].map((text, i) => cleaned(text, { id: `s${i}` }));
  const out: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(article: Article, _encoding, done) {
      out.push(serialize(article));
      done();
    },
  });
  await pipeline(Readable.from(records), storiesTransform(), sink);
  const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(
    parsed.map((r) => [r['id'], r['story'] ?? null, 'storySimilarity' in r]),
    [
      ['s0', 's0', false],
      ['s1', null, false],
      ['s2', 's2', false],
      ['s3', 's0', true],
    ],
  );
});

step('refuses what is not a record', async () => {
  const failed = await pipeline(Readable.from([{ nope: 1 }]), storiesTransform(), new Collector()).then(
    () => null,
    (err: Error) => err,
  );
  assert.match(failed?.message ?? '', /^stories: expected a decruft record/);
});

const wired = suite('stories in the pipeline and the CLI');

step.run();

const NDJSON = [
  line({ id: 'a', text: FIRE[0] }),
  line({ id: 'b', text: STORMS[0] }),
  line({ id: 'c', text: FIRE[1] }),
  line({ id: 'd', text: STORMS[1] }),
  line({ id: 'e', text: FIRE[2] }),
].join('');

async function cleanedLines(options: Parameters<typeof clean>[0], cuts: number[] = [700]): Promise<Array<Record<string, any>>> {
  const out = new Collector();
  const chunks = [0, ...cuts].map((at, i, all) => NDJSON.slice(at, all[i + 1]));
  await pipeline(chunked(chunks), clean(options), out);
  return out.records;
}

wired('clean({ stories }) runs after cleaning: the same output for any chunking, on the main thread and on workers', async () => {
  const serial = await cleanedLines({ stories: true, jobs: 0 });
  assert.equal(
    serial.map((r) => [r['id'], r['story']]),
    [
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'a'],
      ['d', 'd'],
      ['e', 'a'],
    ],
  );
  assert.equal(await cleanedLines({ stories: true, jobs: 0 }, [1, 2, 3, 333, 1000, 1001]), serial);
  assert.equal(await cleanedLines({ stories: true, jobs: 1 }), serial);
  assert.not.ok('story' in (await cleanedLines({}))[0]!, 'off by default');
  const both = await cleanedLines({ stories: true, nearDupes: 'mark' });
  assert.equal(both, serial, 'no write-up is a copy of another');
});

wired('clean() refuses a storyIndex without stories', () => {
  assert.throws(
    () => clean({ storyIndex: new StoryIndex() }),
    (err: Error) => err.message === 'storyIndex: expected stories: true alongside it, got object',
  );
  assert.throws(() => clean({ stories: 'yes' as unknown as boolean }), /^stories: expected/);
});

wired('--stories with --stories-state goes on across runs; a bad state file is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-stories-'));
  try {
    const path = join(dir, 'stories.json');
    const first = await runSerial(['-q', '--stories', '--stories-state', path], { stdin: line({ id: 'a', text: FIRE[0] }) });
    assert.is(first.code, 0, first.stderr);
    assert.is(JSON.parse(readFileSync(path, 'utf8')).format, 'decruft-stories');
    const second = await runSerial(['-q', '--stories', '--stories-state', path], { stdin: line({ id: 'b', text: FIRE[1] }) });
    assert.is(second.code, 0, second.stderr);
    assert.is(second.records[0]!['story'], 'a');
    assert.is(JSON.parse(readFileSync(path, 'utf8')).seen, 2);

    const usage = async (argv: string[], message: RegExp) => {
      const run = await runSerial(argv, { stdin: line({ id: 'x', text: FIRE[0] }) });
      assert.is(run.code, 2, argv.join(' '));
      assert.is(run.stdout, '');
      assert.match(run.stderr, message);
    };
    writeFileSync(path, '{"format": "decruft-stories", "vers');
    await usage(['--stories', '--stories-state', path], /^decruft: --stories-state .*stories\.json: not valid JSON \(/);
    writeFileSync(path, JSON.stringify({ format: 'decruft-stories', version: 3 }));
    await usage(['--stories', '--stories-state', path], /version 3 is newer than this decruft reads \(up to 1\)/);
    await usage(['--stories-state', path], /^decruft: --stories-state needs --stories\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

wired.run();
