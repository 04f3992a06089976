/**
 * The worker thread side of the pool (see ./pool.ts): cleans the tasks it is sent, one at a time,
 * and posts each result as soon as it is ready, so the pool always knows which task is running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseRawLine } from './io/ndjson.js';
import { serialize, serializeSettings, serializeWith, type SerializeSettings } from './io/serialize.js';
import type { PoolTask, PoolResult, WorkerSettings } from './pool.js';
import { outcomeOf } from './tally.js';
import { cleanRecord } from './transforms.js';

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

// Loading the modules above takes a while; the pool starts a record's clock from this message.
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
