/**
 * `decruft batch slurm` on a real one-node Slurm cluster (test/cluster/setup.sh starts munge,
 * slurmctld and slurmd, as root): a 4-shard array job over a folder of pages, a rerun, a shard
 * redone, a task killed halfway. Where Slurm cannot be brought up (not root, not installed), the
 * test is skipped, and says why; the batch tests without Slurm are in test/batch.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Manifest, ShardMarker } from '../src/batch.js';
import { line, runCli, tempDir } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SETUP = join(ROOT, 'test/cluster/setup.sh');
const CLUSTER = join(tmpdir(), 'decruft-slurm-test');

const slurm = suite('batch slurm: a one-node cluster');

/** Starts the cluster; its SLURM_CONF, or why it cannot be had here. */
function startCluster(): { conf: string } | { skip: string } {
  if (process.platform !== 'linux') return { skip: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { skip: 'not root: the test starts munge, slurmctld and slurmd itself' };
  const started = spawnSync('bash', [SETUP, 'start', CLUSTER], { encoding: 'utf8', timeout: 30_000 });
  const conf = /^SLURM_CONF=(.+)$/m.exec(started.stdout ?? '')?.[1];
  if (started.status === 0 && conf) return { conf };
  return { skip: (started.stderr || started.error?.message || `setup.sh exited ${started.status}`).trim() };
}

const batch = (...argv: string[]) => runCli(['batch', ...argv]);
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
const markerOf = (out: string, k: number) => JSON.parse(readFileSync(join(out, `shard-${k}.done.json`), 'utf8')) as ShardMarker;
const mtimes = (out: string, shards: number) => Array.from({ length: shards }, (_, k) => statSync(join(out, `shard-${k}.jsonl.gz`)).mtimeMs);
const squeue = (job: string) => spawnSync('squeue', ['-h', '-j', job], { encoding: 'utf8' }).stdout.trim();

/** Submits OUT's shards still to run; the job id. */
async function submit(out: string): Promise<string> {
  const { code, stdout, stderr } = await batch('slurm', out);
  assert.is(code, 0, stderr);
  assert.match(stdout, /^\d+\n$/, stderr);
  return stdout.trim();
}

async function finished(job: string, ms = 40_000): Promise<void> {
  for (const end = Date.now() + ms; squeue(job) !== ''; await delay(200)) if (Date.now() > end) throw new Error(`job ${job} still queued after ${ms} ms`);
}

/** The ids every input record gets, in manifest order: a page's path, an NDJSON line's id. */
function plannedIds(m: Manifest): string[] {
  return m.shards.flatMap((s) =>
    s.files.flatMap((f) =>
      f.path.endsWith('.html')
        ? [f.path]
        : readFileSync(f.path, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { id: string }).id),
    ),
  );
}

/** A folder of pages in our own words: HTML pages of a made-up town paper, and NDJSON dumps of its notices. */
function samplePages(): string {
  const dir = tempDir('decruft-slurm-pages-');
  mkdirSync(join(dir, 'pages'));
  for (let i = 0; i < 24; i++) {
    const html =
      `<html><head><title>Quay notes ${i}</title></head><body><nav>Front page | Tides | Letters</nav><article><h1>Quay notes ${i}</h1>` +
      `<p>The harbour office said on day ${i} that the ferry to the outer islands will sail from the north quay while the pier is rebuilt.</p>` +
      `<p>Crews expect the work on berth ${i % 5} to take most of the winter, and passengers are asked to allow more time at the gate.</p>` +
      `</article><footer>Share this story</footer></body></html>`;
    writeFileSync(join(dir, 'pages', `page-${String(i).padStart(2, '0')}.html`), html);
  }
  for (let i = 0; i < 4; i++) {
    const lines = Array.from({ length: 30 }, (_, j) =>
      line({
        id: `notice-${i}-${j}`,
        text: `Notice ${i}.${j}\n\nThe lifeboat crew will test the slipway winch on morning ${j} of the month ${i}; the quay stays open.`,
      }),
    );
    writeFileSync(join(dir, 'pages', `notices-${i}.ndjson`), lines.join(''));
  }
  return dir;
}

const cluster = startCluster();
if ('skip' in cluster) {
  console.log(`\n  skipped test/slurm.test.ts: ${cluster.skip}\n`);
  slurm.skip(`a 4-shard array job on a one-node Slurm: skipped, ${cluster.skip}`, () => {});
} else {
  const before = process.env['SLURM_CONF'];
  slurm.before(() => void (process.env['SLURM_CONF'] = cluster.conf));
  slurm.after(() => {
    if (before === undefined) delete process.env['SLURM_CONF'];
    else process.env['SLURM_CONF'] = before;
    spawnSync('bash', [SETUP, 'stop', CLUSTER]);
  });

  slurm('a 4-shard array job cleans every record once, in manifest order; a rerun does nothing; a deleted shard alone is redone', async () => {
    const dir = samplePages();
    const out = join(dir, 'out');
    assert.is((await batch('plan', '--shards', '4', '--out-dir', out, join(dir, 'pages'))).code, 0);
    const m = manifestOf(out);
    assert.is(m.shards.length, 4);
    await finished(await submit(out));
    const status = await batch('status', out);
    assert.match(status.stdout, /4 of 4 shards done, 0 running, 0 failed, 0 damaged, 0 missing/, `${status.stdout}\n${readLogs(out)}`);
    const merged = await batch('merge', out);
    const records = merged.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; error?: unknown });
    assert.equal(
      records.map((r) => r.id),
      plannedIds(m),
    );
    assert.is(new Set(records.map((r) => r.id)).size, records.length, 'each record once');
    assert.is(records.filter((r) => r.error).length, 0);

    const written = mtimes(out, 4);
    const rerun = await batch('slurm', out);
    assert.is(rerun.code, 0);
    assert.is(rerun.stdout, '', 'nothing submitted');
    assert.match(rerun.stderr, /no shard to run \(4 of 4 complete\)/);
    assert.equal(mtimes(out, 4), written);

    unlinkSync(join(out, 'shard-2.jsonl.gz'));
    await finished(await submit(out));
    assert.match(readFileSync(join(out, 'slurm.sh'), 'utf8'), /^#SBATCH --array=2$/m);
    const again = mtimes(out, 4);
    assert.equal([again[0], again[1], again[3]], [written[0], written[1], written[3]], 'the other shards are left alone');
    assert.ok(again[2]! > written[2]!, 'shard 2 is written again');
    assert.is((await batch('merge', out)).stdout, merged.stdout);
  });

  slurm('a task killed halfway leaves nothing under the final name, and the next submission redoes it cleanly', async () => {
    const dir = tempDir('decruft-slurm-slow-');
    mkdirSync(join(dir, 'pages'));
    const lines = Array.from({ length: 3000 }, (_, j) =>
      line({ id: `slow-${j}`, text: `Tide table ${j}\n\nHigh water at the north quay comes ${j % 50} minutes later than the chart says.` }),
    );
    writeFileSync(join(dir, 'pages', 'tides.ndjson'), lines.join(''));
    const out = join(dir, 'out');
    assert.is((await batch('plan', '--shards', '1', '--out-dir', out, join(dir, 'pages'))).code, 0);
    const job = await submit(out);
    for (const end = Date.now() + 20_000; !readdirSync(out).some((name) => name.startsWith('shard-0.partial.')); await delay(20)) {
      if (Date.now() > end) throw new Error(`no partial output of job ${job}: ${readLogs(out)}`);
    }
    await delay(300);
    // the task's own process (the script execs decruft) is killed outright, as an out-of-memory kill would
    spawnSync('scancel', ['--batch', '--signal=KILL', job]);
    await finished(job);
    assert.not.ok(existsSync(join(out, 'shard-0.jsonl.gz')), 'no final output');
    assert.not.ok(existsSync(join(out, 'shard-0.done.json')), 'no marker');
    assert.match((await batch('status', out)).stdout, /0\s+failed.*killed/);
    await finished(await submit(out));
    assert.equal(markerOf(out, 0).records, { in: 3000, out: 3000, failed: 0, empty: 0 }, readLogs(out));
    assert.equal(
      readdirSync(out).filter((name) => name.startsWith('shard-0.partial.')),
      [],
    );
    assert.not.ok(existsSync(join(out, 'shard-0.lock')));
  });
}

function readLogs(out: string): string {
  const logs = join(out, 'logs');
  if (!existsSync(logs)) return '(no logs)';
  return spawnSync('sh', ['-c', `tail -n 5 ${logs}/*`], { encoding: 'utf8' }).stdout;
}

slurm.run();
