import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/cli.js';
import { Collector, line } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';

async function run(argv: string[], stdin = '') {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await main(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    get records() {
      return stdout.records;
    },
  };
}

const usage = suite('cli: usage');
usage('--help answers what the tool does, its inputs, outputs, exit codes and examples', async () => {
  const { code, stdout } = await run(['--help']);
  assert.is(code, 0);
  for (const part of ['Usage: decruft', '--explain', '*.ndjson', '*.html', '*.txt', '"error"', 'Exit status', 'Examples']) {
    assert.ok(stdout.includes(part), `help lacks ${part}`);
  }
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
  const bad = await run(['--favor', 'both']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /favor/);
  const page = ['Home', 'News', 'Sport', 'Weather', PROSE, 'Related articles', 'A bakery opened near the station on Monday, and the queue reached the end of the street.'].join('\n');
  const kept = async (favor: string) => (await run(['--favor', favor], line({ id: 1, text: page }))).records[0]!['text'] as string;
  assert.not.ok((await kept('precision')).includes('bakery'));
  assert.ok((await kept('recall')).length >= (await kept('precision')).length);
});
usage('--jobs, --timeout, --memory and --dom take what they say; anything else is a usage error', async () => {
  for (const argv of [['--jobs', '-1'], ['--jobs', '1.5'], ['--jobs', 'many'], ['--timeout', '-3'], ['--timeout', 'soon'], ['--memory', '8'], ['--dom', 'domino']]) {
    const { code, stdout, stderr } = await run(argv);
    assert.is(code, 2, argv.join(' '));
    assert.is(stdout, '');
    assert.match(stderr, new RegExp(argv[0]!.slice(2)));
  }
  const { stdout } = await run(['--help']);
  assert.match(stdout, /--jobs/);
  assert.match(stdout, /--timeout/);
});
usage('the samples come out the same on the main thread and on worker threads', async () => {
  const files = ['city-council.html', 'radweg.html', 'mixed.ndjson', 'vodohin.txt'].map((f) => join(SAMPLES, f));
  const inThread = await run(['--jobs', '0', '--explain', ...files]);
  const onWorkers = await run(['--jobs', '2', '--explain', ...files]);
  assert.is(inThread.code, 0);
  assert.is(onWorkers.code, 0);
  assert.ok(inThread.records.length >= 4);
  assert.is(onWorkers.stdout, inThread.stdout);
});
usage('a missing file, a directory or stdin twice is a usage error before any output', async () => {
  for (const [argv, message] of [
    [[join(SAMPLES, 'city-council.html'), 'no/such/file.html'], /no such file: no\/such\/file\.html/],
    [[SAMPLES], /is a directory/],
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
  const { code, records } = await run([], line({ id: 1, text: PROSE }) + 'garbage\n' + line({ id: 3, text: PROSE }));
  assert.is(code, 0);
  assert.equal(records.map((r) => [r['id'] ?? null, r['error']?.code ?? null]), [[1, null], [null, 'invalid-json'], [3, null]]);
});
io('html and txt files are one record each with their path as id; ndjson files are read line by line', async () => {
  const files = readdirSync(SAMPLES).sort().map((f) => join(SAMPLES, f));
  const { code, records } = await run(files);
  assert.is(code, 0);
  const ndjsonLines = 11;
  assert.is(records.length, files.length - 1 + ndjsonLines);
  assert.is(records[0]!['id'], join(SAMPLES, 'bridge-closure.txt'));
  const failed = records.filter((r) => r['error']);
  assert.equal(failed.map((r) => r['error'].code), ['invalid-json', 'not-an-object', 'no-content', 'wrong-type']);
  assert.ok(failed.every((r) => r['error'].file === join(SAMPLES, 'mixed.ndjson') && r['error'].line > 0));
});
io('files without a known extension are sniffed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  writeFileSync(join(dir, 'page'), `<html><body><article><p>${PROSE}</p></article></body></html>`);
  writeFileSync(join(dir, 'records'), line({ id: 'r1', text: PROSE }));
  writeFileSync(join(dir, 'notes'), `Notes Title\n${PROSE}`);
  const { records } = await run([join(dir, 'page'), join(dir, 'records'), join(dir, 'notes')]);
  assert.equal(records.map((r) => r['id']), [join(dir, 'page'), 'r1', join(dir, 'notes')]);
  assert.ok(records.every((r) => r['text'] === PROSE));
});
io('--explain adds removed blocks with reasons and the extractor', async () => {
  const { records } = await run(['--explain'], line({ id: 1, text: `Skip to main content\n${PROSE}` }));
  assert.equal(records[0]!['removed'], [{ reason: 'nav.skip-link', step: 'strip', index: 0, text: 'Skip to main content' }]);
  assert.is(records[0]!['extractedBy'], 'text');
  const plain = await run([], line({ id: 1, text: PROSE }));
  assert.not.ok('removed' in plain.records[0]!);
});
io.run();

const e2e = suite('cli: end to end (spawned, built package)');
e2e('file names that look like numbers are read as names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-cli-'));
  writeFileSync(join(dir, '1e3'), PROSE);
  writeFileSync(join(dir, '007'), PROSE);
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/decruft.js'), '1e3', '007'], { cwd: dir });
  assert.equal(stdout.trim().split('\n').map((l) => JSON.parse(l).id), ['1e3', '007']);
});
e2e('cleans every sample: one line per record, cruft gone, article kept, metadata lifted', async () => {
  const files = readdirSync(SAMPLES).sort().map((f) => join('samples', f));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/decruft.js', ...files], { cwd: ROOT });
  assert.is(stderr, '');
  const records = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.is(records.length, files.length - 1 + 11);
  const byId = new Map(records.map((r) => [r.id, r]));
  const cruft = [
    'Skip to main content', 'JOIN US ON TELEGRAM', '@millbrook_daily', 'Powered by Froala Editor', 'Ctrl + Enter',
    'Advertisement', 'Now watching', 'Spread the word', 'Recent Comments', 'whatsapp', 'Why Ferry Tickets',
    'Read also', 'Tags:', 'Newsletter', 'Lesen Sie auch', 'Teilen', 'Kommentare', 'Підписуйтесь', 'Читайте також',
    'Поділитися', '본문 바로가기', '무단 전재', 'Tous droits', 'Publicidad', 'Все права', '分享到', '無断転載',
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
e2e.run();
