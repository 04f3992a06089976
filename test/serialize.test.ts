import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cleanRecord,
  createArticle,
  parseNdjson,
  serialize,
  serializeTransform,
  toOutput,
  type Article,
  type BlockKind,
  type Metadata,
  type SerializeOptions,
} from '../src/index.js';
import { ENTRY_SEPARATOR, OUTPUT_FORMATS, serializeSettings } from '../src/io/serialize.js';
import { Collector } from './helpers.js';

const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';
const MORE = 'Islanders had relied on a small emergency boat for three weeks while the repairs went on.';

const out = suite('serialize');
out('passthrough fields first, then metadata, text and blocks', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ id: 'a', url: 'https://x.example/a', batch: 3, text: `Advertisement\n${PROSE}\n${MORE}` })));
  const json = JSON.parse(serialize(record));
  assert.equal(Object.keys(json), [
    'id',
    'url',
    'batch',
    'title',
    'byline',
    'published',
    'site',
    'lang',
    'excerpt',
    'pageType',
    'confidence',
    'text',
    'blocks',
  ]);
  assert.is(json.text, `${PROSE}\n\n${MORE}`);
  assert.equal(json.blocks[0], { kind: 'paragraph', text: PROSE });
  assert.is(json.site, 'x.example');
});
out('explain adds every removed block, in page order, with its reason, and the extractor', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ text: `Skip to content\n${PROSE}\n${PROSE}\nShare` })));
  const json = toOutput(record, { explain: true }) as { removed: Array<{ reason: string; index: number; step: string }>; extractedBy: string };
  assert.equal(
    json.removed.map((r) => [r.index, r.reason, r.step]),
    [
      [0, 'nav.skip-link', 'strip'],
      [2, 'duplicate', 'dedupe'],
      [3, 'social.share', 'strip'],
    ],
  );
  assert.is(json.extractedBy, 'text');
});
out('a failed record is its fields and the error', () => {
  const json = JSON.parse(serialize(parseNdjson('{"id":"x","html":5}', 4)));
  assert.equal(json, { id: 'x', error: { code: 'wrong-type', message: '"html" must be a string, got a number', line: 4 } });
});
out('never throws, even for fields a library caller made unencodable', () => {
  const record = parseNdjson('{"text":"a"}', 9);
  record.fields['big'] = 10n;
  record.fields['id'] = 'kept';
  const json = JSON.parse(serialize(record));
  assert.is(json.error.code, 'unserializable');
  assert.match(json.error.message, /^the input field "big" cannot be written as JSON: /);
  assert.is(json.error.line, 9);
  assert.is(json.id, 'kept');
  assert.is(record.error?.code, 'unserializable', 'the record itself is marked failed, so it is counted as failed');
});
out('lone surrogates and control characters come out as valid JSON', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ text: `${PROSE} \ud800 \u0007` })));
  assert.ok(JSON.parse(serialize(record)).text.startsWith('The ferry'));
});
out.run();

// ---- formats and field selection ----

const TABLE_PAGE = [
  '<!doctype html><html lang="en"><head><title>Ferry Service Resumes</title><meta name="author" content="Ana Ruiz"></head><body>',
  '<nav><a href="/">Home</a> <a href="/news">News</a></nav>',
  '<article><h1>Ferry Service Resumes</h1><time datetime="2024-11-28">28 November 2024</time>',
  `<p>${PROSE}</p><p>${MORE}</p>`,
  '<h2>What changes for passengers</h2>',
  '<blockquote><p>We are relieved to have the island connected again, said the harbour master.</p></blockquote>',
  '<pre><code>curl https://ferry.example/api/times?day=`date +%F`</code></pre>',
  '<table><tr><th>Departure</th><th>Arrival</th></tr><tr><td>07:00</td><td>07:45</td></tr><tr><td>09:00</td><td>09:45</td></tr></table>',
  '<p>The council said the pier would be inspected again in spring, before the summer timetable starts.</p>',
  '</article><footer>© 2024 Island News</footer></body></html>',
].join('\n');
const ferry = () => cleanRecord(parseNdjson(JSON.stringify({ id: 'f1', url: 'https://news.example/ferry', html: TABLE_PAGE })));

/** A cleaned record with exactly these blocks (and title), for the exact Markdown of each kind. */
function withBlocks(blocks: Array<[BlockKind, string]>, meta: Partial<Metadata> = {}, fields: Record<string, unknown> = {}): Article {
  const record = createArticle({ format: 'text', content: '' }, fields);
  delete record.source;
  Object.assign(record.meta, meta);
  record.blocks = blocks.map(([kind, text], index) => ({ kind, text, index }));
  return record;
}
const markdown = (blocks: Array<[BlockKind, string]>) => serialize(withBlocks(blocks), { format: 'markdown' }).slice(0, -'\n\f'.length);

/** Output of serializeTransform for these records, as the CLI writes it. */
async function stream(records: Article[], options: SerializeOptions): Promise<string> {
  const sink = new Collector();
  await pipeline(Readable.from(records), serializeTransform(options), sink);
  return sink.text;
}

const text = suite('serialize: format text');
text('the title, a blank line and the text, then the form-feed line', () => {
  const record = ferry();
  const json = toOutput(record) as { title: string; text: string };
  assert.is(json.title, 'Ferry Service Resumes');
  assert.ok(json.text.startsWith(PROSE));
  assert.is(serialize(record, { format: 'text' }), `Ferry Service Resumes\n\n${json.text}\n\f`);
});
text('no title: just the text; a title alone: just the title, on one line', () => {
  assert.is(
    serialize(
      withBlocks([
        ['paragraph', PROSE],
        ['paragraph', MORE],
      ]),
      { format: 'text' },
    ),
    `${PROSE}\n\n${MORE}\n\f`,
  );
  assert.is(serialize(withBlocks([], { title: ' Ferry\nService  Resumes ' }), { format: 'text' }), 'Ferry Service Resumes\n\f');
});
text('failed records and empty articles have an empty entry', () => {
  assert.is(serialize(parseNdjson('{"id":"x","html":5}', 4), { format: 'text' }), '\n\f');
  assert.is(serialize(cleanRecord(parseNdjson('{"id":"e","text":""}')), { format: 'text' }), '\n\f');
});
text('fields, blocks and explain are for jsonl and leave text alone', () => {
  const record = ferry();
  assert.is(serialize(record, { format: 'text', fields: ['id'], blocks: false, explain: true }), serialize(record, { format: 'text' }));
});
text.run();

const md = suite('serialize: format markdown');
md('a cleaned page: title, credit line, then each block as Markdown', () => {
  const entry = serialize(ferry(), { format: 'markdown' });
  assert.ok(entry.endsWith('\n\f'));
  const expected = [
    '# Ferry Service Resumes',
    '*Ana Ruiz · 2024-11-28 · <https://news.example/ferry>*',
    PROSE,
    MORE,
    '## What changes for passengers',
    '> We are relieved to have the island connected again, said the harbour master.',
    '```\ncurl https://ferry.example/api/times?day=`date +%F`\n```',
    '| Departure | Arrival |\n| --- | --- |\n| 07:00 | 07:45 |\n| 09:00 | 09:45 |',
    'The council said the pier would be inspected again in spring, before the summer timetable starts.',
  ];
  assert.is(entry, expected.join('\n\n') + '\n\f');
});
md('the credit line holds only what is known, and no line when nothing is', () => {
  assert.is(
    serialize(withBlocks([['paragraph', PROSE]], { title: 'T', published: '2024-11-28' }), { format: 'markdown' }),
    `# T\n\n*2024-11-28*\n\n${PROSE}\n\f`,
  );
  assert.is(serialize(withBlocks([['paragraph', PROSE]], { title: 'T' }), { format: 'markdown' }), `# T\n\n${PROSE}\n\f`);
  const odd = withBlocks([], { byline: 'A *star* reporter' }, { url: 'not a url' });
  assert.is(serialize(odd, { format: 'markdown' }), '*A \\*star\\* reporter · not a url*\n\f');
});
md('consecutive list items are one list; anything else in between starts another', () => {
  assert.is(
    markdown([
      ['paragraph', 'Before the storm:'],
      ['list-item', 'one sailing'],
      ['list-item', 'two sailings'],
      ['paragraph', 'After it:'],
      ['list-item', 'none'],
    ]),
    'Before the storm:\n\n- one sailing\n- two sailings\n\nAfter it:\n\n- none',
  );
});
md('headings, quotes over several lines, captions', () => {
  assert.is(markdown([['heading', 'Where to\nbuy tickets']]), '## Where to buy tickets');
  assert.is(markdown([['quote', 'First line\n- not a list\nthird']]), '> First line\n> \\- not a list\n> third');
  assert.is(markdown([['caption', 'The pier in *March* (photo)']]), '*The pier in \\*March\\* (photo)*');
  assert.is(markdown([['heading', 'Ranked #']]), '## Ranked \\#');
  assert.is(markdown([['heading', 'C# in a week']]), '## C# in a week');
});
md('code is fenced with more backticks than any run inside', () => {
  assert.is(markdown([['code', 'let a = `x`;']]), '```\nlet a = `x`;\n```');
  assert.is(markdown([['code', 'Markdown:\n```js\nx()\n```\nand ````four````']]), '`````\nMarkdown:\n```js\nx()\n```\nand ````four````\n`````');
});
md('a table is a Markdown table when its rows are even, else kept as written in a fence', () => {
  assert.is(markdown([['table', 'Route | Fare\nA|B | 4 \\ 5']]), '| Route | Fare |\n| --- | --- |\n| A\\|B | 4 \\\\ 5 |');
  assert.is(markdown([['table', 'Route | Fare | Note\nA | 4']]), '```\nRoute | Fare | Note\nA | 4\n```');
  assert.is(markdown([['table', 'one column\nonly']]), '```\none column\nonly\n```');
});
md('paragraph lines that Markdown would read as structure are escaped, and only those', () => {
  const cases: Array<[string, string]> = [
    ['# Not a heading', '\\# Not a heading'],
    ['###### six', '\\###### six'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['* not a list', '\\* not a list'],
    ['1. not a list', '1\\. not a list'],
    ['2024) not a list', '2024\\) not a list'],
    ['> not a quote', '\\> not a quote'],
    ['>not a quote', '\\>not a quote'],
    ['```not a fence', '\\```not a fence'],
    ['~~~', '\\~~~'],
    ['<div>not html</div>', '\\<div>not html</div>'],
    ['---', '\\---'],
    ['* * *', '\\* * *'],
    ['___', '\\___'],
    ['===', '\\==='],
    ['| a | b |', '\\| a | b |'],
    ['[note]: https://x.example', '\\[note]: https://x.example'],
    ['#hashtag stays', '#hashtag stays'],
    ['-5 degrees stays', '-5 degrees stays'],
    ['1.5 million stays', '1.5 million stays'],
    ['**bold** stays', '**bold** stays'],
    ['<3 stays', '<3 stays'],
    ['[1] stays', '[1] stays'],
  ];
  for (const [input, expected] of cases) assert.is(markdown([['paragraph', input]]), expected, input);
  // every line of a block, and list items too (a list item holding "1. x" would nest a list)
  assert.is(markdown([['paragraph', 'A line\n--\n    # indented']]), 'A line\n\\--\n\\# indented');
  assert.is(markdown([['list-item', '1. first\nsecond']]), '- 1\\. first\n  second');
});
md('failed records and empty articles have an empty entry', () => {
  assert.is(serialize(parseNdjson('nope', 2), { format: 'markdown' }), '\n\f');
  assert.is(serialize(cleanRecord(parseNdjson('{"text":""}')), { format: 'markdown' }), '\n\f');
  assert.is(serialize(withBlocks([['paragraph', ' ']]), { format: 'markdown' }), '\n\f');
});
md.run();

const separation = suite('serialize: records in text and markdown are separated by a form-feed line');
separation('splitting the output on ENTRY_SEPARATOR gives one entry per record, in order', async () => {
  const records = () => [
    ferry(),
    parseNdjson('{"id":"bad","html":5}', 2),
    cleanRecord(parseNdjson('{"text":""}', 3)),
    withBlocks([['code', 'page one\n\f\npage two\f']], { title: 'Form\ffeeds' }),
    parseNdjson('nope', 5),
    withBlocks([['paragraph', MORE]]),
  ];
  for (const format of ['text', 'markdown'] as const) {
    const output = await stream(records(), { format });
    const entries = output.split(ENTRY_SEPARATOR);
    assert.is(entries.pop(), '', 'the last entry ends with the separator too');
    assert.is(entries.length, 6, format);
    assert.ok(entries[0]!.includes('Ferry Service Resumes'));
    assert.equal([entries[1], entries[2], entries[4]], ['', '', '']);
    assert.ok(!entries[3]!.includes('\f') && entries[3]!.includes('page one') && entries[3]!.includes('page two'));
    assert.ok(entries[5]!.endsWith(MORE));
    assert.ok(output.split('\n').filter((l) => l === '\f').length === 6, 'a line holding only \\f after every record');
  }
});
separation('the entry separator is a line holding only a form feed', () => {
  assert.is(ENTRY_SEPARATOR, '\n\f\n');
});
separation.run();

const fields = suite('serialize: fields and blocks (jsonl)');
fields('fields keeps the named keys in record order; unknown names are simply absent', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ id: 'a', url: 'https://x.example/a', batch: 3, text: `${PROSE}\n${MORE}` })));
  assert.equal(Object.keys(JSON.parse(serialize(record, { fields: ['text', 'no-such', 'id', 'title'] }))), ['id', 'title', 'text']);
  assert.equal(JSON.parse(serialize(record, { fields: [] })), {});
  assert.equal(Object.keys(toOutput(record, { explain: true, fields: ['removed', 'id'] })), ['id', 'removed']);
  assert.equal(Object.keys(toOutput(record, { fields: ['removed', 'extractedBy'] })), [], 'fields selects, it never adds');
});
fields('a failed record always keeps its error', () => {
  const failed = parseNdjson('{"id":"x","batch":1,"html":5}', 4);
  assert.equal(JSON.parse(serialize(failed, { fields: ['batch', 'title'] })), {
    batch: 1,
    error: { code: 'wrong-type', message: '"html" must be a string, got a number', line: 4 },
  });
  assert.equal(Object.keys(toOutput(failed, { fields: [] })), ['error']);
});
fields('blocks: false drops blocks and keeps the rest, even when fields names it', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ id: 'a', text: PROSE })));
  assert.equal(Object.keys(toOutput(record, { blocks: false })), [
    'id',
    'title',
    'byline',
    'published',
    'site',
    'lang',
    'excerpt',
    'pageType',
    'confidence',
    'text',
  ]);
  assert.equal(Object.keys(toOutput(record, { blocks: false, fields: ['blocks', 'text'] })), ['text']);
  assert.equal(toOutput(record, { blocks: true }), toOutput(record));
});
fields('the options object is left untouched and may be frozen', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ id: 'a', text: PROSE })));
  const options = Object.freeze({ format: 'jsonl', fields: Object.freeze(['id']), blocks: false } as const);
  assert.is(serialize(record, options), '{"id":"a"}');
  assert.equal(options, { format: 'jsonl', fields: ['id'], blocks: false });
});
fields.run();

const settings = suite('serializeSettings');
settings('fills in the defaults', () => {
  assert.equal(serializeSettings(), { format: 'jsonl', explain: false, blocks: true, fields: null });
  assert.equal(OUTPUT_FORMATS, ['jsonl', 'text', 'markdown']);
});
settings('refuses bad options with what it expected and what it got', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ format: 'html' }, /format must be one of jsonl, text, markdown, got "html"/],
    [{ fields: 'id,url' }, /fields must be an array of output key names, got "id,url"/],
    [{ fields: ['id', 3] }, /fields must be an array .*, got an array holding string, number/],
    [{ blocks: 'no' }, /blocks must be true or false, got "no"/],
    [{ explain: 1 }, /explain must be true or false, got number 1/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => serializeSettings(options as SerializeOptions), message);
    assert.throws(() => toOutput(parseNdjson('{"text":"a"}'), options as SerializeOptions), message);
    // serialize never throws: the record comes out as an internal error naming the option
    const json = JSON.parse(serialize(parseNdjson('{"text":"a"}', 7), options as SerializeOptions));
    assert.is(json.error.code, 'internal');
    assert.match(json.error.message, message);
    assert.is(json.error.line, 7);
  }
});
settings.run();
