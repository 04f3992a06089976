/** Shared test helpers (not a test file: the runner only loads *.test.ts). */
import { Readable, Writable } from 'node:stream';
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
