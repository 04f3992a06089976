/**
 * What a hostile or careless command line must never do: overwrite an input while it is read, write
 * outside --out-dir, leave an input without output because of a name clash found late, hang on a
 * FIFO or a device, or answer a file-system error with a stack trace. Each case is a command a user
 * could type; the inputs are checked byte for byte afterwards. Runs that clean pass --jobs 0: none is
 * about worker threads, and each worker would load the whole library first (about 0.7 s).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { line, runCli as run, runSerial as serial } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/decruft.js', import.meta.url));
const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';
const tmp = () => mkdtempSync(join(tmpdir(), 'decruft-safety-'));
const records = (n: number) => Array.from({ length: n }, (_, i) => line({ id: i, text: `${PROSE} ${i}` })).join('');
const page = (title: string) => `<html><head><title>${title}</title></head><body><article><p>${PROSE}</p></article></body></html>`;

/** Every file under `dir`, relative to it, sorted. */
const tree = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).sort();

/** The CLI as a child process, in `cwd`; resolves when it exits. */
function spawned(args: string[], cwd: string, asUser?: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const [command, ...rest] = asUser ? [...asUser, process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
  return new Promise((resolve) => {
    execFile(command!, rest, { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const failed = err as (Error & { code?: number; signal?: string }) | null;
      resolve({ code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0, signal: failed?.signal ?? null, stdout, stderr });
    });
  });
}

const overwrite = suite('cli safety: an output that is an input is refused before anything is opened');

overwrite('--out-dir . big.jsonl, --out-dir crawl crawl/, -o x x, a link and a hard link: exit 2, naming both, the input unchanged', async () => {
  const dir = tmp();
  const body = records(300);
  writeFileSync(join(dir, 'big.jsonl'), body);
  mkdirSync(join(dir, 'crawl'));
  writeFileSync(join(dir, 'crawl', 'pages.jsonl'), body);
  symlinkSync(join(dir, 'big.jsonl'), join(dir, 'link.jsonl'));
  linkSync(join(dir, 'big.jsonl'), join(dir, 'hard.jsonl'));
  const cases: Array<[string[], string, string]> = [
    [['--out-dir', dir, join(dir, 'big.jsonl')], join(dir, 'big.jsonl'), join(dir, 'big.jsonl')],
    [['--out-dir', join(dir, 'crawl'), join(dir, 'crawl') + '/'], join(dir, 'crawl', 'pages.jsonl'), join(dir, 'crawl', 'pages.jsonl')],
    [['-o', join(dir, 'big.jsonl'), join(dir, 'big.jsonl')], join(dir, 'big.jsonl'), join(dir, 'big.jsonl')],
    [['-o', join(dir, 'link.jsonl'), join(dir, 'big.jsonl')], join(dir, 'link.jsonl'), join(dir, 'big.jsonl')],
    [['-o', join(dir, '.', 'hard.jsonl'), join(dir, 'big.jsonl')], join(dir, 'hard.jsonl'), join(dir, 'big.jsonl')],
  ];
  for (const [args, output, input] of cases) {
    const { code, stdout, stderr } = await run(args);
    assert.is(code, 2, args.join(' '));
    assert.is(stdout, '');
    assert.ok(stderr.includes(output) && stderr.includes(input), stderr);
    assert.match(stderr, /would be overwritten while it is read/);
  }
  assert.is(readFileSync(join(dir, 'big.jsonl'), 'utf8'), body);
  assert.is(readFileSync(join(dir, 'crawl', 'pages.jsonl'), 'utf8'), body);
});

overwrite.run();

const escape = suite('cli safety: --out-dir keeps every output inside it');

escape('a glob that climbs after its wildcard: the output is mapped inside the folder, nothing written above it', async () => {
  const dir = tmp();
  const work = join(dir, 'od');
  mkdirSync(join(work, 'in', 'a', 'b', 'c'), { recursive: true });
  mkdirSync(join(work, 'other'));
  writeFileSync(join(work, 'other', 'y.html'), page('Y'));
  const climbing = 'in/a/b/*/../../../../other/*.html';
  const { code, stderr } = await spawned(['-q', '--jobs', '0', '--out-dir', 'out', climbing], work);
  assert.is(code, 0, stderr);
  assert.equal(tree(dir), [
    'od',
    'od/in',
    'od/in/a',
    'od/in/a/b',
    'od/in/a/b/c',
    'od/other',
    'od/other/y.html',
    'od/out',
    'od/out/__',
    'od/out/__/__',
    'od/out/__/__/__',
    'od/out/__/__/__/other',
    'od/out/__/__/__/other/y.jsonl',
  ]);
});

escape('a file where another input needs a folder (a.html and a.jsonl/b.html) is refused before anything is read', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'col', 'a.jsonl'), { recursive: true });
  writeFileSync(join(dir, 'col', 'a.html'), page('A'));
  writeFileSync(join(dir, 'col', 'a.jsonl', 'b.html'), page('B'));
  const { code, stderr } = await run(['--out-dir', join(dir, 'out'), join(dir, 'col')]);
  assert.is(code, 2);
  assert.match(stderr, /a\.html would be written to .*a\.jsonl, which .*b\.html needs as a folder/);
  assert.equal(
    tree(dir).filter((p) => p.startsWith('out')),
    [],
  );
});

escape('a file on disk where the output folder must go: a clear error, not EEXIST halfway', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'page.html'), page('P'));
  writeFileSync(join(dir, 'out'), 'a file');
  const { code, stderr } = await run(['-o', join(dir, 'out', 'clean.jsonl'), join(dir, 'page.html')]);
  assert.is(code, 2);
  assert.match(stderr, /cannot write under .*out: it is a file, not a folder/);
});

escape.run();

const named = suite('cli safety: named inputs that cannot be used are usage errors, in one line');

named('a path through a file, a name too long, a device, a URL and an empty --output', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'file.html'), page('F'));
  const cases: Array<[string[], RegExp]> = [
    [[join(dir, 'file.html', 'x')], /^decruft: cannot use .*file\.html\/x: a part of the path before the last is a file, not a folder\n/],
    [[join(dir, 'n'.repeat(300))], /^decruft: cannot use .*: the name is too long for the file system\n/],
    [['/dev/zero'], /^decruft: \/dev\/zero is a device, not a file; to read one, pipe it in/],
    [['https://news.example/story'], /^decruft: https:\/\/news\.example\/story is a URL: decruft reads files and never fetches anything .*curl -s/],
    [['-o', '', join(dir, 'file.html')], /^decruft: --output needs a path\n/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await run(args);
    assert.is(code, 2, args.join(' '));
    assert.is(stdout, '');
    assert.match(stderr, message);
    assert.not.match(stderr, /\n\s+at /); // no stack trace
  }
});

named('FIFOs and dangling links in a walked folder are passed over and counted in the summary', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'page.html'), page('P'));
  symlinkSync(join(dir, 'nowhere.html'), join(dir, 'dangling.html'));
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe.ndjson')]).status === 0;
  const { code, records: out, stderr } = await serial([dir]);
  assert.is(code, 0);
  assert.is(out.length, 1);
  assert.match(stderr, /passed over .*dangling\.html: a symbolic link to nothing/);
  if (fifo) assert.match(stderr, /; 2 files in folders passed over \(1 dangling link, 1 fifo\)/);
  else assert.match(stderr, /; 1 file in folders passed over \(1 dangling link\)/);
});

named.run();

const denied = suite('cli safety: what cannot be read (run as an unprivileged user)');
const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const canDrop = asUser.length === 0 || spawnSync('setpriv', ['--version']).status === 0;

if (!canDrop) {
  console.log('safety.test.ts: permission cases skipped: running as root without setpriv to drop privileges');
} else {
  denied('an unreadable folder met while walking is one read-failed record in its place; the walk goes on', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'col', 'a'), { recursive: true });
    mkdirSync(join(dir, 'col', 'b'));
    mkdirSync(join(dir, 'col', 'c'));
    writeFileSync(join(dir, 'col', 'a', 'one.html'), page('One'));
    writeFileSync(join(dir, 'col', 'b', 'hidden.html'), page('Hidden'));
    writeFileSync(join(dir, 'col', 'c', 'three.html'), page('Three'));
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'col', 'b'), 0o000);
    const args = ['--jobs', '0', join(dir, 'col')];
    const { code, stdout, stderr } = await spawned(args, dir, asUser.length ? asUser : undefined);
    chmodSync(join(dir, 'col', 'b'), 0o755);
    assert.is(code, 0, stderr);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(
      out.map((r) => r.id),
      [join(dir, 'col', 'a', 'one.html'), join(dir, 'col', 'b'), join(dir, 'col', 'c', 'three.html')],
    );
    assert.is(out[1].error.code, 'read-failed');
    assert.match(out[1].error.message, /the folder cannot be read: permission denied/);
  });

  denied('a named folder that cannot be read is a usage error, as a named file is', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'locked'));
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'locked'), 0o000);
    const { code, stderr } = await spawned([join(dir, 'locked')], dir, asUser.length ? asUser : undefined);
    chmodSync(join(dir, 'locked'), 0o755);
    assert.is(code, 2);
    assert.match(stderr, /^decruft: cannot use .*locked: permission denied\n/);
  });

  denied('a named file inside an unreadable folder is a usage error', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'f.txt'), PROSE);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'locked'), 0o000);
    const { code, stderr } = await spawned([join(dir, 'locked', 'f.txt')], dir, asUser.length ? asUser : undefined);
    chmodSync(join(dir, 'locked'), 0o755);
    assert.is(code, 2);
    assert.match(stderr, /^decruft: cannot use .*f\.txt: permission denied\n/);
  });
}

denied.run();

const opening = suite('cli safety: opening the output');

opening('a FIFO output with no reader: the first SIGINT ends the run (130), SIGTERM too (143)', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'in.ndjson'), records(10));
  if (spawnSync('mkfifo', [join(dir, 'out.fifo')]).status !== 0) return;
  // side by side: each waits on its own for a reader that never comes
  const stopped = (['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
    const child = spawn(process.execPath, [BIN, '-o', join(dir, 'out.fifo'), join(dir, 'in.ndjson')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // well into the wait for a reader
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000); // a hang fails the test, not the suite
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { signal, code, stderr };
  });
  for (const { signal, code, stderr } of await Promise.all(stopped)) {
    assert.is(code, { SIGINT: 130, SIGTERM: 143 }[signal], `${signal}: ${stderr}`);
    assert.match(stderr, new RegExp(`stopped by ${signal}`));
  }
});

opening('a FIFO output with a reader gets every record', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'in.ndjson'), records(50));
  if (spawnSync('mkfifo', [join(dir, 'out.fifo')]).status !== 0) return;
  const reader = spawn('cat', [join(dir, 'out.fifo')], { stdio: ['ignore', 'pipe', 'ignore'] });
  let got = '';
  reader.stdout.on('data', (chunk) => (got += chunk));
  const done = new Promise((resolve) => reader.on('exit', resolve));
  const { code } = await spawned(['-q', '--jobs', '0', '-o', join(dir, 'out.fifo'), join(dir, 'in.ndjson')], dir);
  await done;
  assert.is(code, 0);
  assert.is(got.trim().split('\n').length, 50);
});

opening('an output folder that cannot be made (under /proc) fails at once with why, exit 2', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'in.ndjson'), records(3));
  const { code, stderr } = await spawned(['-o', '/proc/decruft-nope/x.jsonl', join(dir, 'in.ndjson')], dir);
  assert.is(code, 2);
  assert.match(stderr, /^decruft: cannot make the folder \/proc\/decruft-nope: /);
});

opening('a full disk under .gz output reports ENOSPC, not a destroyed stream', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'in.ndjson'), records(20));
  symlinkSync('/dev/full', join(dir, 'full.jsonl.gz'));
  for (const output of [join(dir, 'full.jsonl.gz'), '/dev/full']) {
    const { code, stderr } = await serial(['-o', output, join(dir, 'in.ndjson')]);
    assert.is(code, 1);
    assert.match(stderr, /ENOSPC: no space left on device/);
    assert.not.match(stderr, /destroyed/);
  }
});

opening.run();
