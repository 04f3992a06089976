/**
 * Byte streams as async iterables: looking at the start of one without losing it, and undoing
 * gzip (or another zlib coding) so that what was decoded before a failure is kept. Shared by the
 * input readers (./files.ts) and the WARC reader (./warc.ts).
 */
import type { Transform } from 'node:stream';
import { constants, crc32, createInflateRaw } from 'node:zlib';

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

/**
 * gzip data that cannot be read on: damaged, cut short, or followed by bytes that are not gzip.
 * Everything that decoded before it has been handed on when it is thrown; `offset` is where in the
 * compressed input the problem lies.
 */
export class GzipError extends Error {
  override name = 'GzipError';
  constructor(
    /** `cut`: the input ends inside a member; `trailing`: bytes after the last member are not gzip. */
    readonly kind: 'cut' | 'damaged' | 'trailing' | 'not-gzip',
    message: string,
    /** Byte offset in the compressed input. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Header flags (RFC 1952 §2.3.1). */
const FLAG = { hcrc: 0x02, extra: 0x04, name: 0x08, comment: 0x10, reserved: 0xe0 } as const;
/** Fixed part of a member header: magic, method, flags, mtime, extra flags, OS. */
const GZIP_HEADER_BYTES = 10;
/** CRC-32 and size of the member's data. */
const GZIP_TRAILER_BYTES = 8;
/**
 * Most bytes of a member header: the optional name, comment and extra field are tens of bytes in
 * practice (a file name); a header without an end this far in is not one, and is not read on.
 */
const MAX_GZIP_HEADER_BYTES = 64 * 1024;

/**
 * Undoes gzip member by member, as `gzip -d` does, handing on everything that decodes. Each
 * member's header and trailer are read here and its deflate data goes to a raw inflater, which
 * consumes nothing past the data's end: so where a member ends is known to the byte, its CRC and
 * size are checked, and what follows is judged on its own: another member, zero padding (skipped,
 * as gzip does), or anything else. That is never handed to zlib (whose multi-member gunzip would
 * throw away the output of the write that held it) but reported in gzip's words once everything
 * before it has been handed on. Damaged or cut-short data fails the same way, after what decoded
 * before it. Decoding stops once more than `budget` bytes are out (so a compression bomb costs no
 * more than the caller's limit): the caller sees more than `budget` bytes, and no error.
 */
export async function* gunzip(chunks: AsyncIterable<Uint8Array>, budget = Infinity): AsyncGenerator<Uint8Array> {
  const input = new Pending(chunks[Symbol.asyncIterator]());
  let out = 0;
  try {
    for (let member = 1; await input.skipZeros(); member++) {
      await input.fill(2);
      if (input.byte(0) !== 0x1f || input.byte(1) !== 0x8b) {
        const at = input.offset.toLocaleString('en');
        if (member === 1) throw new GzipError('not-gzip', `not gzip data: no gzip header at byte ${at}`, input.offset);
        throw new GzipError('trailing', `decompression OK, trailing garbage ignored: the bytes from byte ${at} on are not gzip data`, input.offset);
      }
      const start = input.offset;
      input.take(await memberHeaderLength(input, member));
      let crc = 0;
      let size = 0;
      for await (const chunk of inflateMember(input, member)) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        out += chunk.length;
        yield chunk;
        if (out > budget) return;
      }
      if (!(await input.fill(GZIP_TRAILER_BYTES))) throw cutShort(member, input.offset + input.length);
      const trailer = input.take(GZIP_TRAILER_BYTES);
      if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== size % 2 ** 32) {
        throw new GzipError('damaged', `gzip data is damaged: member ${member}, from byte ${start.toLocaleString('en')}, fails its CRC or size check`, start);
      }
    }
  } finally {
    await input.close();
  }
}

function cutShort(member: number, offset: number): GzipError {
  return new GzipError('cut', `gzip data is cut short: the input ends inside gzip member ${member}, after ${offset.toLocaleString('en')} bytes`, offset);
}

/** The length of the member header at the start of `input`, all of it read in; throws if it is not one. */
async function memberHeaderLength(input: Pending, member: number): Promise<number> {
  const need = async (bytes: number) => {
    if (bytes > MAX_GZIP_HEADER_BYTES) {
      throw new GzipError(
        'damaged',
        `gzip data is damaged: the header of gzip member ${member} runs past ${MAX_GZIP_HEADER_BYTES.toLocaleString('en')} bytes`,
        input.offset,
      );
    }
    if (!(await input.fill(bytes))) throw cutShort(member, input.offset + input.length);
  };
  await need(GZIP_HEADER_BYTES);
  const flags = input.byte(3);
  if (input.byte(2) !== 8 || flags & FLAG.reserved) {
    throw new GzipError(
      'damaged',
      `gzip data is damaged: gzip member ${member} at byte ${input.offset.toLocaleString('en')} has a header gzip does not know`,
      input.offset,
    );
  }
  let length = GZIP_HEADER_BYTES;
  if (flags & FLAG.extra) {
    await need(length + 2);
    length += 2 + input.byte(length) + 256 * input.byte(length + 1);
  }
  for (const flag of [FLAG.name, FLAG.comment]) {
    if (!(flags & flag)) continue;
    do
      await need(length + 1); // a zero-terminated string
    while (input.byte(length++) !== 0);
  }
  if (flags & FLAG.hcrc) length += 2;
  await need(length);
  return length;
}

/**
 * A member's deflate data, inflated a piece at a time. Ends where the data ends (the inflater took
 * less than it was given), leaving what follows in `input`; throws where it is damaged or cut
 * short, after handing on what decoded before.
 */
async function* inflateMember(input: Pending, member: number): AsyncGenerator<Buffer> {
  // sync flush at the end: a cut-short member gives out what it has instead of failing with it
  const inflater = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
  const ready: Buffer[] = [];
  let failure: Error | null = null;
  inflater.on('data', (chunk: Buffer) => ready.push(chunk));
  inflater.on('error', (err: Error) => (failure = err));
  try {
    for (;;) {
      if (!(await input.fill(1))) {
        await settled(inflater, (done) => inflater.end(done));
        if (!inflater.closed) await settled(inflater, () => {}); // the last data comes before close
        yield* ready.splice(0);
        throw cutShort(member, input.offset);
      }
      const piece = input.head(DECODE_PIECE_BYTES);
      const before = inflater.bytesWritten;
      await settled(inflater, (done) => inflater.write(piece, done));
      yield* ready.splice(0);
      if (failure) {
        const at = input.offset.toLocaleString('en');
        throw new GzipError('damaged', `gzip data is damaged in gzip member ${member}, at about byte ${at}: ${(failure as Error).message}`, input.offset);
      }
      const consumed = inflater.bytesWritten - before;
      input.take(consumed);
      if (consumed < piece.length) return;
    }
  } finally {
    inflater.destroy();
  }
}

/** Bytes read from an iterator and not yet used, with their offset in the whole input. */
class Pending {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Offset in the input of the first byte held. */
  offset = 0;

  constructor(private readonly iterator: AsyncIterator<Uint8Array>) {}

  get length(): number {
    return this.buffer.length;
  }

  byte(index: number): number {
    return this.buffer[index]!;
  }

  /** Reads until `bytes` are held or the input ends; whether they are held. */
  async fill(bytes: number): Promise<boolean> {
    while (this.buffer.length < bytes && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else if (this.buffer.length === 0) this.buffer = asBuffer(next.value);
      else this.buffer = Buffer.concat([this.buffer, next.value]);
    }
    return this.buffer.length >= bytes;
  }

  /** Up to `bytes` of what is held, left held. */
  head(bytes: number): Buffer {
    return this.buffer.subarray(0, bytes);
  }

  /** The first `bytes` held, no longer held. */
  take(bytes: number): Buffer {
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    this.offset += taken.length;
    return taken;
  }

  /** Drops zero bytes; whether anything else follows. */
  async skipZeros(): Promise<boolean> {
    for (;;) {
      let zeros = 0;
      while (zeros < this.buffer.length && this.buffer[zeros] === 0) zeros++;
      this.take(zeros);
      if (this.buffer.length > 0) return true;
      if (!(await this.fill(1))) return false;
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
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
