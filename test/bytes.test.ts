/**
 * gzip as `gzip -d` reads it, member by member: every byte that decodes reaches the reader before
 * any failure (bytes after the last member, a damaged member, a cut), failures say what and where,
 * and a compression bomb is inflated no further than the caller's budget.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzip, GzipError } from '../src/io/bytes.js';
import { lineGuard } from '../src/io/ndjson.js';

const LINES = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: i + 1, text: `Record ${i + 1}. The council met.` }) + '\n').join('');

/** The bytes in chunks of `size`, as a file is read. */
async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** What gunzip hands on, and the error it ends with (null if none). */
async function inflate(bytes: Buffer, budget?: number, size?: number): Promise<{ text: string; bytes: number; error: GzipError | null }> {
  const out: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of gunzip(chunks(bytes, size), budget)) {
      total += chunk.length;
      if (total < 50e6) out.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (!(err instanceof GzipError)) throw err;
    return { text: Buffer.concat(out).toString(), bytes: total, error: err };
  }
  return { text: Buffer.concat(out).toString(), bytes: total, error: null };
}

const members = suite('gunzip');

members('bytes after the last member: all that decoded comes first, then gzip’s own words and where', async () => {
  for (const tail of ['garbage\n', '{"id":5001,"text":"appended uncompressed"}\n']) {
    const { text, error } = await inflate(Buffer.concat([gzipSync(LINES), Buffer.from(tail)]));
    assert.is(text, LINES);
    assert.is(error?.kind, 'trailing');
    assert.match(error!.message, /^decompression OK, trailing garbage ignored: the bytes from byte [\d,]+ on are not gzip data$/);
    assert.is(error!.offset, gzipSync(LINES).length);
  }
});

members('several members, and zero padding after the last, read as one stream with no error', async () => {
  const parts = [LINES.slice(0, 1000), LINES.slice(1000, 1001), '', LINES.slice(1001)];
  const { text, error } = await inflate(Buffer.concat([...parts.map((p) => gzipSync(p)), Buffer.alloc(512)]));
  assert.is(error, null);
  assert.is(text, LINES);
});

members('a damaged member: the members before it whole, then where it broke', async () => {
  const first = gzipSync(LINES.slice(0, 100_000));
  const second = Buffer.from(gzipSync(LINES.slice(100_000)));
  second.fill(0xff, 40, 80);
  const { text, error } = await inflate(Buffer.concat([first, second]));
  assert.ok(text.startsWith(LINES.slice(0, 100_000)), 'the first member whole');
  assert.is(error?.kind, 'damaged');
  assert.match(error!.message, /^gzip data is damaged in gzip member 2, at about byte [\d,]+: /);
  assert.ok(error!.offset >= first.length);
});

members('a cut: all that decoded before it, then where the input ended', async () => {
  const whole = gzipSync(LINES);
  for (const cut of [Math.floor(whole.length * 0.6), whole.length - 4, 5]) {
    const { text, error } = await inflate(whole.subarray(0, cut));
    assert.ok(LINES.startsWith(text), 'a start of the data');
    if (cut > 100) assert.ok(text.length > 0.5 * LINES.length * (cut / whole.length), `most of what the ${cut} bytes hold`);
    assert.is(error?.kind, 'cut');
    assert.match(error!.message, /^gzip data is cut short: the input ends inside gzip member 1, after [\d,]+ bytes$/);
  }
});

members('a member whose CRC does not match is reported, after its data', async () => {
  const bad = Buffer.from(gzipSync(LINES));
  bad.writeUInt8(bad.readUInt8(bad.length - 8) ^ 1, bad.length - 8);
  const { text, error } = await inflate(bad);
  assert.is(text, LINES);
  assert.match(error!.message, /^gzip data is damaged: member 1, from byte 0, fails its CRC or size check$/);
});

members('header fields (name, comment, extra, header CRC) are read past', async () => {
  const plain = gzipSync(LINES);
  // FEXTRA (2 bytes), FNAME, FCOMMENT and FHCRC put back into the header by hand
  const header = Buffer.from(plain.subarray(0, 10));
  header[3] = 0x02 | 0x04 | 0x08 | 0x10;
  const fields = Buffer.concat([Buffer.from([2, 0, 0xab, 0xcd]), Buffer.from('pages.ndjson\0a comment\0'), Buffer.from([0, 0])]);
  const { text, error } = await inflate(Buffer.concat([header, fields, plain.subarray(10)]));
  assert.is(error, null);
  assert.is(text, LINES);
  // headers, data and trailers cut anywhere between reads
  const small = gzipSync(LINES.slice(0, 2000));
  const members = Buffer.concat([small, header, fields, plain.subarray(10), small]);
  for (const size of [1, 7, 10])
    assert.is((await inflate(members, undefined, size)).text, LINES.slice(0, 2000) + LINES + LINES.slice(0, 2000), `${size}-byte reads`);
});

members('a bomb is inflated no further than the budget (plus one piece), not to its end', async () => {
  const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 }); // 200 MB of zeros in some 200 KB
  const { bytes, error } = await inflate(bomb, 1024 * 1024);
  assert.is(error, null);
  assert.ok(bytes > 1024 * 1024, 'past the budget, so the caller knows');
  assert.ok(bytes < 40 * 1024 * 1024, `stopped near the budget: ${bytes} bytes of 200 MB`);
});

members.run();

const guard = suite('lineGuard: blank lines');

/** What lineGuard hands on to split2 for these chunks. */
async function guarded(parts: Buffer[]): Promise<{ text: string; notes: { renumbered: Map<number, number> } }> {
  const notes = { oversized: new Map<number, number>(), renumbered: new Map<number, number>() };
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(parts).pipe(lineGuard(1024, notes))) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString(), notes };
}

guard('a flood of blank lines is not handed on; the line after it carries its number', async () => {
  const flood = Buffer.alloc(10 * 1024 * 1024, '\n');
  const { text, notes } = await guarded([Buffer.from('{"id":1}\n'), flood, Buffer.from(' \r\n\t\n{"id":2}\r\n'), flood, Buffer.from('{"id":3}')]);
  assert.is(text, '{"id":1}\n{"id":2}\r\n{"id":3}');
  const lineOf2 = 1 + flood.length + 2 + 1;
  assert.equal(
    [...notes.renumbered],
    [
      [2, lineOf2],
      [3, lineOf2 + flood.length + 1],
    ],
  );
});

guard('whitespace before a line, split across chunks, stays with it', async () => {
  const { text } = await guarded([Buffer.from('\n  '), Buffer.from('  {"id":1}\n')]);
  assert.is(text, '    {"id":1}\n');
});

guard.run();
