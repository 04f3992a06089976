/** Shared test helpers (not a test file: the runner only loads *.test.ts). */
import { Readable, Transform, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createArticle, type Article } from '../src/index.js';

export function textArticle(text: string, fields: Record<string, unknown> = {}): Article {
  return createArticle({ format: 'text', content: text }, fields);
}

export function htmlArticle(html: string, fields: Record<string, unknown> = {}): Article {
  return createArticle({ format: 'html', content: html }, fields);
}

/** A writable that keeps everything written to it, optionally slowly (to exercise backpressure). */
export class Collector extends Writable {
  readonly chunks: string[] = [];
  constructor(private readonly delayMs = 0, objectMode = false) {
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
    return this.text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }
}

/** A readable that emits the given byte chunks one by one. */
export function chunked(chunks: (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)), { objectMode: false });
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
