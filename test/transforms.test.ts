import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BUILTIN_RULES,
  clean,
  cleanRecord,
  dedupeTransform,
  extractTransform,
  parseNdjsonTransform,
  serializeTransform,
  stripAndDedupeTransform,
  stripTransform,
  cleanTransform,
  type Outcome,
  type Rule,
} from '../src/index.js';
import { cleanStages } from '../src/transforms.js';
import { textArticle, chunked, Collector, line, runAhead, runSerial } from './helpers.js';

const PROSE = (n: number) => `Paragraph number ${n} tells the reader what happened at the harbour on the day of the storm.`;

const contract = suite('stream contract');

contract('one output line per non-blank input line, in order, fields passed through', async () => {
  const input = [
    line({ id: 'a', url: 'https://x.example/a', text: PROSE(1), extra: [1, 2] }),
    '\n',
    'not json\n',
    line({ id: 'b', html: `<article><p>${PROSE(2)}</p></article>` }),
    line({ id: 'c' }),
    line({ id: 'd', text: '' }),
  ];
  const out = new Collector();
  await pipeline(chunked(input), clean(), out);
  const records = out.records;
  assert.equal(
    records.map((r) => r['id'] ?? null),
    ['a', null, 'b', 'c', 'd'],
  );
  assert.equal(
    records.map((r) => r['error']?.code ?? null),
    [null, 'invalid-json', null, 'no-content', null],
  );
  assert.equal(records[0]!['extra'], [1, 2]);
  assert.is(records[1]!['error'].line, 3);
  assert.is(records[2]!['text'], PROSE(2));
  assert.is(records[4]!['text'], '');
});

contract('records and UTF-8 characters split across chunks come out whole', async () => {
  const bytes = Buffer.from(line({ id: 'ü', text: `Überall ${PROSE(1)} 한국어` }) + line({ id: 2, text: PROSE(2) }));
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
  const out = new Collector();
  await pipeline(chunked(pieces), clean(), out);
  assert.equal(
    out.records.map((r) => r['text']),
    [`Überall ${PROSE(1)} 한국어`, PROSE(2)],
  );
});

contract('a step that throws on one record fails that record and the stream goes on', async () => {
  const exploding: Rule = {
    id: 'ad.label',
    why: 'a rule with a bug',
    match: 'predicate',
    langs: ['en'],
    test: (text) => {
      if (text.includes('boom')) throw new Error('rule crashed');
      return false;
    },
    examples: { cruft: [], keep: [] },
  };
  const out = new Collector();
  const input = [line({ id: 1, text: PROSE(1) }), line({ id: 2, text: 'boom' }), line({ id: 3, text: PROSE(3) })];
  await pipeline(chunked(input), clean({ rules: [exploding, ...BUILTIN_RULES] }), out);
  assert.equal(
    out.records.map((r) => [r['id'], r['error']?.code ?? null]),
    [
      [1, null],
      [2, 'internal'],
      [3, null],
    ],
  );
  assert.match(out.records[1]!['error'].message, /rule crashed/);
});

contract('a slow consumer holds the pipeline back instead of letting records pile up', async () => {
  // Every stage buffers a little (16 objects, or 16 KB); with 2 KB records the stages together hold
  // about 330 (measured). Without backpressure the source would run all the way ahead of the consumer.
  const total = 1500;
  const text = Array.from({ length: 20 }, (_, i) => PROSE(i)).join('\n');
  const { maxAhead, ids } = await runAhead(total, text, clean(), 1);
  assert.equal(ids, [...Array(total).keys()]);
  assert.ok(maxAhead < 500, `the source ran ${maxAhead} records ahead of the consumer`);
});

contract('the step transforms compose with pipeline exactly like clean()', async () => {
  const input = [line({ id: 1, text: `Skip to content\n${PROSE(1)}\n${PROSE(1)}` }), line({ id: 2, text: PROSE(2) })];
  const composed = new Collector();
  await pipeline(chunked(input), parseNdjsonTransform(), extractTransform(), stripTransform(), dedupeTransform(), serializeTransform(), composed);
  const whole = new Collector();
  await pipeline(chunked(input), clean(), whole);
  assert.is(composed.text, whole.text);
  assert.equal(composed.records[0]!['text'], PROSE(1));
});

contract("stripAndDedupeTransform is clean()'s cleaning step: it repeats strip and dedupe", async () => {
  // the repeated paragraph holds the article together around the byline; once dedupe has removed
  // the repeat, strip lifts the byline (a second round)
  const input = [line({ id: 1, text: `${PROSE(1)}\nBy Jane Doe\n${PROSE(1)}` })];
  const repeated = new Collector();
  await pipeline(chunked(input), parseNdjsonTransform(), extractTransform(), stripAndDedupeTransform(), serializeTransform(), repeated);
  const whole = new Collector();
  await pipeline(chunked(input), clean(), whole);
  assert.is(repeated.text, whole.text);
  assert.is(whole.records[0]!['text'], PROSE(1));
  assert.is(whole.records[0]!['byline'], 'Jane Doe');
});

contract('writing something that is not a record into a step is an error of the caller', async () => {
  const failure = async (run: Promise<unknown>) =>
    run.then(
      () => null,
      (err: Error) => err.message,
    );
  assert.match((await failure(pipeline(Readable.from(['a string']), extractTransform(), new Collector(0, true)))) ?? '', /expected a decruft record/);
  assert.match((await failure(pipeline(Readable.from([{ id: 1 }]), serializeTransform(), new Collector()))) ?? '', /expected a decruft record/);
});

contract('cleanRecord is the pure-function form of the same pipeline', () => {
  const out = cleanRecord(textArticle(`Advertisement\n${PROSE(1)}`));
  assert.equal(
    out.blocks.map((b) => b.text),
    [PROSE(1)],
  );
});

contract.run();

const stages = suite('cleanStages');
stages('builds parse, extract, strip and dedupe, serialize: what each end asks for, no more', () => {
  const count = (from: 'ndjson' | 'records', to: 'json' | 'records') => cleanStages({}, { from, to }).length;
  assert.is(count('ndjson', 'json'), 4);
  assert.is(count('records', 'json'), 3);
  assert.is(count('records', 'records'), 2);
  assert.is(count('ndjson', 'records'), 3);
});
stages('clean(), cleanTransform() and the CLI clean the same input to the same lines: one composition', async () => {
  const input = readFileSync(new URL('../samples/mixed.ndjson', import.meta.url), 'utf8');
  const viaClean = new Collector();
  await pipeline(chunked([input]), clean({ favor: 'recall' }), viaClean);
  const viaTransform = new Collector();
  await pipeline(chunked([input]), parseNdjsonTransform(), cleanTransform({ favor: 'recall' }), serializeTransform(), viaTransform);
  const viaCli = await runSerial(['--favor', 'recall', '--quiet'], { stdin: input });
  assert.ok(viaClean.records.length > 3);
  assert.is(viaTransform.text, viaClean.text);
  assert.is(viaCli.stdout, viaClean.text);
});
stages('onOutcome hears of every record as it is written', async () => {
  const outcomes: Outcome[] = [];
  const built = cleanStages({}, { from: 'ndjson', to: 'json', onOutcome: (o) => outcomes.push(o) });
  const out = new Collector();
  await (pipeline as (...streams: unknown[]) => Promise<void>)(chunked([line({ text: PROSE(1) }), 'nope\n', line({ text: '' })]), ...built, out);
  assert.equal(outcomes, [{}, { error: 'invalid-json' }, { empty: true }]);
  assert.is(out.records.length, 3);
});
stages.run();
