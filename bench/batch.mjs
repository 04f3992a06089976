#!/usr/bin/env node
/**
 * A sharded batch on a real (one-node) Slurm against one decruft process, on the same files: wall
 * time of each, and whether the merged shards equal the single run's output byte for byte.
 *
 *   node bench/batch.mjs [--shards 4] [--files 20] [--dev DIR]
 *
 * Input: the 500 traf dev HTML pages (../shared/dev) cut into --files gzipped NDJSON files. The
 * cluster is the one test/slurm.test.ts uses (test/cluster/setup.sh: munge, slurmctld and slurmd
 * as root, in a folder of their own), started here and stopped at the end. Needs root, slurm-wlm
 * and munge, and a build (npm run build).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'decruft.js');
const SETUP = join(root, 'test', 'cluster', 'setup.sh');
const { values: opts } = parseArgs({
  options: {
    shards: { type: 'string', default: '4' },
    files: { type: 'string', default: '20' },
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'decruft-batch-bench-'));
const cluster = join(dir, 'cluster');
try {
  const lines = gunzipSync(readFileSync(join(opts.dev, 'traf-dev-html.ndjson.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  const files = Number(opts.files);
  const inputs = join(dir, 'in');
  mkdirSync(inputs);
  const per = Math.ceil(lines.length / files);
  for (let f = 0; f < files; f++) {
    const name = join(inputs, `part-${String(f).padStart(3, '0')}.ndjson.gz`);
    writeFileSync(name, gzipSync(lines.slice(f * per, (f + 1) * per).join('\n') + '\n'));
  }
  const names = Array.from({ length: files }, (_, f) => join(inputs, `part-${String(f).padStart(3, '0')}.ndjson.gz`));

  let started = performance.now();
  const single = execFileSync(process.execPath, [BIN, '-q', ...names], { maxBuffer: 1 << 30 });
  const singleS = (performance.now() - started) / 1000;

  const up = spawnSync('bash', [SETUP, 'start', cluster], { encoding: 'utf8' });
  const conf = /^SLURM_CONF=(.+)$/m.exec(up.stdout ?? '')?.[1];
  if (up.status !== 0 || !conf) throw new Error(`no Slurm here: ${up.stderr.trim()}`);
  const env = { ...process.env, SLURM_CONF: conf };
  const out = join(dir, 'out');
  const decruft = (...args) => execFileSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  started = performance.now();
  decruft('batch', 'plan', '--shards', opts.shards, '--out-dir', out, ...names);
  const job = decruft('batch', 'slurm', out).trim();
  while (spawnSync('squeue', ['-h', '-j', job], { env, encoding: 'utf8' }).stdout.trim() !== '') await new Promise((r) => setTimeout(r, 200));
  const shardedS = (performance.now() - started) / 1000;
  const merged = execFileSync(process.execPath, [BIN, 'batch', 'merge', out], { env, maxBuffer: 1 << 30 });
  const markers = Array.from({ length: Number(opts.shards) }, (_, k) => JSON.parse(readFileSync(join(out, `shard-${k}.done.json`), 'utf8')));

  console.log(`${lines.length} traf dev pages in ${files} gzipped NDJSON files; ${opts.shards} shards on a one-node Slurm`);
  console.log(`  one decruft process:       ${singleS.toFixed(1)} s`);
  console.log(`  ${opts.shards}-shard array job:        ${shardedS.toFixed(1)} s (plan to last task done)`);
  for (const m of markers) console.log(`    shard ${m.shard}: ${m.records.in} records, ${m.seconds} s`);
  console.log(`  merged output equals the single run's: ${Buffer.compare(single, merged) === 0}`);
} finally {
  spawnSync('bash', [SETUP, 'stop', cluster]);
  rmSync(dir, { recursive: true, force: true });
}
