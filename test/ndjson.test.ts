import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNdjson, parseNdjsonTransform, type Article, type ParseOptions } from '../src/index.js';
import { chunked, line } from './helpers.js';

const parse = suite('parseNdjson');
parse('html or text becomes the source; other fields pass through in order', () => {
  const a = parseNdjson(JSON.stringify({ id: 7, url: 'https://x.example/a', html: '<p>x</p>', crawl: { n: 1 }, tags: ['a'] }), 3);
  assert.equal(a.source, { format: 'html', content: '<p>x</p>' });
  assert.equal(Object.keys(a.fields), ['id', 'url', 'crawl', 'tags']);
  assert.equal(a.origin, { line: 3 });
  assert.is(a.error, undefined);
});
parse('html wins when a record has both html and text', () => {
  assert.is(parseNdjson('{"html":"<p>a</p>","text":"a"}').source?.format, 'html');
  assert.is(parseNdjson('{"html":null,"text":"a"}').source?.format, 'text');
});
parse('metadata fields seed the metadata instead of passing through', () => {
  const a = parseNdjson('{"id":"x","text":"a","title":"Given","lang":"de"}');
  assert.is(a.meta.title, 'Given');
  assert.is(a.meta.lang, 'de');
  assert.equal(Object.keys(a.fields), ['id']);
});
parse('an empty page is a record, not an error', () => {
  assert.equal(parseNdjson('{"text":""}').source, { format: 'text', content: '' });
});

const failures: Array<[string, string, RegExp]> = [
  ['{"id": 1, "html": ', 'invalid-json', /not valid JSON/],
  ['[1, 2]', 'not-an-object', /got an array/],
  ['"just a string"', 'not-an-object', /got a string/],
  ['null', 'not-an-object', /got null/],
  ['{"id": "a", "url": "https://x.example"}', 'no-content', /neither "html" nor "text"/],
  ['{"id": "b", "html": 42}', 'wrong-type', /"html" must be a string, got a number/],
  ['{"id": "c", "text": ["a"]}', 'wrong-type', /"text" must be a string, got an array/],
  ['{"id": {"x": 1}, "text": "a"}', 'wrong-type', /"id" must be a string or a number/],
  ['{"url": 5, "text": "a"}', 'wrong-type', /"url" must be a string/],
  ['{"title": 5, "text": "a"}', 'wrong-type', /"title" must be a string/],
];
for (const [line, code, message] of failures) {
  parse(`${code}: ${line}`, () => {
    const a = parseNdjson(line, 12, { file: 'in.ndjson' });
    assert.is(a.error?.code, code);
    assert.match(a.error!.message, message);
    assert.is(a.error?.line, 12);
    assert.is(a.error?.file, 'in.ndjson');
    assert.is(a.source, undefined);
  });
}
parse('a failed record keeps the fields it could read, so it can be identified', () => {
  const a = parseNdjson('{"id": "b", "url": "https://x.example/b", "html": 42}');
  assert.equal(a.fields, { id: 'b', url: 'https://x.example/b' });
});
parse("a field named __proto__ passes through as a field and does not change the record's prototype", () => {
  const a = parseNdjson('{"__proto__": {"polluted": true}, "id": 1, "text": "a"}');
  assert.equal(Object.keys(a.fields), ['__proto__', 'id']);
  assert.is(Object.getPrototypeOf(a.fields), Object.prototype);
  assert.is((a.fields as { polluted?: boolean }).polluted, undefined);
});
parse.run();

async function parseAll(chunks: (string | Buffer)[], options: ParseOptions = {}): Promise<Article[]> {
  const records: Article[] = [];
  const parser = parseNdjsonTransform(options);
  parser.on('data', (a: Article) => records.push(a));
  await pipeline(chunked(chunks), parser);
  return records;
}

const stream = suite('parseNdjsonTransform');
stream('records split across chunks, even inside a UTF-8 character, arrive whole', async () => {
  const bytes = Buffer.from('{"id":1,"text":"café 한국어"}\n{"id":2,"text":"b"}\n');
  const cut = bytes.indexOf(Buffer.from('한')) + 1; // in the middle of a three-byte character
  const records = await parseAll([bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)]);
  assert.equal(
    records.map((r) => r.source?.content),
    ['café 한국어', 'b'],
  );
});
stream('blank lines are skipped but counted, CRLF and a final line without newline are fine', async () => {
  const records = await parseAll(['\uFEFF{"id":1,"text":"a"}\r\n', '\r\n   \n', '{"id":2,"text":"b"}\r\n', 'oops']);
  assert.equal(
    records.map((r) => [r.fields['id'], r.origin.line, r.error?.code]),
    [
      [1, 1, undefined],
      [2, 4, undefined],
      [undefined, 5, 'invalid-json'],
    ],
  );
});
stream('an empty input gives no records', async () => {
  assert.equal(await parseAll([]), []);
  assert.equal(await parseAll(['\n\n']), []);
});
stream.run();

const limits = suite('parseNdjsonTransform: size limit and bad bytes');
const parseWith = (chunks: (string | Buffer)[], maxBytes: number) => parseAll(chunks, { maxBytes });
limits('a line over maxBytes becomes a too-large record with its line number and size; the lines around it are read', async () => {
  const long = line({ id: 'long', text: 'x'.repeat(5000) });
  const pieces = long.match(/[^]{1,700}/g)!; // the long line arrives in many chunks
  const records = await parseWith([line({ id: 1, text: 'a' }), ...pieces, line({ id: 3, text: 'c' })], 1000);
  assert.equal(
    records.map((r) => [r.fields['id'], r.origin.line, r.error?.code]),
    [
      [1, 1, undefined],
      [undefined, 2, 'too-large'],
      [3, 3, undefined],
    ],
  );
  assert.match(records[1]!.error!.message, new RegExp(`has ${(long.length - 1).toLocaleString('en')} bytes, more than the limit of 1,000`));
});
limits('the limit counts bytes, not characters or the line ending; a line at the limit is read', async () => {
  const at = '{"text":"' + 'é'.repeat(20) + '"}'; // 40 bytes of é, 51 in all
  assert.is(Buffer.byteLength(at), 51);
  const cr = Buffer.from(at + '\r\n');
  const records = await parseWith([cr.subarray(0, cr.length - 1), cr.subarray(cr.length - 1), at + 'x\n', at], 51);
  assert.equal(
    records.map((r) => r.error?.code),
    [undefined, 'too-large', undefined],
  );
  const final = await parseWith([at + 'x'], 51); // a last line without newline is held to the limit too
  assert.equal(
    final.map((r) => r.error?.code),
    ['too-large'],
  );
});
limits('a long line within the limit arrives whole, however it is chunked', async () => {
  const text = 'word '.repeat(300_000).trim(); // 1.5 MB, over the 1 MiB piece size
  const bytes = Buffer.from(line({ text }));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 65_536) chunks.push(bytes.subarray(at, at + 65_536));
  const records = await parseWith(chunks, 2_000_000);
  assert.is(records.length, 1);
  assert.is(records[0]!.source?.content, text);
});
limits('maxBytes must be a whole number of bytes', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => parseNdjsonTransform({ maxBytes: bad }), /maxBytes must be a whole number/);
});
limits('invalid UTF-8, lone surrogates, NUL bytes and binary garbage make records or errors, never a failed stream', async () => {
  const invalidUtf8 = Buffer.concat([Buffer.from('{"id":1,"text":"caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]);
  const garbage = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256).filter((b) => b !== 10));
  const records = await parseWith(
    [
      invalidUtf8,
      '{"id":2,"text":"lone \\ud800 half"}\n',
      '{"id":3,"text":"nul \\u0000 and raw \u0000 byte"}\n',
      garbage,
      Buffer.from('\n\u0000\u0000\u0000\n'),
    ],
    1000,
  );
  assert.equal(
    records.map((r) => [r.fields['id'], r.error?.code]),
    [
      [1, undefined],
      [2, undefined],
      [undefined, 'invalid-json'],
      [undefined, 'invalid-json'],
      [undefined, 'invalid-json'],
    ],
  );
  assert.is(records[0]!.source?.content, 'caf\uFFFD(\uFFFD');
  assert.is(records[1]!.source?.content, 'lone \ud800 half');
});
limits.run();
