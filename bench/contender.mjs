#!/usr/bin/env node
/**
 * One contender of bench/throughput, alone in this process so that the peak RSS it reports is its
 * own (process.resourceUsage().maxRSS covers every thread of the process, worker threads included).
 * Started by bench/throughput.mjs; reports one JSON line on file descriptor 3.
 *
 *   node bench/contender.mjs readability-jsdom INPUT.ndjson
 *   node bench/contender.mjs readability-linkedom INPUT.ndjson
 *   node bench/contender.mjs decruft-cli INPUT.ndjson JOBS [decruft option ...]
 *   node bench/contender.mjs decruft-loop INPUT.ndjson
 *
 * Times are milliseconds since this process started (performance.now()); `loadedMs` is when the
 * contender's modules were loaded, so per-page figures leave Node start-up and module load out.
 */
import { readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT_FD = 3;

const RUNNERS = {
  'readability-jsdom': runReadability,
  'readability-linkedom': runReadability,
  'decruft-cli': runCli,
  'decruft-loop': runLoop,
};

const [kind, input, jobs, ...cliOptions] = process.argv.slice(2);
const runner = RUNNERS[kind];
if (!runner || !input) {
  process.stderr.write(`contender: usage: contender.mjs ${Object.keys(RUNNERS).join('|')} INPUT [JOBS]\n`);
  process.exitCode = 2;
} else {
  const report = await runner(input);
  report.doneMs = performance.now();
  const usage = process.resourceUsage();
  report.maxRssKB = usage.maxRSS;
  report.cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  writeSync(REPORT_FD, JSON.stringify(report) + '\n');
}

/**
 * The baselines: a plain single-threaded loop of Readability, as the Readability README shows it,
 * on jsdom or on linkedom's parseHTML (what decruft parses HTML with by default). Readability
 * changes the document it is given, so each page gets a document of its own; a jsdom window is
 * closed after its page. Nothing else is done to help either (no yielding to the event loop, no
 * stripping of scripts, styles or iframes before the DOM sees them).
 */
async function runReadability(file) {
  const { Readability } = await import('@mozilla/readability');
  const dom = await readabilityDom();
  const loadedMs = performance.now();
  const times = [];
  let errors = 0,
    empty = 0;
  for (const line of lines(file)) {
    const { html } = JSON.parse(line);
    const started = performance.now();
    let page;
    try {
      page = dom(html);
      if (!new Readability(page.document).parse()) empty++;
    } catch {
      errors++;
    } finally {
      page?.close();
    }
    times.push(performance.now() - started);
  }
  return { kind, loadedMs, pages: times.length, errors, empty, latency: summarise(times) };
}

/** For the readability-* contender running: a page's HTML → its document, and how to let it go. */
async function readabilityDom() {
  if (kind === 'readability-jsdom') {
    const { JSDOM } = await import('jsdom');
    return (html) => {
      const { window } = new JSDOM(html);
      return { document: window.document, close: () => window.close() };
    };
  }
  const { parseHTML } = await import('linkedom');
  return (html) => ({ document: parseHTML(html).document, close: () => {} });
}

/**
 * decruft's per-record work in-process, one record at a time on one thread, timed per record:
 * parseNdjson → cleanRecord → serialize. Between records the event loop gets a turn, as decruft's
 * own extract transform gives it (jsdom frees closed windows only then), outside the timed part.
 */
async function runLoop(file) {
  const { cleanRecord, parseNdjson, serialize } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const loadedMs = performance.now();
  const times = [];
  let errors = 0,
    lineNumber = 0;
  for (const line of lines(file)) {
    const started = performance.now();
    const record = cleanRecord(parseNdjson(line, ++lineNumber));
    serialize(record);
    times.push(performance.now() - started);
    if (record.error) errors++;
    await new Promise(setImmediate);
  }
  return { kind, loadedMs, pages: times.length, errors, latency: summarise(times) };
}

/** The decruft command line, end to end: main() over the input file, output counted and dropped. */
async function runCli(file) {
  const { main } = await import(pathToFileURL(join(root, 'dist', 'cli.js')).href);
  const loadedMs = performance.now();
  const output = lineCounter();
  const argv = [file, '--jobs', jobs, ...cliOptions];
  const exitCode = await main(argv, { stdin: Readable.from([]), stdout: output, stderr: process.stderr });
  return { kind, argv, loadedMs, exitCode, pages: output.lines, errors: output.errors };
}

/** A Writable that counts output lines and error records, and keeps nothing else. */
function lineCounter() {
  let partial = '';
  const counter = new Writable({
    decodeStrings: false,
    write(chunk, _encoding, done) {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop();
      for (const line of parts) {
        counter.lines++;
        // Inside a JSON string every quote is escaped, so this can only be the record's own key.
        if (line.includes('"error":{"code":')) counter.errors++;
      }
      done();
    },
  });
  return Object.assign(counter, { lines: 0, errors: 0 });
}

/** The input's non-blank lines, one at a time; the file is held as bytes, each line decoded when reached. */
function* lines(file) {
  const bytes = readFileSync(file);
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (end > start) yield bytes.toString('utf8', start, end);
    start = end + 1;
  }
}

/**
 * The first page pays for lazy set-up (compiled rules, language models, jsdom internals): it is
 * reported on its own, and the percentiles are over the pages after it.
 */
function summarise(times) {
  const first = times[0] ?? null;
  const sorted = (times.length > 1 ? times.slice(1) : [...times]).sort((a, b) => a - b);
  const rank = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { first, p50: rank(0.5), p99: rank(0.99), max: sorted.at(-1) ?? null, mean: sorted.length ? sum / sorted.length : null };
}
