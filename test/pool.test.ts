import { availableParallelism } from 'node:os';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clean, cleanRecord, cleanTransform, parseNdjson, serialize, type Article, type Rule } from '../src/index.js';
import { POOL_LIMITS, poolTransform } from '../src/pool.js';
import { chunked, Collector, htmlArticle, line, runAhead, textArticle } from './helpers.js';

const PROSE = (n: number) => `Paragraph number ${n} tells the reader what happened at the harbour on the day of the storm.`;
const PAGE = (n: number) =>
  `<html><body><nav><a href="/">Home</a></nav><article><h1>Storm day ${n}</h1>${[1, 2, 3].map((k) => `<p>${PROSE(n * 10 + k)}</p>`).join('')}</article><footer>© 2024 Harbour Times</footer></body></html>`;

/** A news page of about 40 KB: menus, an article of 40 paragraphs, comments, footer. */
const NEWS_PAGE = (n: number) => {
  const links = (k: number) => Array.from({ length: k }, (_, i) => `<li><a href="/s/${n}/${i}">Section ${i} of ${n}</a></li>`).join('');
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>${PROSE(n * 100 + i)} ${PROSE(i)}</p>`).join('');
  const comments = Array.from({ length: 20 }, (_, i) => `<div class="comment"><b>Reader ${i}</b><p>${PROSE(i)}</p><a href="#">Reply</a></div>`).join('');
  return `<html><head><title>Storm day ${n}</title><style>${'.a{color:red}'.repeat(300)}</style></head><body><nav><ul>${links(60)}</ul></nav><article><h1>Storm day ${n}</h1>${paragraphs}</article><section>${comments}</section><footer><ul>${links(20)}</ul>© 2024 Harbour Times</footer></body></html>`;
};

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
  assert.equal(
    out.map((a) => serialize(a)),
    make().map((a) => serialize(cleanRecord(a))),
  );
});

pool('a record that runs past the time limit fails alone; the records around it are cleaned', async () => {
  // one page of 80,000 lines takes several seconds to clean; the limit is 1.5 s
  const huge = Array.from({ length: 80_000 }, (_, k) => `${PROSE(k)} Line ${k}.`).join('\n');
  const input = [line({ id: 'before', text: PROSE(1) }), line({ id: 'slow', text: huge }), line({ id: 'after', text: PROSE(2) })];
  const out = new Collector();
  await pipeline(chunked(input), clean({ jobs: 1, timeout: 1500 }), out);
  assert.equal(
    out.records.map((r) => r['id']),
    ['before', 'slow', 'after'],
  );
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
  assert.equal(
    out.records.map((r) => r['id']),
    ['before', 'huge', 'after'],
  );
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

pool("a worker's start-up is not counted against its first record: loading jsdom takes about 1 s", async () => {
  // before, the first record on each worker paid for loading jsdom, timed out, and so did the first
  // record of every worker that replaced it: all of them
  const input = [1, 2, 3, 4].map((n) => line({ id: n, html: PAGE(n) }));
  const out = new Collector();
  await pipeline(chunked(input), clean({ jobs: 1, timeout: 500, dom: 'jsdom' }), out);
  assert.equal(
    out.records.map((r) => r['error']?.code ?? 'ok'),
    ['ok', 'ok', 'ok', 'ok'],
  );
  assert.match(out.records[3]!['text'], /Paragraph number 41/);
});

pool('many more workers than cores, starting side by side, do not make first records time out', async () => {
  // before, eight workers on two cores loaded and cleaned their first (cold) pages all at once and
  // each of those pages took over a second; with a second as the limit, they timed out
  const jobs = 4 * availableParallelism();
  const input = Array.from({ length: 3 * jobs }, (_, n) => line({ id: n, html: NEWS_PAGE(n) }));
  const out = new Collector();
  await pipeline(chunked(input), clean({ jobs, timeout: 1000 }), out);
  assert.is(out.records.length, input.length);
  assert.equal(
    out.records.filter((r) => r['error']).map((r) => `${r['id']}: ${r['error'].code}`),
    [],
  );
});

pool('records wait for a worker that is slow to start, without their clocks running', async () => {
  process.env['DECRUFT_TEST_WORKER_START_MS'] = '1500'; // read by each worker as it starts
  try {
    const input = [1, 2, 3, 4, 5, 6].map((n) => line({ id: n, text: `${PROSE(n)}\n${PROSE(n + 1)}` }));
    const out = new Collector();
    await pipeline(chunked(input), clean({ jobs: 2, timeout: 300 }), out);
    assert.equal(
      out.records.map((r) => r['error']?.code ?? r['id']),
      [1, 2, 3, 4, 5, 6],
    );
  } finally {
    delete process.env['DECRUFT_TEST_WORKER_START_MS'];
  }
});

pool('a worker that cannot start ends the run with one clear error, not an error on every record', async () => {
  // a rule file that never went through checkRuleFile: every worker fails on it as it starts, with
  // a time limit (and its warm-up pages) or without
  const ruleFile = { disable: 5, rules: [] } as never;
  const input = [1, 2, 3].map((n) => line({ id: n, text: PROSE(n) }));
  for (const timeout of [10_000, 0]) {
    const out = new Collector();
    const run = pipeline(chunked(input), clean({ jobs: 2, ruleFile, timeout }), out);
    const hang = new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end')), 30_000).unref());
    const error = await Promise.race([run, hang]).then(
      () => null,
      (err: Error) => err,
    );
    assert.match(String(error?.message), /^worker threads could not start: .*not iterable/, `timeout ${timeout}`);
    assert.is(out.records.length, 0);
  }
});

pool('memory: the least a worker needs to start is refused below and cleans a page at it', async () => {
  for (const dom of ['linkedom', 'jsdom'] as const) {
    const least = POOL_LIMITS.minMemory[dom];
    assert.throws(() => clean({ jobs: 1, dom, memory: least - 1 }), new RegExp(`memory: expected a whole number of megabytes, at least ${least}`));
    const out = new Collector();
    await pipeline(chunked([line({ id: dom, html: PAGE(1) })]), clean({ jobs: 1, dom, memory: least }), out);
    assert.is(out.records[0]!['error'], undefined, `${dom}: ${JSON.stringify(out.records[0]!['error'])}`);
    assert.match(out.records[0]!['text'], /Paragraph number 11/, dom);
  }
});

pool('a time limit longer than a timer can hold (about 24.8 days) is no limit, not one of 1 ms', async () => {
  for (const timeout of [2 ** 31, Infinity]) {
    const out = new Collector();
    await pipeline(chunked([line({ id: 'a', text: PROSE(1) }), line({ id: 'b', text: PROSE(2) })]), clean({ jobs: 1, timeout }), out);
    assert.equal(
      out.records.map((r) => r['error']?.code ?? r['text']),
      [PROSE(1), PROSE(2)],
      `timeout ${timeout}`,
    );
  }
});

pool('bad options are refused when the transform is made', () => {
  assert.throws(() => poolTransform({ jobs: 0 }), /jobs must be a whole number of at least 1/);
  assert.throws(() => poolTransform({ jobs: 1.5 }), /jobs/);
  assert.throws(() => poolTransform({ jobs: 1, timeout: -1 }), /timeout/);
  const rule: Rule = { id: 'ad.label', why: 'a custom rule', match: 'predicate', langs: ['en'], test: () => false, examples: { cruft: [], keep: [] } };
  assert.throws(() => clean({ jobs: 2, rules: [rule] }), /cannot be sent to worker threads/);
  assert.throws(() => clean({ jobs: 2, favor: 'everything' as never }), /favor: expected one of/);
  assert.throws(() => cleanTransform({ jobs: 2, dom: 'domino' as never }), /dom: expected one of/);
});

pool('raw lines parsed on a worker keep their file and line number in errors', async () => {
  const out = new Collector();
  const raw = [{ line: '{"id": 1, "text": 5}', lineNumber: 7, file: 'in.ndjson' }];
  await pipeline(Readable.from(raw), poolTransform({ jobs: 1, output: 'json' }), out);
  assert.equal(out.records[0], { id: 1, error: { code: 'wrong-type', message: '"text" must be a string, got a number', line: 7, file: 'in.ndjson' } });
  assert.equal(parseNdjson('{"id": 1, "text": 5}', 7, { file: 'in.ndjson' }).error?.code, 'wrong-type');
});

pool.run();
