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
 * Workers start on records as soon as they have loaded, without cleaning warm-up pages first: a
 * fresh worker is slow on its first records, so a record that runs past the limit on a worker that
 * is still cold is not failed but given once more to a warmed-up one (see OrderedPool).
 *
 * Memory stays bounded: at most `jobs × tasksPerWorker` records are inside the pool, counting
 * results the reader has not taken yet, and no new input is taken while that many are (a slow
 * reader slows the input down instead of filling memory).
 *
 * The bookkeeping (which worker has which record, order, time limits, replacing workers) is
 * OrderedPool, which knows workers only as PoolWorker, so that the tests can run it on fakes;
 * poolTransform is a Duplex over it with its own read and write sides rather than a Transform: a
 * Transform's own holding of input, keyed to what was pushed during each call, deadlocks with
 * results that arrive later from other threads.
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
import { WARM_AFTER_RECORDS } from './warmup.js';

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
   * Clean the warm-up pages (./warmup.ts) before saying ready. Only for a worker that takes over a
   * record which ran past the time limit on a cold worker: they add about 0.4 s to a worker's start
   * on this machine, which the first workers of a run do not wait for.
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
export interface Done {
  value: Article | string;
  outcome: Outcome;
}

/**
 * What a worker tells the pool, through the calls it was started with: `ready` once, when it can
 * take tasks, then one `result` per task in the order the tasks were sent; `failed` when it dies.
 * Always later, as a thread's messages come: never from inside startWorker or send.
 */
export interface WorkerEvents {
  ready(): void;
  result(result: PoolResult): void;
  /** The worker died or failed; `error` is what it failed with, when there is one. */
  failed(message: string, error?: Error): void;
}

/** A worker as OrderedPool sees it: a worker thread in poolTransform, a fake in the tests. */
export interface PoolWorker {
  /** Hands the worker a task; it answers through its WorkerEvents. */
  send(task: PoolTask): void;
  /** Stops the worker; whatever it says after this is not heard. */
  stop(): Promise<void>;
}

export interface OrderedPoolOptions {
  /** Most workers at once. */
  jobs: number;
  /** Most milliseconds a task may run on a warm worker; 0 for no limit. */
  timeout: number;
  /** Tasks sent ahead to each worker. */
  tasksPerWorker: number;
  /** Most workers starting (not yet ready) at once. */
  maxStarting: number;
  /** Tasks a worker must have answered before it counts as warm (unless it started warmed up). */
  warmAfter: number;
  /** Starts a worker; with `warmUp`, one that warms up before it says it is ready. */
  startWorker(events: WorkerEvents, warmUp: boolean): PoolWorker;
  /** The result that a task which failed (its worker timed out or crashed) comes out as. */
  failure(task: PoolTask, code: ErrorCode, message: string): Done;
  /** Called when a result may have become the next in order, or room for input may have opened. */
  onProgress(): void;
  /** Called when a worker fails before it was ready: every worker would, so the run cannot go on. */
  onFatal(error?: Error): void;
}

interface Slot {
  worker: PoolWorker;
  /** Tasks sent to this worker and not yet answered, oldest (the running one) first. */
  sent: PoolTask[];
  /** The worker has loaded (and, with `warmUp`, warmed up); until then it is sent nothing. */
  ready: boolean;
  /** Started with warm-up pages: warm as soon as it is ready. */
  warmUp: boolean;
  /** Tasks it has answered. */
  answered: number;
  /** Fires when the running task has run past the time limit. */
  timer: NodeJS.Timeout | null;
}

/**
 * The ordered pool's bookkeeping, apart from threads and streams: tasks in, results out in the
 * order the tasks came in, on at most `jobs` workers that it starts and replaces itself.
 *
 * - Workers are started as tasks wait for them (one for each `tasksPerWorker` waiting, up to
 *   `jobs`, at most `maxStarting` starting at once), so a short input does not pay for them all.
 * - A task's clock starts when a ready worker starts on it: when it is sent to an idle worker, or
 *   when the worker answers the task before it. Waiting in the queue or for a worker to start
 *   does not count.
 * - A task that runs past `timeout` fails with `timeout` and its worker is stopped; the tasks queued
 *   behind it go to other workers, a fresh one started if needed. But on a worker that is still
 *   cold (fewer than `warmAfter` answers), running late says little about the task: it is given
 *   once more, to a worker that warmed up before it said ready (one is started for it), and only
 *   running past the limit there fails it. So a task's time counts from when a warm worker takes it.
 * - A worker that dies fails the task it was on with `crashed`, and is replaced in the same way.
 * - At most `jobs × tasksPerWorker` tasks are in the pool, results not yet taken with next()
 *   included: `full` says when no more should be added.
 */
export class OrderedPool {
  private readonly slots: Slot[] = [];
  /** Accepted, not yet sent to a worker. */
  private readonly waiting: PoolTask[] = [];
  /** Results that came back, by seq, until their turn to be taken. */
  private readonly results = new Map<number, Done>();
  /** Tasks that ran late on a cold worker, to be run again only on a warm one. */
  private readonly retried = new Set<number>();
  private nextSeq = 0;
  private nextOut = 0;
  private readonly maxInFlight: number;
  private closed = false;

  constructor(private readonly options: OrderedPoolOptions) {
    this.maxInFlight = options.jobs * options.tasksPerWorker;
  }

  /** Tasks added and not yet taken back out with next(). */
  get inFlight(): number {
    return this.nextSeq - this.nextOut;
  }

  /** As many tasks are in the pool as it should hold: add no more until next() has taken some. */
  get full(): boolean {
    return this.inFlight >= this.maxInFlight;
  }

  /** Workers running or starting. */
  get workers(): number {
    return this.slots.length;
  }

  /** Takes a task (its seq is the pool's to set) and sends it to a worker as soon as one can take it. */
  add(task: Omit<PoolTask, 'seq'>): void {
    if (this.closed) throw new Error('pool: a task was added after the pool was closed');
    this.waiting.push({ ...task, seq: this.nextSeq++ });
    this.dispatch();
  }

  /** The next result in input order, once it is back; undefined while it is not. */
  next(): Done | undefined {
    const done = this.results.get(this.nextOut);
    if (!done) return undefined;
    this.results.delete(this.nextOut);
    this.nextOut++;
    return done;
  }

  /** Stops every worker; the pool takes no more tasks. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    const slots = this.slots.splice(0);
    for (const slot of slots) this.stopClock(slot);
    await Promise.all(slots.map((slot) => slot.worker.stop()));
  }

  private spawn(warmUp: boolean): void {
    let slot: Slot | undefined = undefined;
    // a stopped worker's late words are not heard
    const live = (s: Slot | undefined): s is Slot => s !== undefined && this.slots.includes(s);
    const events: WorkerEvents = {
      ready: () => {
        if (!live(slot)) return;
        slot.ready = true;
        this.dispatch();
      },
      result: (result) => {
        if (live(slot)) this.answer(slot, result);
      },
      failed: (message, error) => {
        if (live(slot)) this.lose(slot, 'crashed', message, error);
      },
    };
    slot = { worker: this.options.startWorker(events, warmUp), sent: [], ready: false, warmUp, answered: 0, timer: null };
    this.slots.push(slot);
  }

  private answer(slot: Slot, result: PoolResult): void {
    if (slot.sent[0]?.seq !== result.seq) {
      // a worker answers in the order it was sent its tasks; anything else is our own bug
      this.lose(slot, 'internal', `a worker answered record ${result.seq} while it was on ${slot.sent[0]?.seq}`);
      return;
    }
    slot.sent.shift();
    slot.answered++;
    this.retried.delete(result.seq);
    this.startClock(slot);
    this.dispatch();
    this.deliver(result.seq, { value: result.json ?? result.article!, outcome: result.outcome });
  }

  private warm(slot: Slot): boolean {
    return slot.warmUp || slot.answered >= this.options.warmAfter;
  }

  /** A worker is gone (or is being put down): its running task fails, the rest go to other workers. */
  private lose(slot: Slot, code: ErrorCode, message: string, error?: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    this.stopClock(slot);
    void slot.worker.stop();
    if (!slot.ready) {
      // it never started, so every worker would fail the same way (too little memory, a broken
      // worker script or option): end the run with why, rather than replace it again and again
      this.options.onFatal(error);
      return;
    }
    const [running, ...queued] = slot.sent;
    this.waiting.unshift(...queued);
    if (running) {
      const again = code === 'timeout' && !this.warm(slot) && !this.retried.has(running.seq);
      if (again) {
        this.retried.add(running.seq);
        this.waiting.unshift(running);
      } else {
        this.retried.delete(running.seq);
        this.deliver(running.seq, this.options.failure(running, code, message));
      }
    }
    this.dispatch();
  }

  /**
   * Sends waiting tasks to ready workers with room, the least busy first (a task given again only
   * to warm ones), and starts workers while tasks wait that the workers starting will not take.
   */
  private dispatch(): void {
    const { jobs, maxStarting, tasksPerWorker } = this.options;
    for (let i = 0; i < this.waiting.length;) {
      const task = this.waiting[i]!;
      const needsWarm = this.retried.has(task.seq);
      let best: Slot | null = null;
      for (const slot of this.slots) {
        const room = slot.ready && slot.sent.length < tasksPerWorker && (!needsWarm || this.warm(slot));
        if (room && (!best || slot.sent.length < best.sent.length)) best = slot;
      }
      if (!best) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      best.sent.push(task);
      best.worker.send(task);
      if (best.sent.length === 1) this.startClock(best);
    }
    if (this.closed) return;
    // a task to give again needs a worker that warms up first, whatever else is starting
    const needsWarm = this.waiting.some((task) => this.retried.has(task.seq));
    if (needsWarm && this.slots.length < jobs && !this.slots.some((s) => s.warmUp && !s.ready)) this.spawn(true);
    let starting = this.slots.filter((slot) => !slot.ready).length;
    while (this.slots.length < jobs && starting < maxStarting && this.waiting.length > starting * tasksPerWorker) {
      this.spawn(false);
      starting++;
    }
  }

  /** The slot's running task (if any) has just started: its time limit runs from now. */
  private startClock(slot: Slot): void {
    this.stopClock(slot);
    const task = slot.sent[0];
    const { timeout } = this.options;
    if (!task || timeout === 0) return;
    slot.timer = setTimeout(() => {
      // timers run before the messages that arrived meanwhile are handled: read those first, so a
      // task answered while this thread was busy is not taken for one still running
      setImmediate(() => {
        if (this.slots.includes(slot) && slot.sent[0] === task) {
          this.lose(slot, 'timeout', `cleaning this record took longer than the limit of ${timeout} ms`);
        }
      });
    }, timeout);
  }

  private stopClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }

  private deliver(seq: number, done: Done): void {
    this.results.set(seq, done);
    this.options.onProgress();
  }
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

/** A worker thread running ./worker.ts, as a PoolWorker. */
function threadWorker(settings: WorkerSettings, memory: number, events: WorkerEvents): PoolWorker {
  const worker = new Worker(workerScript(), {
    workerData: settings,
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: POOL_DEFAULTS.youngMemory },
  });
  worker.stdout.resume(); // nothing a page's code or a library prints may reach our output
  worker.on('message', (message: WorkerMessage) => ('ready' in message ? events.ready() : events.result(message)));
  worker.on('error', (err) => events.failed(`the worker cleaning this record failed: ${err.message}`, err));
  worker.on('exit', (code) => events.failed(`the worker cleaning this record stopped (exit code ${code})`));
  return {
    send: (task) => worker.postMessage(task),
    stop: () => {
      worker.removeAllListeners();
      worker.on('error', () => {}); // a worker may still fail as it is stopped (out of memory)
      return worker.terminate().then(() => undefined);
    },
  };
}

/** The longest delay setTimeout keeps (2^31 − 1 ms); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A transform (a Duplex: records in, results out) cleaning records on `jobs` worker threads. Takes
 * records (from createArticle or parseNdjson) or raw NDJSON lines (`RawLine`, parsed in the
 * workers); gives cleaned records, or JSON lines with `output: 'json'`.
 */
export function poolTransform(options: PoolOptions = {}): Duplex {
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new TypeError(`jobs must be a whole number of at least 1, got ${String(jobs)}`);
  const asked = options.timeout ?? POOL_DEFAULTS.timeout;
  if (typeof asked !== 'number' || !(asked >= 0)) throw new TypeError(`timeout must be a number of milliseconds (0: none), got ${String(asked)}`);
  // a limit past what a timer can hold (about 24.8 days, Infinity) is no limit: Node would fire it at once
  const timeout = asked > MAX_TIMER_MS ? 0 : asked;
  const { rules, ...clean } = options.clean ?? {};
  if (rules !== undefined) {
    throw new TypeError(
      'rules hold functions, which cannot be sent to worker threads: give them as a ruleFile (see checkRuleFile), or clean in this thread (no jobs option)',
    );
  }
  const memory = options.memory ?? POOL_DEFAULTS.memory;
  const minMemory = POOL_LIMITS.minMemory[clean.dom ?? 'linkedom'] ?? POOL_LIMITS.minMemory.jsdom;
  if (!Number.isInteger(memory) || memory < minMemory) {
    const least = `at least ${minMemory} (for a worker on ${clean.dom ?? 'linkedom'} to start)`;
    throw new TypeError(`memory must be a whole number of megabytes, ${least}, got ${String(memory)}`);
  }
  const output = options.output ?? 'article';
  return poolDuplex({
    jobs,
    timeout,
    tasksPerWorker: POOL_DEFAULTS.tasksPerWorker,
    maxStarting: Math.max(1, availableParallelism() * POOL_LIMITS.startingPerCore),
    warmAfter: WARM_AFTER_RECORDS,
    // warming up is for a time limit; without one, a worker only has to start
    startWorker: (events, warmUp) => threadWorker({ clean, output, warmUp: warmUp && timeout > 0 }, memory, events),
    failure: (task, code, message) => {
      const article = task.article ?? parseRawLine(task.raw!);
      const failedArticle = article.error ? article : failArticle(article, code, message);
      return { value: output === 'json' ? serialize(failedArticle, clean) : failedArticle, outcome: outcomeOf(failedArticle) };
    },
    objectMode: output === 'article',
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    fatal: (error) => {
      const outOfMemory = (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = error?.message ?? 'a worker stopped before it was ready';
      const hint = outOfMemory ? ` (each worker may use ${memory} MB of heap; see the memory option)` : '';
      return new Error(`worker threads could not start: ${why}${hint}`);
    },
  });
}

export interface PoolDuplexOptions extends Omit<OrderedPoolOptions, 'onProgress' | 'onFatal'> {
  /** Results are objects (records), not strings (JSON lines, written with a newline after each). */
  objectMode: boolean;
  /** As PoolOptions.onOutcome. */
  onOutcome?: (outcome: Outcome) => void;
  /** The error the stream is destroyed with when workers cannot start. */
  fatal(error?: Error): Error;
}

/**
 * The Duplex over an OrderedPool: poolTransform's, on worker threads; the tests give it fake
 * workers. Input is taken while the pool is not full; results go out in order as the reader asks;
 * the end of input waits for the last result, then stops the workers.
 */
export function poolDuplex(options: PoolDuplexOptions): Duplex {
  let resume: Callback | null = null; // the input callback held while the pool is full
  let finish: Callback | null = null; // the end-of-input callback held until the last result is out
  let wanted = false; // the reader has room for more output
  let failed = false;

  /**
   * Pushes results in input order while the reader takes them; a result the reader has no room for
   * waits in the pool (and counts as in flight, so input stops) until it asks again (read below).
   */
  const drain = () => {
    while (wanted) {
      const done = pool.next();
      if (!done) break;
      options.onOutcome?.(done.outcome);
      wanted = stream.push(typeof done.value === 'string' ? `${done.value}\n` : done.value);
    }
    if (resume && !pool.full) {
      const callback = resume;
      resume = null;
      callback();
    }
    if (finish && pool.inFlight === 0) {
      const callback = finish;
      finish = null;
      pool.close().then(() => {
        stream.push(null);
        callback();
      }, callback);
    }
  };

  const pool = new OrderedPool({
    ...options,
    onProgress: drain,
    onFatal: (error) => {
      failed = true;
      stream.destroy(options.fatal(error));
    },
  });

  const stream = new Duplex({
    writableObjectMode: true,
    readableObjectMode: options.objectMode,
    write(chunk: unknown, _encoding, callback) {
      if (failed) return callback();
      const task = taskOf(chunk);
      if (!task) {
        callback(new TypeError('pool: expected a decruft record (see createArticle) or a raw NDJSON line'));
        return;
      }
      pool.add(task);
      if (pool.full) resume = callback;
      else callback();
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
      pool.close().then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
  return stream;
}

function taskOf(chunk: unknown): Omit<PoolTask, 'seq'> | null {
  const c = chunk as Partial<RawLine & Article> | null;
  if (typeof c !== 'object' || c === null) return null;
  if (typeof c.line === 'string' && typeof c.lineNumber === 'number') return { raw: c as RawLine };
  if (Array.isArray(c.blocks) && Array.isArray(c.removed) && typeof c.meta === 'object') return { article: c as Article };
  return null;
}
