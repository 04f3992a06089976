/**
 * The worker thread side of the pool (see ./pool.ts): cleans the tasks it is sent, one at a time,
 * and posts each result as soon as it is ready, so the pool always knows which task is running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseRawLine } from './io/ndjson.js';
import { serialize, serializeSettings, serializeWith, type SerializeSettings } from './io/serialize.js';
import type { PoolTask, PoolResult, WorkerSettings } from './pool.js';
import { createArticle, type Source } from './record.js';
import { outcomeOf } from './tally.js';
import { cleanRecord } from './transforms.js';
import { WARM_UP_ROUNDS, warmUpPages } from './warmup.js';

const settings = workerData as WorkerSettings;
const port = parentPort!;
/** Output settings checked once; bad ones (a library caller's bug) make every record an `internal` error, as serialize does. */
const output: SerializeSettings | null = (() => {
  try {
    return serializeSettings(settings.clean);
  } catch {
    return null;
  }
})();

/** A start-up delay in milliseconds, for tests only: the pool must not count it against any record. */
const testDelay = Number(process.env['DECRUFT_TEST_WORKER_START_MS'] ?? 0);
if (testDelay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, testDelay);

// A worker the pool wants warm from its first record on cleans the warm-up pages (./warmup.ts);
// any other cleans one line, to fail here, at start, on settings that no record could be cleaned
// with (a rule file that was never checked), rather than on every record.
const warmUp: Source[] = settings.warmUp ? Array.from({ length: WARM_UP_ROUNDS }, warmUpPages).flat() : [{ format: 'text', content: 'Ready.' }];
for (const source of warmUp) {
  const cleaned = cleanRecord(createArticle(source, { id: 'warm-up' }), settings.clean);
  if (output) serializeWith(cleaned, output);
}

// The pool dispatches records (and so starts their clocks) only to workers that sent this message.
port.postMessage({ ready: true });

port.on('message', (task: PoolTask) => {
  const article = task.raw ? parseRawLine(task.raw) : task.article!;
  const cleaned = cleanRecord(article, settings.clean);
  if (settings.output !== 'json') {
    port.postMessage({ seq: task.seq, article: cleaned, outcome: outcomeOf(cleaned) } satisfies PoolResult);
    return;
  }
  // serialized first: a record whose fields cannot be written fails there, and is counted so
  const json = output ? serializeWith(cleaned, output) : serialize(cleaned, settings.clean);
  port.postMessage({ seq: task.seq, json, outcome: outcomeOf(cleaned) } satisfies PoolResult);
});
