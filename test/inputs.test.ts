/**
 * The CLI's inputs and outputs as batch users have them: folders, globs, gzip, WARC, charsets,
 * output formats and files, field selection, progress, and rule files. Each runs main() in-process.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { main } from '../src/cli.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CASES, encode } from './encodings.js';
import { Collector, line, runCli, runSerial } from './helpers.js';

const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';
const MORE = 'Passengers queued from early morning, and the first crossing left the harbour at seven sharp.';
const page = (title: string, body = PROSE) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>${MORE}</p></article></body></html>`;

const run = runCli;
/** On the main thread: see runSerial. */
const serial = runSerial;

const tmp = () => mkdtempSync(join(tmpdir(), 'decruft-inputs-'));

/** One WARC record, as a crawler writes it (the block is an HTTP message for responses and requests). */
function warcRecord(type: string, headers: Record<string, string>, block: string | Buffer): Buffer {
  const body = Buffer.isBuffer(block) ? block : Buffer.from(block);
  const head = [`WARC/1.0`, `WARC-Type: ${type}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`].join('\r\n');
  return Buffer.concat([Buffer.from(head + '\r\n\r\n'), body, Buffer.from('\r\n\r\n')]);
}

function httpResponse(contentType: string, body: string | Buffer): Buffer {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`), payload]);
}

const inputs = suite('cli inputs: folders, globs, gzip, WARC, charsets');
inputs('a directory is walked recursively in sorted order, hidden files left out', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'b'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'b', 'two.html'), page('Two'));
  writeFileSync(join(dir, 'a.txt'), `One\n${PROSE}`);
  writeFileSync(join(dir, 'c.ndjson'), line({ id: 'three', text: PROSE }));
  writeFileSync(join(dir, '.DS_Store'), 'binary junk');
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main');
  const { code, records } = await serial([dir]);
  assert.is(code, 0);
  assert.equal(
    records.map((r) => r['id']),
    [join(dir, 'a.txt'), join(dir, 'b', 'two.html'), 'three'],
  );
});
inputs('a quoted glob is expanded in sorted order; one that matches nothing is a usage error', async () => {
  const dir = tmp();
  for (const name of ['z.html', 'a.html', 'm.txt']) writeFileSync(join(dir, name), page(name));
  const { records } = await serial([join(dir, '*.html')]);
  assert.equal(
    records.map((r) => r['id']),
    [join(dir, 'a.html'), join(dir, 'z.html')],
  );
  const none = await run([join(dir, '*.warc')]);
  assert.is(none.code, 2);
  assert.match(none.stderr, /no file matches/);
  mkdirSync(join(dir, 'empty'));
  const empty = await run([join(dir, 'empty')]);
  assert.is(empty.code, 2);
  assert.match(empty.stderr, /no files in/);
});
inputs('a directory walk follows links to files and leaves out links to directories', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'pages'));
  writeFileSync(join(dir, 'pages', 'a.txt'), PROSE);
  symlinkSync(join(dir, 'pages', 'a.txt'), join(dir, 'pages', 'b.txt'));
  symlinkSync(join(dir, 'pages'), join(dir, 'pages', 'loop'));
  const { records } = await serial([join(dir, 'pages')]);
  assert.equal(
    records.map((r) => [r['id'], r['error']?.code]),
    [
      [join(dir, 'pages', 'a.txt'), undefined],
      [join(dir, 'pages', 'b.txt'), undefined],
    ],
  );
});
inputs('gzip is undone by content: a .gz name, a gzip without one, and gzipped stdin', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'pages.ndjson.gz'), gzipSync(line({ id: 'gz', text: PROSE })));
  writeFileSync(join(dir, 'mystery'), gzipSync(page('Hidden gzip')));
  const files = await serial([join(dir, 'pages.ndjson.gz'), join(dir, 'mystery')]);
  assert.equal(
    files.records.map((r) => [r['id'], r['text']?.includes('ferry')]),
    [
      ['gz', true],
      [join(dir, 'mystery'), true],
    ],
  );
  const stdin = await serial([], { stdin: gzipSync(line({ id: 'piped', text: PROSE })) });
  assert.equal(
    stdin.records.map((r) => r['id']),
    ['piped'],
  );
  const piped = await serial([], { stdin: page('Piped page') }); // a page on stdin: one record, no id
  assert.equal(
    piped.records.map((r) => [r['id'], r['title']]),
    [[undefined, 'Piped page']],
  );
});
inputs('a truncated gzip keeps the records before the break and adds one read-failed record; the next input is read', async () => {
  const dir = tmp();
  const whole = gzipSync(Array.from({ length: 200 }, (_, i) => line({ id: i, text: `${PROSE} ${i}` })).join(''));
  writeFileSync(join(dir, 'broken.ndjson.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  writeFileSync(join(dir, 'next.txt'), PROSE);
  const { code, records } = await serial([join(dir, 'broken.ndjson.gz'), join(dir, 'next.txt')]);
  assert.is(code, 0);
  // the line cut by the break is not JSON; then the break itself
  assert.equal(
    records.filter((r) => r['error']).map((r) => r['error'].code),
    ['invalid-json', 'read-failed'],
  );
  assert.ok(records.length > 50, 'the records before the break are kept');
  assert.is(records.at(-1)!['id'], join(dir, 'next.txt'));
});
inputs('bytes after a gzip stream: every record comes out, then one read-failed in gzip’s words', async () => {
  const dir = tmp();
  const records = Array.from({ length: 5000 }, (_, i) => line({ id: i + 1, text: `Record ${i + 1}. The council met.` })).join('');
  writeFileSync(join(dir, 't.ndjson.gz'), Buffer.concat([gzipSync(records), Buffer.from('garbage\n')]));
  writeFileSync(join(dir, 'u.ndjson.gz'), Buffer.concat([gzipSync(records), Buffer.from(line({ id: 'plain', text: PROSE }))]));
  for (const name of ['t.ndjson.gz', 'u.ndjson.gz']) {
    const { code, records: out } = await serial([join(dir, name)]);
    assert.is(code, 0);
    assert.is(out.length, 5001, name);
    assert.equal(
      out.slice(0, 5000).map((r) => r['id']),
      Array.from({ length: 5000 }, (_, i) => i + 1),
    );
    assert.is(out[5000]!['error'].code, 'read-failed');
    assert.match(out[5000]!['error'].message, /decompression OK, trailing garbage ignored/);
  }
});
inputs('a .warc.gz with bytes after its last member: every page, then read-failed', async () => {
  const dir = tmp();
  const response = (n: number) =>
    warcRecord(
      'response',
      { 'WARC-Target-URI': `https://news.example/${n}`, 'WARC-Record-ID': `<urn:uuid:${n}>`, 'Content-Type': 'application/http; msgtype=response' },
      `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${page(`Story ${n}`)}`,
    );
  writeFileSync(join(dir, 'crawl.warc.gz'), Buffer.concat([gzipSync(response(1)), gzipSync(response(2)), Buffer.from('trailing bytes')]));
  const { records } = await serial([join(dir, 'crawl.warc.gz')]);
  assert.equal(
    records.map((r) => r['url'] ?? r['error'].code),
    ['https://news.example/1', 'https://news.example/2', 'read-failed'],
  );
  assert.match(records[2]!['error'].message, /trailing garbage ignored/);
});
inputs('a gzip bomb in an HTML file: too-large "over N bytes", inflated no further than the limit', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bomb.html.gz'), gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '), { level: 9 }));
  writeFileSync(join(dir, 'next.txt'), PROSE);
  const { records } = await serial(['--max-bytes', '1M', join(dir, 'bomb.html.gz'), join(dir, 'next.txt')]);
  assert.is(records[0]!['error'].code, 'too-large');
  assert.is(records[0]!['error'].message, 'the file has over 1,048,576 bytes, the limit (--max-bytes); it was read no further');
  assert.ok(records[1]!['text'].includes('ferry'));
});
inputs('a flood of blank lines in gzipped NDJSON: the records after it come out with their own line numbers', async () => {
  const dir = tmp();
  const body = line({ id: 1, text: PROSE }) + '\n'.repeat(3_000_000) + 'not json\n' + line({ id: 2, text: MORE });
  writeFileSync(join(dir, 'flood.ndjson.gz'), gzipSync(body));
  const { records } = await serial([join(dir, 'flood.ndjson.gz')]);
  assert.equal(
    records.map((r) => r['id'] ?? r['error'].line),
    [1, 3_000_002, 2],
  );
});
inputs('WARC: each HTML response is a record with url, fetched and id; the rest is skipped and counted', async () => {
  const dir = tmp();
  const warc = Buffer.concat([
    warcRecord('warcinfo', { 'WARC-Record-ID': '<urn:uuid:0>', 'Content-Type': 'application/warc-fields' }, 'software: test\r\n'),
    warcRecord(
      'request',
      { 'WARC-Target-URI': 'https://news.example/a', 'WARC-Record-ID': '<urn:uuid:1>', 'Content-Type': 'application/http; msgtype=request' },
      'GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n',
    ),
    warcRecord(
      'response',
      {
        'WARC-Target-URI': 'https://news.example/a',
        'WARC-Date': '2026-11-01T10:00:00Z',
        'WARC-Record-ID': '<urn:uuid:2>',
        'Content-Type': 'application/http; msgtype=response',
      },
      httpResponse('text/html; charset=utf-8', page('Ferry back')),
    ),
    warcRecord(
      'response',
      { 'WARC-Target-URI': 'https://news.example/logo.png', 'WARC-Record-ID': '<urn:uuid:3>', 'Content-Type': 'application/http; msgtype=response' },
      httpResponse('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    ),
  ]);
  writeFileSync(join(dir, 'crawl.warc.gz'), gzipSync(warc));
  const { code, records, stderr } = await serial([join(dir, 'crawl.warc.gz')]);
  assert.is(code, 0);
  assert.is(records.length, 1);
  assert.equal(
    [records[0]!['id'], records[0]!['url'], records[0]!['fetched'], records[0]!['title']],
    ['urn:uuid:2', 'https://news.example/a', '2026-11-01T10:00:00Z', 'Ferry back'],
  );
  assert.match(stderr, /3 WARC records skipped/);
});
inputs('WARC: a WARC header over 1 MiB or an absurd Content-Length ends the file with read-failed, after the pages before it', async () => {
  const dir = tmp();
  const response = (url: string, title: string) =>
    warcRecord('response', { 'WARC-Target-URI': url, 'Content-Type': 'application/http; msgtype=response' }, httpResponse('text/html', page(title)));
  const before = response('https://news.example/a', 'Ferry back');
  const after = response('https://news.example/b', 'Never read');
  const longLine = Buffer.from(`WARC/1.0\r\nWARC-Type: metadata\r\nX-Long: ${'a'.repeat(2_000_000)}\r\nContent-Length: 0\r\n\r\n\r\n\r\n`);
  const absurd = Buffer.from('WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 100000000000000000000\r\n\r\n');
  writeFileSync(join(dir, 'long.warc.gz'), gzipSync(Buffer.concat([before, longLine, after])));
  writeFileSync(join(dir, 'absurd.warc'), Buffer.concat([before, absurd, after]));
  const { records } = await serial([join(dir, 'long.warc.gz'), join(dir, 'absurd.warc')]);
  assert.equal(
    records.map((r) => r['error']?.code ?? r['title']),
    ['Ferry back', 'read-failed', 'Ferry back', 'read-failed'],
  );
  assert.match(records[1]!['error'].message, /: WARC record 2 cannot be read: its WARC header has no end in its first 1,048,576 bytes/);
  assert.match(records[3]!['error'].message, /: WARC record 2 has a damaged header: Content-Length 100000000000000000000 is over the 1 TiB/);
});
inputs('charsets: a windows-1252 page by its meta tag, a UTF-8 text file by its BOM', async () => {
  const dir = tmp();
  const latin = Buffer.concat([
    Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'),
    Buffer.from([0xe9]),
    Buffer.from(` du port</title></head><body><p>${PROSE} Le caf`),
    Buffer.from([0xe9]),
    Buffer.from(' ouvre.</p></body></html>'),
  ]);
  writeFileSync(join(dir, 'latin.html'), latin);
  writeFileSync(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${PROSE} Ñandú.`)]));
  const { records } = await serial([join(dir, 'latin.html'), join(dir, 'bom.txt')]);
  assert.is(records[0]!['title'], 'Café du port');
  assert.ok(records[0]!['text'].includes('Le café ouvre.'));
  assert.is(records[1]!['text'], `${PROSE} Ñandú.`);
});
inputs('six legacy charsets, declared by <meta> in HTML files and undeclared in text files, come out right', async () => {
  const dir = tmp();
  const files: string[] = [];
  for (const [i, c] of CASES.entries()) {
    const declared = Buffer.concat([
      Buffer.from(`<html><head><meta charset="${c.label}"><title>T</title></head><body><article><p>`),
      encode(c.text, c.label),
      Buffer.from('</p></article></body></html>'),
    ]);
    writeFileSync(join(dir, `${i}-page.html`), declared);
    writeFileSync(join(dir, `${i}-dump.txt`), encode(c.text, c.label));
    files.push(join(dir, `${i}-page.html`), join(dir, `${i}-dump.txt`));
  }
  const { records } = await serial([...files]);
  assert.is(records.length, CASES.length * 2);
  for (const [i, c] of CASES.entries()) {
    for (const record of records.slice(i * 2, i * 2 + 2)) assert.is(record['text'], c.text, `${c.name}: ${record['id']}`);
  }
});
inputs('--input-format overrides names and bytes', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'page.html'), `<p>${PROSE}</p>`);
  const asText = await serial(['--input-format', 'text', join(dir, 'page.html')]);
  assert.ok(asText.records[0]!['text'].startsWith('<p>'), 'read as text, the markup is text');
  const bad = await run(['--input-format', 'pdf']);
  assert.is(bad.code, 2);
});
inputs.run();

const outputs = suite('cli outputs: formats, files, fields, progress');
const twoPages = () => {
  const dir = tmp();
  mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'in', 'one.html'), page('One'));
  writeFileSync(join(dir, 'in', 'sub', 'two.ndjson.gz'), gzipSync(line({ id: 'a', text: PROSE }) + line({ id: 'b', text: MORE })));
  writeFileSync(join(dir, 'in', 'sub', 'empty.ndjson'), '');
  return dir;
};
outputs('--out-dir writes one file per input, mirroring names, gzip kept, empty inputs included', async () => {
  for (const jobs of ['0', '2']) {
    const dir = twoPages();
    const { code } = await run(['--jobs', jobs, '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    assert.is(code, 0);
    assert.equal(readdirSync(join(dir, 'out'), { recursive: true }).sort(), ['one.jsonl', 'sub', 'sub/empty.jsonl', 'sub/two.jsonl.gz']);
    assert.is(JSON.parse(readFileSync(join(dir, 'out', 'one.jsonl'), 'utf8'))['title'], 'One');
    const two = gunzipSync(readFileSync(join(dir, 'out', 'sub', 'two.jsonl.gz')))
      .toString()
      .trim()
      .split('\n');
    assert.equal(
      two.map((l) => JSON.parse(l)['id']),
      ['a', 'b'],
    );
    assert.is(readFileSync(join(dir, 'out', 'sub', 'empty.jsonl'), 'utf8'), '');
  }
});
outputs('--out-dir stopped by a signal leaves no empty files for inputs it never read', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'a.ndjson'), line({ id: 'a', text: PROSE }));
  writeFileSync(join(dir, 'b.ndjson'), line({ id: 'b', text: PROSE }));
  const stdin = new PassThrough(); // between a and b, and never ended
  const signals = new EventEmitter();
  const running = main(['--jobs', '0', '--out-dir', join(dir, 'out'), join(dir, 'a.ndjson'), '-', join(dir, 'b.ndjson')], {
    stdin,
    stdout: new Collector(),
    stderr: new Collector(),
    signals,
  });
  while (!existsSync(join(dir, 'out', 'a.jsonl')) || readFileSync(join(dir, 'out', 'a.jsonl'), 'utf8') === '')
    await new Promise((resolve) => setTimeout(resolve, 20));
  signals.emit('SIGINT', 'SIGINT');
  assert.is(await running, 130);
  assert.ok(readFileSync(join(dir, 'out', 'a.jsonl'), 'utf8').includes('"id":"a"'));
  assert.not.ok(existsSync(join(dir, 'out', 'b.jsonl')), 'b was never read');
});
outputs('--out-dir refuses two inputs that would write the same file; -o and --out-dir exclude each other', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'a.html'), page('A'));
  writeFileSync(join(dir, 'a.txt'), PROSE);
  const clash = await run(['--out-dir', join(dir, 'out'), join(dir, 'a.html'), join(dir, 'a.txt')]);
  assert.is(clash.code, 2);
  assert.match(clash.stderr, /would both be written to/);
  const both = await run(['-o', join(dir, 'x.jsonl'), '--out-dir', join(dir, 'out'), join(dir, 'a.txt')]);
  assert.is(both.code, 2);
});
outputs('-o FILE.gz writes gzip; --fields keeps only the fields asked for; --no-blocks drops blocks', async () => {
  const dir = tmp();
  const input = line({ id: 1, url: 'https://x.example/1', crawl: 7, text: `Ferry Back\n${PROSE}\n${MORE}` });
  const gzipped = ['-o', join(dir, 'out.jsonl.gz'), '--fields', 'id,title,text'];
  const { code, stdout } = await serial([...gzipped], { stdin: input });
  assert.is(code, 0);
  assert.is(stdout, '');
  const record = JSON.parse(gunzipSync(readFileSync(join(dir, 'out.jsonl.gz'))).toString());
  assert.equal(Object.keys(record), ['id', 'title', 'text']);
  const { records } = await serial(['--no-blocks'], { stdin: input });
  assert.not.ok('blocks' in records[0]!);
  assert.is(records[0]!['crawl'], 7);
});
outputs('--fields: a name that looks like a typo of a field decruft writes gets a warning; the input’s own fields do not', async () => {
  const { stdout, stderr } = await serial(['--fields', 'titel,crawl,id'], { stdin: line({ id: 1, crawl: 7, text: PROSE }) });
  assert.equal(JSON.parse(stdout), { id: 1, crawl: 7 });
  assert.match(stderr, /--fields: decruft writes no field "titel" \(did you mean "title"\?\)/);
  assert.not.match(stderr, /"crawl"/);
});
outputs('plain text piped as NDJSON: one hint on stderr that --input-format text exists', async () => {
  const { records, stderr } = await serial([], { stdin: 'Just some text\nmore text\n' });
  assert.equal(
    records.map((r) => r['error'].code),
    ['invalid-json', 'invalid-json'],
  );
  assert.is(stderr.match(/use --input-format text/g)?.length, 1);
  const ndjson = await serial([], { stdin: line({ id: 1, text: PROSE }) });
  assert.not.match(ndjson.stderr, /--input-format/);
});
outputs('--format text and markdown: one entry per record, separated by form-feed lines', async () => {
  const input = line({ id: 1, title: 'Ferry Back', text: PROSE }) + 'not json\n' + line({ id: 3, text: MORE });
  const text = await serial(['--format', 'text'], { stdin: input });
  const entries = text.stdout.split('\n\f\n'); // one entry per record, and what follows the last separator
  assert.equal([entries.length, entries[1], entries[3]], [4, '', '']);
  assert.ok(entries[0]!.includes(PROSE));
  const markdown = await serial(['--format', 'markdown'], { stdin: input });
  assert.is(markdown.stdout.split('\n\f\n').length, 4);
  assert.ok(markdown.stdout.startsWith(`# Ferry Back\n\n${PROSE}\n\f\n`), markdown.stdout);
});
outputs('a progress line on a terminal stderr, cleared before the summary; none with --quiet, --no-progress or off a terminal', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'many.ndjson'), Array.from({ length: 400 }, (_, i) => line({ id: i, text: `${PROSE} ${i}` })).join(''));
  // all on one worker: long enough (its start) for the line to be drawn, so where none is, none was meant
  const tty = await run(['--jobs', '1', join(dir, 'many.ndjson')], { tty: true });
  assert.match(tty.stderr, /\rdecruft: [\d,]+ records · [\d.]+ MB read/);
  assert.match(tty.stderr, /\r\x1b\[Kdecruft: 400 records read/);
  const quiet = await run(['--jobs', '1', '--quiet', join(dir, 'many.ndjson')], { tty: true });
  assert.is(quiet.stderr, '');
  const noProgress = await run(['--jobs', '1', '--no-progress', join(dir, 'many.ndjson')], { tty: true });
  assert.match(noProgress.stderr, /^decruft: 400 records read/);
  assert.not.match(noProgress.stderr, /\r/);
  const piped = await run(['--jobs', '1', join(dir, 'many.ndjson')]);
  assert.not.match(piped.stderr, /\r/);
});
outputs.run();

const rules = suite('cli rules: listing and rule files');
rules('"decruft rules" lists every built-in rule with its reason id, where it acts, languages and why', async () => {
  const { code, stdout } = await run(['rules']);
  assert.is(code, 0);
  const lines = stdout.trim().split('\n');
  assert.ok(lines.length > 30);
  assert.ok(
    lines.some((l) => /^social\.telegram\s+built-in\s+start\s+en,\S*\s+Calls to join/.test(l)),
    'telegram rule listed',
  );
});
rules('--rules adds rules (with their own reason ids) and switches built-in ones off', async () => {
  const dir = tmp();
  const file = join(dir, 'rules.yaml');
  writeFileSync(
    file,
    [
      'disable: [social.telegram, social.follow]',
      'rules:',
      '  - id: custom.promo-code',
      '    why: promotion codes of the shop under the article',
      '    match: start',
      '    maxWords: 12',
      '    phrases: { en: ["use code"] }',
      '    examples: { cruft: ["Use code FERRY10 at checkout"], keep: ["The code was published on Monday."] }',
    ].join('\n'),
  );
  const input = line({ id: 1, text: `${PROSE}\nJoin our Telegram channel\n${MORE}\nUse code FERRY10 at checkout\n${PROSE.replace('Friday', 'Monday')}` });
  for (const jobs of ['0', '1']) {
    const { code, records } = await run(['--jobs', jobs, '--explain', '--rules', file], { stdin: input });
    assert.is(code, 0);
    const reasons = records[0]!['removed'].map((r: { reason: string }) => r.reason);
    assert.ok(reasons.includes('custom.promo-code'), `--jobs ${jobs}: ${reasons}`);
    assert.ok(records[0]!['text'].includes('Join our Telegram channel'), 'the switched-off rule no longer removes');
  }
  for (const bad of [
    'disable: [toString]',
    'rules:\n  - { id: __proto__, why: x, match: start, maxWords: 3, phrases: { en: [a b] }, examples: { cruft: [a b], keep: [c] } }',
  ]) {
    writeFileSync(join(dir, 'bad.yaml'), bad);
    assert.is((await run(['--rules', join(dir, 'bad.yaml')])).code, 2, bad);
  }
  const listed = await run(['rules', '--rules', file]);
  assert.match(listed.stdout, /^custom\.promo-code\s+yours/m);
  assert.match(listed.stdout, /^social\.telegram\s+off/m);
});
rules('a wrong rule file is a usage error naming the place: bad YAML, unknown id, an example the rule misses', async () => {
  const dir = tmp();
  const cases: [string, RegExp][] = [
    ['rules: [ {', /not valid JSON or YAML/],
    ['disable: [nav.nothing]', /disable\[0\]: "nav.nothing" is not a built-in reason id/],
    ['rules:\n  - { id: Promo, why: x, match: start, phrases: { en: [a] }, examples: { cruft: [a], keep: [] } }', /rules\[0\]\.id/],
    [
      'rules:\n  - { id: custom.x, why: codes, match: start, maxWords: 5, phrases: { en: [use code] }, examples: { cruft: [Enter code here], keep: [] } }',
      /rules\[0\]\.examples\.cruft: the rule does not match "Enter code here"/,
    ],
  ];
  for (const [content, message] of cases) {
    writeFileSync(join(dir, 'r.yaml'), content);
    const { code, stderr } = await run(['--rules', join(dir, 'r.yaml')], { stdin: line({ text: PROSE }) });
    assert.is(code, 2, content);
    assert.match(stderr, message);
  }
});
rules('a rule file keyed by something that is not a language (english, EN, en-us, zz) is refused, naming the key', async () => {
  const dir = tmp();
  for (const key of ['english', 'EN', 'en-us', 'zz']) {
    const file = join(dir, `${key}.json`);
    const rule = {
      id: 'custom.promo',
      why: 'Promo codes.',
      match: 'whole',
      phrases: { [key]: ['use code'] },
      examples: { cruft: ['Use code'], keep: ['The code was used.'] },
    };
    writeFileSync(file, JSON.stringify({ rules: [rule] }));
    const { code, stderr } = await run(['--rules', file], { stdin: line({ id: 1, text: PROSE }) });
    assert.is(code, 2, key);
    assert.ok(stderr.includes(`rules[0].phrases.${key}: not a language`), stderr);
  }
});
rules.run();
