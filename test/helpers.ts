/** Shared test helpers (not a test file: the runner only loads *.test.ts). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as assert from 'uvu/assert';
import { createArticle, type Article } from '../src/index.js';

export function textArticle(text: string, fields: Record<string, unknown> = {}): Article {
  return createArticle({ format: 'text', content: text }, fields);
}

export function htmlArticle(html: string, fields: Record<string, unknown> = {}): Article {
  return createArticle({ format: 'html', content: html }, fields);
}

/** A folder of its own in the system's temporary folder, removed when the test process exits. */
const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A cleaned record holding `text`, one paragraph a line, as cleanRecord leaves it (for the steps across documents). */
export function cleanedArticle(text: string, fields: Record<string, unknown> = {}, lang: string | null = null): Article {
  const article = createArticle({ format: 'text', content: text }, fields);
  delete article.source;
  article.meta.lang = lang;
  article.blocks = text.split('\n').map((line, index) => ({ kind: 'paragraph', text: line, index }));
  return article;
}

/** Text of `words` words drawn from a fixed vocabulary by a seeded generator: distinct per seed. */
export function filler(seed: number, words = 120): string {
  const vocabulary =
    'river stone lamp garden window orange bicycle quiet market winter paper engine violet ladder harbour candle meadow copper whistle basket'.split(' ');
  let state = seed * 2654435761 + 1;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out.push(vocabulary[(state >>> 8) % vocabulary.length]!);
  }
  return out.join(' ');
}

/** A writable that keeps everything written to it, optionally slowly (to exercise backpressure). */
export class Collector extends Writable {
  readonly chunks: string[] = [];
  constructor(
    private readonly delayMs = 0,
    objectMode = false,
  ) {
    super({ objectMode, highWaterMark: objectMode ? 1 : 64 });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk.toString() : JSON.stringify(chunk));
    if (this.delayMs) setTimeout(done, this.delayMs);
    else done();
  }
  get text(): string {
    return this.chunks.join('');
  }
  /** Output JSON lines, parsed. */
  get records(): Array<Record<string, any>> {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}

/** A readable that emits the given byte chunks one by one. */
export function chunked(chunks: (string | Buffer)[]): Readable {
  return Readable.from(
    chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)),
    { objectMode: false },
  );
}

/** Builds an NDJSON line. */
export const line = (record: unknown): string => JSON.stringify(record) + '\n';

/**
 * Streams `total` NDJSON records of `text` through `stream` into a reader that takes
 * `readerDelayMs` per write, and reports how far the source ever ran ahead of what the reader had taken: with
 * backpressure, as far as the stages' buffers hold; without, to the end.
 */
export async function runAhead(total: number, text: string, stream: Duplex, readerDelayMs: number): Promise<{ maxAhead: number; ids: unknown[] }> {
  let produced = 0;
  let consumed = 0;
  let maxAhead = 0;
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < total; i++) {
        produced++;
        yield line({ id: i, text });
      }
    })(),
    { objectMode: false },
  );
  const counting = new Transform({
    transform(chunk, _enc, done) {
      consumed += String(chunk).split('\n').length - 1; // byte streams may merge lines into one chunk
      maxAhead = Math.max(maxAhead, produced - consumed);
      done(null, chunk);
    },
  });
  const out = new Collector(readerDelayMs);
  await pipeline(source, stream, counting, out);
  return { maxAhead, ids: out.records.map((r) => r['id']) };
}

/**
 * runCli on the main thread (--jobs 0), for the runs that are not about worker threads: a worker
 * loads the whole library (about 0.7 s) and cleans warm-up pages before its first record, and the
 * default starts one per core. Runs naming a --jobs of their own, and test/pool.test.ts, cover the workers.
 */
export const runSerial = (argv: string[], options: { stdin?: string | Buffer; tty?: boolean } = {}) => runCli(['--jobs', '0', ...argv], options);

/** Runs the CLI in-process (main() from src/cli.ts) on `stdin`; stderr can pose as a terminal. */
export async function runCli(argv: string[], options: { stdin?: string | Buffer; tty?: boolean } = {}) {
  const { main } = await import('../src/cli.js');
  const stdout = new Collector();
  const stderr = Object.assign(new Collector(), { isTTY: options.tty ?? false });
  const code = await main(argv, { stdin: Readable.from([Buffer.from(options.stdin ?? '')]), stdout, stderr });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    get records() {
      return stdout.records;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The README's code examples (test/readme.test.ts, test/package.test.ts)

const README_FENCE = /^```(js|ts)\n([\s\S]*?)^```$/gm;

/** The README's js and ts code blocks, with the line each starts on. */
export function readmeExamples(root: string): { lang: string; code: string; line: number }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(README_FENCE)].map((m) => ({ lang: m[1]!, code: m[2]!, line: readme.slice(0, m.index).split('\n').length }));
}

/**
 * Runs a README example as a user would: saved in `dir` (a folder holding samples/ and decruft
 * under node_modules), as CommonJS when it only requires, by `node` (tsx for TypeScript).
 */
export async function runExample(example: { lang: string; code: string }, dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const commonJs = /\brequire\(/.test(example.code) && !/^import /m.test(example.code);
  const file = join(dir, `example.${example.lang === 'ts' ? 'ts' : commonJs ? 'cjs' : 'mjs'}`);
  writeFileSync(file, example.code);
  const args = example.lang === 'ts' ? ['--import', 'tsx', file] : [file];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** What every README example must give: exit 0, nothing on stderr, and whole output lines. */
export function assertExampleRan(result: { code: number; stdout: string; stderr: string }, line: number): void {
  assert.is(result.stderr, '', `stderr of the example at README.md:${line}`);
  assert.is(result.code, 0);
  assert.ok(result.stdout.length > 0, 'the example prints what it cleaned');
  for (const out of result.stdout.trim().split('\n')) if (out.startsWith('{')) JSON.parse(out);
}
