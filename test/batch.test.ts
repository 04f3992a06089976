/**
 * `decruft batch`: plans, shard runs, their markers and locks, merge, and the Slurm script. Runs go
 * through main() in-process on the main thread (--jobs 0); the runs that are killed or held while
 * another tries are spawned (the built package), as a cluster's tasks are.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { partition, ranges, takeLock, type Manifest, type ShardMarker } from '../src/batch.js';
import { line, runCli, tempDir } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** A paragraph of our own, different for every record. */
const prose = (n: number) =>
  `Notice ${n}: the harbour office moved the ferry timetable after the pier repairs ran late, and ` +
  `passengers on route ${n % 7} were told to allow twenty minutes more at the terminal gate.`;

/** A folder of inputs: NDJSON files of text records (ids f<i>-r<j>), of `records` each. */
function crawl(files: number, records: (i: number) => number): string {
  const dir = tempDir('decruft-batch-');
  const pages = join(dir, 'pages');
  mkdirSync(pages);
  for (let i = 0; i < files; i++) {
    const lines = Array.from({ length: records(i) }, (_, j) =>
      line({ id: `f${i}-r${j}`, url: `https://harbour.example/notes/${i}/${j}`, text: `Harbour notes ${i}.${j}\n\n${prose(i * 100 + j)}\n\n${prose(j)}` }),
    );
    writeFileSync(join(pages, `part-${String(i).padStart(3, '0')}.ndjson`), lines.join(''));
  }
  return dir;
}

const batch = (...argv: string[]) => runCli(['batch', ...argv]);
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
const markerOf = (out: string, k: number) => JSON.parse(readFileSync(join(out, `shard-${k}.done.json`), 'utf8')) as ShardMarker;
const shardLines = (out: string, k: number) =>
  gunzipSync(readFileSync(join(out, `shard-${k}.jsonl.gz`)))
    .toString()
    .split('\n')
    .filter(Boolean);
/** The ids of every record in the manifest's files, in manifest order. */
const plannedIds = (m: Manifest) =>
  m.shards.flatMap((s) =>
    s.files.flatMap((f) =>
      readFileSync(f.path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ),
  );

async function planAndRunAll(out: string, inputs: string[], shards: number, flags: string[] = []): Promise<Manifest> {
  const planned = await batch('plan', '--shards', String(shards), '--out-dir', out, ...flags, ...inputs);
  assert.is(planned.code, 0, planned.stderr);
  const m = manifestOf(out);
  for (let k = 0; k < m.shards.length; k++) {
    const ran = await batch('run', '--shard', String(k), '--jobs', '0', out);
    assert.is(ran.code, 0, ran.stderr);
  }
  return m;
}

/** `decruft batch run` spawned from the built package. */
function spawnRun(out: string, shard: number): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [join(ROOT, 'bin/decruft.js'), 'batch', 'run', '--shard', String(shard), '--jobs', '0', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return Object.assign(child, { stderrText: () => stderr });
}

/** The partial outputs of shard K in OUT. */
const partials = (out: string, k: number) => readdirSync(out).filter((name) => name.startsWith(`shard-${k}.partial`));

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await delay(20)) if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
}

/** One shard slow enough to be caught halfway: about 2 s on the main thread here. */
function slowShard(): { out: string; inputs: string[] } {
  const dir = crawl(1, () => 3000);
  return { out: join(dir, 'out'), inputs: [join(dir, 'pages')] };
}

// ---------------------------------------------------------------------------------------------

const plan = suite('batch plan');

plan('shards are contiguous runs of the inputs, balanced by bytes: none over its share plus one file', () => {
  const sizes = [5, 900, 40, 40, 3000, 12, 700, 650, 80, 80, 80, 2000, 15, 300, 300, 300, 1, 1, 1, 2500];
  const total = sizes.reduce((a, b) => a + b, 0);
  for (const count of [1, 2, 3, 4, 7, 20]) {
    const runs = partition(sizes, count);
    assert.is(runs.length, count);
    assert.equal(runs.flat(), [...sizes.keys()], 'every file once, in order');
    for (const run of runs) {
      assert.ok(run.length > 0, 'no empty shard');
      const bytes = run.reduce((a, i) => a + sizes[i]!, 0);
      assert.ok(bytes <= total / count + Math.max(...sizes), `${count} shards: a shard of ${bytes} bytes`);
    }
    assert.equal(partition(sizes, count), runs, 'the same sizes, the same cuts');
  }
  assert.equal(partition([10, 10, 10, 10], 2), [
    [0, 1],
    [2, 3],
  ]);
  assert.equal(partition([0, 0, 0], 3), [[0], [1], [2]], 'empty files still give a file a shard');
});

plan('the same inputs give the same manifest, byte for byte; fewer files than shards give fewer shards', async () => {
  const dir = crawl(9, (i) => 1 + (i % 4) * 3);
  const a = await batch('plan', '--shards', '4', '--out-dir', join(dir, 'a'), join(dir, 'pages'));
  const b = await batch('plan', '--shards', '4', '--out-dir', join(dir, 'b'), join(dir, 'pages'));
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  assert.is(readFileSync(join(dir, 'a/manifest.json'), 'utf8'), readFileSync(join(dir, 'b/manifest.json'), 'utf8'));
  const m = manifestOf(join(dir, 'a'));
  assert.is(m.shards.length, 4);
  assert.is(m.total.files, 9);
  const again = await batch('plan', '--shards', '4', '--out-dir', join(dir, 'a'), join(dir, 'pages'));
  assert.is(again.code, 0);
  assert.match(again.stderr, /already holds this plan/);
  const other = await batch('plan', '--shards', '3', '--out-dir', join(dir, 'a'), join(dir, 'pages'));
  assert.is(other.code, 2);
  assert.match(other.stderr, /already holds another plan/);
  const few = await batch('plan', '--shards', '20', '--out-dir', join(dir, 'c'), join(dir, 'pages'));
  assert.is(few.code, 0);
  assert.match(few.stderr, /20 shards asked for, but only 9 files: planning 9/);
});

plan('a missing input is refused, naming it, and nothing is written', async () => {
  const dir = crawl(2, () => 2);
  const gone = join(dir, 'pages', 'not-there.ndjson');
  const { code, stderr } = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'out'), join(dir, 'pages'), gone);
  assert.is(code, 2);
  assert.ok(stderr.includes(gone), stderr);
  assert.not.ok(existsSync(join(dir, 'out')));
});

plan('a file named twice (its folder and itself) is refused, naming it, and nothing is written', async () => {
  const dir = crawl(2, () => 2);
  const twice = join(dir, 'pages', 'part-001.ndjson');
  const { code, stderr } = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'out'), join(dir, 'pages'), twice);
  assert.is(code, 2, stderr);
  assert.match(stderr, new RegExp(`${twice.replace(/[.]/g, '\\.')} is named twice by the inputs .*name it once`));
  assert.not.ok(existsSync(join(dir, 'out')));
});

plan('bad flags and --near-dupes are refused at plan time, with the reason', async () => {
  const dir = crawl(2, () => 2);
  const pages = join(dir, 'pages');
  const favor = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'o1'), '--favor', 'both', pages);
  assert.is(favor.code, 2);
  assert.match(favor.stderr, /--favor/);
  const dupes = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'o2'), '--near-dupes', 'mark', pages);
  assert.is(dupes.code, 2);
  assert.match(dupes.stderr, /a shard reads only its own: run decruft --near-dupes over the inputs in one run/);
  const stories = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'o5'), '--stories', pages);
  assert.is(stories.code, 2);
  assert.match(stories.stderr, /--stories puts the write-ups of one event in one story across every record, and a shard reads only its own/);
  const memory = await batch('plan', '--shards', '2', '--out-dir', join(dir, 'o4'), '--memory', '8', pages);
  assert.is(memory.code, 2);
  assert.match(memory.stderr, /--memory: expected a whole number of megabytes, at least \d+/);
  const shards = await batch('plan', '--shards', '0', '--out-dir', join(dir, 'o3'), pages);
  assert.is(shards.code, 2);
  assert.match(shards.stderr, /--shards: expected a whole number, 1 or more/);
});

plan('a file system refusal is a message, not a stack: --out-dir naming a file, a folder where slurm.sh goes', async () => {
  const dir = crawl(2, () => 2);
  const file = join(dir, 'pages', 'part-000.ndjson');
  const onFile = await batch('plan', '--shards', '2', '--out-dir', file, join(dir, 'pages'));
  assert.is(onFile.code, 2, onFile.stderr);
  assert.match(onFile.stderr, /--out-dir .*part-000\.ndjson is a file, not a folder/);
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '2', '--out-dir', out, join(dir, 'pages'))).code, 0);
  mkdirSync(join(out, 'slurm.sh'));
  const slurm = await batch('slurm', out);
  assert.is(slurm.code, 1, slurm.stderr);
  assert.match(slurm.stderr, /^decruft batch slurm: EISDIR: .*slurm\.sh'\n$/);
});

plan('every subcommand has its --help', async () => {
  for (const command of ['plan', 'run', 'status', 'merge', 'slurm']) {
    const { code, stdout } = await batch(command, '--help');
    assert.is(code, 0, command);
    assert.match(stdout, new RegExp(`Usage: decruft batch ${command}`));
  }
  const top = await batch('--help');
  assert.match(top.stdout, /decruft batch plan --shards N --out-dir OUT/);
  const unknown = await batch('frobnicate');
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});

// ---------------------------------------------------------------------------------------------

const run = suite('batch run');

run('a shard is written whole with its marker; a rerun skips it', async () => {
  const dir = crawl(4, () => 5);
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '2', '--out-dir', out, join(dir, 'pages'))).code, 0);
  const first = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(first.code, 0, first.stderr);
  const marker = markerOf(out, 0);
  assert.equal(marker.records, { in: 10, out: 10, failed: 0, empty: 0 });
  assert.is(marker.files, 2);
  assert.is(shardLines(out, 0).length, 10);
  assert.not.ok(existsSync(join(out, 'shard-0.lock')), 'the lock is gone');
  assert.equal(partials(out, 0), [], 'no partial file is left');
  const written = statSync(join(out, 'shard-0.jsonl.gz')).mtimeMs;
  const second = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(second.code, 0);
  assert.match(second.stderr, /shard 0 is complete \(records in 10, out 10, failed 0\); skipped/);
  assert.is(statSync(join(out, 'shard-0.jsonl.gz')).mtimeMs, written);
  const status = await batch('status', out);
  assert.match(status.stdout, /1 of 2 shards done, 0 running, 0 failed, 0 damaged, 1 missing; records in 10, out 10, failed 0/);
  assert.is(status.code, 1, 'not every shard is done');
  assert.is((await batch('run', '--shard', '1', '--jobs', '0', out)).code, 0);
  const all = await batch('status', out);
  assert.match(all.stdout, /2 of 2 shards done/);
  assert.is(all.code, 0);
  const bad = await batch('run', '--shard', '2', out);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--shard: expected a whole number from 0 to 1 \(the plan has 2 shards\), got 2/);
});

run('deleting one shard output redoes that shard alone', async () => {
  const dir = crawl(6, () => 3);
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 3);
  const before = [0, 1, 2].map((k) => statSync(join(out, `shard-${k}.jsonl.gz`)).mtimeMs);
  unlinkSync(join(out, 'shard-1.jsonl.gz'));
  assert.match((await batch('status', out)).stdout, /1\s+missing.*its output was deleted/);
  const redone: string[] = [];
  for (const k of [0, 1, 2]) {
    const { stderr } = await batch('run', '--shard', String(k), '--jobs', '0', out);
    if (/done: /.test(stderr)) redone.push(String(k));
  }
  assert.equal(redone, ['1']);
  assert.is(statSync(join(out, 'shard-0.jsonl.gz')).mtimeMs, before[0]);
  assert.is(statSync(join(out, 'shard-2.jsonl.gz')).mtimeMs, before[2]);
  assert.is(shardLines(out, 1).length, 6);
});

run('an output damaged after its marker is damaged, not done: status shows it, merge refuses it, a rerun redoes it', async () => {
  const dir = crawl(4, () => 3);
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 2);
  const whole = readFileSync(join(out, 'shard-1.jsonl.gz'));
  assert.equal(markerOf(out, 1).output.bytes, whole.length);
  // a copy cut short: another size
  truncateSync(join(out, 'shard-1.jsonl.gz'), whole.length - 10);
  const status = await batch('status', out);
  assert.match(status.stdout, /1\s+damaged.*its output holds \d+ bytes, its marker says \d+/);
  assert.match(status.stdout, /1 of 2 shards done, 0 running, 0 failed, 1 damaged, 0 missing/);
  assert.match((await batch('slurm', out, '--dry-run')).stdout, /^#SBATCH --array=1$/m);
  const redone = await batch('run', '--shard', '1', '--jobs', '0', out);
  assert.is(redone.code, 0, redone.stderr);
  assert.match(redone.stderr, /shard 1 is damaged .*; cleaning it again/);
  assert.equal(readFileSync(join(out, 'shard-1.jsonl.gz')), whole);
  // the same size, other bytes: only the sha256 tells, and merge checks it
  const flipped = Buffer.from(whole);
  flipped[flipped.length - 5]! ^= 0xff;
  writeFileSync(join(out, 'shard-1.jsonl.gz'), flipped);
  const merged = await batch('merge', out);
  assert.is(merged.code, 2);
  assert.match(merged.stderr, /shard 1 \(damaged\) not complete/);
  assert.is(merged.stdout, '');
});

run('a run killed halfway leaves no output under the final name, and a rerun completes the shard', async () => {
  const { out, inputs } = slowShard();
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, ...inputs)).code, 0);
  const child = spawnRun(out, 0);
  const ended = exited(child);
  // the partial output is named after the run writing it: a run that lost its lock never writes into another's
  await until(() => existsSync(join(out, `shard-0.partial.${hostname()}.${child.pid}.jsonl.gz`)), "the run's partial output");
  await delay(400);
  child.kill('SIGKILL');
  assert.is((await ended).signal, 'SIGKILL');
  assert.not.ok(existsSync(join(out, 'shard-0.jsonl.gz')), 'no final output');
  assert.not.ok(existsSync(join(out, 'shard-0.done.json')), 'no marker');
  assert.match((await batch('status', out)).stdout, /0\s+failed.*killed: left by pid \d+/);
  const rerun = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(rerun.code, 0, rerun.stderr);
  assert.equal(markerOf(out, 0).records, { in: 3000, out: 3000, failed: 0, empty: 0 });
  assert.is(shardLines(out, 0).length, 3000);
  assert.equal(partials(out, 0), [], "the killed run's partial output is cleared away");
});

run('a second run of a shard being run finds it locked; SIGTERM stops the first with nothing left', async () => {
  const { out, inputs } = slowShard();
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, ...inputs)).code, 0);
  const child = spawnRun(out, 0);
  const ended = exited(child);
  await until(() => existsSync(join(out, 'shard-0.lock')), 'the lock');
  const second = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(second.code, 1);
  assert.match(second.stderr, /shard 0 is locked: held by pid \d+ on .* not run twice/);
  assert.match((await batch('status', out)).stdout, /0\s+running/);
  child.kill('SIGTERM');
  const { code } = await ended;
  assert.is(code, 143, child.stderrText());
  assert.match(child.stderrText(), /stopped by SIGTERM; nothing written under its final name/);
  for (const left of ['shard-0.jsonl.gz', 'shard-0.lock', 'shard-0.done.json']) assert.not.ok(existsSync(join(out, left)), left);
  assert.equal(partials(out, 0), []);
});

run('a damaged lock is stale: the next run takes it over', async () => {
  const dir = crawl(2, () => 2);
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, join(dir, 'pages'))).code, 0);
  writeFileSync(join(out, 'shard-0.lock'), '{"pid": 41'); // cut short by a full disk
  const ran = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(ran.code, 0, ran.stderr);
  assert.is(markerOf(out, 0).records.in, 4);
  assert.not.ok(existsSync(join(out, 'shard-0.lock')));
});

run('of runs taking over one stale lock at once, one alone gets it', async () => {
  const dir = tempDir('decruft-batch-lock-');
  const dead = spawn(process.execPath, ['-e', '']);
  await exited(dead);
  for (let round = 0; round < 100; round++) {
    const path = join(dir, `shard-${round}.lock`);
    writeFileSync(path, JSON.stringify({ pid: dead.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', token: 'gone' }));
    const tries = await Promise.all(Array.from({ length: 12 }, () => takeLock(path)));
    const won = tries.filter((t) => 'release' in t);
    assert.is(won.length, 1, `round ${round}: ${won.length} runs hold the lock`);
    await Promise.all(won.map((lock) => 'release' in lock && lock.release()));
  }
});

run('a lock taken over is not released by the run that lost it, and that run writes nothing under the final name', async () => {
  const dir = tempDir('decruft-batch-lock-');
  const path = join(dir, 'shard-0.lock');
  const mine = await takeLock(path);
  assert.ok('release' in mine);
  const theirs = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), token: 'another run' });
  writeFileSync(path, theirs);
  assert.not.ok(await mine.held());
  await mine.release();
  assert.is(readFileSync(path, 'utf8'), theirs, 'the other run keeps its lock');

  const { out, inputs } = slowShard();
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, ...inputs)).code, 0);
  const child = spawnRun(out, 0);
  const ended = exited(child);
  await until(() => existsSync(join(out, 'shard-0.lock')), 'the lock');
  writeFileSync(join(out, 'shard-0.lock'), theirs);
  assert.is((await ended).code, 1, child.stderrText());
  assert.match(child.stderrText(), /shard 0: its lock .*shard-0\.lock was taken over \(held by pid \d+ .*\); this run's output is thrown away/);
  for (const left of ['shard-0.jsonl.gz', 'shard-0.done.json', 'shard-0.failed.json']) assert.not.ok(existsSync(join(out, left)), left);
  assert.equal(partials(out, 0), []);
  assert.is(readFileSync(join(out, 'shard-0.lock'), 'utf8'), theirs);
});

run('an input gone or damaged at run time gives read-failed records, and the shard completes', async () => {
  const dir = crawl(3, () => 4);
  const pages = join(dir, 'pages');
  // one of them gzipped, to be cut short
  const zipped = join(pages, 'part-001.ndjson.gz');
  writeFileSync(zipped, gzipSync(readFileSync(join(pages, 'part-001.ndjson'))));
  unlinkSync(join(pages, 'part-001.ndjson'));
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, pages)).code, 0);
  unlinkSync(join(pages, 'part-002.ndjson'));
  truncateSync(zipped, statSync(zipped).size - 12);
  const ran = await batch('run', '--shard', '0', '--jobs', '0', out);
  assert.is(ran.code, 0, ran.stderr);
  const records = shardLines(out, 0).map((l) => JSON.parse(l) as { id?: string; error?: { code: string; message: string } });
  const failed = records.filter((r) => r.error);
  const readFailed = failed.filter((r) => r.error!.code === 'read-failed');
  assert.is(readFailed.length, 2, 'one for the file gone, one for the file cut short');
  assert.ok(
    readFailed.some((r) => r.error!.message.includes('part-002.ndjson')),
    'the vanished file is named',
  );
  // the line the cut went through, if any, is what it is: not JSON
  for (const record of failed) assert.ok(['read-failed', 'invalid-json'].includes(record.error!.code), record.error!.code);
  assert.equal(
    records.slice(0, 4).map((r) => r.id),
    ['f0-r0', 'f0-r1', 'f0-r2', 'f0-r3'],
    'the intact file is whole',
  );
  const marker = markerOf(out, 0);
  assert.is(marker.records.failed, failed.length);
  assert.is(marker.errors['read-failed'], 2);
  assert.is(marker.records.in, records.length);
});

// ---------------------------------------------------------------------------------------------

const manifest = suite('batch manifest checks');

manifest('a foreign, newer or hand-edited manifest is refused with what is wrong', async () => {
  const dir = crawl(4, () => 2);
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 2);
  const path = join(out, 'manifest.json');
  const good = readFileSync(path, 'utf8');
  const edit = (change: (m: Manifest & Record<string, unknown>) => void) => {
    const m = JSON.parse(good) as Manifest & Record<string, unknown>;
    change(m);
    writeFileSync(path, JSON.stringify(m));
  };
  const cases: Array<[string, () => void, RegExp]> = [
    ['not JSON', () => writeFileSync(path, good.slice(0, 40)), /manifest\.json is not valid JSON/],
    ['another format', () => edit((m) => (m.format = 'other-tool' as never)), /is not a decruft batch manifest \(expected format "decruft-batch"\)/],
    ['a newer version', () => edit((m) => (m.version = 9)), /version 9, made by a newer decruft; this one reads version 1: upgrade decruft/],
    [
      'a file moved between shards',
      () => edit((m) => m.shards[1]!.files.push(m.shards[0]!.files.pop()!)),
      /inconsistent: shard 0 says \d+ bytes, its files hold \d+/,
    ],
    ['a file in two shards', () => edit((m) => m.shards[1]!.files.push(m.shards[0]!.files[0]!)), /inconsistent: .* is in shard 0 and shard 1/],
    ['a relative path', () => edit((m) => (m.shards[0]!.files[0]!.path = 'pages/x.ndjson')), /inconsistent: shard 0, file 0: "path" must be an absolute path/],
    ['options edited', () => edit((m) => (m.options[m.options.indexOf('--favor') + 1] = 'wild')), /its options cannot be read: .*wild/],
    ['options added', () => edit((m) => m.options.push('--memory', '8')), /its options cannot be used: --memory: expected/],
    [
      'shards swapped, consistently, after they ran',
      () => edit((m) => m.shards.reverse()),
      /shard-0\.done\.json was written for another plan of shard 0: the manifest was changed after the shard ran/,
    ],
  ];
  for (const [what, change, message] of cases) {
    change();
    const { code, stderr } = await batch('run', '--shard', '0', '--jobs', '0', out);
    assert.is(code, 2, what);
    assert.match(stderr, message, `${what}: ${stderr}`);
  }
  writeFileSync(path, good);
  assert.is((await batch('run', '--shard', '0', out)).code, 0);
  const none = await batch('status', join(dir, 'nowhere'));
  assert.is(none.code, 2);
  assert.match(none.stderr, /no plan in .*nowhere .*make one with decruft batch plan/);
});

manifest('a rule file changed after the plan is refused; options pass through to every shard', async () => {
  const dir = crawl(4, () => 2);
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    [
      'rules:',
      '  - id: custom.route-note',
      '    why: the route reminder our test pages end with',
      '    match: start',
      '    maxWords: 40',
      '    phrases: { en: ["notice 1"] }',
      '    examples: { cruft: ["Notice 1: the harbour office moved the timetable"], keep: ["The notice was posted."] }',
      '',
    ].join('\n'),
  );
  const out = join(dir, 'out');
  const flags = ['--rules', rules, '--format', 'text', '--explain'];
  const planned = await batch('plan', '--shards', '2', '--out-dir', out, ...flags, join(dir, 'pages'));
  assert.is(planned.code, 0, planned.stderr);
  assert.ok(manifestOf(out).options.includes(rules));
  for (const k of [0, 1]) assert.is((await batch('run', '--shard', String(k), '--jobs', '0', out)).code, 0);
  assert.ok(existsSync(join(out, 'shard-0.txt.gz')), 'the format names the shard files');
  const merged = await batch('merge', out);
  const single = await runCli(['--jobs', '0', '-q', ...flags, join(dir, 'pages')]);
  assert.is(merged.stdout, single.stdout, 'the shards together give what one run gives');
  writeFileSync(rules, readFileSync(rules, 'utf8').replace('notice 1', 'notice 2'));
  rmSync(join(out, 'shard-1.txt.gz'));
  const changed = await batch('run', '--shard', '1', '--jobs', '0', out);
  assert.is(changed.code, 2);
  assert.match(changed.stderr, /rules\.yaml has changed since the plan/);
  assert.match((await batch('status', out)).stdout, /1\s+failed.*error: .*rules\.yaml has changed since the plan/, 'the shard failed, and says why');
});

manifest('the output format is read as the options parse: --format=text names the shard .txt.gz', async () => {
  const dir = crawl(2, () => 2);
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '1', '--out-dir', out, '--format', 'text', join(dir, 'pages'))).code, 0);
  const m = manifestOf(out);
  const at = m.options.indexOf('--format');
  m.options.splice(at, 2, '--format=text');
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(m));
  assert.is((await batch('run', '--shard', '0', '--jobs', '0', out)).code, 0);
  assert.ok(existsSync(join(out, 'shard-0.txt.gz')));
  assert.not.ok(existsSync(join(out, 'shard-0.jsonl.gz')));
});

// ---------------------------------------------------------------------------------------------

const merge = suite('batch merge');

merge('merge writes every input record once, in manifest order, the output of one decruft run', async () => {
  const dir = crawl(11, (i) => 1 + ((i * 5) % 9));
  const out = join(dir, 'out');
  const m = await planAndRunAll(out, [join(dir, 'pages')], 4);
  const merged = await batch('merge', out);
  assert.is(merged.code, 0, merged.stderr);
  const ids = merged.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);
  assert.equal(ids, plannedIds(m));
  assert.is(new Set(ids).size, ids.length);
  const single = await runCli(['--jobs', '0', '-q', join(dir, 'pages')]);
  assert.is(merged.stdout, single.stdout);
  const gz = await batch('merge', '-o', join(dir, 'all.jsonl.gz'), out);
  assert.is(gz.code, 0);
  assert.is(gunzipSync(readFileSync(join(dir, 'all.jsonl.gz'))).toString(), merged.stdout);
});

merge('a shard that is not gzip is an error naming it, -o leaves no half file, and an output in OUT is refused', async () => {
  const dir = crawl(3, () => 4);
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 3);
  const shard0 = readFileSync(join(out, 'shard-0.jsonl.gz'));
  const into = join(out, 'shard-0.jsonl.gz');
  for (const target of [into, join(out, 'all.jsonl'), join(out, 'logs', 'all.jsonl')]) {
    const refused = await batch('merge', '-o', target, out);
    assert.is(refused.code, 2, target);
    assert.match(refused.stderr, /is in .*out, the folder of the batch: write the merged output elsewhere|is the input/, refused.stderr);
  }
  assert.equal(readFileSync(into), shard0, 'the shard is untouched');
  // shard 1 written wrong, cut short before it was marked: its marker says what is there
  const path = join(out, 'shard-1.jsonl.gz');
  const cut = readFileSync(path).subarray(0, 30);
  writeFileSync(path, cut);
  const marker = markerOf(out, 1);
  marker.output = { bytes: cut.length, sha256: createHash('sha256').update(cut).digest('hex') };
  writeFileSync(join(out, 'shard-1.done.json'), JSON.stringify(marker));
  for (const to of [[], ['-o', join(dir, 'all.jsonl.gz')]]) {
    const merged = await batch('merge', ...to, out);
    assert.is(merged.code, 2, merged.stderr);
    assert.match(merged.stderr, /^decruft batch merge: shard 1 \(.*shard-1\.jsonl\.gz\) cannot be read: unexpected end of file/, merged.stderr);
    assert.not.match(merged.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.equal(readdirSync(dir).sort(), ['out', 'pages'], 'no merged file, whole or partial');
});

merge('inputs named relatively keep their names: the ids of HTML pages are what one decruft run gives them', async () => {
  const dir = tempDir('decruft-batch-relative-');
  mkdirSync(join(dir, 'pages'));
  for (let i = 0; i < 4; i++) {
    const page = `<html><head><title>Pier ${i}</title></head><body><article><h1>Pier ${i}</h1><p>${prose(i)}</p><p>${prose(i + 9)}</p></article></body></html>`;
    writeFileSync(join(dir, 'pages', `pier-${i}.html`), page);
  }
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const m = await planAndRunAll('out', ['pages'], 2);
    assert.is(m.shards[0]!.files[0]!.path, join(dir, 'pages', 'pier-0.html'), 'read by absolute path');
    const merged = await batch('merge', 'out');
    const single = await runCli(['--jobs', '0', '-q', 'pages']);
    assert.equal(
      merged.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id),
      ['pages/pier-0.html', 'pages/pier-1.html', 'pages/pier-2.html', 'pages/pier-3.html'],
    );
    assert.is(merged.stdout, single.stdout);
  } finally {
    process.chdir(cwd);
  }
});

merge('merge refuses while a shard is not complete, naming it', async () => {
  const dir = crawl(3, () => 2);
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 3);
  rmSync(join(out, 'shard-2.jsonl.gz'));
  const { code, stderr } = await batch('merge', out);
  assert.is(code, 2);
  assert.match(stderr, /shard 2 \(missing\) not complete: run it first/);
});

merge('with --learn-sites, the plan learns every record once and each shard decides with that memory: one run of two passes', async () => {
  const dir = tempDir('decruft-batch-sites-');
  mkdirSync(join(dir, 'pages'));
  // a newsletter prompt (a rule takes it out anyway) and a footer only the site memory knows is chrome
  const chrome = ['Sign up for the Quayside Weekly letter', 'Quayside Gazette, on the pier since 1911'];
  for (let i = 0; i < 6; i++) {
    const lines = Array.from({ length: 4 }, (_, j) =>
      line({
        id: `s${i}-${j}`,
        url: `https://quayside.example/story/${i}-${j}`,
        text: `Story ${i}.${j}\n\n${prose(i * 10 + j)}\n\n${chrome[0]}\n\n${prose(j + 50)}\n\n${chrome[1]}`,
      }),
    );
    writeFileSync(join(dir, 'pages', `day-${i}.ndjson`), lines.join(''));
  }
  const out = join(dir, 'out');
  await planAndRunAll(out, [join(dir, 'pages')], 3, ['--learn-sites']);
  assert.ok(existsSync(join(out, 'sites.json')));
  const merged = await batch('merge', out);
  const single = await runCli(['--jobs', '0', '-q', '--learn-sites', '--site-passes', '2', join(dir, 'pages')]);
  assert.is(merged.stdout, single.stdout);
  const held = await runCli(['--jobs', '0', '-q', '--learn-sites', '--site-hold', '1000', join(dir, 'pages')]);
  assert.is(merged.stdout, held.stdout);
  const records = merged.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string });
  assert.is(records.length, 24);
  for (const record of records) {
    assert.ok(record.text.includes(prose(Number(record.id[1]) * 10 + Number(record.id[3]))), `${record.id} keeps its story`);
    for (const line of chrome) assert.not.ok(record.text.includes(line), `${record.id}: "${line}" is gone`);
  }
  // without the site memory the footer stays: what the shards took out, they learned
  const plain = await runCli(['--jobs', '0', '-q', join(dir, 'pages')]);
  const plainTexts = plain.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  assert.is(plainTexts.filter((text) => text.includes(chrome[1]!)).length, 24, 'the footer is kept on every page without --learn-sites');
});

// ---------------------------------------------------------------------------------------------

const slurm = suite('batch slurm');

slurm('--dry-run prints an array script of the shards still to run, each task running batch run', async () => {
  const dir = crawl(4, () => 2);
  const out = join(dir, 'out');
  assert.is((await batch('plan', '--shards', '4', '--out-dir', out, join(dir, 'pages'))).code, 0);
  const all = await batch('slurm', out, '--dry-run', '--partition=cpu', '-c', '4', '--time=0:30:00');
  assert.is(all.code, 0, all.stderr);
  const script = all.stdout;
  assert.match(script, /^#!\/bin\/bash\n/);
  assert.match(script, /^#SBATCH --array=0-3$/m);
  assert.match(script, new RegExp(`^#SBATCH --output=${out}/logs/shard-%a\\.log$`, 'm'));
  assert.match(script, /^#SBATCH --partition=cpu$/m);
  assert.match(script, /^#SBATCH -c 4$/m);
  assert.match(script, /^#SBATCH --time=0:30:00$/m);
  assert.match(script, /bin\/decruft\.js batch run --shard "\$SLURM_ARRAY_TASK_ID" --jobs "\$\{SLURM_CPUS_PER_TASK:-1\}" /);
  assert.ok(script.trimEnd().endsWith(out), 'the task runs the plan in OUT');
  assert.not.ok(existsSync(join(out, 'slurm.sh')), 'a dry run writes nothing');
  assert.match(all.stderr, /dry run: nothing written; the tasks log to .*\/logs\/, which must exist before the script is submitted/);
  const throttled = await batch('slurm', out, '--dry-run', '--max-running', '2', '--partition=cpu');
  assert.match(throttled.stdout, /^#SBATCH --array=0-3%2$/m);
  assert.match(throttled.stdout, /^#SBATCH --partition=cpu$/m);
  assert.is((await batch('slurm', out, '--dry-run', '--max-running=0')).code, 2);
  for (const k of [0, 2]) assert.is((await batch('run', '--shard', String(k), '--jobs', '0', out)).code, 0);
  assert.match((await batch('slurm', out, '--dry-run')).stdout, /^#SBATCH --array=1,3$/m);
  for (const k of [1, 3]) assert.is((await batch('run', '--shard', String(k), '--jobs', '0', out)).code, 0);
  const none = await batch('slurm', out, '--dry-run');
  assert.is(none.stdout, '');
  assert.match(none.stderr, /no shard to run \(4 of 4 complete\); nothing submitted/);
  const array = await batch('slurm', out, '--array=0-1');
  assert.is(array.code, 2);
  assert.match(array.stderr, /--array is set from the shards still to run/);
  assert.is(ranges([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
});

plan.run();
run.run();
manifest.run();
merge.run();
slurm.run();
