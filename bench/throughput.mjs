#!/usr/bin/env node
/**
 * Throughput: pages per second, MB per second, per-page latency and peak memory of decruft against
 * plain Readability loops (on jsdom and on linkedom), on the same pages in the same run, and the
 * targets of issue 17 side by side. Each contender runs alone in its own child process
 * (bench/contender.mjs), one after another, so that its peak RSS is its own.
 *
 * Usage: bench/throughput [options] [-- decruft option ...]
 *
 *   --pages generated|dev   generated: our own pages (bench/pages.mjs), HTML and the naive text dump
 *                           of each; dev: the dev set in ../shared/dev (or --dev). Default: dev when
 *                           it is present, else generated (stderr says which).
 *   --count N               how many pages (default 200; the dev set has 500)
 *   --seed S                seed of the generated pages (default 1)
 *   --jobs N                N of the "-N" contenders (default os.availableParallelism())
 *   --only A,B,...          contenders to run, in this order (default all):
 *                             readability-jsdom   Readability on jsdom, plain loop (the baseline)
 *                             readability-linkedom  Readability on linkedom, plain loop
 *                             decruft-html-0      decruft CLI, --jobs 0 (this thread), HTML pages
 *                             decruft-html-1      decruft CLI, --jobs 1, HTML pages
 *                             decruft-html-N      decruft CLI, --jobs N, HTML pages
 *                             decruft-html-Nx1    N decruft CLI processes, --jobs 1 each, on N slices
 *                                                 of the HTML pages side by side (wall: the slowest)
 *                             decruft-html-loop   cleanRecord() in-process loop, HTML (per-page latency)
 *                             decruft-text-1      decruft CLI, --jobs 1, text dumps
 *                             decruft-text-N      decruft CLI, --jobs N, text dumps
 *                             decruft-text-loop   cleanRecord() in-process loop, text (per-page latency)
 *                             startup-text        `decruft FILE` on one small text record (median of 3)
 *                             startup-html        `decruft FILE` on one small HTML record (median of 3)
 *   --dev DIR               where the dev set is (default ../shared/dev beside the repository)
 *   --json                  print the results as one JSON object on stdout instead of the table
 *   --keep                  keep the input files written for the run and say where they are
 *   -h, --help              this text
 *
 * Options after `--` go to every decruft CLI run (e.g. `-- --favor precision`).
 * Needs a build (npm run build) for the decruft contenders; a smoke run: bench/throughput --count 20.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, arch, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { generatePages } from './pages.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONTENDER = join(root, 'bench', 'contender.mjs');
const BIN = join(root, 'bin', 'decruft.js');
const MB = 1e6;
/** How long a child may take to exit after its report before it is stopped (a worker left running). */
const EXIT_GRACE_MS = 30_000;
/** Runs of each startup contender: one run of a fraction of a second is at the mercy of other work. */
const STARTUP_RUNS = 3;

/** Every contender: what it reads, how it runs, and with how many jobs ('N': --jobs). */
const CONTENDERS = [
  { name: 'readability-jsdom', input: 'html', kind: 'readability-jsdom', jobs: 1, what: 'Readability on jsdom, plain loop' },
  { name: 'readability-linkedom', input: 'html', kind: 'readability-linkedom', jobs: 1, what: 'Readability on linkedom, plain loop' },
  { name: 'decruft-html-0', input: 'html', kind: 'decruft-cli', jobs: 0, what: 'decruft CLI' },
  { name: 'decruft-html-1', input: 'html', kind: 'decruft-cli', jobs: 1, what: 'decruft CLI' },
  { name: 'decruft-html-N', input: 'html', kind: 'decruft-cli', jobs: 'N', what: 'decruft CLI' },
  { name: 'decruft-html-Nx1', input: 'html', kind: 'decruft-processes', jobs: 'N', what: 'N decruft CLI processes, --jobs 1 each, on N slices' },
  { name: 'decruft-html-loop', input: 'html', kind: 'decruft-loop', jobs: 1, what: 'cleanRecord() in-process loop' },
  { name: 'decruft-text-1', input: 'text', kind: 'decruft-cli', jobs: 1, what: 'decruft CLI' },
  { name: 'decruft-text-N', input: 'text', kind: 'decruft-cli', jobs: 'N', what: 'decruft CLI' },
  { name: 'decruft-text-loop', input: 'text', kind: 'decruft-loop', jobs: 1, what: 'cleanRecord() in-process loop' },
  { name: 'startup-text', input: 'startupText', kind: 'decruft-bin', jobs: 'default', what: 'decruft FILE, one small record' },
  { name: 'startup-html', input: 'startupHtml', kind: 'decruft-bin', jobs: 'default', what: 'decruft FILE, one small record' },
];

/** The startup contenders' one record: a short news item of our own, as a text dump and as a page. */
const STARTUP_LINES = [
  'Council approves harbour plan',
  'By Anna Marsh, 14 May 2024',
  'The harbour authority presented a new plan for the old quay on Monday, after a long debate.',
  'Residents had asked for the work to start before the summer, because the boats keep arriving.',
  'Engineers said the bridge over the river would be closed for three weeks in May.',
];
const STARTUP_TEXT = ['Skip to content', ...STARTUP_LINES, 'All rights reserved.'].join('\n\n');
const STARTUP_HTML =
  `<!doctype html><html lang="en"><head><title>${STARTUP_LINES[0]} | Gazette</title></head><body>` +
  '<nav><a href="/">Home</a> <a href="/local">Local</a></nav><article>' +
  `<h1>${STARTUP_LINES[0]}</h1><p class="byline">${STARTUP_LINES[1]}</p>${STARTUP_LINES.slice(2)
    .map((l) => `<p>${l}</p>`)
    .join('')}` +
  '</article><footer>© 2024 Gazette. All rights reserved.</footer></body></html>';

/** What each target of issue 17 reads from the results: a ratio or a figure, and the bar it must clear. */
const TARGETS = [
  {
    label: 'HTML pages/s, decruft-html-1 ÷ readability-linkedom',
    at: 'least',
    bar: 1.5,
    unit: '×',
    value: (r) => r('decruft-html-1')?.pagesPerS / r('readability-linkedom')?.pagesPerS,
  },
  {
    label: 'HTML pages/s, decruft-html-1 ÷ readability-jsdom',
    at: 'least',
    bar: 7,
    unit: '×',
    value: (r) => r('decruft-html-1')?.pagesPerS / r('readability-jsdom')?.pagesPerS,
  },
  {
    label: 'HTML pages/s, decruft-html-N ÷ decruft-html-Nx1 (N workers ÷ N processes)',
    at: 'least',
    bar: 0.9,
    unit: '×',
    value: (r) => r('decruft-html-N')?.pagesPerS / r('decruft-html-Nx1')?.pagesPerS,
  },
  {
    label: 'HTML wall, decruft-html-0 ÷ decruft-html-N (--jobs N no slower than --jobs 0)',
    at: 'least',
    bar: 1,
    unit: '×',
    value: (r) => r('decruft-html-0')?.wallS / r('decruft-html-N')?.wallS,
  },
  { label: 'text MB/s, decruft-text-1 (CLI --jobs 1, over wall)', at: 'least', bar: 10, unit: ' MB/s', value: (r) => r('decruft-text-1')?.mbPerS },
  {
    label: 'text MB per CPU second, decruft-text-1 (every thread of the process)',
    at: 'least',
    bar: 10,
    unit: ' MB/CPU s',
    value: (r) => r('decruft-text-1')?.mbPerCpuS,
  },
  { label: 'startup, one small text record through the CLI', at: 'most', bar: 0.3, unit: ' s', value: (r) => r('startup-text')?.wallS },
  { label: 'startup, one small HTML record through the CLI', at: 'most', bar: 0.5, unit: ' s', value: (r) => r('startup-html')?.wallS },
];

const HEADER_NOTE = `wall = end to end wall time of the contender's child process, spawn to exit: Node start-up, module
load, reading the input file, every page, writing the output; pages/s and MB/s are over wall.
startup = Node start-up and module load, part of wall (decruft workers load theirs inside wall).
1st/p50/p99 = time per page inside an in-process loop, module load excluded: the first page (lazy
set-up) alone, then percentiles over the pages after it. A CLI run does not show per-record times
("–"): see its *-loop row, which runs parseNdjson → cleanRecord → serialize on one thread, one
record at a time. peak RSS = process.resourceUsage().maxRSS of the child, all threads.
MB = 10^6 bytes of page content (the html or text field, UTF-8). errors = pages that threw
(readability-*) or came out with "error" (decruft). decruft-html-Nx1: pages/s over the wall time of
the slowest of its N processes (started together); startup, peak RSS and CPU summed over them.
startup-*: wall of \`node bin/decruft.js FILE\` (default options) on one small record, median of
${STARTUP_RUNS} runs; no RSS.`;

const { values: opts, decruftArgs } = parseCommandLine(process.argv.slice(2));
const jobsN = Number(opts.jobs);
const selected = selectContenders(opts.only);
checkBuild(selected);

const host = machine(); // before the run, so the load average is other work's
warnIfBusy(host);
const source = choosePages();
const pages = source === 'dev' ? readDevPages(opts.dev, opts.count) : generated(opts.count, opts.seed);
const dir = mkdtempSync(join(tmpdir(), 'decruft-throughput-'));
const inputs = writeInputs(dir, pages);
const running = new Set(); // the contender's child processes, while they run
process.once('SIGINT', () => {
  for (const child of running) child.kill('SIGKILL');
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});

const results = [];
try {
  for (const contender of selected) {
    const jobs = contender.jobs === 'N' ? jobsN : contender.jobs;
    const input = inputs[contender.input];
    const jobsText = contender.kind === 'decruft-cli' ? ` --jobs ${jobs}` : contender.kind === 'decruft-processes' ? `, N = ${jobs}` : '';
    process.stderr.write(`throughput: ${contender.name} (${contender.what}${jobsText}) on ${input.pages} ${input.input} pages … `);
    const run = await runContender(contender, input, jobs);
    process.stderr.write(run.failure ? `failed: ${run.failure}\n` : `${run.wallS.toFixed(1)} s\n`);
    results.push(run);
  }
} finally {
  if (opts.keep) process.stderr.write(`throughput: input files kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}

const report = {
  date: new Date().toISOString(),
  code: codeVersion(),
  machine: host,
  pages: {
    source,
    ...(source === 'dev' ? { dir: opts.dev } : { seed: Number(opts.seed) }),
    html: describeInput(inputs.html),
    text: describeInput(inputs.text),
  },
  jobsN,
  decruftArgs,
  note: HEADER_NOTE.replace(/\n/g, ' '),
  results,
  ratios: ratios(results),
  targets: targets(results),
};
if (opts.json) console.log(JSON.stringify(report, (_key, value) => (typeof value === 'number' ? Number(value.toPrecision(6)) : value), 2));
else printReport(report);

// ---------------------------------------------------------------------------------------------

/** Our options, then after `--` the decruft CLI's own. */
function parseCommandLine(argv) {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const decruftArgs = split < 0 ? [] : argv.slice(split + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      options: {
        pages: { type: 'string' },
        count: { type: 'string', default: '200' },
        seed: { type: 'string', default: '1' },
        jobs: { type: 'string', default: String(availableParallelism()) },
        only: { type: 'string' },
        dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
        json: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    usageError(err.message);
  }
  if (parsed.values.help) {
    console.log(
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('*/')[0]
        .replace(/^#!.*\n\/\*\*?\n?/u, '')
        .replace(/^ \* ?/gmu, '')
        .trimEnd(),
    );
    process.exit(0);
  }
  const { values } = parsed;
  if (!/^[1-9]\d*$/.test(values.count)) usageError(`--count: expected a whole number of pages >= 1, got ${values.count}`);
  if (!/^[1-9]\d*$/.test(values.jobs)) usageError(`--jobs: expected a whole number >= 1, got ${values.jobs}`);
  if (!/^\d+$/.test(values.seed)) usageError(`--seed: expected a whole number, got ${values.seed}`);
  if (values.pages !== undefined && !['generated', 'dev'].includes(values.pages)) usageError(`--pages: expected generated or dev, got ${values.pages}`);
  values.count = Number(values.count);
  return { values, decruftArgs };
}

function usageError(message) {
  console.error(`bench/throughput: ${message}\nRun "bench/throughput --help" for usage.`);
  process.exit(2);
}

function selectContenders(only) {
  if (!only) return CONTENDERS;
  const names = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !CONTENDERS.some((c) => c.name === n));
  if (unknown.length) usageError(`--only: unknown contender ${unknown.join(', ')}; known: ${CONTENDERS.map((c) => c.name).join(', ')}`);
  return names.map((n) => CONTENDERS.find((c) => c.name === n));
}

/** The decruft contenders need dist/; say so plainly when it is missing, and warn when src/ is newer. */
function checkBuild(contenders) {
  if (!contenders.some((c) => !c.kind.startsWith('readability-'))) return;
  const built = ['cli.js', 'index.js'].map((f) => join(root, 'dist', f));
  if (!built.every(existsSync)) {
    console.error('bench/throughput: dist/ is missing (no dist/cli.js or dist/index.js); run `npm run build` first.');
    process.exit(2);
  }
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const newer = sourceFiles(join(root, 'src')).filter((f) => statSync(f).mtimeMs > builtAt);
  if (newer.length) {
    process.stderr.write(
      `throughput: warning: ${newer.length} file(s) in src/ changed after the last build (${newer
        .slice(0, 3)
        .map((f) => f.slice(root.length + 1))
        .join(', ')}${newer.length > 3 ? ', …' : ''}); run \`npm run build\` to measure the current code.\n`,
    );
  }
}

/** Other work on the machine skews every figure; say so before the run rather than after. */
function warnIfBusy({ loadAverage, availableParallelism: cores }) {
  if (loadAverage > cores / 4) {
    process.stderr.write(
      `throughput: warning: load average ${loadAverage.toFixed(1)} on ${cores} cores: other work is running and the figures will be noisy\n`,
    );
  }
}

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

// ---------------------------------------------------------------------------------------------
// Input

function choosePages() {
  const present = existsSync(join(opts.dev, 'traf-dev-html.ndjson.gz')) && existsSync(join(opts.dev, 'traf-dev-text.ndjson.gz'));
  if (opts.pages === 'dev' && !present) {
    console.error(
      `bench/throughput: --pages dev, but there is no dev set at ${opts.dev} (traf-dev-html.ndjson.gz and traf-dev-text.ndjson.gz); pass --dev DIR or --pages generated.`,
    );
    process.exit(2);
  }
  const chosen = opts.pages ?? (present ? 'dev' : 'generated');
  if (!opts.pages) {
    process.stderr.write(
      present
        ? `throughput: pages: the dev set in ${opts.dev} (--pages generated for our own pages)\n`
        : `throughput: pages: generated (no dev set at ${opts.dev})\n`,
    );
  }
  return chosen;
}

/** The first `count` pages of the dev set; the text dumps of the same pages, in the same order. */
function readDevPages(devDir, count) {
  const read = (file) =>
    gunzipSync(readFileSync(join(devDir, file)))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim());
  const htmlLines = read('traf-dev-html.ndjson.gz');
  if (count > htmlLines.length) process.stderr.write(`throughput: the dev set has ${htmlLines.length} pages; using all of them\n`);
  const html = htmlLines.slice(0, count).map((line) => ({ line, record: JSON.parse(line) }));
  const textById = new Map();
  for (const line of read('traf-dev-text.ndjson.gz')) {
    const record = JSON.parse(line);
    textById.set(record.id, { line, record });
  }
  const text = html.map((h) => textById.get(h.record.id)).filter(Boolean);
  if (text.length < html.length) process.stderr.write(`throughput: ${html.length - text.length} of the pages have no text dump in the dev set\n`);
  return { html, text };
}

function generated(count, seed) {
  const started = performance.now();
  const all = generatePages({ count, seed: Number(seed) });
  process.stderr.write(`throughput: generated ${count} pages (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return {
    html: all.map(({ id, url, html }) => entry({ id, url, html })),
    text: all.map(({ id, url, text }) => entry({ id, url, text })),
  };
}

/**
 * Writes each input as NDJSON before anything is timed; notes its page count and content bytes.
 * The HTML pages are also dealt out round-robin into `--jobs` slices, for decruft-html-Nx1 (dealt
 * rather than cut in runs, so that each slice gets its share of big and small pages).
 */
function writeInputs(dir, pages) {
  const write = (name, input, entries) => {
    const file = join(dir, `${name}.ndjson`);
    writeFileSync(file, entries.map((p) => p.line).join('\n') + '\n');
    const bytes = entries.reduce((sum, p) => sum + Buffer.byteLength(p.record[input] ?? ''), 0);
    return { input, file, pages: entries.length, bytes, fileBytes: statSync(file).size };
  };
  const out = {};
  for (const input of ['html', 'text']) out[input] = write(input, input, pages[input]);
  const slices = Array.from({ length: jobsN }, (_, k) => pages.html.filter((_p, i) => i % jobsN === k));
  out.html.slices = slices.map((entries, k) => write(`html-slice-${k}`, 'html', entries));
  out.startupText = write('startup-text', 'text', [entry({ id: 'startup', text: STARTUP_TEXT })]);
  out.startupHtml = write('startup-html', 'html', [entry({ id: 'startup', html: STARTUP_HTML })]);
  return out;
}

function entry(record) {
  return { line: JSON.stringify(record), record };
}

function describeInput(input) {
  return { pages: input.pages, mb: input.bytes / MB, fileMB: input.fileBytes / MB };
}

// ---------------------------------------------------------------------------------------------
// Running

/** Runs one contender; resolves to its figures, or to its failure. */
async function runContender(contender, input, jobs) {
  if (contender.kind === 'decruft-processes') return runProcesses(contender, input, jobs);
  if (contender.kind === 'decruft-bin') return runStartup(contender, input);
  const options = contender.kind === 'decruft-cli' ? decruftArgs : [];
  const run = await runChild([CONTENDER, contender.kind, input.file, String(jobs), ...options], { report: true });
  if (run.failure) return failed(contender, input, jobs, run.failure);
  return figures(contender, input, jobs, run.report, run.wallS, run.notes);
}

/**
 * N processes of `decruft --jobs 1`, one on each slice of the input, started together: what N
 * workers in one process are measured against. Wall is until the slowest has exited.
 */
async function runProcesses(contender, input, jobs) {
  const started = process.hrtime.bigint();
  const runs = await Promise.all(input.slices.map((slice) => runChild([CONTENDER, 'decruft-cli', slice.file, '1', ...decruftArgs], { report: true })));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const failure = runs.find((run) => run.failure)?.failure;
  if (failure) return failed(contender, input, jobs, failure);
  const sum = (field) => runs.reduce((total, run) => total + run.report[field], 0);
  const report = { loadedMs: sum('loadedMs'), pages: sum('pages'), errors: sum('errors'), maxRssKB: sum('maxRssKB'), cpuS: sum('cpuS') };
  const slowest = Math.max(...runs.map((run) => run.wallS));
  const notes = [
    ...runs.flatMap((run) => run.notes),
    `processes' walls ${runs.map((run) => run.wallS.toFixed(1)).join(', ')} s (slowest ${slowest.toFixed(1)})`,
  ];
  return figures(contender, input, jobs, report, wallS, notes);
}

/** The CLI as a user runs it, `node bin/decruft.js FILE`, on one small record: the median wall of a few runs. */
async function runStartup(contender, input) {
  const walls = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const run = await runChild([BIN, input.file, ...decruftArgs], { report: false });
    if (run.failure) return failed(contender, input, contender.jobs, run.failure);
    walls.push(run.wallS);
  }
  const wallS = walls.toSorted((a, b) => a - b)[Math.floor(walls.length / 2)];
  const mb = input.bytes / MB;
  return {
    name: contender.name,
    what: contender.what,
    input: input.input,
    jobs: contender.jobs,
    pages: input.pages,
    mb,
    startupS: null,
    wallS,
    pagesPerS: input.pages / wallS,
    mbPerS: mb / wallS,
    mbPerCpuS: null,
    firstMs: null,
    p50Ms: null,
    p99Ms: null,
    meanMs: null,
    peakRssMB: null,
    cpuS: null,
    errors: null,
    notes: [`walls ${walls.map((w) => w.toFixed(2)).join(', ')} s`],
  };
}

/**
 * One child process, spawn to exit. With `report`, it is a contender (bench/contender.mjs) and its
 * JSON report on file descriptor 3 is read; without, only its exit code counts.
 */
function runChild(args, { report: wantReport }) {
  return new Promise((done) => {
    const started = process.hrtime.bigint();
    const stdio = wantReport ? ['ignore', 'ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'];
    const child = spawn(process.execPath, args, { cwd: root, stdio });
    running.add(child);
    let stderr = '',
      reportText = '',
      grace = null,
      stoppedAfterReport = false;
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.stdio[3]?.on('data', (chunk) => {
      reportText += chunk;
      grace ??= setTimeout(() => {
        stoppedAfterReport = true;
        child.kill('SIGKILL');
      }, EXIT_GRACE_MS);
    });
    child.on('error', (err) => done({ failure: err.message }));
    child.on('close', (code, signal) => {
      clearTimeout(grace);
      running.delete(child);
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      let report = null;
      try {
        report = wantReport ? JSON.parse(reportText) : {};
      } catch {
        // no report: the failure below says why
      }
      const exitCode = report?.exitCode ?? code;
      if (!report || (signal && !stoppedAfterReport) || exitCode !== 0) {
        const why = signal ? `killed by ${signal}` : `exit ${exitCode}`;
        done({ failure: `${why}: ${failureMessage(stderr) || 'no message'}` });
        return;
      }
      const notes = stoppedAfterReport ? [`did not exit within ${EXIT_GRACE_MS / 1000} s of finishing; stopped (wall includes the wait)`] : [];
      done({ report, wallS, notes });
    });
  });
}

function figures(contender, input, jobs, report, wallS, childNotes) {
  const notes = [...childNotes];
  if (report.pages !== input.pages) notes.push(`${report.pages} records out for ${input.pages} in`);
  if (report.empty) notes.push(`${report.empty} pages with no article found`);
  const mb = input.bytes / MB;
  return {
    name: contender.name,
    what: contender.what,
    input: contender.input,
    jobs,
    pages: input.pages,
    mb,
    startupS: report.loadedMs / 1000,
    wallS,
    pagesPerS: input.pages / wallS,
    mbPerS: mb / wallS,
    mbPerCpuS: report.cpuS ? mb / report.cpuS : null,
    firstMs: report.latency?.first ?? null,
    p50Ms: report.latency?.p50 ?? null,
    p99Ms: report.latency?.p99 ?? null,
    meanMs: report.latency?.mean ?? null,
    peakRssMB: (report.maxRssKB * 1024) / MB,
    cpuS: report.cpuS ?? null,
    errors: report.errors,
    notes,
  };
}

function failed(contender, input, jobs, failure) {
  return { name: contender.name, what: contender.what, input: contender.input, jobs, pages: input.pages, mb: input.bytes / MB, failure };
}

/** What a failed child said: the CLI's own message when there is one, else the end of its stderr. */
function failureMessage(stderr) {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith('decruft: '));
  if (start < 0) return lines.slice(-2).join(' / ').slice(0, 300);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('Run "decruft'));
  const own = lines
    .slice(start, end < 0 ? undefined : end)
    .map((l) => l.trim())
    .join(' ');
  return (own.includes('Unknown argument: jobs') ? `${own} (this build of the CLI has no --jobs yet)` : own).slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// Report

function ratios(results) {
  const ok = (name) => results.find((r) => r.name === name && !r.failure);
  const ratio = (a, b) => (a && b ? a.pagesPerS / b.pagesPerS : null);
  const baseline = ok('readability-jsdom');
  const out = { vsReadabilityJsdom: {}, jobsNOverJobs1: {}, textMBPerSPerJob: {} };
  for (const name of ['decruft-html-1', 'decruft-html-N']) out.vsReadabilityJsdom[name] = ratio(ok(name), baseline);
  for (const input of ['html', 'text']) out.jobsNOverJobs1[input] = ratio(ok(`decruft-${input}-N`), ok(`decruft-${input}-1`));
  for (const name of ['decruft-text-1', 'decruft-text-N']) {
    const run = ok(name);
    out.textMBPerSPerJob[name] = run ? run.mbPerS / run.jobs : null;
  }
  return out;
}

/** Each target of issue 17 with its value in this run (null when a contender it needs did not run). */
function targets(results) {
  const ok = (name) => results.find((r) => r.name === name && !r.failure);
  return TARGETS.map(({ label, at, bar, unit, value }) => {
    const x = value(ok);
    const measured = Number.isFinite(x) ? x : null;
    const met = measured === null ? null : at === 'least' ? measured >= bar : measured <= bar;
    return { label, value: measured, target: `${at === 'least' ? '≥' : '≤'} ${bar}${unit}`, unit, met };
  });
}

function printReport(report) {
  const { machine: m, pages: p, code } = report;
  console.log(`decruft throughput, ${report.date.slice(0, 16).replace('T', ' ')} UTC, decruft ${code.version} (${code.commit})`);
  console.log(
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB.toFixed(0)} GB, Node ${m.node}, ${m.platform}, load average ${m.loadAverage.toFixed(1)} at the start; jobs N = ${report.jobsN}`,
  );
  const sourceText = p.source === 'dev' ? `the dev set (${p.dir})` : `generated (seed ${p.seed})`;
  console.log(`pages: ${sourceText}: ${p.html.pages} HTML pages, ${fixed(p.html.mb)} MB; ${p.text.pages} text dumps, ${fixed(p.text.mb)} MB`);
  if (report.decruftArgs.length) console.log(`decruft options: ${report.decruftArgs.join(' ')}`);
  console.log('');
  console.log(HEADER_NOTE);
  console.log('');

  const columns = [
    'contender',
    'jobs',
    'pages',
    'MB',
    'startup s',
    'wall s',
    'CPU s',
    'pages/s',
    'MB/s',
    '1st ms',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'errors',
  ];
  const rows = report.results.map((r) =>
    r.failure
      ? [r.name, String(r.jobs), String(r.pages), fixed(r.mb), `failed: ${r.failure}`]
      : [
          r.name,
          String(r.jobs),
          String(r.pages),
          fixed(r.mb),
          orDash(r.startupS, 2),
          r.wallS.toFixed(r.wallS < 10 ? 2 : 1),
          orDash(r.cpuS, 1),
          fixed(r.pagesPerS),
          fixed(r.mbPerS),
          ms(r.firstMs),
          ms(r.p50Ms),
          ms(r.p99Ms),
          orDash(r.peakRssMB, 0),
          r.errors === null ? '–' : String(r.errors),
        ],
  );
  printTable(columns, rows);
  for (const r of report.results) for (const note of r.notes ?? []) console.log(`  ${r.name}: ${note}`);

  const { vsReadabilityJsdom: vs, jobsNOverJobs1: scale, textMBPerSPerJob: perJob } = report.ratios;
  const lines = [
    ...Object.entries(vs).map(([name, x]) => [`pages/s, ${name} ÷ readability-jsdom`, x, `${x?.toFixed(2)}×`]),
    ...Object.entries(scale).map(([input, x]) => [`pages/s, decruft-${input}-N ÷ decruft-${input}-1`, x, `${x?.toFixed(2)}×  (N = ${report.jobsN})`]),
    ...Object.entries(perJob).map(([name, x]) => [`text MB/s per job, ${name}`, x, x === null ? '' : fixed(x)]),
  ].filter(([, x]) => x !== null);
  if (!lines.length) return;
  const width = Math.max(...lines.map(([label]) => label.length));
  console.log(`\nratios (over wall):\n${lines.map(([label, , value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}`);

  const measured = report.targets.filter((t) => t.value !== null);
  if (!measured.length) return;
  const targetWidth = Math.max(...measured.map((t) => t.label.length));
  const valueOf = (t) => `${fixed(t.value)}${t.unit}`;
  const valueWidth = Math.max(...measured.map((t) => valueOf(t).length));
  console.log(`\ntargets of issue 17 (this run; N = ${report.jobsN}):`);
  for (const t of measured) {
    console.log(`  ${t.label.padEnd(targetWidth)}  ${valueOf(t).padStart(valueWidth)}  target ${t.target}  ${t.met ? 'met' : 'NOT met'}`);
  }
}

function orDash(x, digits) {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}

function printTable(columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.filter((r) => r.length > 5 || i < 4).map((r) => (r[i] ?? '').length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : i === 4 && cells.length === 5 ? c : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  for (const row of rows) console.log(line(row));
}

function ms(x) {
  return x === null ? '–' : x.toFixed(0);
}

function fixed(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    availableParallelism: availableParallelism(),
    cpuModel: list[0]?.model?.trim() ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    node: process.version,
    loadAverage: loadavg()[0],
    platform: `${platform()} ${arch()}`,
  };
}

function codeVersion() {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let commit = 'no git';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dirty) commit += ' + uncommitted changes in src/';
  } catch {
    // not a git checkout: the version is all there is
  }
  return { version, commit };
}
