/**
 * Byte streams as async iterables: looking at the start of one without losing it, and undoing
 * gzip (or another zlib coding) so that what was decoded before a failure is kept. Shared by the
 * input readers (./files.ts) and the WARC reader (./warc.ts).
 */
import type { Transform } from 'node:stream';

/**
 * Compressed bytes are written to a decoder this much at a time, and its output handed on in
 * between: a gzip member can expand 1032 times, so a piece yields at most some 16 MB at once.
 */
const DECODE_PIECE_BYTES = 16 * 1024;
/** A gzip member header (magic and the deflate method): writes are cut before each. */
const GZIP_MEMBER = Buffer.from([0x1f, 0x8b, 0x08]);

/** The two bytes every gzip stream starts with. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A Uint8Array as a Buffer over the same memory. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes a byte stream with a zlib decoder as it is pulled, one piece at a time. What it decoded
 * before failing is handed on first, then the failure as `fail` makes it: a Node zlib stream that
 * fails drops the output of the write that failed, and a failed stream what it buffered, so pieces
 * are cut before every gzip member and taken as each is decoded; the records before a corrupt
 * member come out whole. It decodes no further once `budget` bytes are out, so that a compression
 * bomb stops at the caller's limit.
 */
export async function* decompress(
  chunks: AsyncIterable<Uint8Array>,
  decoder: Transform,
  budget: number,
  fail: (err: Error) => Error,
): AsyncGenerator<Uint8Array> {
  const ready: Buffer[] = [];
  const state: { bytes: number; failure: Error | null } = { bytes: 0, failure: null };
  decoder.on('data', (chunk: Buffer) => {
    if (state.bytes > budget) return;
    state.bytes += chunk.length;
    ready.push(chunk);
    if (state.bytes > budget) decoder.destroy();
  });
  decoder.on('error', (err: Error) => {
    state.failure = err;
  });
  try {
    for await (const chunk of chunks) {
      for (const piece of pieces(asBuffer(chunk))) {
        await settled(decoder, (done) => decoder.write(piece, done));
        yield* ready.splice(0);
        if (decoder.destroyed) break;
      }
      if (decoder.destroyed) break;
    }
    if (!decoder.destroyed) await settled(decoder, (done) => decoder.end(done));
    if (!decoder.closed) await settled(decoder, () => {}); // the last data comes before close
    yield* ready.splice(0);
  } finally {
    decoder.destroy();
  }
  if (state.failure) throw fail(state.failure);
}

/** A chunk cut into pieces of at most DECODE_PIECE_BYTES, and before every gzip member header. */
function* pieces(chunk: Buffer): Generator<Buffer> {
  let at = 0;
  while (at < chunk.length) {
    const member = chunk.indexOf(GZIP_MEMBER, at + 1);
    const end = Math.min(at + DECODE_PIECE_BYTES, member < 0 ? chunk.length : member);
    yield chunk.subarray(at, end);
    at = end;
  }
}

/** Calls `act` with a callback and waits for it, or for the stream to close (destroyed, failed). */
function settled(stream: Transform, act: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('close', done);
      resolve();
    };
    stream.once('close', done);
    act(done);
  });
}

/**
 * The start of a stream and the whole stream, that start included: its first `enough` bytes (fewer
 * if it ends), or, given a test, what was read until the test said it was enough.
 */
export async function peek(
  chunks: AsyncIterable<Uint8Array>,
  enough: number | ((head: Buffer) => boolean),
): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let head = Buffer.alloc(0);
  const done = typeof enough === 'number' ? (bytes: Buffer) => bytes.length >= enough : enough;
  while (!done(head)) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    head = Buffer.concat([head, next.value]);
  }
  return { head: typeof enough === 'number' ? head.subarray(0, enough) : head, rest: prepend(taken, iterator) };
}

/** Chunks already read, then the rest of the iterator; closing it closes the iterator. */
export async function* prepend(first: Uint8Array | Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (const chunk of Array.isArray(first) ? first : [first]) if (chunk.length > 0) yield chunk;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  } finally {
    await iterator.return?.();
  }
}

