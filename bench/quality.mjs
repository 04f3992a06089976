#!/usr/bin/env node
/**
 * Quality on the dev sets: runs the decruft CLI (with --explain) over the four dev sets, one after
 * another, scores each with its corpus's own metric (bench/scores.mjs) and breaks the errors down.
 *
 *   traf-html, traf-text   score-traf's snippet F1; misses by cause (the reason that removed the
 *                          snippet, or never extracted), leaks by kind of kept block, worst pages
 *   wcxb-html, wcxb-text   score-wcxb's bag-of-words P/R/F1 averaged over pages, per page type, its
 *                          snippet shares, title token F1; per type the pages losing most F1 (ids
 *                          only) and where the missed answer words went (removed, by reason, or
 *                          never extracted)
 *
 * Usage: bench/quality [options] [-- decruft options]
 *
 *   --sets A,B,...   sets to run, in that order (default traf-html,traf-text,wcxb-html,wcxb-text)
 *   --sample N       only N pages of each set, evenly spaced through it (quick runs while developing)
 *   --jobs N         decruft's --jobs (default: decruft's own, one worker per core)
 *   --save DIR       keep each set's CLI output as DIR/<set>.ndjson
 *   --json FILE      write every number (no page text) to FILE as JSON
 *   --compare FILE   print deltas against an earlier --json FILE, per set and per page type
 *   --verify         also score each WCXB set's output with ../shared/dev/score-wcxb (Python) and
 *                    check that the numbers agree to 3 decimals (exit 1 when they do not)
 *   --pages N        worst pages to list: traf, per set (default 10); WCXB, per type (default 5)
 *   --dev DIR        where the dev sets are (default ../shared/dev beside the repository)
 *   --dist DIR       the decruft build to run (default this repository's dist/)
 *   -h, --help       this text
 *
 * Needs a build (npm run build). The dev sets are third-party content and are never in the
 * repository: this script reads them from ../shared/dev (or --dev) and says so when they are absent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip, gunzipSync } from 'node:zlib';
import { scoreTraf, scoreWcxb } from './scores.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The dev sets: input pages, answers, and which metric scores them. */
const SETS = {
  'traf-html': { corpus: 'traf', input: 'traf-dev-html.ndjson.gz', answers: 'traf-dev-answers.json' },
  'traf-text': { corpus: 'traf', input: 'traf-dev-text.ndjson.gz', answers: 'traf-dev-answers.json' },
  'wcxb-html': { corpus: 'wcxb', input: 'wcxb-dev-html.ndjson.gz', answers: 'wcxb-dev-answers.json.gz' },
  'wcxb-text': { corpus: 'wcxb', input: 'wcxb-dev-text.ndjson.gz', answers: 'wcxb-dev-answers.json.gz' },
};
/** Worst pages listed by default: traf per set, WCXB per page type. */
const WORST_PAGES = { traf: 10, wcxb: 5 };
/** Removal reasons listed in the WCXB breakdown, by answer words taken. */
const TOP_REASONS = 8;
/** Parsed answers files, by name (the traf sets share one, the WCXB sets another). */
const answersCache = new Map();

const { values: opts, positionals: decruftArgs } = parseArgs({
  options: {
    sets: { type: 'string', default: Object.keys(SETS).join(',') },
    sample: { type: 'string' },
    jobs: { type: 'string' },
    save: { type: 'string' },
    json: { type: 'string' },
    compare: { type: 'string' },
    verify: { type: 'boolean', default: false },
    pages: { type: 'string' },
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    dist: { type: 'string', default: join(root, 'dist') },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
if (opts.help) {
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0];
  console.log(head.replace(/^#!.*\n\/\*\*?\n?/u, '').replace(/^ \* ?/gmu, ''));
  process.exit(0);
}

const setNames = opts.sets
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = setNames.filter((name) => !SETS[name]);
const sample = opts.sample === undefined ? undefined : Number(opts.sample);
const worstPages = opts.pages === undefined ? undefined : Number(opts.pages);
if (unknown.length || !setNames.length) {
  usageError(`--sets: expected some of ${Object.keys(SETS).join(', ')}, got ${opts.sets}`);
}
if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) {
  usageError(`--sample: expected a whole number above 0, got ${opts.sample}`);
}
if (worstPages !== undefined && !(Number.isInteger(worstPages) && worstPages >= 0)) {
  usageError(`--pages: expected a whole number, got ${opts.pages}`);
}

const isPresent = (name) => [SETS[name].input, SETS[name].answers].every((file) => existsSync(join(opts.dev, file)));
const present = setNames.filter(isPresent);
if (!present.length) {
  const files = setNames.map((n) => SETS[n].input).join(', ');
  console.log(`bench/quality: no dev set at ${opts.dev} (${files} or their answers missing); nothing to measure.`);
  console.log('Pass --dev DIR to point at a copy of the dev sets.');
  process.exit(0);
}
const cliPath = join(resolve(opts.dist), 'cli.js');
if (!existsSync(cliPath)) {
  console.error(`bench/quality: ${cliPath} is missing; run \`npm run build\` first (or give --dist).`);
  process.exit(2);
}
const previous = opts.compare ? JSON.parse(readFileSync(opts.compare, 'utf8')) : undefined;

const cliArgs = ['--explain', ...(opts.jobs === undefined ? [] : ['--jobs', opts.jobs]), ...decruftArgs];
const report = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  dist: resolve(opts.dist),
  dev: resolve(opts.dev),
  sample: sample ?? null,
  decruftArgs: cliArgs,
  sets: {},
};
console.log(`dev sets: ${opts.dev}${sample ? `, ${sample} pages of each, evenly spaced` : ''}`);
console.log(`decruft: ${cliPath} (commit ${report.commit}), options: ${cliArgs.join(' ')}`);
for (const name of setNames.filter((n) => !present.includes(n))) console.log(`${name}: not in ${opts.dev}; skipped`);
if (previous) console.log(`deltas (Δ) against ${opts.compare} (${previous.date}, commit ${previous.commit})`);

let verifyFailed = false;
for (const name of present) {
  const set = { name, ...SETS[name] };
  const run = await runSet(set);
  const answers = pick(loadAnswers(set), run.ids);
  console.log();
  if (set.corpus === 'traf') {
    const score = scoreTraf(answers, run.records);
    report.sets[name] = trafNumbers(run, score);
    printTraf(name, report.sets[name], previous?.sets?.[name]);
    printTrafBreakdown(name, score);
  } else {
    const score = scoreWcxb(answers, run.records);
    report.sets[name] = wcxbNumbers(run, score);
    printWcxb(name, report.sets[name], previous?.sets?.[name]);
    printWcxbBreakdown(name, score);
    if (opts.verify) verifyFailed = !verifyWcxb(set, run, answers, report.sets[name]) || verifyFailed;
  }
}
if (opts.json) {
  writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nnumbers written to ${opts.json}`);
}
process.exitCode = verifyFailed ? 1 : 0;

// ------------------------------------------------------------------------------------------- running

/**
 * Runs the CLI over one set (every page, or `--sample` of them), one set at a time so that the wall
 * time is the set's own. Resolves to the output records by id (only the fields the scores read),
 * the ids sent, and the wall time from spawn to exit.
 */
async function runSet(set) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, 'bench', 'run-cli.mjs'), cliPath, ...cliArgs], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code));
  });
  const ids = [];
  const total = sample ? Object.keys(loadAnswers(set)).length : 0;
  const input = createReadStream(join(opts.dev, set.input));
  const feeding = pipeline(input, createGunzip(), (source) => sampleLines(source, total, ids), child.stdin);
  let saved;
  if (opts.save) {
    mkdirSync(opts.save, { recursive: true });
    saved = createWriteStream(join(opts.save, `${set.name}.ndjson`));
  }
  const records = new Map();
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    if (saved && !saved.write(`${line}\n`)) await new Promise((done) => saved.once('drain', done));
    const record = JSON.parse(line);
    records.set(String(record.id), slim(record, set.corpus));
  }
  const [code] = await Promise.all([exited, feeding.catch((err) => err)]);
  if (saved) await new Promise((done) => saved.end(done));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code, seconds, records, ids: sample ? ids : undefined };
}

/**
 * The input's lines, or with --sample only `sample` of the `total`, evenly spaced; records the ids
 * of the pages kept in `ids`. Works on bytes: a line left out is never decoded.
 */
async function* sampleLines(source, total, ids) {
  if (!sample) return yield* source;
  let index = 0,
    keeping = keepLine(0),
    parts = [];
  for await (const chunk of source) {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      if (keeping) {
        parts.push(chunk.subarray(from, nl + 1));
        const line = Buffer.concat(parts);
        ids.push(String(JSON.parse(line.toString('utf8')).id));
        yield line;
      }
      parts = [];
      from = nl + 1;
      keeping = keepLine(++index);
    }
    if (keeping && from < chunk.length) parts.push(chunk.subarray(from));
  }
  if (keeping && parts.length) {
    const line = Buffer.concat(parts);
    if (line.toString('utf8').trim()) {
      ids.push(String(JSON.parse(line.toString('utf8')).id));
      yield Buffer.concat([line, Buffer.from('\n')]);
    }
  }

  function keepLine(i) {
    return Math.floor(((i + 1) * sample) / total) > Math.floor((i * sample) / total);
  }
}

/** What the scores read of a record: the full record with --explain is large (blocks, removed). */
function slim(record, corpus) {
  const removed = record.removed?.map((r) => ({ reason: r.reason, step: r.step, text: r.text }));
  const blocks = corpus === 'traf' ? record.blocks?.map((b) => ({ kind: b.kind, text: b.text })) : undefined;
  const { id, error, text, title, extractedBy } = record;
  return { id, error, text, title, extractedBy, removed, blocks };
}

function loadAnswers(set) {
  if (!answersCache.has(set.answers)) {
    const raw = readFileSync(join(opts.dev, set.answers));
    answersCache.set(set.answers, JSON.parse((set.answers.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')));
  }
  return answersCache.get(set.answers);
}

/** The answers of the pages run (all of them without --sample), in the answers' order. */
function pick(answers, ids) {
  if (!ids) return answers;
  const wanted = new Set(ids);
  return Object.fromEntries(Object.entries(answers).filter(([id]) => wanted.has(id)));
}

/**
 * The commit of the repository the build is in; "+uncommitted-src" when that repository's src/ has
 * changes not committed (the build may or may not hold them: it is a warning, not a fact).
 */
function gitCommit() {
  const cwd = dirname(resolve(opts.dist));
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd, encoding: 'utf8' });
  return head.status === 0 ? `${head.stdout.trim()}${dirty.stdout.trim() ? '+uncommitted-src' : ''}` : 'unknown';
}

function usageError(message) {
  console.error(`bench/quality: ${message} (see --help)`);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------- numbers

function runNumbers(run, score) {
  return {
    pages: score.pages,
    records: run.records.size,
    missing: score.missing ?? score.lost,
    errors: score.errors,
    exit: run.code,
    seconds: round(run.seconds, 2),
    pagesPerS: round(run.records.size / run.seconds, 2),
  };
}

function trafNumbers(run, score) {
  const { p, r, f1, tp, fp, fn, tn } = score;
  return {
    metric: 'traf snippets (score-traf)',
    ...runNumbers(run, score),
    f1: round(f1),
    p: round(p),
    r: round(r),
    tp,
    fp,
    fn,
    tn,
    missedByCause: countBy(score.missed),
    leakedByCause: countBy(score.leaked),
  };
}

function wcxbNumbers(run, score) {
  const prf = (x) => ({ pages: x.pages, f1: round(x.f1), p: round(x.p), r: round(x.r) });
  const types = Object.fromEntries(Object.entries(score.types).map(([type, x]) => [type, prf(x)]));
  return {
    metric: 'wcxb bag of words (score-wcxb)',
    ...runNumbers(run, score),
    f1: round(score.f1),
    p: round(score.p),
    r: round(score.r),
    with: round(score.with),
    without: round(score.without),
    title: prf(score.title),
    types,
    words: score.words,
  };
}

function round(x, digits = 6) {
  return Number(x.toFixed(digits));
}

function countBy(items) {
  const counts = {};
  for (const item of items) counts[item.cause] = (counts[item.cause] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

// ------------------------------------------------------------------------------------------- printing

function f3(x) {
  return x === undefined || x === null ? '    –' : x.toFixed(3);
}

/** A signed difference, "–" when the compared run lacks the number. */
function d3(now, before) {
  if (before === undefined || before === null) return '     –';
  return `${now - before >= 0 ? '+' : '-'}${Math.abs(now - before).toFixed(3)}`;
}

function pct(n, of) {
  return `${of ? ((100 * n) / of).toFixed(1) : '0.0'}%`;
}

function printHeader(name, x, before) {
  console.log(
    `== ${name}: ${x.pages} pages, ${x.seconds.toFixed(1)} s wall, ${x.pagesPerS.toFixed(1)} pages/s` +
      ` (${x.records} records out, ${x.missing} missing, ${x.errors} errors, exit ${x.exit})`,
  );
  if (before && before.pages !== x.pages) {
    console.log(`   note: the compared run scored ${before.pages} pages, this one ${x.pages}`);
  }
}

/** One table row: label, pages, F1, P, R, and the deltas against `before` when comparing. */
function row(label, x, before) {
  const cells = [label.padEnd(16), String(x.pages).padStart(5), ...[x.f1, x.p, x.r].map((n) => f3(n).padStart(6))];
  if (previous) cells.push(...['f1', 'p', 'r'].map((k) => d3(x[k], before?.[k]).padStart(7)));
  return cells.join(' ');
}

function tableHead(first) {
  const cells = [first.padEnd(16), 'pages'.padStart(5), 'F1'.padStart(6), 'P'.padStart(6), 'R'.padStart(6)];
  if (previous) cells.push('ΔF1'.padStart(7), 'ΔP'.padStart(7), 'ΔR'.padStart(7));
  return cells.join(' ');
}

function printTraf(name, x, before) {
  printHeader(name, x, before);
  console.log(tableHead('metric'));
  console.log(row('snippets', x, before));
}

function printWcxb(name, x, before) {
  printHeader(name, x, before);
  console.log(tableHead('type'));
  for (const [type, t] of Object.entries(x.types)) console.log(row(type, t, before?.types?.[type]));
  console.log(row('all', x, before));
  console.log(row('title (token)', x.title, before?.title));
  const share = (k) => `${f3(x[k])}${previous ? ` (${d3(x[k], before?.[k])})` : ''}`;
  console.log(`with snippets found ${share('with')}; without snippets found ${share('without')} (lower is better)`);
}

function printTrafBreakdown(name, score) {
  console.log(`-- ${name}: ${score.missed.length} missed "with" snippets, by cause`);
  printCounts(score.missed);
  console.log(`-- ${name}: ${score.leaked.length} leaked "without" snippets, by cause`);
  printCounts(score.leaked);
  const perPage = new Map();
  const page = (id) => perPage.get(id) ?? perPage.set(id, { missed: 0, leaked: 0 }).get(id);
  for (const m of score.missed) page(m.id).missed++;
  for (const l of score.leaked) page(l.id).leaked++;
  const loss = (c) => c.missed + c.leaked;
  const worst = [...perPage].sort((a, b) => loss(b[1]) - loss(a[1])).slice(0, worstPages ?? WORST_PAGES.traf);
  if (worst.length) console.log(`-- ${name}: pages losing most points (id: missed/leaked)`);
  for (const [id, c] of worst) console.log(`  ${id}: ${c.missed}/${c.leaked}`);
}

function printCounts(items) {
  for (const [cause, n] of Object.entries(countBy(items))) console.log(`  ${String(n).padStart(4)}  ${cause}`);
}

/**
 * Per type: how much of the answer's words the output lacks, removed by a step or never extracted,
 * and the pages losing most F1 (ids only); then the removal reasons that took most answer words.
 */
function printWcxbBreakdown(name, score) {
  const w = score.words;
  console.log(
    `-- ${name}: answer words missing from the output: ${pct(w.missed, w.answer)} of ${w.answer}` +
      ` (removed by a step ${pct(w.removed, w.answer)}, never extracted ${pct(w.neverExtracted, w.answer)},` +
      ` record missing or failed ${pct(w.failed, w.answer)})`,
  );
  const head = ['missed', 'removed', 'never'].map((h) => h.padStart(7)).join(' ');
  console.log(`${'  type'.padEnd(16)} ${head}   worst pages (id F1-loss)`);
  for (const type of Object.keys(score.types)) {
    const t = w.byType[type];
    const worst = score.perPage
      .filter((p) => p.type === type && p.f1 < 1)
      .sort((a, b) => a.f1 - b.f1)
      .slice(0, worstPages ?? WORST_PAGES.wcxb)
      .map((p) => `${p.id} ${(1 - p.f1).toFixed(2)}`);
    const shares = [t.missed, t.removed, t.neverExtracted].map((n) => pct(n, t.answer).padStart(7)).join(' ');
    console.log(`${`  ${type}`.padEnd(16)} ${shares}   ${worst.join(', ')}`);
  }
  const reasons = Object.entries(w.byReason)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_REASONS);
  if (reasons.length) console.log(`-- ${name}: removal reasons taking most answer words (share of all answer words)`);
  for (const [reason, n] of reasons) console.log(`  ${pct(n, w.answer).padStart(6)}  ${reason}`);
}

// ------------------------------------------------------------------------------------------- --verify

/**
 * Scores the set's output with score-wcxb itself (on the same pages) and checks that its overall and
 * per-type F1/P/R and snippet shares equal ours to 3 decimals.
 */
function verifyWcxb(set, run, answers, ours) {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-quality-'));
  try {
    // The CLI's own output when --save kept it; else the fields score-wcxb reads, as the CLI wrote them.
    let output = opts.save && join(opts.save, `${set.name}.ndjson`);
    if (!output) {
      output = join(dir, 'output.ndjson');
      const lines = [...run.records.values()].map((r) => JSON.stringify({ id: r.id, error: r.error, text: r.text }));
      writeFileSync(output, lines.join('\n'));
    }
    const answersFile = join(dir, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers));
    const scorer = spawnSync(join(opts.dev, 'score-wcxb'), [answersFile, output], { encoding: 'utf8' });
    if (scorer.status !== 0) {
      console.log(`-- ${set.name}: --verify could not run score-wcxb: ${scorer.stderr || scorer.error?.message}`);
      return false;
    }
    const theirs = {};
    for (const line of scorer.stdout.split('\n')) {
      const m = /^(\w+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/u.exec(line);
      if (m) theirs[m[1]] = { pages: Number(m[2]), f1: m[3], p: m[4], r: m[5] };
      const s = /^SCORE .* with=([\d.]+) without=([\d.]+) lost=(\d+)/u.exec(line);
      if (s) theirs.shares = { with: s[1], without: s[2], lost: Number(s[3]) };
    }
    const mine = { all: ours, ...ours.types };
    const mismatches = [];
    for (const [key, x] of Object.entries(mine)) {
      const t = theirs[key];
      for (const field of ['pages', 'f1', 'p', 'r']) {
        const a = field === 'pages' ? x.pages : x[field].toFixed(3);
        if (String(a) !== String(t?.[field])) mismatches.push(`${key} ${field}: ours ${a}, score-wcxb ${t?.[field]}`);
      }
    }
    for (const field of ['with', 'without']) {
      const a = ours[field].toFixed(3),
        b = theirs.shares?.[field];
      if (a !== b) mismatches.push(`${field}: ours ${a}, score-wcxb ${b}`);
    }
    const checked = Object.keys(mine).length * 4 + 2;
    if (mismatches.length) {
      console.log(`-- ${set.name}: --verify: ${mismatches.length} of ${checked} numbers differ from score-wcxb:`);
      for (const m of mismatches) console.log(`  ${m}`);
    } else {
      const what = 'overall and per type F1/P/R/pages, snippet shares';
      console.log(`-- ${set.name}: --verify: all ${checked} numbers (${what}) equal score-wcxb's to 3 decimals`);
    }
    return !mismatches.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
