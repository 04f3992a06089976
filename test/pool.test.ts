import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clean, cleanRecord, cleanTransform, parseNdjson, serialize, type Article, type Rule } from '../src/index.js';
import { poolTransform } from '../src/pool.js';
import { chunked, Collector, htmlArticle, line, runAhead, textArticle } from './helpers.js';

const PROSE = (n: number) => `Paragraph number ${n} tells the reader what happened at the harbour on the day of the storm.`;
const PAGE = (n: number) =>
  `<html><body><nav><a href="/">Home</a></nav><article><h1>Storm day ${n}</h1>${[1, 2, 3].map((k) => `<p>${PROSE(n * 10 + k)}</p>`).join('')}</article><footer>© 2024 Harbour Times</footer></body></html>`;

/** Input lines of mixed kinds and sizes, so workers finish them out of order. */
function mixedLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 7 === 3) return 'not json\n';
    if (i % 3 === 0) return line({ id: i, url: `https://news.example/${i}`, html: PAGE(i) });
    return line({ id: i, text: Array.from({ length: 1 + (i % 5) * 20 }, (_, k) => PROSE(k)).join('\n') });
  });
}

const pool = suite('worker pool');

pool('clean({ jobs }) writes what the in-thread pipeline writes, line for line and in order', async () => {
  const input = mixedLines(40);
  const inThread = new Collector();
  await pipeline(chunked(input), clean(), inThread);
  const onWorkers = new Collector();
  await pipeline(chunked(input), clean({ jobs: 3 }), onWorkers);
  assert.is(onWorkers.records.length, 40);
  assert.equal(onWorkers.text, inThread.text);
  assert.is(onWorkers.records[3]!['error'].code, 'invalid-json');
  assert.is(onWorkers.records[3]!['error'].line, 4);
});

pool('cleanTransform({ jobs }) turns records into the records cleanRecord makes', async () => {
  const make = () => [textArticle(`Skip to content\n${PROSE(1)}\n${PROSE(2)}`, { id: 'a' }), htmlArticle(PAGE(2), { id: 'b' })];
  const out: Article[] = [];
  await pipeline(
    Readable.from(make()),
    cleanTransform({ jobs: 2 }),
    new Transform({ objectMode: true, transform: (a: Article, _e, done) => (out.push(a), done()) }),
  );
  assert.equal(out.map((a) => serialize(a)), make().map((a) => serialize(cleanRecord(a))));
});

pool('a record that runs past the time limit fails alone; the records around it are cleaned', async () => {
  // one page of 80,000 lines takes several seconds to clean; the limit is 1.5 s
  const huge = Array.from({ length: 80_000 }, (_, k) => `${PROSE(k)} Line ${k}.`).join('\n');
  const input = [line({ id: 'before', text: PROSE(1) }), line({ id: 'slow', text: huge }), line({ id: 'after', text: PROSE(2) })];
  const out = new Collector();
  await pipeline(chunked(input), clean({ jobs: 1, timeout: 1500 }), out);
  assert.equal(out.records.map((r) => r['id']), ['before', 'slow', 'after']);
  assert.is(out.records[0]!['error'], undefined, JSON.stringify(out.records[0]!['error']));
  assert.is(out.records[0]!['text'], PROSE(1));
  assert.is(out.records[1]!['error'].code, 'timeout');
  assert.match(out.records[1]!['error'].message, /1500 ms/);
  assert.is(out.records[1]!['error'].line, 2);
  assert.is(out.records[2]!['text'], PROSE(2));
});

pool('a record that needs more memory than a worker may use fails alone as "crashed"', async () => {
  // 400,000 blocks: far past 48 MB of heap, built up block by block (one allocation bigger than the
  // limit, such as a single 50 MB string, takes the whole process down instead: V8 cannot stop it)
  const huge = 'Short line of a very long page.\n'.repeat(400_000);
  const input = [line({ id: 'before', text: PROSE(1) }), line({ id: 'huge', text: huge }), line({ id: 'after', text: PROSE(2) })];
  const out = new Collector();
  await pipeline(chunked(input), clean({ jobs: 1, memory: 48 }), out);
  assert.equal(out.records.map((r) => r['id']), ['before', 'huge', 'after']);
  assert.is(out.records[0]!['text'], PROSE(1));
  assert.is(out.records[1]!['error'].code, 'crashed');
  assert.is(out.records[2]!['text'], PROSE(2));
});

pool('a slow reader holds the pool back: input is taken only as output drains', async () => {
  // 2 KB records, as in the in-thread test: the stages' byte buffers (16 KB each) and the pool's
  // records in flight hold about two hundred (measured: 177 of 500, 205 of 2,000); without
  // backpressure the source would run to the end
  const total = 1500;
  const text = Array.from({ length: 20 }, (_, i) => PROSE(i)).join('\n');
  const { maxAhead, ids } = await runAhead(total, text, clean({ jobs: 2 }), 2);
  assert.equal(ids, [...Array(total).keys()]);
  assert.ok(maxAhead < 400, `the source ran ${maxAhead} records ahead of the reader`);
});

pool('bad options are refused when the transform is made', () => {
  assert.throws(() => poolTransform({ jobs: 0 }), /jobs must be a whole number of at least 1/);
  assert.throws(() => poolTransform({ jobs: 1.5 }), /jobs/);
  assert.throws(() => poolTransform({ jobs: 1, timeout: -1 }), /timeout/);
  const rule: Rule = { id: 'ad.label', why: 'a custom rule', match: 'predicate', langs: ['en'], test: () => false, examples: { cruft: [], keep: [] } };
  assert.throws(() => clean({ jobs: 2, rules: [rule] }), /cannot be sent to worker threads/);
  assert.throws(() => clean({ jobs: 2, favor: 'everything' as never }), /favor must be one of/);
  assert.throws(() => cleanTransform({ jobs: 2, dom: 'domino' as never }), /dom must be one of/);
});

pool('raw lines parsed on a worker keep their file and line number in errors', async () => {
  const out = new Collector();
  const raw = [{ line: '{"id": 1, "text": 5}', lineNumber: 7, file: 'in.ndjson' }];
  await pipeline(Readable.from(raw), poolTransform({ jobs: 1, output: 'json' }), out);
  assert.equal(out.records[0], { id: 1, error: { code: 'wrong-type', message: '"text" must be a string, got a number', line: 7, file: 'in.ndjson' } });
  assert.equal(parseNdjson('{"id": 1, "text": 5}', 7, { file: 'in.ndjson' }).error?.code, 'wrong-type');
});

pool.run();
