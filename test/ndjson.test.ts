import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNdjson, parseNdjsonTransform, type Article } from '../src/index.js';
import { chunked } from './helpers.js';

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
parse.run();

async function parseAll(chunks: (string | Buffer)[]): Promise<Article[]> {
  const records: Article[] = [];
  const parser = parseNdjsonTransform();
  parser.on('data', (a: Article) => records.push(a));
  await pipeline(chunked(chunks), parser);
  return records;
}

const stream = suite('parseNdjsonTransform');
stream('records split across chunks, even inside a UTF-8 character, arrive whole', async () => {
  const bytes = Buffer.from('{"id":1,"text":"café 한국어"}\n{"id":2,"text":"b"}\n');
  const cut = bytes.indexOf(Buffer.from('한')) + 1; // in the middle of a three-byte character
  const records = await parseAll([bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)]);
  assert.equal(records.map((r) => r.source?.content), ['café 한국어', 'b']);
});
stream('blank lines are skipped but counted, CRLF and a final line without newline are fine', async () => {
  const records = await parseAll(['\uFEFF{"id":1,"text":"a"}\r\n', '\r\n   \n', '{"id":2,"text":"b"}\r\n', 'oops']);
  assert.equal(records.map((r) => [r.fields['id'], r.origin.line, r.error?.code]), [[1, 1, undefined], [2, 4, undefined], [undefined, 5, 'invalid-json']]);
});
stream('an empty input gives no records', async () => {
  assert.equal(await parseAll([]), []);
  assert.equal(await parseAll(['\n\n']), []);
});
stream.run();
