#!/usr/bin/env node
/**
 * What the steps across documents cost: the decruft CLI on the same input with none of them, with
 * each alone (--learn-sites, --near-dupes mark, --stories) and with all three, in rounds that take
 * the settings in turn, so that a slow spell of the machine falls on all of them alike. Reports
 * records per second, the ratio to the run with none (the target: ≥ 0.8 with them on), the
 * CPU time of the whole process (its workers too) and its ratio, which a busy machine disturbs less
 * than the wall (on a machine whose cores the workers fill, records/s follows CPU time a record),
 * and peak RSS, each run alone in its own process (bench/contender.mjs).
 *
 * Usage: node bench/across.mjs [options]
 *
 *   --pages dev|sites   dev: the text dumps and the HTML of both dev corpora (../shared/dev), in
 *                       one input; sites: short generated records, --count of them from --sites
 *                       sites, each page a site's menu, footer and comment count around three
 *                       sentences of its own (the case site learning is for). Default: dev.
 *   --input text|html   with --pages dev, which dumps (default text)
 *   --count N           records of --pages sites (default 60000)
 *   --sites S           sites of --pages sites (default 600)
 *   --jobs N            --jobs of every run (default 2)
 *   --rounds R          rounds (default 2)
 *   --only A,B,...      settings to run (default none,sites,copies,stories,all)
 *   --dev DIR           where the dev corpora are (default ../shared/dev beside the repository)
 *
 * Needs a build (npm run build).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONTENDER = join(root, 'bench', 'contender.mjs');

const SETTINGS = {
  none: [],
  sites: ['--learn-sites'],
  copies: ['--near-dupes', 'mark'],
  stories: ['--stories'],
  all: ['--learn-sites', '--near-dupes', 'mark', '--stories'],
  // the one-pass site step holds records until 1,000 more are read; these show what the hold costs
  'sites-hold0': ['--learn-sites', '--site-hold', '0'],
  'sites-2pass': ['--learn-sites', '--site-passes', '2'],
};

const { values: opts } = parseArgs({
  options: {
    pages: { type: 'string', default: 'dev' },
    input: { type: 'string', default: 'text' },
    count: { type: 'string', default: '60000' },
    sites: { type: 'string', default: '600' },
    jobs: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string', default: 'none,sites,copies,stories,all' },
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
  },
});
const only = opts.only.split(',');
for (const name of only) if (!(name in SETTINGS)) fail(`unknown setting ${name}; choose from ${Object.keys(SETTINGS).join(', ')}`);
if (!['dev', 'sites'].includes(opts.pages)) fail(`--pages: dev or sites, got ${opts.pages}`);

const dir = mkdtempSync(join(tmpdir(), 'decruft-across-'));
try {
  const file = join(dir, 'input.ndjson');
  const { records, what } = opts.pages === 'dev' ? devInput(file) : sitesInput(file, Number(opts.count), Number(opts.sites));
  console.log(`${what}: ${records} records; --jobs ${opts.jobs}; ${opts.rounds} rounds; load ${loadavg()[0].toFixed(2)}`);
  const runs = new Map(only.map((name) => [name, []]));
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const name of only) runs.get(name).push(await run(file, SETTINGS[name]));
  }
  const best = (name, field) => Math.min(...runs.get(name).map((r) => r[field]));
  const has = runs.has('none');
  console.log('setting   best wall s   records/s   × none   CPU s   × none (CPU)   peak RSS MB   (every wall s)');
  for (const name of only) {
    const wall = best(name, 'wallS');
    const cpu = best(name, 'cpuS');
    const rss = Math.max(...runs.get(name).map((r) => r.maxRssKB)) / 1024;
    const ratio = has ? (best('none', 'wallS') / wall).toFixed(2) : '-';
    const cpuRatio = has ? (best('none', 'cpuS') / cpu).toFixed(2) : '-';
    const walls = runs
      .get(name)
      .map((r) => r.wallS.toFixed(1))
      .join(', ');
    console.log(
      `${name.padEnd(9)} ${wall.toFixed(1).padStart(11)} ${(records / wall).toFixed(0).padStart(11)} ${ratio.padStart(8)} ${cpu.toFixed(1).padStart(7)} ${cpuRatio.padStart(14)} ${rss.toFixed(0).padStart(13)}   (${walls})`,
    );
  }
  console.log(`load at the end ${loadavg()[0].toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The dev corpora's dumps of one kind in one NDJSON file. */
function devInput(file) {
  const names = ['traf', 'wcxb'].map((corpus) => join(opts.dev, `${corpus}-dev-${opts.input}.ndjson.gz`));
  let text = '';
  try {
    for (const name of names) text += gunzipSync(readFileSync(name)).toString('utf8');
  } catch (err) {
    fail(`cannot read the dev corpora (${err.message}); give --dev DIR, or use --pages sites`);
  }
  writeFileSync(file, text);
  return { records: text.split('\n').filter(Boolean).length, what: `dev ${opts.input} dumps (traf + wcxb)` };
}

/** `count` records from `sites` made-up sites, written for this bench (seeded, the same every run). */
function sitesInput(file, count, sites) {
  const words = 'harbour ferry council market school storm library bridge museum garden bakery river train festival choir lighthouse'.split(' ');
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const sentence = () => Array.from({ length: 14 }, () => words[Math.floor(random() * words.length)]).join(' ') + '.';
  const lines = [];
  for (let i = 0; i < count; i++) {
    const site = i % sites;
    const text = [
      `Home | News ${site} | Sport | Weather`,
      sentence(),
      sentence(),
      sentence(),
      `${i % 97} comments`,
      `Get the site ${site} letter every week in your inbox.`,
    ].join('\n');
    lines.push(JSON.stringify({ id: i, url: `https://www.site${site}.example/story/${i}`, text }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return { records: count, what: `generated records from ${sites} sites` };
}

/** One CLI run in a process of its own: wall seconds and its report (peak RSS). */
function run(file, flags) {
  return new Promise((done, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CONTENDER, 'decruft-cli', file, opts.jobs, '-q', ...flags], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3].on('data', (chunk) => (report += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`decruft ${flags.join(' ')} exited with ${code}`));
      done({ wallS, ...JSON.parse(report) });
    });
  });
}

function fail(message) {
  process.stderr.write(`bench/across: ${message}\n`);
  process.exit(2);
}
