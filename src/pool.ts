/**
 * Cleaning on worker threads, behind a Transform like every other step: records (or raw NDJSON
 * lines) in, cleaned records (or output JSON lines) out, in input order, one out for one in.
 *
 * Why our own pool rather than a general one: each worker posts every result as soon as it has it,
 * so the pool knows which record a worker is on and since when. A record that runs past the time
 * limit (a hostile page, a pathological regular expression) has its worker terminated and comes out
 * as an `error` record; a worker that dies (out of memory, a crash) costs only the record it was
 * on. Either way a fresh worker takes over the records that were queued behind it.
 *
 * Memory stays bounded: at most `jobs × tasksPerWorker` records are inside the pool, counting
 * results the reader has not taken yet, and no new input is taken while that many are (a slow
 * reader slows the input down instead of filling memory). It is a Duplex with its own read and
 * write sides rather than a Transform: a Transform's own holding of input, keyed to what was pushed
 * during each call, deadlocks with results that arrive later from other threads.
 */
import { availableParallelism } from 'node:os';
import { Duplex } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { DedupeOptions } from './clean/dedupe.js';
import type { ExtractOptions } from './extract/index.js';
import type { StripOptions } from './clean/strip.js';
import type { RuleFileOption } from './clean/custom.js';
import { parseRawLine, type RawLine } from './io/ndjson.js';
import { serialize, type SerializeOptions } from './io/serialize.js';
import { failArticle, type Article, type DomName, type ErrorCode } from './record.js';
import { outcomeOf, type Outcome } from './tally.js';

type Callback = (error?: Error | null) => void;

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  jobs?: number;
  /**
   * Most milliseconds one record may take; past it, the record comes out with error `timeout`
   * (default POOL_DEFAULTS.timeout; 0 for no limit).
   */
  timeout?: number;
  /**
   * Most megabytes of heap each worker may use (V8's old generation), default POOL_DEFAULTS.memory.
   * A page that needs more fails alone with error `crashed`.
   */
  memory?: number;
  /** `json`: output JSON lines (strings ending in a newline); `article` (default): cleaned records. */
  output?: 'json' | 'article';
  /**
   * Called with each record's outcome as the record is handed to the reader, in order (the CLI's
   * tally; with `output: 'json'` the records themselves are already strings).
   */
  onOutcome?: (outcome: Outcome) => void;
  /** Options for the cleaning steps and for serializing. Custom `rules` cannot cross into workers. */
  clean?: ExtractOptions & Omit<StripOptions, 'rules'> & DedupeOptions & SerializeOptions & RuleFileOption & { rules?: unknown };
}

/** What a worker is sent. */
export interface PoolTask {
  seq: number;
  raw?: RawLine;
  article?: Article;
}

/** What a worker sends back: a result, or (once, first) that it is ready. */
export interface PoolResult {
  seq: number;
  json?: string;
  article?: Article;
  outcome: Outcome;
}

type WorkerMessage = PoolResult | { ready: true };

/** What every worker starts with (see ./worker.ts). */
export interface WorkerSettings {
  clean: ExtractOptions & Omit<StripOptions, 'rules'> & DedupeOptions & SerializeOptions & RuleFileOption;
  output: 'json' | 'article';
  /**
   * Clean the warm-up pages (./warmup.ts) before saying ready: only with a time limit, which is
   * what they are for (they add about 0.4 s to each worker's start on this machine).
   */
  warmUp: boolean;
}

export const POOL_DEFAULTS = {
  /**
   * 10 s: on this 2-core machine the slowest of the 500 dev pages took 0.65 s (3.2 s with jsdom)
   * and a 10 MB page of prose about 4 s; a page still running after 10 s is pathological, and a
   * batch run should not wait a minute for it.
   */
  timeout: 10_000,
  /**
   * 512 MB: a 10 MB page needs about 350 MB of heap (measured), and 192 MB failed it. The limit is a
   * ceiling, not a reservation: over 150,000 mixed records peak RSS was 248 MB with 512 and 246 MB
   * with 192 (two workers), the young generation below being what keeps a long run flat.
   */
  memory: 512,
  /**
   * Megabytes of V8's young generation per worker. Half V8's default: on a million-record stream
   * peak RSS fell from 292 to 237 MB (two workers), at the same speed on dev HTML and text.
   */
  youngMemory: 8,
  /** Records sent ahead to each worker, so it never waits for the main thread between records. */
  tasksPerWorker: 4,
} as const;

/** Bounds on the pool's options, each with the measurement behind it. */
export const POOL_LIMITS = {
  /**
   * Least megabytes of heap (`memory`) a worker may be given, by DOM. Measured (this machine, Node
   * 20) by stepping `memory` with one small page, five runs each: a worker started (modules and
   * warm-up pages) and cleaned it from 32 MB on linkedom (29-31 failed to start or crashed on the
   * page) and from 68 MB on jsdom (66 failed once in five). Below, V8 stops every worker as it
   * starts. The margin (about half) is for pages bigger than the small one: 20 ordinary pages of
   * 50-150 KB all came through at 40 and 48 MB (linkedom), 80 and 96 MB (jsdom).
   */
  minMemory: { linkedom: 48, jsdom: 96 } satisfies Record<DomName, number>,
  /**
   * Workers starting at once, per core. A start-up (loading and compiling the modules, cleaning the
   * warm-up pages) is CPU work: with eight workers starting at once on two cores each took 3.5 s
   * instead of 0.5 s, and the first records of those ready early shared the cores with the rest.
   */
  startingPerCore: 1,
} as const;

/** A record's result, waiting for its turn to go out. */
interface Done {
  value: Article | string;
  outcome: Outcome;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this worker and not yet answered, oldest (the running one) first. */
  sent: PoolTask[];
  /**
   * When the running task started: when it was sent or when the one before it was answered,
   * whichever came last. Tasks go only to ready workers, so start-up is never counted.
   */
  since: number;
  /** The worker has loaded its modules and cleaned its warm-up pages; until then it is sent nothing. */
  ready: boolean;
}

/**
 * The worker script: the compiled one beside this module. Run from source (the tests run src/ under
 * tsx, which worker threads on Node 20 cannot load), the compiled one in dist/, which `npm test`
 * builds first.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? '../dist/worker.js' : './worker.js', import.meta.url);
}

/**
 * A transform (a Duplex: records in, results out) cleaning records on `jobs` worker threads. Takes
 * records (from createArticle or parseNdjson) or raw NDJSON lines (`RawLine`, parsed in the
 * workers); gives cleaned records, or JSON lines with `output: 'json'`.
 */
export function poolTransform(options: PoolOptions = {}): Duplex {
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new TypeError(`jobs must be a whole number of at least 1, got ${String(jobs)}`);
  const timeout = options.timeout ?? POOL_DEFAULTS.timeout;
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw new TypeError(`timeout must be a number of milliseconds (0: none), got ${String(timeout)}`);
  const { rules, ...clean } = options.clean ?? {};
  if (rules !== undefined) {
    throw new TypeError('rules hold functions, which cannot be sent to worker threads: give them as a ruleFile (see checkRuleFile), or clean in this thread (no jobs option)');
  }
  const memory = options.memory ?? POOL_DEFAULTS.memory;
  const minMemory = POOL_LIMITS.minMemory[clean.dom ?? 'linkedom'] ?? POOL_LIMITS.minMemory.jsdom;
  if (!Number.isInteger(memory) || memory < minMemory) {
    const least = `at least ${minMemory} (for a worker on ${clean.dom ?? 'linkedom'} to start)`;
    throw new TypeError(`memory must be a whole number of megabytes, ${least}, got ${String(memory)}`);
  }
  const output = options.output ?? 'article';
  const settings: WorkerSettings = { clean, output, warmUp: timeout > 0 };
  const script = workerScript();
  const maxInFlight = jobs * POOL_DEFAULTS.tasksPerWorker;
  const maxStarting = Math.max(1, availableParallelism() * POOL_LIMITS.startingPerCore);

  const slots: Slot[] = [];
  const waiting: PoolTask[] = []; // accepted, not yet sent to a worker
  const done = new Map<number, Done>();
  let nextSeq = 0;
  let nextOut = 0;
  let resume: Callback | null = null; // the input callback held while the pool is full
  let finish: Callback | null = null; // the end-of-input callback held until the last result is out
  let wanted = false; // the reader has room for more output
  let timer: NodeJS.Timeout | null = null;
  let failed = false;

  const spawn = (): Slot => {
    const worker = new Worker(script, {
      workerData: settings,
      stdout: true,
      resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: POOL_DEFAULTS.youngMemory },
    });
    worker.stdout.resume(); // nothing a page's code or a library prints may reach our output
    const slot: Slot = { worker, sent: [], since: Date.now(), ready: false };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        slot.ready = true;
        dispatch();
        return;
      }
      const result = message;
      const task = slot.sent.shift();
      slot.since = Date.now();
      if (task) deliver(task.seq, { value: result.json ?? result.article!, outcome: result.outcome });
      dispatch();
    });
    worker.on('error', (err) => lose(slot, 'crashed', `the worker cleaning this record failed: ${err.message}`, err));
    worker.on('exit', (code) => lose(slot, 'crashed', `the worker cleaning this record stopped (exit code ${code})`));
    return slot;
  };

  /** A worker is gone (or is being put down): its running task fails, the rest go to a fresh worker. */
  const lose = (slot: Slot, code: ErrorCode, message: string, err?: Error) => {
    const at = slots.indexOf(slot);
    if (at < 0) return; // already replaced
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {}); // late errors of a terminated worker are expected
    void slot.worker.terminate();
    if (!slot.ready) {
      // it never started, so every worker would fail the same way (too little memory, a broken
      // worker script or option): end the run with why, rather than replace it again and again
      failed = true;
      const outOfMemory = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = err ? err.message : 'a worker stopped before it was ready';
      const hint = outOfMemory ? ` (each worker may use ${memory} MB of heap; see the memory option)` : '';
      stream.destroy(new Error(`worker threads could not start: ${why}${hint}`));
      return;
    }
    const [running, ...queued] = slot.sent;
    slots.splice(at, 1); // dispatch starts a fresh worker if the records left need one
    waiting.unshift(...queued);
    if (running) deliver(running.seq, failure(running, code, message));
    dispatch();
  };

  const failure = (task: PoolTask, code: ErrorCode, message: string): Done => {
    const article = task.article ?? parseRawLine(task.raw!);
    const failedArticle = article.error ? article : failArticle(article, code, message);
    return { value: output === 'json' ? serialize(failedArticle, clean) : failedArticle, outcome: outcomeOf(failedArticle) };
  };

  /**
   * Sends waiting records to ready workers with room, the least busy first, and starts another
   * worker while more records wait than the workers already starting will take.
   */
  const dispatch = () => {
    while (waiting.length > 0) {
      let best: Slot | null = null;
      const { tasksPerWorker } = POOL_DEFAULTS;
      for (const slot of slots) {
        const room = slot.ready && slot.sent.length < tasksPerWorker;
        if (room && (!best || slot.sent.length < best.sent.length)) best = slot;
      }
      if (!best) {
        let starting = slots.filter((slot) => !slot.ready).length;
        while (slots.length < jobs && starting < maxStarting && waiting.length > starting * tasksPerWorker) {
          slots.push(spawn());
          starting++;
        }
        return;
      }
      const task = waiting.shift()!;
      if (best.sent.length === 0) best.since = Date.now();
      best.sent.push(task);
      best.worker.postMessage(task);
    }
  };

  const deliver = (seq: number, result: Done) => {
    if (typeof result.value === 'string') result.value += '\n';
    done.set(seq, result);
    drain();
  };

  /**
   * Pushes results in input order while the reader takes them; a result the reader has no room for
   * waits in `done` (and counts as in flight, so input stops) until it asks again (read below).
   */
  const drain = () => {
    while (wanted && done.has(nextOut)) {
      const { value, outcome } = done.get(nextOut)!;
      done.delete(nextOut);
      nextOut++;
      options.onOutcome?.(outcome);
      wanted = stream.push(value);
    }
    if (resume && nextSeq - nextOut < maxInFlight) {
      const callback = resume;
      resume = null;
      callback();
    }
    if (finish && nextOut === nextSeq) {
      const callback = finish;
      finish = null;
      shutdown().then(() => {
        stream.push(null);
        callback();
      }, callback);
    }
  };

  const watch = () => {
    if (timeout === 0 || timer) return;
    const overdue = (slot: Slot) => slot.sent.length > 0 && Date.now() - slot.since > timeout;
    const message = `cleaning this record took longer than the limit of ${timeout} ms`;
    timer = setInterval(() => {
      const late = slots.filter(overdue);
      if (late.length === 0) return;
      // timers run before the messages that arrived meanwhile are handled: read those first, so a
      // record answered while this thread was busy is not taken for one still running
      setImmediate(() => {
        for (const slot of late) {
          if (slots.includes(slot) && overdue(slot)) lose(slot, 'timeout', message);
        }
      });
    }, Math.max(10, Math.min(1000, timeout / 4)));
    timer.unref();
  };

  const shutdown = async () => {
    if (timer) clearInterval(timer);
    timer = null;
    const workers = slots.splice(0).map((s) => s.worker);
    // as in lose: a worker may still fail as it is stopped (out of memory), and nobody is listening
    for (const w of workers) w.removeAllListeners().on('error', () => {});
    await Promise.all(workers.map((w) => w.terminate()));
  };

  const stream = new Duplex({
    writableObjectMode: true,
    readableObjectMode: output === 'article',
    write(chunk: unknown, _encoding, callback) {
      if (failed) return callback();
      const task = taskOf(chunk, nextSeq);
      if (!task) {
        callback(new TypeError('pool: expected a decruft record (see createArticle) or a raw NDJSON line'));
        return;
      }
      nextSeq++;
      waiting.push(task);
      watch();
      dispatch();
      if (nextSeq - nextOut < maxInFlight) callback();
      else resume = callback;
    },
    final(callback) {
      finish = callback;
      drain();
    },
    read() {
      wanted = true;
      drain();
    },
    destroy(err, callback) {
      shutdown().then(() => callback(err), () => callback(err));
    },
  });
  return stream;
}

function taskOf(chunk: unknown, seq: number): PoolTask | null {
  const c = chunk as Partial<RawLine & Article> | null;
  if (typeof c !== 'object' || c === null) return null;
  if (typeof c.line === 'string' && typeof c.lineNumber === 'number') return { seq, raw: c as RawLine };
  if (Array.isArray(c.blocks) && Array.isArray(c.removed) && typeof c.meta === 'object') return { seq, article: c as Article };
  return null;
}
