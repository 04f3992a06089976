import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultArgs, jobsFor, jobsForInput, main, parseArgs } from '../src/cli.js';
import { POOL_LIMITS } from '../src/pool.js';
import { FAVORS, OUTPUT_FORMATS } from '../src/index.js';
import { DOMS, ERRORS, EXTRACTORS } from '../src/record.js';
import { Collector, line, runCli, runSerial } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';

const run = (argv: string[], stdin: string | Buffer = '') => runCli(argv, { stdin });
/** On the main thread: see runSerial. */
const serial = (argv: string[], stdin: string | Buffer = '') => runSerial(argv, { stdin });

const usage = suite('cli: usage');
usage('--help answers what the tool does, its inputs, outputs, exit codes and examples', async () => {
  const { code, stdout } = await run(['--help']);
  assert.is(code, 0);
  for (const part of ['Usage: decruft', '--explain', '*.ndjson', '*.html', '*.txt', '"error"', 'Exit status', 'Examples']) {
    assert.ok(stdout.includes(part), `help lacks ${part}`);
  }
});
usage('--help lists every error code at the start of its own line, with its meaning, and no line is over 100 columns', async () => {
  const { stdout } = await run(['--help']);
  for (const code of Object.keys(ERRORS)) assert.match(stdout, new RegExp(`^  ${code} +\\S`, 'm'), `help lists ${code}`);
  for (const helpLine of stdout.split('\n')) assert.ok(helpLine.length <= 100, helpLine);
});
usage('no arguments at all (read stdin, every default) gives the arguments yargs gives, without yargs', async () => {
  const fast = await parseArgs([]);
  const slow = await parseArgs(['--']); // any argument goes through yargs
  assert.ok('args' in fast && 'args' in slow);
  const camel = Object.fromEntries(Object.entries(slow.args).filter(([key, value]) => /^[a-z][A-Za-z]*$/.test(key) && key.length > 1 && value !== undefined));
  assert.equal({ ...fast.args }, { ...camel, _: [] });
  assert.equal(defaultArgs(), fast.args);
  assert.is(fast.command, 'clean');
});
usage('--version prints the package version', async () => {
  const { code, stdout } = await run(['--version']);
  assert.is(code, 0);
  assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
});
usage('an unknown flag is a usage error: message on stderr, nothing on stdout, exit 2', async () => {
  const { code, stdout, stderr } = await run(['--frobnicate']);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.match(stderr, /Unknown argument: frobnicate/);
  assert.match(stderr, /decruft --help/);
});
usage('--favor takes precision, balanced or recall; anything else is a usage error', async () => {
  const bad = await serial(['--favor', 'both']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /favor/);
  const page = [
    'Home',
    'News',
    'Sport',
    'Weather',
    PROSE,
    'Related articles',
    'A bakery opened near the station on Monday, and the queue reached the end of the street.',
  ].join('\n');
  const kept = async (favor: string) => (await serial(['--favor', favor], line({ id: 1, text: page }))).records[0]!['text'] as string;
  assert.not.ok((await kept('precision')).includes('bakery'));
  assert.ok((await kept('recall')).length >= (await kept('precision')).length);
});
usage('--jobs, --timeout, --memory and --dom take what they say; anything else is a usage error', async () => {
  for (const argv of [
    ['--jobs', '-1'],
    ['--jobs', '1.5'],
    ['--jobs', 'many'],
    ['--timeout', '-3'],
    ['--timeout', 'soon'],
    ['--memory', '8'],
    ['--dom', 'domino'],
  ]) {
    const { code, stdout, stderr } = await run(argv);
    assert.is(code, 2, argv.join(' '));
    assert.is(stdout, '');
    assert.match(stderr, new RegExp(argv[0]!.slice(2)));
  }
  const { stdout } = await run(['--help']);
  assert.match(stdout, /--jobs/);
  assert.match(stdout, /--timeout/);
});
usage('--memory below what a worker needs to start is a usage error; that least itself cleans a page', async () => {
  for (const dom of ['linkedom', 'jsdom'] as const) {
    const least = POOL_LIMITS.minMemory[dom];
    const { code, stdout, stderr } = await run(['--dom', dom, '--memory', String(least - 1)], line({ id: 1, text: PROSE }));
    assert.is(code, 2, dom);
    assert.is(stdout, '');
    assert.match(
      stderr,
      new RegExp(`--memory: expected a whole number of megabytes, at least ${least} \\(for a worker on ${dom} to start\\), got ${least - 1}`),
    );
  }
  const { code, records } = await run(
    ['--jobs', '1', '--memory', String(POOL_LIMITS.minMemory.linkedom)],
    line({ id: 1, html: `<article><p>${PROSE}</p></article>` }),
  );
  assert.is(code, 0);
  assert.is(records[0]!['text'], PROSE);
});
usage('--jobs above the cores draws one warning on stderr, and the run goes on', async () => {
  const jobs = availableParallelism() + 1;
  const { code, stderr, records } = await run(['--jobs', String(jobs)], line({ id: 1, text: PROSE }) + line({ id: 2, text: PROSE }));
  assert.is(code, 0);
  assert.equal(
    records.map((r) => r['text']),
    [PROSE, PROSE],
  );
  assert.is(stderr.match(/is more than the/g)?.length, 1, stderr);
  assert.match(stderr, new RegExp(`--jobs ${jobs} is more than the ${availableParallelism()} cores? here`));
  assert.not.match((await run(['--jobs', String(availableParallelism())], line({ id: 1, text: PROSE }))).stderr, /--jobs/);
});
usage('--jobs far above the cores is cut down to 4 per core, with a warning saying so', async () => {
  assert.equal(jobsFor(64, 2), {
    jobs: 8,
    warning: '--jobs 64 is more than 4 per core; running 8 (2 cores here): more workers than cores only add memory and time',
  });
  assert.is(jobsFor(8, 2).jobs, 8);
  assert.match(String(jobsFor(8, 2).warning), /--jobs 8 is more than the 2 cores here/);
  assert.equal(jobsFor(2, 2), { jobs: 2 });
  assert.equal(jobsFor(0, 1), { jobs: 0 });
  const { code, stderr, records } = await run(['--jobs', '1000'], line({ id: 1, text: PROSE }));
  assert.is(code, 0);
  assert.is(records[0]!['text'], PROSE);
  assert.is(stderr.split('\n').filter((l) => l.includes('--jobs')).length, 1, stderr);
  assert.match(stderr, new RegExp(`--jobs 1000 is more than 4 per core; running ${4 * availableParallelism()} `));
});
usage('the samples come out the same on the main thread and on worker threads', async () => {
  const files = ['city-council.html', 'radweg.html', 'mixed.ndjson', 'vodohin.txt'].map((f) => join(SAMPLES, f));
  const inThread = await serial(['--explain', ...files]);
  const onWorkers = await run(['--jobs', '2', '--explain', ...files]);
  assert.is(inThread.code, 0);
  assert.is(onWorkers.code, 0);
  assert.ok(inThread.records.length >= 4);
  assert.is(onWorkers.stdout, inThread.stdout);
});
usage('a missing file or stdin twice is a usage error before any output', async () => {
  for (const [argv, message] of [
    [[join(SAMPLES, 'city-council.html'), 'no/such/file.html'], /no such file: no\/such\/file\.html/],
    [['-', '-'], /only once/],
  ] as const) {
    const { code, stdout, stderr } = await run([...argv]);
    assert.is(code, 2, String(argv));
    assert.is(stdout, '');
    assert.match(stderr, message);
  }
});
usage.run();

const io = suite('cli: inputs and outputs');
io('reads NDJSON from stdin by default and writes one line per record', async () => {
  const input = line({ id: 1, text: PROSE }) + 'garbage\n' + line({ id: 3, text: PROSE });
  const { code, records } = await serial([], input);
  assert.is(code, 0);
  assert.equal(
    records.map((r) => [r['id'] ?? null, r['error']?.code ?? null]),
    [
      [1, null],
      [null, 'invalid-json'],
      [3, null],
    ],
  );
});
io('html and txt files are one record each with their path as id; ndjson files are read line by line', async () => {
  const files = readdirSync(SAMPLES)
    .sort()
    .map((f) => join(SAMPLES, f));
  const { code, records } = await serial([...files]);
  assert.is(code, 0);
  const ndjsonLines = 11;
  assert.is(records.length, files.length - 1 + ndjsonLines);
  assert.is(records[0]!['id'], join(SAMPLES, 'bridge-closure.txt'));
  const failed = records.filter((r) => r['error']);
  assert.equal(
    failed.map((r) => r['error'].code),
    ['invalid-json', 'not-an-object', 'no-content', 'wrong-type'],
  );
  assert.ok(failed.every((r) => r['error'].file === join(SAMPLES, 'mixed.ndjson') && r['error'].line > 0));
});
io('files without a known extension are sniffed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  writeFileSync(join(dir, 'page'), `<html><body><article><p>${PROSE}</p></article></body></html>`);
  writeFileSync(join(dir, 'records'), line({ id: 'r1', text: PROSE }));
  writeFileSync(join(dir, 'notes'), `Notes Title\n${PROSE}`);
  const { records } = await serial([join(dir, 'page'), join(dir, 'records'), join(dir, 'notes')]);
  assert.equal(
    records.map((r) => r['id']),
    [join(dir, 'page'), 'r1', join(dir, 'notes')],
  );
  // a plain text file of a line and a paragraph is the article alone: its first line stays
  assert.equal(
    records.map((r) => r['text']),
    [PROSE, PROSE, `Notes Title\n\n${PROSE}`],
  );
});
io('--explain adds removed blocks with reasons and the extractor', async () => {
  const { records } = await serial(['--explain'], line({ id: 1, text: `Skip to main content\n${PROSE}` }));
  assert.equal(records[0]!['removed'], [{ reason: 'nav.skip-link', step: 'strip', index: 0, text: 'Skip to main content' }]);
  assert.is(records[0]!['extractedBy'], 'text');
  const plain = await serial([], line({ id: 1, text: PROSE }));
  assert.not.ok('removed' in plain.records[0]!);
});
io('--extractor chooses how HTML is read; pageType and confidence say what the block model made of the page', async () => {
  const html = `<html><head><title>Bridge</title></head><body><header><p>Riverside News</p></header><main><article>
    <p>${PROSE}</p><p>${PROSE.replace('council', 'committee')}</p></article></main></body></html>`;
  const auto = await serial(['--explain'], line({ id: 1, html }));
  assert.is(auto.records[0]!['extractedBy'], 'blocks');
  assert.type(auto.records[0]!['pageType'], 'string');
  assert.ok(auto.records[0]!['confidence'] >= 0 && auto.records[0]!['confidence'] <= 1);
  const readability = await serial(['--explain', '--extractor', 'readability'], line({ id: 1, html }));
  assert.is(readability.records[0]!['extractedBy'], 'readability');
  assert.is(readability.records[0]!['pageType'], null, 'Readability does not tell page types');
  assert.is(readability.records[0]!['confidence'], null);
  const text = await serial([], line({ id: 1, text: PROSE }));
  assert.is(text.records[0]!['pageType'], null);
  const wrong = await run(['--extractor', 'magic'], line({ id: 1, html }));
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /extractor/u);
});
io('--fields given twice: the lists add up', async () => {
  const { code, records } = await serial(['--fields', 'id', '--fields', 'title,text'], line({ id: 1, text: `Title line\n${PROSE}` }));
  assert.is(code, 0);
  assert.equal(Object.keys(records[0]!), ['id', 'title', 'text']);
});
io.run();

const accounting = suite('cli: accounting and bad input');
const summaryOf = (stderr: string) => /decruft: (.*) in [\d.]+ s/.exec(stderr)?.[1];
accounting('a record whose input field cannot be written back (20,000 nested arrays) fails as unserializable, with its id, and counts as failed', async () => {
  const depth = 20_000;
  const input = `{"id":1,"url":"https://news.example/a","x":${'['.repeat(depth)}${']'.repeat(depth)},"text":"${PROSE}"}\n` + line({ id: 2, text: PROSE });
  for (const jobs of ['0', '1']) {
    const { code, stderr, records } = await run(['--strict', '--jobs', jobs], input);
    assert.is(code, 1, `--strict, --jobs ${jobs}`);
    assert.equal(records[0], {
      id: 1,
      url: 'https://news.example/a',
      error: { code: 'unserializable', message: records[0]!['error'].message, line: 1 },
    });
    assert.match(records[0]!['error'].message, /^the input field "x" cannot be written as JSON: /);
    assert.is(records[1]!['id'], 2);
    assert.is(summaryOf(stderr), '2 records read: 1 cleaned (0 empty), 1 failed (1 unserializable)', `--jobs ${jobs}`);
  }
});
accounting('text that grows past the stack (one 5 MB word of a share-bar token, 600,000 short lines) cleans, the same for every --jobs', async () => {
  const inputs = ['x', 'vk', 'fb', 'in'].map((token) => line({ id: token, text: token.repeat(2_500_000 / token.length) }));
  inputs.push(line({ id: 'lines', text: Array.from({ length: 600_000 }, (_, i) => `l${i}`).join('\n') }));
  // one run each way for all of them (each record is cleaned on its own), so one worker starts, not one per input;
  // the 600,000 lines take about 6 s on a worker here, and a loaded test machine may be several times slower
  const serial = await run(['--jobs', '0', '--quiet'], inputs.join(''));
  const pooled = await run(['--jobs', '1', '--quiet', '--memory', '1024', '--timeout', '120'], inputs.join(''));
  const pooledLines = pooled.stdout.split('\n');
  assert.is(serial.records.length, inputs.length);
  for (const [i, serialLine] of serial.stdout.split('\n').slice(0, -1).entries()) {
    const { id, error } = JSON.parse(serialLine) as { id: string; error?: unknown };
    assert.not.ok(error, `${id}: ${JSON.stringify(error)}`);
    assert.ok(serialLine === pooledLines[i], `${id}: the same output on the main thread and on a worker`);
  }
});
accounting('a summary on stderr counts records read, cleaned, empty and failed by code; --quiet leaves it out', async () => {
  const input = [line({ id: 1, text: PROSE }), 'nope\n', '\n', line({ id: 3, text: '' }), '[1]\n', line({ id: 5, html: 5 }), line({ id: 6, text: PROSE })].join(
    '',
  );
  for (const jobs of ['0', '1']) {
    const { code, stderr, records } = await run(['--jobs', jobs], input);
    assert.is(code, 0);
    assert.is(records.length, 6, 'the blank line is skipped, not counted');
    assert.is(summaryOf(stderr), '6 records read: 3 cleaned (1 empty), 3 failed (1 invalid-json, 1 not-an-object, 1 wrong-type)', `--jobs ${jobs}`);
  }
  const quiet = await serial(['--quiet'], input);
  assert.is(quiet.stderr, '');
  assert.is(quiet.records.length, 6);
});
accounting('--strict exits 1 when a record failed, after writing every record; 0 when none did', async () => {
  const input = line({ id: 1, text: PROSE }) + '{oops\n' + line({ id: 3, text: PROSE });
  const bad = await serial(['--strict'], input);
  assert.is(bad.code, 1);
  assert.equal(
    bad.records.map((r) => r['id'] ?? r['error'].code),
    [1, 'invalid-json', 3],
  );
  assert.is((await serial(['--strict'], line({ id: 1, text: PROSE }))).code, 0);
  assert.is((await serial([], '{oops\n')).code, 0, 'without --strict a failed record is not a failed run');
});
accounting('every bad line of a hostile stdin is one error record with its line number, in order', async () => {
  const lines = [
    line({ id: 'ok', text: PROSE }).trimEnd(),
    'not json at all',
    '"a string"',
    'null',
    '{"id": "t", "text": ["a"]}',
    '{"id": "u", "url": 7, "text": "x"}',
    '{"id": "n"}',
    '\u0000\u0001\u0002',
    '{"id": "lone", "text": "' + PROSE + ' \\udc00"}',
  ];
  const { code, records } = await run(
    ['--jobs', '1'],
    Buffer.concat([
      Buffer.from(lines.join('\r\n') + '\r\n'),
      Buffer.from([0xfe, 0xff, 0x00, 0x80]),
      Buffer.from('\n' + line({ id: 'last', text: PROSE }).trimEnd()),
    ]),
  );
  assert.is(code, 0);
  assert.equal(
    records.map((r) => (r['error'] ? `${r['error'].line}:${r['error'].code}` : r['id'])),
    [
      'ok',
      '2:invalid-json',
      '3:not-an-object',
      '4:not-an-object',
      '5:wrong-type',
      '6:wrong-type',
      '7:no-content',
      '8:invalid-json',
      'lone',
      '10:invalid-json',
      'last',
    ],
  );
  assert.ok(records[8]!['text'].endsWith('\udc00'), 'a lone surrogate is kept, escaped in the JSON');
});
accounting('a 50 MB line is skipped unread as too-large and the run goes on; an empty input gives no records', async () => {
  const huge = Buffer.alloc(50 * 1024 * 1024, 'a');
  const input = Buffer.concat([Buffer.from(line({ id: 1, text: PROSE }) + '{"id": 2, "text": "'), huge, Buffer.from('"}\n' + line({ id: 3, text: PROSE }))]);
  const { code, records, stderr } = await serial([], input);
  assert.is(code, 0);
  assert.equal(
    records.map((r) => r['id'] ?? r['error'].code),
    [1, 'too-large', 3],
  );
  assert.is(records[1]!['error'].line, 2);
  assert.match(summaryOf(stderr)!, /1 too-large/);
  const empty = await run([], '');
  assert.is(empty.stdout, '');
  assert.is(summaryOf(empty.stderr), '0 records read: 0 cleaned (0 empty), 0 failed');
});
accounting('empty files: an empty NDJSON file has no records, an empty HTML or text file is one empty record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  for (const name of ['none.ndjson', 'blank.html', 'blank.txt']) writeFileSync(join(dir, name), '');
  const { code, records, stderr } = await serial([join(dir, 'none.ndjson'), join(dir, 'blank.html'), join(dir, 'blank.txt')]);
  assert.is(code, 0);
  assert.equal(
    records.map((r) => [r['id'], r['text'], r['error']]),
    [
      [join(dir, 'blank.html'), '', undefined],
      [join(dir, 'blank.txt'), '', undefined],
    ],
  );
  assert.is(summaryOf(stderr), '2 records read: 2 cleaned (2 empty), 0 failed');
});
accounting('a 10 MB page is cleaned on a worker within the default memory limit', async () => {
  // words from a pseudo-random stream of syllables, so that no paragraph is a near-repeat of another
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'ven', 'dor', 'pal', 'ex', 'quin'];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16; // the high bits: the low ones cycle
  const word = () => Array.from({ length: 1 + (next() % 3) }, () => syllables[next() % syllables.length]).join('');
  const paragraphs: string[] = [];
  let size = 0;
  while (size < 10 * 1024 * 1024) {
    const paragraph = `<p>${Array.from({ length: 80 }, word).join(' ')}.</p>`;
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  const html = `<html><head><title>Long</title></head><body><article>${paragraphs.join('\n')}</article></body></html>`;
  // about 5 s here when idle; a loaded test machine may be several times slower than --timeout's default
  const { code, records } = await run(['--jobs', '1', '--timeout', '120'], line({ id: 'big', html }));
  assert.is(code, 0);
  assert.is(records[0]!['error'], undefined);
  assert.ok(records[0]!['text'].length > 9_000_000, `${records[0]!['text'].length} characters of text`);
});
accounting('--max-bytes takes sizes with units; an HTML or text file over it is a too-large record, unread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  writeFileSync(join(dir, 'big.html'), `<html><body><p>${PROSE.repeat(20)}</p></body></html>`);
  writeFileSync(join(dir, 'small.txt'), PROSE);
  const files = [join(dir, 'big.html'), join(dir, 'small.txt')];
  const { code, records } = await serial(['--max-bytes', '1K', ...files]);
  assert.is(code, 0);
  assert.is(records[0]!['id'], join(dir, 'big.html'));
  assert.is(records[0]!['error'].code, 'too-large');
  assert.match(records[0]!['error'].message, /more than the limit of 1,024/);
  assert.is(records[1]!['text'], PROSE);
  for (const bad of ['lots', '0', '-5K', '1.5.5M']) {
    const usage = await run([`--max-bytes=${bad}`]);
    assert.is(usage.code, 2, bad);
    assert.match(usage.stderr, /--max-bytes: expected a size of at least 1 byte, such as 500000, 64K or 16M, got /);
  }
});
accounting('SIGINT stops reading, writes out what was read, prints the summary and exits 130; SIGTERM 143', async () => {
  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const stdin = new PassThrough(); // never ended: decruft must not wait for more
    const stdout = new Collector();
    const stderr = new Collector();
    const signals = new EventEmitter();
    const running = main(['--jobs', '1'], { stdin, stdout, stderr, signals });
    stdin.write(line({ id: 1, text: PROSE }) + line({ id: 2, text: PROSE }));
    while (stdout.records.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    stdin.write(line({ id: 3, text: PROSE }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    signals.emit(signal, signal);
    assert.is(await running, exit);
    assert.equal(
      stdout.records.map((r) => r['id']),
      [1, 2, 3],
    );
    assert.match(stderr.text, new RegExp(`3 records read: 3 cleaned .* \\(stopped by ${signal}\\)`));
    assert.is(signals.listenerCount(signal), 0, 'handlers are removed');
  }
});
accounting('a second signal stops at once, without waiting for records in flight', async () => {
  const stdin = new PassThrough();
  const stdout = new Collector();
  const stderr = new Collector();
  const signals = new EventEmitter();
  const running = main(['--jobs', '1'], { stdin, stdout, stderr, signals });
  stdin.write(line({ id: 1, text: PROSE }));
  while (stdout.records.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
  signals.emit('SIGINT', 'SIGINT');
  signals.emit('SIGINT', 'SIGINT');
  assert.is(await running, 130);
  assert.match(stderr.text, /stopped by SIGINT/);
});
accounting.run();

const choosing = suite('cli: jobs for the input');
const cores = availableParallelism();
const STDIN = [{ path: '-', name: 'stdin' }];
/** What a stream gives, whole. */
const drain = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString();
};
choosing('a small stdin that has ended is cleaned on the main thread, every byte of it read on', async () => {
  const input = line({ id: 1, text: PROSE }) + line({ id: 2, text: 'é…' });
  const chosen = await jobsForInput({}, STDIN, Readable.from([Buffer.from(input.slice(0, 7)), Buffer.from(input.slice(7))]));
  assert.is(chosen.jobs, 0);
  assert.is(chosen.warning, undefined);
  assert.is(await drain(chosen.stdin), input);
});
choosing('a stdin over 256 KB goes to one worker a core, with what was read ahead put back in front', async () => {
  const big = 'x'.repeat(100_000) + 'ü'; // a character split between two chunks, too
  const input = Buffer.from(big.repeat(3));
  const chunks = [input.subarray(0, 100_000), input.subarray(100_000, 250_000), input.subarray(250_000)];
  const chosen = await jobsForInput({}, STDIN, Readable.from(chunks));
  assert.is(chosen.jobs, cores);
  assert.is(await drain(chosen.stdin), big.repeat(3));
});
choosing('a stdin still open after the wait goes to workers, and loses nothing', async () => {
  const stdin = new PassThrough();
  stdin.write('{"id":1,');
  const chosen = await jobsForInput({}, STDIN, stdin);
  assert.is(chosen.jobs, cores);
  stdin.end('"text":"late"}\n');
  assert.is(await drain(chosen.stdin), '{"id":1,"text":"late"}\n');
});
choosing('a terminal is never waited for; --jobs or --timeout given decide as they always did', async () => {
  const tty = Object.assign(new PassThrough(), { isTTY: true });
  assert.is((await jobsForInput({}, STDIN, tty)).jobs, cores);
  const small = () => Readable.from([Buffer.from(line({ id: 1, text: PROSE }))]);
  assert.is((await jobsForInput({ jobs: 1 }, STDIN, small())).jobs, 1);
  assert.is((await jobsForInput({ timeout: 5 }, STDIN, small())).jobs, cores);
  assert.is((await jobsForInput({ memory: 64 }, STDIN, small())).jobs, cores, 'a heap limit is one only workers keep');
  assert.equal(await jobsForInput({ jobs: cores + 1 }, STDIN, small()).then((c) => [c.jobs, typeof c.warning]), [cores + 1, 'string']);
});
choosing('files count by their size: small ones on the main thread, large or unknown ones on workers', async () => {
  const none = new PassThrough();
  assert.is(
    (
      await jobsForInput(
        {},
        [
          { path: 'a.html', name: 'a.html', size: 5_000 },
          { path: 'b.txt', name: 'b.txt', size: 2_000 },
        ],
        none,
      )
    ).jobs,
    0,
  );
  assert.is((await jobsForInput({}, [{ path: 'a.warc', name: 'a.warc', size: 300 * 1024 }], none)).jobs, cores);
  assert.is((await jobsForInput({}, [{ path: 'a.html', name: 'a.html' }], none)).jobs, cores);
  // files and stdin share the 256 KB
  const stdin = Readable.from([Buffer.from('x'.repeat(2_000))]);
  assert.is((await jobsForInput({}, [{ path: 'a.html', name: 'a.html', size: 255 * 1024 }, ...STDIN], stdin)).jobs, cores);
});
choosing('a small gzipped input may unpack to many times its size: it goes to workers, every byte read on', async () => {
  const packed = gzipSync(Buffer.from(line({ id: 1, text: PROSE })));
  const dir = mkdtempSync(join(tmpdir(), 'decruft-gz-'));
  const file = join(dir, 'pages'); // no .gz: known by its first bytes
  writeFileSync(file, packed);
  const none = new PassThrough();
  assert.is((await jobsForInput({}, [{ path: file, name: 'pages', size: packed.length }], none)).jobs, cores);
  const chosen = await jobsForInput({}, STDIN, Readable.from([packed]));
  assert.is(chosen.jobs, cores);
  const bytes: Buffer[] = [];
  for await (const chunk of chosen.stdin) bytes.push(Buffer.from(chunk));
  assert.ok(Buffer.concat(bytes).equals(packed), 'stdin read on byte for byte');
});
choosing('with default options one small record piped in comes out cleaned, and counted', async () => {
  const { code, records, stderr } = await run([], line({ id: 'only', text: PROSE }));
  assert.is(code, 0);
  assert.is(records[0]!['id'], 'only');
  assert.is(records[0]!['text'], PROSE);
  assert.match(stderr, /1 record read: 1 cleaned/);
});
choosing.run();

const choices = suite('cli: option choices');
choices("--favor, --dom, --extractor and --format offer the library's constants, and refuse the rest in its words", async () => {
  const { stdout } = await run(['--help']);
  const flat = stdout.replace(/\s+/g, ' ');
  for (const [flag, values] of [
    ['favor', FAVORS],
    ['dom', DOMS],
    ['extractor', EXTRACTORS],
    ['format', OUTPUT_FORMATS],
  ] as const) {
    assert.ok(flat.includes(`[choices: ${values.map((v) => `"${v}"`).join(', ')}]`), `--help offers ${flag} ${values.join(', ')}`);
    const { code, stdout: out, stderr } = await run([`--${flag}`, 'nonsense']);
    assert.is(code, 2, flag);
    assert.is(out, '');
    assert.match(stderr, new RegExp(`^decruft: --${flag}: expected one of ${values.join(', ')}, got "nonsense"\n`));
  }
});
choices('--jobs, --timeout and --memory are refused as the library refuses jobs, timeout and memory', async () => {
  for (const [argv, message] of [
    [['--jobs', '1.5'], '--jobs: expected a whole number, 0 or more, got 1.5'],
    [['--timeout', '-3'], '--timeout: expected a number, 0 or more (0: no limit), got -3'],
    [
      ['--memory', '8'],
      `--memory: expected a whole number of megabytes, at least ${POOL_LIMITS.minMemory.linkedom} (for a worker on linkedom to start), got 8`,
    ],
  ] as const) {
    const { code, stderr } = await run([...argv]);
    assert.is(code, 2);
    assert.ok(stderr.startsWith(`decruft: ${message}\n`), stderr);
  }
});
choices.run();

const e2e = suite('cli: end to end (spawned, built package)');
e2e('file names that look like numbers are read as names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  writeFileSync(join(dir, '1e3'), PROSE);
  writeFileSync(join(dir, '007'), PROSE);
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/decruft.js'), '--jobs', '0', '1e3', '007'], { cwd: dir });
  assert.equal(
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id),
    ['1e3', '007'],
  );
});
e2e('cleans every sample: one line per record, cruft gone, article kept, metadata lifted', async () => {
  const files = readdirSync(SAMPLES)
    .sort()
    .map((f) => join('samples', f));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/decruft.js', ...files], { cwd: ROOT });
  assert.match(
    stderr,
    /^decruft: 16 records read: 12 cleaned \(1 empty\), 4 failed \(1 invalid-json, 1 no-content, 1 not-an-object, 1 wrong-type\) in [\d.]+ s/,
  );
  assert.is(stderr.split('\n').length, 2, 'one summary line, nothing else');
  const records = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.is(records.length, files.length - 1 + 11);
  const byId = new Map(records.map((r) => [r.id, r]));
  const cruft = [
    'Skip to main content',
    'JOIN US ON TELEGRAM',
    '@millbrook_daily',
    'Powered by Froala Editor',
    'Ctrl + Enter',
    'Advertisement',
    'Now watching',
    'Spread the word',
    'Recent Comments',
    'whatsapp',
    'Why Ferry Tickets',
    'Read also',
    'Tags:',
    'Newsletter',
    'Lesen Sie auch',
    'Teilen',
    'Kommentare',
    'Підписуйтесь',
    'Читайте також',
    'Поділитися',
    '본문 바로가기',
    '무단 전재',
    'Tous droits',
    'Publicidad',
    'Все права',
    '分享到',
    '無断転載',
  ];
  for (const r of records.filter((x) => !x.error)) {
    for (const c of cruft) assert.not.ok(r.text.includes(c), `${r.id} still has "${c}"`);
  }
  const bridge = byId.get('samples/bridge-closure.txt');
  assert.is(bridge.title, 'Old River Bridge to Close for Six Months of Repairs');
  assert.is(bridge.text.split('Drivers will be sent on a signposted detour').length, 2, 'the duplicated run appears once');
  const harbour = byId.get('samples/harbour-festival.txt');
  assert.is(harbour.title, 'Harbour Festival Returns After Five-Year Pause With Record Crowds Expected');
  assert.is(harbour.published, '2025-09-14T09:12');
  assert.is(harbour.byline, 'Daniel Marsh');
  assert.ok(harbour.blocks.some((b: { kind: string; text: string }) => b.kind === 'heading' && b.text === 'Music on the Water'));
  const council = byId.get('samples/city-council.html');
  assert.is(council.title, 'Council Votes to Turn Market Street Car-Free');
  assert.is(council.byline, 'Priya Natarajan');
  assert.is(council.site, 'The Millbrook Gazette');
  assert.ok(council.text.includes('Blue-badge holders keep six parking spaces near the post office.'));
  assert.is(byId.get('samples/vodohin.txt').byline, 'Олена Коваль');
  assert.is(byId.get('ko-doseogwan').byline, '김민지 기자');
  assert.is(byId.get('empty-page').text, '');
});
e2e('a usage error from the real binary exits 2 with a message', async () => {
  const failure = await promisify(execFile)(process.execPath, ['bin/decruft.js', '--nope'], { cwd: ROOT }).then(
    () => null,
    (err: { code: number; stderr: string }) => err,
  );
  assert.is(failure?.code, 2);
  assert.match(failure?.stderr ?? '', /Unknown argument: nope/);
});
e2e('`decruft … | head -n 1` exits 0 with nothing on stderr when the reader goes away', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  const input = join(dir, 'many.ndjson');
  writeFileSync(input, Array.from({ length: 3000 }, (_, i) => line({ id: i, text: PROSE })).join(''));
  for (const jobs of ['0', '2']) {
    // bash's PIPESTATUS holds decruft's own exit status, not head's
    const script = `node bin/decruft.js --jobs ${jobs} "${input}" | head -n 1; echo "status \${PIPESTATUS[0]}"`;
    const { stdout, stderr } = await promisify(execFile)('/bin/bash', ['-c', script], { cwd: ROOT });
    assert.is(stderr, '', `--jobs ${jobs}`);
    const [first, status] = stdout.trim().split('\n');
    assert.is(JSON.parse(first!).id, 0);
    assert.is(status, 'status 0', `--jobs ${jobs}`);
  }
});
e2e('`decruft rules | head -n 2` exits 0 with nothing on stderr', async () => {
  const { stdout, stderr } = await promisify(execFile)('/bin/bash', ['-c', 'node bin/decruft.js rules | head -n 2; echo "status ${PIPESTATUS[0]}"'], {
    cwd: ROOT,
  });
  assert.is(stderr, '');
  assert.match(stdout, /\nstatus 0\n$/);
});
e2e('SIGTERM to the real process: records already read are written, the summary printed, exit 143', async () => {
  // and one stopped while nothing has arrived yet (at the end): started first, so that the time it
  // is given to set up its handlers passes while the other one runs
  const idle = spawn(process.execPath, ['bin/decruft.js'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const idleExit = new Promise<number | null>((resolve) => idle.on('exit', (code) => resolve(code)));
  const idleReady = new Promise((resolve) => setTimeout(resolve, 1500));
  try {
    const child = spawn(process.execPath, ['bin/decruft.js', '--jobs', '1'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdin.write(line({ id: 'a', text: PROSE }) + line({ id: 'b', text: PROSE }));
    while (out.split('\n').length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.is(await exit, 143);
    assert.equal(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
      ['a', 'b'],
    );
    assert.match(err, /2 records read: 2 cleaned .*\(stopped by SIGTERM\)/);
    // and while nothing has arrived yet: stdin is closed, so the process can exit
    await idleReady;
    idle.kill('SIGINT');
    assert.is(await idleExit, 130);
  } finally {
    idle.kill('SIGKILL'); // when an assertion above failed first: not left waiting on its stdin
  }
});
e2e.run();
