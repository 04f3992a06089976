import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { looksLikeWarc, MAX_WARC_HEADER_BYTES, readWarc, WarcError, type WarcItem, type WarcOptions } from '../src/io/warc.js';

// --- building WARC files (all content made up here) -------------------------------------------

const DATE = '2024-03-04T05:06:07Z';
const HTML = '<!doctype html><html><head><title>A</title></head><body><p>Article text.</p></body></html>';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

type WarcType = 'warcinfo' | 'response' | 'resource' | 'request' | 'metadata' | 'revisit' | 'conversion' | 'continuation';

interface Spec {
  type: WarcType;
  url?: string;
  /** HTTP headers of a response/request/revisit. */
  http?: Record<string, string>;
  statusline?: string;
  body?: string | Uint8Array;
  warcHeaders?: Record<string, string>;
  /** The uuid of WARC-Record-ID. */
  id?: string;
}

/** The WARC Content-Type crawlers give each type of record (ISO 28500 annex B and C). */
const BLOCK_TYPES: Partial<Record<WarcType, string>> = {
  warcinfo: 'application/warc-fields',
  metadata: 'application/warc-fields',
  request: 'application/http; msgtype=request',
  response: 'application/http; msgtype=response',
  revisit: 'application/http; msgtype=response',
};
/** Record types whose block is an HTTP message. */
const HTTP_BLOCKS = new Set<WarcType>(['response', 'request', 'revisit']);

/** One record as a crawler writes it; the block of a response, request or revisit is an HTTP message. */
function serialize(spec: Spec, gzip: boolean): Buffer {
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : Buffer.from(spec.body ?? new Uint8Array(0));
  const httpHead = `${spec.statusline ?? 'HTTP/1.1 200 OK'}\r\n${Object.entries(spec.http ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  const block = HTTP_BLOCKS.has(spec.type) ? Buffer.concat([Buffer.from(httpHead), body]) : body;
  const headers = {
    'WARC-Record-ID': `<urn:uuid:${spec.id ?? crypto.randomUUID()}>`,
    ...(spec.url === undefined ? {} : { 'WARC-Target-URI': spec.url }),
    'WARC-Date': DATE,
    'WARC-Type': spec.type,
    ...(BLOCK_TYPES[spec.type] === undefined ? {} : { 'Content-Type': BLOCK_TYPES[spec.type] }),
    ...spec.warcHeaders,
    'WARC-Block-Digest': `sha256:${createHash('sha256').update(block).digest('hex')}`,
  };
  const record = rawRecord(headers, block);
  return gzip ? gzipSync(record) : record;
}

/** Each record serialized on its own (a member each when gzipped), to cut or corrupt one. */
const records = (specs: Spec[], gzip: boolean): Buffer[] => specs.map((spec) => serialize(spec, gzip));
const warc = (specs: Spec[], gzip: boolean): Buffer => Buffer.concat(records(specs, gzip));

/** A record written by hand, for what a crawler would not write: `block` is used as given. */
function rawRecord(headers: Record<string, string>, block: string | Uint8Array, separator = '\r\n\r\n'): Buffer {
  const lines = Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(block)) }).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.concat([Buffer.from(`WARC/1.1\r\n${lines.join('')}\r\n`), Buffer.from(block), Buffer.from(separator)]);
}

/** HTTP/1.1 chunked encoding of `bytes` in pieces of `size`. */
function chunkedEncoding(bytes: Uint8Array, size: number, extra = ''): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const piece = bytes.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}${extra}\r\n`), Buffer.from(piece), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

const page = (path: string, http: Record<string, string>, body: string | Uint8Array, id?: string): Spec => ({
  type: 'response',
  url: `https://news.example/${path}`,
  http,
  body,
  ...(id ? { id } : {}),
});

/** The byte source in chunks of `size` bytes, as an async iterable. */
async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(bytes: Uint8Array, options?: WarcOptions, chunkSize = 64 * 1024): Promise<WarcItem[]> {
  const items: WarcItem[] = [];
  for await (const item of readWarc(inChunks(bytes, chunkSize), options)) items.push(item);
  return items;
}

/** Reads until the generator throws: the items before, and the error. */
async function readFailing(bytes: Uint8Array, options?: WarcOptions): Promise<{ items: WarcItem[]; error: WarcError }> {
  const items: WarcItem[] = [];
  try {
    for await (const item of readWarc(inChunks(bytes, 1000), options)) items.push(item);
  } catch (err) {
    assert.instance(err, WarcError);
    return { items, error: err as WarcError };
  }
  throw new Error('expected readWarc to throw');
}

function describe(item: WarcItem): string {
  if ('page' in item) return `${item.recordNumber} page ${item.page.url}`;
  if ('skipped' in item) return `${item.recordNumber} ${item.skipped}${item.detail === undefined ? '' : ` (${item.detail})`}`;
  return `${item.recordNumber} too-large ${item.tooLarge} ${item.measured} ${item.url}`;
}

function pageOf(item: WarcItem | undefined) {
  if (!item || !('page' in item)) throw new Error(`expected a page, got ${item ? describe(item) : 'nothing'}`);
  return item.page;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** Hex digits that do not compress much (a fixed sequence), to keep gzipped test files from shrinking to nothing. */
function noise(length: number, seed = 1): string {
  let state = seed;
  let out = '';
  while (out.length < length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += state.toString(16);
  }
  return out.slice(0, length);
}

// --- readWarc: a crawl of every kind of record --------------------------------------------------

const CP1252_BODY = Buffer.from('<html><body><p>caf\xe9 \x93quoted\x94</p></body></html>', 'latin1');
const CRAWL: Spec[] = [
  { type: 'warcinfo', body: 'software: decruft-test\r\nformat: WARC File Format 1.1\r\n' },
  { type: 'request', url: 'https://news.example/a', statusline: 'GET /a HTTP/1.1', http: { Host: 'news.example' } },
  page('a', { 'Content-Type': 'text/html; charset=utf-8' }, HTML, '00000000-0000-4000-8000-00000000000a'),
  { type: 'request', url: 'https://news.example/logo.png', statusline: 'GET /logo.png HTTP/1.1', http: { Host: 'news.example' } },
  page('logo.png', { 'Content-Type': 'image/png' }, PNG),
  page('cp1252', { 'Content-Type': 'text/html; charset=windows-1252' }, CP1252_BODY),
  page('chunked-gzip', { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' }, chunkedEncoding(gzipSync(HTML), 17)),
  { type: 'metadata', url: 'https://news.example/a', warcHeaders: { 'Content-Type': 'application/warc-fields' }, body: 'outlink: https://news.example/b\r\n' },
  {
    type: 'revisit',
    url: 'https://news.example/a',
    http: { 'Content-Type': 'text/html' },
    warcHeaders: { 'WARC-Refers-To-Target-URI': 'https://news.example/a' },
  },
  { type: 'resource', url: 'https://news.example/saved', warcHeaders: { 'Content-Type': 'text/html' }, body: HTML },
  page('no-type', {}, `\n  ${HTML}`),
  page('no-type-text', {}, 'Plain words, no markup.'),
  { ...page('moved', { 'Content-Type': 'text/html', Location: '/a' }, '<html><body>Moved</body></html>'), statusline: 'HTTP/1.1 301 Moved Permanently' },
  page('xhtml', { 'Content-Type': 'application/xhtml+xml' }, `<?xml version="1.0"?>${HTML}`),
];
const CRAWL_ORDER = [
  '1 warcinfo',
  '2 request',
  '3 page https://news.example/a',
  '4 request',
  '5 not-html (image/png)',
  '6 page https://news.example/cp1252',
  '7 page https://news.example/chunked-gzip',
  '8 metadata',
  '9 revisit',
  '10 page https://news.example/saved',
  '11 page https://news.example/no-type',
  '12 not-html ((no Content-Type))',
  '13 http-status (301)',
  '14 page https://news.example/xhtml',
];

const crawl = suite('readWarc: one item per record');
for (const gzip of [false, true]) {
  for (const chunkSize of [65536, 7]) {
    crawl(`${gzip ? '.warc.gz' : '.warc'} in chunks of ${chunkSize}: order and kinds`, async () => {
      const items = await read(await warc(CRAWL, gzip), {}, chunkSize);
      assert.equal(items.map(describe), CRAWL_ORDER);
    });
  }
}
crawl('a response page: url, fetched, id, content type, status and body', async () => {
  const items = await read(await warc(CRAWL, true));
  assert.equal(pageOf(items[2]), {
    url: 'https://news.example/a',
    fetched: DATE,
    id: 'urn:uuid:00000000-0000-4000-8000-00000000000a',
    contentType: 'text/html; charset=utf-8',
    status: 200,
    truncated: null,
    body: Buffer.from(HTML),
    recordNumber: 3,
  });
});
crawl('the content type passes through with its charset, the body stays bytes', async () => {
  const cp1252 = pageOf((await read(await warc(CRAWL, false)))[5]);
  assert.is(cp1252.contentType, 'text/html; charset=windows-1252');
  assert.equal(Buffer.from(cp1252.body), CP1252_BODY);
});
crawl('chunked transfer and gzip content encoding are undone', async () => {
  const decoded = pageOf((await read(await warc(CRAWL, true), {}, 5))[6]);
  assert.is(text(decoded.body), HTML);
  assert.is(decoded.contentType, 'text/html');
});
crawl('a resource record is a page without HTTP: WARC Content-Type, no status', async () => {
  const saved = pageOf((await read(await warc(CRAWL, false)))[9]);
  assert.is(saved.contentType, 'text/html');
  assert.is(saved.status, null);
  assert.is(text(saved.body), HTML);
});
crawl('a resource that is not HTML is skipped with its type', async () => {
  const items = await read(
    await warc([{ type: 'resource', url: 'urn:pageinfo:https://news.example/', warcHeaders: { 'Content-Type': 'application/json' }, body: '{}' }], false),
  );
  assert.equal(items.map(describe), ['1 not-html (application/json)']);
});
crawl('WARC-Truncated is passed on, and a gzip body cut with it decodes as far as it goes', async () => {
  const full = `${HTML}<p>${noise(20_000)}</p>`;
  const gz = gzipSync(full);
  const cut = page('cut', { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, gz.subarray(0, gz.length / 2));
  cut.warcHeaders = { 'WARC-Truncated': 'length' };
  const truncated = pageOf((await read(await warc([cut], true)))[0]);
  assert.is(truncated.truncated, 'length');
  assert.ok(truncated.body.length > 1000 && truncated.body.length < full.length, `${truncated.body.length} bytes`);
  assert.ok(full.startsWith(text(truncated.body)));
});
crawl('an empty HTML payload is skipped as empty', async () => {
  const items = await read(await warc([page('empty', { 'Content-Type': 'text/html' }, '')], false));
  assert.equal(items.map(describe), ['1 empty']);
});
crawl.run();

// --- readWarc: telling HTML without a Content-Type ----------------------------------------------

const sniff = suite('readWarc: sniffing a payload without Content-Type');
const sniffed: Array<[string, string, boolean]> = [
  ['doctype', '<!DOCTYPE html>\n<html><body>x</body></html>', true],
  ['html tag with attributes', '<html lang="en"><body>x</body></html>', true],
  ['after a byte-order mark and whitespace', '\uFEFF \r\n\t<html>x</html>', true],
  ['after a comment', '<!-- saved from url=(0022)https://news.example/ -->\n<html>x</html>', true],
  ['after an XML declaration', '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">x</html>', true],
  ['a fragment', '<div><p>x</p></div>', false],
  ['a longer tag name', '<htmlish>x</htmlish>', false],
  ['JSON', '{"html": "<html>"}', false],
  ['text before the markup', 'hello <html>x</html>', false],
];
for (const [name, body, isHtml] of sniffed) {
  sniff(`${name}: ${isHtml ? 'a page' : 'not-html'}`, async () => {
    const [item] = await read(await warc([page('s', {}, body)], false));
    assert.is(describe(item!), isHtml ? '1 page https://news.example/s' : '1 not-html ((no Content-Type))');
  });
}
sniff('a stated content type is not second-guessed', async () => {
  const items = await read(await warc([page('t', { 'Content-Type': 'text/plain' }, HTML)], false));
  assert.equal(items.map(describe), ['1 not-html (text/plain)']);
});
sniff.run();

// --- readWarc: HTTP encodings -------------------------------------------------------------------

const encodings = suite('readWarc: transfer and content encodings');
const BIG_HTML = HTML.replace('Article text.', 'Article text. '.repeat(400));
const decodedCases: Array<[string, Record<string, string>, Uint8Array]> = [
  ['gzip', { 'Content-Encoding': 'gzip' }, gzipSync(BIG_HTML)],
  ['x-gzip', { 'Content-Encoding': 'x-gzip' }, gzipSync(BIG_HTML)],
  ['deflate (zlib-wrapped)', { 'Content-Encoding': 'deflate' }, deflateSync(BIG_HTML)],
  ['deflate (raw)', { 'Content-Encoding': 'deflate' }, deflateRawSync(BIG_HTML)],
  ['br', { 'Content-Encoding': 'br' }, brotliCompressSync(BIG_HTML)],
  ['chunked', { 'Transfer-Encoding': 'chunked' }, chunkedEncoding(Buffer.from(BIG_HTML), 1000)],
  ['chunked with chunk extensions', { 'Transfer-Encoding': 'chunked' }, chunkedEncoding(Buffer.from(BIG_HTML), 999, ';name=value')],
  [
    'chunked with a trailer',
    { 'Transfer-Encoding': 'chunked' },
    Buffer.concat([chunkedEncoding(Buffer.from(BIG_HTML), 4096).subarray(0, -2), Buffer.from('X-Checksum: 1\r\n\r\n')]),
  ],
  ['chunked brotli', { 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'br' }, chunkedEncoding(brotliCompressSync(BIG_HTML), 100)],
  ['gzip as a transfer coding', { 'Transfer-Encoding': 'gzip, chunked' }, chunkedEncoding(gzipSync(BIG_HTML), 100)],
  ['identity', { 'Content-Encoding': 'identity' }, Buffer.from(BIG_HTML)],
  ['gzip stored decoded, header kept', { 'Content-Encoding': 'gzip' }, Buffer.from(BIG_HTML)],
  ['br stored decoded, header kept', { 'Content-Encoding': 'br' }, Buffer.from(BIG_HTML)],
  ['chunked stored de-chunked, header kept', { 'Transfer-Encoding': 'chunked' }, Buffer.from(BIG_HTML)],
];
for (const [name, headers, body] of decodedCases) {
  encodings(`${name}: decoded`, async () => {
    for (const gzip of [false, true]) {
      const items = await read(await warc([page('p', { 'Content-Type': 'text/html', ...headers }, body)], gzip), {}, 333);
      assert.is(text(pageOf(items[0]).body), BIG_HTML, name);
    }
  });
}
const skippedCases: Array<[string, Record<string, string>, Uint8Array, string]> = [
  ['corrupt gzip', { 'Content-Encoding': 'gzip' }, Buffer.concat([gzipSync(BIG_HTML).subarray(0, 30), Buffer.alloc(200, 0xff)]), 'bad-encoding'],
  ['gzip header on other bytes', { 'Content-Encoding': 'gzip' }, Buffer.from('not compressed, not markup'), 'bad-encoding'],
  ['corrupt brotli', { 'Content-Encoding': 'br' }, Buffer.alloc(64, 0xff), 'bad-encoding'],
  ['a chunk running past its size', { 'Transfer-Encoding': 'chunked' }, Buffer.from('5\r\n<html>x</html>\r\n0\r\n\r\n'), 'bad-encoding'],
  ['a bad chunk size after the first', { 'Transfer-Encoding': 'chunked' }, Buffer.from('6\r\n<html>\r\nzz\r\nx\r\n0\r\n\r\n'), 'bad-encoding'],
  ['zstd', { 'Content-Encoding': 'zstd' }, Buffer.from('(zstd bytes)'), 'unsupported-encoding'],
  ['stacked compressions', { 'Content-Encoding': 'gzip, br' }, Buffer.from('(bytes)'), 'unsupported-encoding'],
];
for (const [name, headers, body, reason] of skippedCases) {
  encodings(`${name}: skipped as ${reason}, and the next record is read`, async () => {
    const specs = [page('bad', { 'Content-Type': 'text/html', ...headers }, body), page('next', { 'Content-Type': 'text/html' }, HTML)];
    const items = await read(await warc(specs, true), {}, 100);
    assert.is(items.length, 2);
    assert.ok('skipped' in items[0]! && items[0].skipped === reason, describe(items[0]!));
    assert.is(describe(items[1]!), '2 page https://news.example/next');
  });
}
encodings('the decoding error is in the detail', async () => {
  const [item] = await read(
    await warc([page('bad', { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, Buffer.from('not compressed, not markup'))], false),
  );
  assert.match(describe(item!), /^1 bad-encoding \(gzip data is corrupt: .+\)$/);
});
encodings.run();

// --- readWarc: size limit -----------------------------------------------------------------------

const limit = suite('readWarc: maxBytes');
const LONG_HTML = `<html><body>${'<p>paragraph</p>'.repeat(300)}</body></html>`; // 4,826 bytes
limit('a payload over the limit is a tooLarge item with its size; the next record is read', async () => {
  const specs = [
    page('long', { 'Content-Type': 'text/html' }, LONG_HTML, '00000000-0000-4000-8000-000000000001'),
    page('short', { 'Content-Type': 'text/html' }, HTML),
  ];
  for (const gzip of [false, true]) {
    const items = await read(await warc(specs, gzip), { maxBytes: 1000 }, 256);
    assert.equal(items[0], {
      tooLarge: LONG_HTML.length,
      measured: 'stored',
      url: 'https://news.example/long',
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      fetched: DATE,
      recordNumber: 1,
    });
    assert.is(text(pageOf(items[1]).body), HTML);
  }
});
limit('an HTML payload over the limit as stored is not decoded at all', async () => {
  const broken = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(5000, 0xff)]); // would be bad-encoding
  const items = await read(await warc([page('big-gz', { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, broken)], false), { maxBytes: 1000 });
  assert.equal(items.map(describe), ['1 too-large 5004 stored https://news.example/big-gz']);
});
limit('a payload of exactly maxBytes is a page', async () => {
  const items = await read(await warc([page('exact', { 'Content-Type': 'text/html' }, LONG_HTML)], false), { maxBytes: LONG_HTML.length });
  assert.is(pageOf(items[0]).body.length, LONG_HTML.length);
});
limit('a compressed payload that decodes past the limit stops decoding there', async () => {
  const bomb = gzipSync(`<html>${' '.repeat(5_000_000)}</html>`); // about 5 KB stored
  const specs = [page('bomb', { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, bomb), page('next', { 'Content-Type': 'text/html' }, HTML)];
  const items = await read(await warc(specs, true), { maxBytes: 100_000 });
  const [over] = items;
  assert.ok(over && 'tooLarge' in over, describe(over!));
  assert.is(over.measured, 'decoded');
  assert.ok(over.tooLarge > 100_000 && over.tooLarge < 1_000_000, `decoded ${over.tooLarge}`);
  assert.is(describe(items[1]!), '2 page https://news.example/next');
});
limit('without Content-Type, a payload over the limit is sniffed: HTML is tooLarge, other bytes not-html', async () => {
  const image = Buffer.concat([PNG, Buffer.alloc(5000, 7)]);
  const items = await read(await warc([page('big', {}, LONG_HTML), page('img', {}, image)], false), { maxBytes: 1000 });
  assert.equal(items.map(describe), [`1 too-large ${LONG_HTML.length} stored https://news.example/big`, '2 not-html ((no Content-Type))']);
});
limit('records that are not pages are read past whatever their size', async () => {
  const specs = [
    page('video', { 'Content-Type': 'video/mp4' }, Buffer.alloc(50_000, 1)),
    { type: 'metadata' as const, url: 'https://news.example/', body: 'x'.repeat(50_000) },
  ];
  assert.equal((await read(await warc(specs, true), { maxBytes: 1000 })).map(describe), ['1 not-html (video/mp4)', '2 metadata']);
});
limit('maxBytes must be a positive integer, checked when called', () => {
  assert.throws(() => readWarc(inChunks(Buffer.alloc(0), 1), { maxBytes: 0 }), /maxBytes: expected a positive integer, got 0/);
  assert.throws(() => readWarc(inChunks(Buffer.alloc(0), 1), { maxBytes: 1.5 }), /got 1.5/);
});
limit.run();

// --- readWarc: damaged input --------------------------------------------------------------------

const damaged = suite('readWarc: truncated, corrupt and odd input');
const FIVE = [
  CRAWL[0]!,
  CRAWL[2]!,
  page('b', { 'Content-Type': 'text/html' }, LONG_HTML),
  page('c', { 'Content-Type': 'text/html' }, HTML),
  page('d', { 'Content-Type': 'text/html' }, HTML),
];
for (const gzip of [false, true]) {
  const ext = gzip ? '.warc.gz' : '.warc';
  damaged(`${ext} cut inside a record's payload: the records before, then an error naming it`, async () => {
    const parts = await records(FIVE, gzip);
    const before = parts[0]!.length + parts[1]!.length;
    const { items, error } = await readFailing(Buffer.concat(parts).subarray(0, before + parts[2]!.length / 2));
    assert.equal(items.map(describe), ['1 warcinfo', '2 page https://news.example/a']);
    assert.is(error.recordNumber, 3);
    const cut = gzip
      ? /^WARC record 3 is cut short: the input ends inside its gzip data$/
      : /^WARC record 3 is cut short: the input ends after [\d,]+ of its 4,8\d\d bytes$/;
    assert.match(error.message, cut);
  });
  damaged(`${ext} cut inside a record's WARC headers`, async () => {
    const parts = await records(FIVE, gzip);
    const before = parts[0]!.length + parts[1]!.length;
    const { items, error } = await readFailing(Buffer.concat(parts).subarray(0, before + (gzip ? 12 : 60)));
    assert.is(items.length, 2);
    assert.is(error.recordNumber, 3);
    assert.match(
      error.message,
      gzip ? /^WARC record 3 is cut short: the input ends inside its gzip data$/ : /^WARC record 3 is cut short: the input ends inside its WARC header$/,
    );
  });
}
damaged('.warc.gz with a corrupt member: an error naming the record', async () => {
  const parts = await records(FIVE, true);
  const bad = Buffer.from(parts[3]!);
  bad.fill(0xff, 20, 60);
  const { items, error } = await readFailing(Buffer.concat([parts[0]!, parts[1]!, parts[2]!, bad, parts[4]!]));
  assert.equal(items.map(describe), ['1 warcinfo', '2 page https://news.example/a', '3 page https://news.example/b']);
  assert.is(error.recordNumber, 4);
  assert.match(error.message, /^WARC record 4 cannot be read: gzip data is damaged .+$/);
  assert.ok(error.cause instanceof Error);
});
damaged('an empty input has no records, plain or gzipped', async () => {
  assert.equal(await read(Buffer.alloc(0)), []);
  assert.equal(await read(gzipSync(Buffer.alloc(0))), []);
});
damaged('an input that is not a WARC file fails at once', async () => {
  const { items, error } = await readFailing(Buffer.from(HTML));
  assert.equal(items, []);
  assert.is(error.recordNumber, 1);
  assert.match(error.message, /^not a WARC file: it starts with "<!doctype html><"$/);
  assert.match((await readFailing(gzipSync(HTML))).error.message, /^not a WARC file/);
});
damaged('records parted by bare LFs: an error where the next record should start, not a silent end', async () => {
  const first = rawRecord({ 'WARC-Type': 'metadata', 'Content-Type': 'text/plain' }, 'a', '\n\n');
  const second = rawRecord({ 'WARC-Type': 'metadata', 'Content-Type': 'text/plain' }, 'b');
  const { items, error } = await readFailing(Buffer.concat([first, second]));
  assert.equal(items.map(describe), ['1 metadata']);
  assert.is(error.recordNumber, 2);
  assert.match(error.message, /"WARC\/1.1/);
});
damaged('blank lines after the last record are fine', async () => {
  const file = Buffer.concat([await warc([CRAWL[2]!], false), Buffer.from('\r\n\r\n\n')]);
  assert.equal((await read(file)).map(describe), ['1 page https://news.example/a']);
});
damaged('a record without Content-Length cannot be framed', async () => {
  const bad = Buffer.from('WARC/1.1\r\nWARC-Type: metadata\r\nContent-Type: text/plain\r\n\r\nabc\r\n\r\n');
  const { error } = await readFailing(Buffer.concat([await warc([CRAWL[0]!], false), bad]));
  assert.is(error.recordNumber, 2);
  assert.match(error.message, /^WARC record 2 has no valid Content-Length \(none\)/);
});
const BLOCKS: Array<[string, Record<string, string>, string, string]> = [
  [
    'a DNS response',
    { 'WARC-Type': 'response', 'WARC-Target-URI': 'dns:news.example', 'Content-Type': 'text/dns' },
    '20240304050607\nnews.example. 300 IN A 192.0.2.1\n',
    '1 not-http (text/dns)',
  ],
  [
    'an FTP response with a blank line',
    { 'WARC-Type': 'response', 'WARC-Target-URI': 'ftp://news.example/a.txt', 'Content-Type': 'text/plain' },
    '220 Service ready\r\n\r\ntext',
    '1 not-http (text/plain)',
  ],
  [
    'a response with no HTTP head end',
    { 'WARC-Type': 'response', 'WARC-Target-URI': 'https://news.example/', 'Content-Type': 'application/http; msgtype=response' },
    `HTTP/1.1 200 OK\r\n${'X-Pad: 1\r\n'.repeat(7000)}`,
    '1 bad-http (no end of the HTTP head in its first 65,536 bytes)',
  ],
  [
    'a garbled status line',
    { 'WARC-Type': 'response', 'WARC-Target-URI': 'https://news.example/' },
    'HTTP/1.1 OK\r\nContent-Type: text/html\r\n\r\n<html>',
    '1 bad-http (status line "HTTP/1.1 OK")',
  ],
  ['a response without WARC-Target-URI', { 'WARC-Type': 'response' }, 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>x</html>', '1 no-url'],
  ['an unknown record type', { 'WARC-Type': 'note' }, 'x', '1 unknown-type (note)'],
  [
    'LF-only HTTP head, folded header',
    { 'WARC-Type': 'response', 'WARC-Target-URI': 'https://news.example/lf' },
    'HTTP/1.0 200 OK\nContent-Type:\n text/html\n\n<html>x</html>',
    '1 page https://news.example/lf',
  ],
];
for (const [name, headers, block, expected] of BLOCKS) {
  damaged(`${name}: ${expected}`, async () => {
    const file = Buffer.concat([rawRecord(headers, block), await warc([CRAWL[2]!], false)]);
    assert.equal((await read(file, {}, 500)).map(describe), [expected, '2 page https://news.example/a']);
  });
}
damaged.run();

// --- readWarc: hostile headers ------------------------------------------------------------------

const hostile = suite('readWarc: WARC headers and lengths built to exhaust the reader');

/** Far beyond what reading a few MB takes: only a hang reaches it, and then the test fails instead of stalling. */
const HANG_MS = 60_000;
/** Chunks the hostile files are read in, as a file stream hands them out. */
const FILE_CHUNK = 64 * 1024;

function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS / 1000} s`)), HANG_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Reads to the end or the error, counting the bytes pulled from the source. */
async function readCounting(bytes: Uint8Array): Promise<{ items: WarcItem[]; error: WarcError | null; pulled: number }> {
  let pulled = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of inChunks(bytes, FILE_CHUNK)) {
      pulled += chunk.length;
      yield chunk;
    }
  }
  const items: WarcItem[] = [];
  try {
    for await (const item of readWarc(counted())) items.push(item);
  } catch (err) {
    assert.instance(err, WarcError);
    return { items, error: err as WarcError, pulled };
  }
  return { items, error: null, pulled };
}

const TWO_PAGES = [page('a', { 'Content-Type': 'text/html' }, HTML), page('b', { 'Content-Type': 'text/html' }, HTML)];
/** A record whose WARC header holds `fields` (CRLF-ended lines) before its Content-Length. */
const headerOf = (fields: string) => Buffer.from(`WARC/1.1\r\nWARC-Type: metadata\r\n${fields}Content-Length: 1\r\n\r\nx\r\n\r\n`);
const OVERSIZED_HEADERS: Array<[string, Buffer]> = [
  ['one 2 MB line', headerOf(`X-Long: ${'a'.repeat(2_000_000)}\r\n`)],
  ['200,000 short lines', headerOf('X-A: 1\r\n'.repeat(200_000))],
];
for (const [name, header] of OVERSIZED_HEADERS) {
  hostile(`a WARC header of ${name}: the pages before, then an error naming the record and the bound, read no further`, async () => {
    const before = warc(TWO_PAGES, false);
    const plain = Buffer.concat([before, header, warc([page('c', { 'Content-Type': 'text/html' }, HTML)], false)]);
    for (const file of [plain, gzipSync(plain)]) {
      const { items, error, pulled } = await withinDeadline(readCounting(file));
      assert.equal(items.map(describe), ['1 page https://news.example/a', '2 page https://news.example/b']);
      assert.is(error?.recordNumber, 3);
      assert.match(error!.message, /^WARC record 3 cannot be read: its WARC header has no end in its first 1,048,576 bytes \(the most a header may hold\)/);
      if (file === plain) assert.ok(pulled <= before.length + MAX_WARC_HEADER_BYTES + FILE_CHUNK, `pulled ${pulled} of ${file.length} bytes`);
    }
  });
}
hostile('a header just under the bound is read', async () => {
  const header = headerOf(`X-Long: ${'a'.repeat(MAX_WARC_HEADER_BYTES - 200)}\r\n`);
  const { items, error } = await readCounting(Buffer.concat([header, warc(TWO_PAGES, false)]));
  assert.is(error, null);
  assert.equal(items.map(describe), ['1 metadata', '2 page https://news.example/a', '3 page https://news.example/b']);
});
hostile('an absurd Content-Length is refused at once, its digits shown as written', async () => {
  const before = warc(TWO_PAGES, false);
  const absurd = Buffer.from(
    'WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: https://news.example/x\r\nContent-Type: text/html\r\nContent-Length: 100000000000000000000\r\n\r\n',
  );
  const file = Buffer.concat([before, absurd, Buffer.alloc(1_000_000, 'x')]); // a megabyte after it, never read
  const { items, error, pulled } = await withinDeadline(readCounting(file));
  assert.equal(items.map(describe), ['1 page https://news.example/a', '2 page https://news.example/b']);
  assert.is(error?.recordNumber, 3);
  assert.is(
    error!.message,
    'WARC record 3 has a damaged header: Content-Length 100000000000000000000 is over the 1 TiB a record may hold, so the records after it cannot be found',
  );
  assert.ok(pulled <= before.length + absurd.length + FILE_CHUNK, `pulled ${pulled} of ${file.length} bytes`);
});
hostile('a Content-Length too small by a few bytes: the stray bytes are dropped, nothing is written to stderr', async () => {
  const block = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${HTML}`;
  const short = Buffer.from(
    `WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/short\r\nContent-Length: ${block.length}\r\n\r\n${block}xyz\r\n\r\n`,
  );
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
  let items: WarcItem[];
  try {
    items = await read(Buffer.concat([short, warc([CRAWL[2]!], false)]));
  } finally {
    process.stderr.write = write;
  }
  assert.equal(written, []);
  assert.equal(items.map(describe), ['1 page https://news.example/short', '2 page https://news.example/a']);
  assert.is(text(pageOf(items[0]).body), HTML);
});
hostile.run();

// --- readWarc: WARC header syntax ---------------------------------------------------------------

const syntax = suite('readWarc: WARC header syntax');
syntax('lines ended by a bare LF, a field continued on the next line, names in any case', async () => {
  const lax = Buffer.from(
    `WARC/1.0\nwarc-type: resource\nWARC-Target-URI:\n  https://news.example/lax\nCONTENT-TYPE: text/html\nContent-Length: ${HTML.length}\n\n${HTML}\r\n\r\n`,
  );
  const items = await read(Buffer.concat([lax, warc([CRAWL[2]!], false)]), {}, 7);
  assert.equal(items.map(describe), ['1 page https://news.example/lax', '2 page https://news.example/a']);
});
syntax('the 0.17 and 0.18 drafts, and records with no separator between them', async () => {
  const draft = (version: string, path: string) => {
    const record = rawRecord({ 'WARC-Type': 'resource', 'WARC-Target-URI': `https://news.example/${path}`, 'Content-Type': 'text/html' }, HTML, '');
    return Buffer.from(record.toString('latin1').replace('WARC/1.1', version), 'latin1');
  };
  const items = await read(Buffer.concat([draft('WARC/0.17', 'd17'), draft('WARC/0.18', 'd18'), draft('WARC/1.0', 'd10')]));
  assert.equal(items.map(describe), ['1 page https://news.example/d17', '2 page https://news.example/d18', '3 page https://news.example/d10']);
});
syntax('a UTF-8 WARC-Target-URI comes out as written, angle brackets dropped', async () => {
  const file = rawRecord({ 'WARC-Type': 'resource', 'WARC-Target-URI': '<https://news.example/日本/café>', 'Content-Type': 'text/html' }, HTML);
  assert.is(pageOf((await read(file))[0]).url, 'https://news.example/日本/café');
});
syntax('a Content-Length that is not digits, or given twice, cannot frame the record', async () => {
  for (const [length, shown] of [
    ['12abc', '"12abc"'],
    ['-1', '"-1"'],
    ['5\r\nContent-Length: 5', '"5, 5"'],
  ] as const) {
    const bad = Buffer.from(`WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: ${length}\r\n\r\nabcde\r\n\r\n`);
    const { error } = await readFailing(Buffer.concat([warc([CRAWL[0]!], false), bad]));
    assert.is(error.message, `WARC record 2 has no valid Content-Length (${shown}), so the records after it cannot be found`);
  }
});
syntax('a record that does not start with a WARC version line', async () => {
  const bad = Buffer.from('WARC/one\r\nWARC-Type: metadata\r\nContent-Length: 1\r\n\r\nx\r\n\r\n');
  const { items, error } = await readFailing(Buffer.concat([warc([CRAWL[0]!], false), bad]));
  assert.equal(items.map(describe), ['1 warcinfo']);
  assert.match(error.message, /^WARC record 2 does not start with a WARC\/ version line: "WARC\/one"$/);
});
syntax.run();

// --- readWarc: streaming ------------------------------------------------------------------------

const streaming = suite('readWarc: streaming');
const MANY = Array.from({ length: 200 }, (_, i) => page(`p${i}`, { 'Content-Type': 'text/html' }, `<html><body><p>${noise(4000, i + 1)}</p></body></html>`));
for (const gzip of [false, true]) {
  streaming(`${gzip ? '.warc.gz' : '.warc'}: the first page comes after reading a small part of the file`, async () => {
    const file = await warc(MANY, gzip);
    let pulled = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of inChunks(file, 4096)) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    for await (const item of readWarc(counted())) {
      assert.is(describe(item), '1 page https://news.example/p0');
      break;
    }
    assert.ok(pulled < file.length / 10, `read ${pulled} of ${file.length} bytes`);
  });
  streaming(`${gzip ? '.warc.gz' : '.warc'}: stopping early closes a Node stream source`, async () => {
    const stream = Readable.from(await records(MANY, gzip));
    for await (const _item of readWarc(stream)) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(stream.destroyed);
  });
}
streaming('a Node stream works as well as an async iterable', async () => {
  const items: WarcItem[] = [];
  for await (const item of readWarc(Readable.from(await records(CRAWL, true)))) items.push(item);
  assert.equal(items.map(describe), CRAWL_ORDER);
});
streaming('a stream with an encoding set is refused', async () => {
  const stream = new PassThrough();
  stream.setEncoding('utf8');
  stream.end(await warc([CRAWL[0]!], false));
  try {
    for await (const _item of readWarc(stream));
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, TypeError);
    assert.match((err as Error).message, /expected bytes, got a string/);
  }
});
streaming.run();

// --- looksLikeWarc ------------------------------------------------------------------------------

const looks = suite('looksLikeWarc');
looks('WARC/1.0 and WARC/1.1 files, plain and gzipped', async () => {
  assert.ok(looksLikeWarc(Buffer.from('WARC/1.0\r\nWARC-Type: warcinfo\r\n')));
  assert.ok(looksLikeWarc(Buffer.from('WARC/1.1\r\n')));
  assert.ok(looksLikeWarc(Buffer.from('WARC/1.1')));
  const gz = await warc(CRAWL, true);
  assert.ok(looksLikeWarc(gz.subarray(0, 1024)));
  assert.ok(looksLikeWarc(gz.subarray(0, 100)), 'a gzip start cut inside its first member');
  assert.ok(looksLikeWarc(gzipSync(await warc(CRAWL, false))), 'whole-file gzip');
});
looks('anything else is not', () => {
  for (const bytes of [
    Buffer.alloc(0),
    Buffer.from(HTML),
    Buffer.from('{"html": "x"}'),
    Buffer.from('WARC/x\r\n'),
    Buffer.from(' WARC/1.1\r\n'),
    gzipSync(HTML),
    Buffer.from([0x1f, 0x8b, 1, 2, 3]),
  ]) {
    assert.not.ok(looksLikeWarc(bytes), JSON.stringify(bytes.toString('latin1')));
  }
});
looks.run();
