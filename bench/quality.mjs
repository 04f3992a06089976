#!/usr/bin/env node
/**
 * Quality on the dev set: runs the decruft CLI (with --explain) over the dev HTML pages and text
 * dumps, scores the output the way ../shared/dev/score-traf does (whitespace-normalised substring
 * matching of the "with" and "without" snippets), and breaks the errors down:
 * - each missed "with" snippet by cause: removed by a step (with its reason id), or never extracted;
 * - each leaked "without" snippet by the kind of kept block it sits in.
 *
 * Usage: bench/quality [--dev DIR] [--only html|text] [--save DIR] [--pages N] [-- decruft options]
 * Needs a build (npm run build). The dev set is third-party content and is never in the repository:
 * this script reads it from ../shared/dev beside the repository (or --dev) and says so when absent.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts, positionals: decruftArgs } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    only: { type: 'string' },
    save: { type: 'string' },
    pages: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
if (opts.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?\n?/u, '').replace(/^ \* ?/gmu, ''));
  process.exit(0);
}

const SETS = [
  { name: 'html', file: 'traf-dev-html.ndjson.gz' },
  { name: 'text', file: 'traf-dev-text.ndjson.gz' },
].filter((s) => !opts.only || s.name === opts.only);
const answersPath = join(opts.dev, 'traf-dev-answers.json');
if (!existsSync(answersPath)) {
  console.log(`bench/quality: no dev set at ${opts.dev} (traf-dev-answers.json missing); nothing to measure.`);
  console.log('Pass --dev DIR to point at a copy of the dev set.');
  process.exit(0);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench/quality: dist/ is missing; run `npm run build` first.');
  process.exit(2);
}

const norm = (s) => s.replace(/\s+/gu, ' ').trim();
const answers = JSON.parse(readFileSync(answersPath, 'utf8'));

console.log(`dev set: ${opts.dev} (${Object.keys(answers).length} pages)`);
if (decruftArgs.length) console.log(`decruft options: ${decruftArgs.join(' ')}`);
const runs = await Promise.all(SETS.map((set) => runSet(set)));
for (const run of runs) printScore(run);
for (const run of runs) printBreakdown(run);

/** Runs the CLI over one gzipped NDJSON file; resolves to its output records by id. */
function runSet(set) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin', 'decruft.js'), '--explain', ...decruftArgs], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createReadStream(join(opts.dev, set.file)).pipe(createGunzip()).pipe(child.stdin);
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const output = Buffer.concat(chunks).toString('utf8');
      if (opts.save) {
        mkdirSync(opts.save, { recursive: true });
        writeFileSync(join(opts.save, `${set.name}.ndjson`), output);
      }
      const records = new Map();
      for (const line of output.split('\n')) if (line.trim()) records.set(String(JSON.parse(line).id), JSON.parse(line));
      done({ ...set, code, seconds, records, ...score(records) });
    });
  });
}

/** score-traf's measure, plus where each error came from. */
function score(records) {
  let tp = 0, fp = 0, fn = 0, tn = 0, errors = 0, missing = 0;
  const missed = [], leaked = [];
  for (const [id, answer] of Object.entries(answers)) {
    const record = records.get(id);
    if (!record) missing++;
    if (record?.error) errors++;
    const text = norm(typeof record?.text === 'string' ? record.text : '');
    for (const snippet of answer.with) {
      if (text.includes(norm(snippet))) tp++;
      else {
        fn++;
        missed.push({ id, snippet, cause: missCause(record, norm(snippet)) });
      }
    }
    for (const snippet of answer.without) {
      if (text.includes(norm(snippet))) {
        fp++;
        leaked.push({ id, snippet, cause: leakCause(record, norm(snippet)) });
      } else tn++;
    }
  }
  const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1);
  return { tp, fp, fn, tn, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, errors, missing, missed, leaked };
}

/** Why a "with" snippet is not in the text: the reason a block holding (part of) it was removed. */
function missCause(record, snippet) {
  if (!record || record.error) return 'record missing or failed';
  for (const removed of record.removed ?? []) {
    const text = norm(removed.text);
    if (text.includes(snippet) || (text.length >= 20 && snippet.includes(text))) return `removed: ${removed.reason}`;
  }
  const kept = norm((record.blocks ?? []).map((b) => b.text).join(' '));
  if (kept.includes(snippet)) return 'split across kept blocks';
  if (record.title && norm(record.title).includes(snippet)) return 'in title field, not text';
  return `never extracted (${record.extractedBy ?? '?'})`;
}

/** Which kind of kept block a leaked "without" snippet sits in. */
function leakCause(record, snippet) {
  const block = (record.blocks ?? []).find((b) => norm(b.text).includes(snippet));
  return block ? `kept ${block.kind}` : 'across kept blocks';
}

function printScore(run) {
  const f = (n) => n.toFixed(3);
  console.log(
    `${run.name.padEnd(5)} F1 ${f(run.f1)}  precision ${f(run.p)}  recall ${f(run.r)}` +
      `   (${run.records.size} records, ${run.missing} missing, ${run.errors} errors, exit ${run.code}, ${run.seconds.toFixed(1)} s)`,
  );
}

function printBreakdown(run) {
  console.log(`\n== ${run.name}: ${run.missed.length} missed "with" snippets, by cause`);
  printCounts(run.missed);
  console.log(`== ${run.name}: ${run.leaked.length} leaked "without" snippets, by cause`);
  printCounts(run.leaked);
  const perPage = new Map();
  for (const m of run.missed) (perPage.get(m.id) ?? perPage.set(m.id, { missed: 0, leaked: 0 }).get(m.id)).missed++;
  for (const l of run.leaked) (perPage.get(l.id) ?? perPage.set(l.id, { missed: 0, leaked: 0 }).get(l.id)).leaked++;
  const worst = [...perPage].sort((a, b) => b[1].missed + b[1].leaked - (a[1].missed + a[1].leaked)).slice(0, Number(opts.pages));
  if (worst.length) console.log(`== ${run.name}: pages losing most points (id: missed/leaked)`);
  console.log(worst.map(([id, c]) => `  ${id}: ${c.missed}/${c.leaked}`).join('\n'));
}

function printCounts(items) {
  const counts = new Map();
  for (const item of items) counts.set(item.cause, (counts.get(item.cause) ?? 0) + 1);
  for (const [cause, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${cause}`);
}
