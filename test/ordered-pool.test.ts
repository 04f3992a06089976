/**
 * The pool's bookkeeping on fake workers: each fake says ready, answers, hangs or dies when the
 * test tells it to, so ordering, time limits, replacements and backpressure are tested without
 * threads (test/pool.test.ts runs the real ones).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RawLine } from '../src/io/ndjson.js';
import { OrderedPool, poolDuplex, type Done, type OrderedPoolOptions, type PoolTask, type PoolWorker, type WorkerEvents } from '../src/pool.js';
import type { ErrorCode } from '../src/record.js';

/** A worker that does only what the test says, when it says it. */
class FakeWorker implements PoolWorker {
  readonly received: number[] = [];
  private answered = 0;
  stopped = false;

  constructor(
    private readonly events: WorkerEvents,
    readonly warmUp: boolean,
  ) {}

  send(task: PoolTask): void {
    this.received.push(task.seq);
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  ready(): void {
    this.events.ready();
  }

  /** Answers the oldest task it has not answered yet (the one it is running); returns its seq. */
  answer(): number {
    const seq = this.received[this.answered++];
    if (seq === undefined) throw new Error('the fake has no task to answer');
    this.events.result({ seq, json: `ok ${seq}`, outcome: {} });
    return seq;
  }

  /** Answers every task it holds. */
  answerAll(): void {
    while (this.answered < this.received.length) this.answer();
  }

  crash(): void {
    this.events.failed('the worker stopped (exit code 1)', new Error('boom'));
  }
}

/** The pool options both fake pools start from: two workers, no time limit, no warm-up. */
const FAKE_POOL = { jobs: 2, timeout: 0, tasksPerWorker: 2, maxStarting: 2, warmAfter: 0 } as const;

/** An OrderedPool on fakes, and what it reported. */
function fakePool(overrides: Partial<OrderedPoolOptions> = {}) {
  const workers: FakeWorker[] = [];
  const fatal: (Error | undefined)[] = [];
  let progress = 0;
  const pool = new OrderedPool({
    ...FAKE_POOL,
    startWorker: (events, warmUp) => {
      const worker = new FakeWorker(events, warmUp);
      workers.push(worker);
      return worker;
    },
    failure: failed,
    onProgress: () => progress++,
    onFatal: (error) => fatal.push(error),
    ...overrides,
  });
  return { pool, workers, fatal, progress: () => progress };
}

const failed = (task: PoolTask, code: ErrorCode, message: string): Done => ({
  value: `${code} ${task.seq}: ${message}`,
  outcome: { error: code },
});

const raw = (n: number): Omit<PoolTask, 'seq'> => ({ raw: { line: `{"id":${n}}`, lineNumber: n + 1 } satisfies RawLine });

/** Every result the pool has ready, in order, as its value. */
function taken(pool: OrderedPool): string[] {
  const out: string[] = [];
  for (let done = pool.next(); done; done = pool.next()) out.push(String(done.value));
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the pool's timers and their follow-up (a setImmediate) run. */
const after = async (ms: number) => {
  await sleep(ms);
  await new Promise(setImmediate);
};

const ordered = suite('OrderedPool');

ordered('results come out in input order whatever order the workers answer in', () => {
  const { pool, workers } = fakePool();
  for (let n = 0; n < 4; n++) pool.add(raw(n));
  const [a, b] = workers;
  a!.ready(); // the first ready takes as many as it may
  b!.ready();
  assert.equal(a!.received, [0, 1]);
  assert.equal(b!.received, [2, 3]);
  b!.answerAll();
  assert.equal(taken(pool), [], 'record 0 is not back yet, so nothing may go out');
  a!.answer();
  assert.equal(taken(pool), ['ok 0']);
  a!.answer();
  assert.equal(taken(pool), ['ok 1', 'ok 2', 'ok 3']);
  assert.is(pool.inFlight, 0);
});

ordered('workers are started as records wait for them, not all at once', () => {
  const { pool, workers } = fakePool({ jobs: 4, tasksPerWorker: 2, maxStarting: 4 });
  pool.add(raw(0));
  assert.is(workers.length, 1, 'one record: one worker');
  pool.add(raw(1));
  assert.is(workers.length, 1, 'the starting worker will take two');
  pool.add(raw(2));
  assert.is(workers.length, 2);
  workers[0]!.ready();
  assert.equal(workers[0]!.received, [0, 1]);
});

ordered('no more than maxStarting workers start at once', () => {
  const { pool, workers } = fakePool({ jobs: 4, tasksPerWorker: 1, maxStarting: 2 });
  for (let n = 0; n < 8; n++) pool.add(raw(n));
  assert.is(workers.length, 2);
  workers[0]!.ready();
  assert.is(workers.length, 3, 'one ready: another may start');
});

ordered('backpressure: full at jobs × tasksPerWorker records in, results not taken included', () => {
  const { pool, workers } = fakePool({ jobs: 2, tasksPerWorker: 2 });
  for (let n = 0; n < 3; n++) pool.add(raw(n));
  assert.not.ok(pool.full);
  pool.add(raw(3));
  assert.ok(pool.full);
  workers.forEach((w) => w.ready());
  workers.forEach((w) => w.answerAll());
  assert.ok(pool.full, 'answered but not taken: still in the pool');
  pool.next();
  assert.not.ok(pool.full);
});

ordered('a record that hangs fails with "timeout"; a fresh worker takes the records queued behind it', async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40 });
  for (let n = 0; n < 3; n++) pool.add(raw(n));
  const [first] = workers;
  first!.ready();
  assert.equal(first!.received, [0, 1]);
  await after(80);
  assert.ok(first!.stopped);
  assert.is(workers.length, 2);
  const fresh = workers[1]!;
  fresh.ready();
  assert.equal(fresh.received, [1, 2]);
  fresh.answerAll();
  assert.equal(taken(pool), ['timeout 0: cleaning this record took longer than the limit of 40 ms', 'ok 1', 'ok 2']);
});

ordered("a record's clock starts when a ready worker starts on it: a slow start does not count", async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40 });
  pool.add(raw(0));
  pool.add(raw(1));
  await after(100); // the worker takes two and a half time limits to start
  workers[0]!.ready();
  await after(25);
  workers[0]!.answer();
  await after(25); // record 1 has now waited 150 ms in all, but run for only 25
  workers[0]!.answer();
  assert.equal(taken(pool), ['ok 0', 'ok 1']);
  assert.is(workers.length, 1);
});

ordered('a record that runs late on a cold worker is given once more to a warmed-up one', async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40, warmAfter: 3 });
  pool.add(raw(0));
  pool.add(raw(1));
  const cold = workers[0]!;
  assert.not.ok(cold.warmUp, 'the first worker does not wait for warm-up pages');
  cold.ready();
  await after(80);
  assert.ok(cold.stopped);
  const warm = workers[1]!;
  assert.ok(warm.warmUp, 'the worker started to take it again warms up first');
  warm.ready();
  assert.equal(warm.received, [0, 1]);
  warm.answerAll();
  assert.equal(taken(pool), ['ok 0', 'ok 1']);
});

ordered('a record given again fails if it runs late on the warm worker too', async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40, warmAfter: 3 });
  pool.add(raw(0));
  workers[0]!.ready();
  await after(80);
  workers[1]!.ready();
  await after(80);
  assert.equal(taken(pool), ['timeout 0: cleaning this record took longer than the limit of 40 ms']);
});

ordered('a worker is warm once it has answered warmAfter records: its late record fails at once', async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40, warmAfter: 2 });
  for (let n = 0; n < 3; n++) pool.add(raw(n));
  const worker = workers[0]!;
  worker.ready();
  worker.answer();
  worker.answer();
  await after(80);
  assert.equal(taken(pool), ['ok 0', 'ok 1', 'timeout 2: cleaning this record took longer than the limit of 40 ms']);
  assert.not.ok(workers[1], 'no worker was started to try it again');
});

ordered('a record given again waits for a warm worker rather than a cold one', async () => {
  const { pool, workers } = fakePool({ jobs: 2, timeout: 40, warmAfter: 5, tasksPerWorker: 1 });
  pool.add(raw(0));
  pool.add(raw(1));
  const [a, b] = workers;
  a!.ready();
  b!.ready();
  await sleep(20);
  b!.answer(); // b is cold and idle when a's record comes back to the queue
  await after(40);
  assert.ok(a!.stopped);
  assert.equal(b!.received, [1], 'the cold worker is not given the record again');
  const warm = workers[2]!;
  assert.ok(warm.warmUp);
  warm.ready();
  assert.equal(warm.received, [0]);
  warm.answer();
  assert.equal(taken(pool), ['ok 0', 'ok 1']);
});

ordered('a worker that dies fails its record with "crashed"; a fresh worker takes the rest', () => {
  const { pool, workers } = fakePool({ jobs: 1 });
  for (let n = 0; n < 3; n++) pool.add(raw(n));
  workers[0]!.ready();
  workers[0]!.answer();
  workers[0]!.crash();
  assert.ok(workers[0]!.stopped);
  const fresh = workers[1]!;
  assert.not.ok(fresh.warmUp, 'a crash is not a cold start: no warm-up');
  fresh.ready();
  assert.equal(fresh.received, [2]);
  fresh.answer();
  assert.equal(taken(pool), ['ok 0', 'crashed 1: the worker stopped (exit code 1)', 'ok 2']);
});

ordered('a worker that dies before it is ready ends the run once, with its error', () => {
  const { pool, workers, fatal } = fakePool({ jobs: 2 });
  for (let n = 0; n < 4; n++) pool.add(raw(n));
  workers[0]!.crash();
  assert.is(fatal.length, 1);
  assert.is(fatal[0]!.message, 'boom');
  assert.is(workers.length, 2, 'no worker started to replace it');
});

ordered('words from a worker after it was stopped are not heard', async () => {
  const { pool, workers } = fakePool({ jobs: 1, timeout: 40 });
  pool.add(raw(0));
  workers[0]!.ready();
  await after(80);
  workers[0]!.answer(); // too late: record 0 already failed
  workers[0]!.crash();
  assert.equal(taken(pool), ['timeout 0: cleaning this record took longer than the limit of 40 ms']);
  assert.is(workers.length, 1, 'nothing left to do: no worker started');
});

ordered('close stops every worker and clears the time limits', async () => {
  const { pool, workers } = fakePool({ jobs: 2, timeout: 40 });
  for (let n = 0; n < 4; n++) pool.add(raw(n));
  workers.forEach((w) => w.ready());
  await pool.close();
  assert.ok(workers.every((w) => w.stopped));
  await after(80);
  assert.is(workers.length, 2, 'no time limit fired to replace a worker');
  assert.throws(() => pool.add(raw(5)), /after the pool was closed/);
});

/** poolDuplex on fakes that answer each task on the next turn of the event loop. */
function fakeDuplex(overrides: Partial<OrderedPoolOptions> = {}) {
  const workers: FakeWorker[] = [];
  const stream = poolDuplex({
    ...FAKE_POOL,
    startWorker: (events, warmUp) => {
      const worker = new FakeWorker(events, warmUp);
      workers.push(worker);
      setImmediate(() => worker.ready());
      const send = worker.send.bind(worker);
      worker.send = (task) => {
        send(task);
        setTimeout(() => worker.stopped || worker.answer(), 1 + (task.seq % 3) * 3);
      };
      return worker;
    },
    failure: failed,
    objectMode: false,
    fatal: (error) => new Error(`could not start: ${error?.message}`),
    ...overrides,
  });
  return { stream, workers };
}

const lines = (count: number) => Array.from({ length: count }, (_, n) => ({ line: `{"id":${n}}`, lineNumber: n + 1 }));

const duplex = suite('poolDuplex');

duplex('the end of input waits for the records in flight, then stops the workers', async () => {
  const { stream, workers } = fakeDuplex();
  const out: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk.toString()), done()) });
  await pipeline(Readable.from(lines(25)), stream, sink);
  assert.equal(out.join(''), Array.from({ length: 25 }, (_, n) => `ok ${n}\n`).join(''));
  assert.ok(workers.length > 0 && workers.every((w) => w.stopped));
});

duplex('destroyed with records in flight, it stops the workers', async () => {
  const started: FakeWorker[] = [];
  const { stream } = fakeDuplex({
    startWorker: (events, warmUp) => {
      const worker = new FakeWorker(events, warmUp);
      started.push(worker);
      setImmediate(() => worker.ready());
      return worker; // never answers
    },
  });
  stream.write({ line: '{}', lineNumber: 1 });
  stream.write({ line: '{}', lineNumber: 2 });
  await sleep(10);
  assert.is(started[0]?.received.length, 2);
  stream.destroy();
  await new Promise((resolve) => stream.once('close', resolve));
  assert.ok(started.every((w) => w.stopped));
});

duplex('a slow reader holds the input back', async () => {
  const { stream } = fakeDuplex({ jobs: 2, tasksPerWorker: 2 });
  let written = 0;
  let read = 0;
  let maxAhead = 0;
  const source = Readable.from(
    (function* () {
      for (const l of lines(60)) {
        written++;
        maxAhead = Math.max(maxAhead, written - read);
        yield l;
      }
    })(),
  );
  const sink = new Writable({
    highWaterMark: 1,
    write: (_chunk, _e, done) => {
      read++;
      setTimeout(done, 2);
    },
  });
  await pipeline(source, stream, sink);
  assert.is(read, 60);
  // the pool's 4, plus what the streams between hold (a readable side's and a writable side's 16
  // objects, and the sink's byte buffer of a line or two)
  assert.ok(maxAhead < 45, `the source ran ${maxAhead} records ahead of the reader`);
});

duplex('workers that cannot start destroy the stream with the error fatal() makes', async () => {
  const { stream } = fakeDuplex({
    startWorker: (events) => {
      const worker = new FakeWorker(events, false);
      setImmediate(() => worker.crash());
      return worker;
    },
  });
  const run = pipeline(Readable.from(lines(3)), stream, new Writable({ write: (_c, _e, done) => done() }));
  await run.then(
    () => assert.unreachable('the run should fail'),
    (err: Error) => assert.is(err.message, 'could not start: boom'),
  );
});

ordered.run();
duplex.run();
