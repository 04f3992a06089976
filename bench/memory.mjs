#!/usr/bin/env node
/**
 * Memory over a long stream: pipes many records through the decruft CLI (a child process, default
 * --jobs) and samples the child's resident memory as it goes, to show that memory stays flat however
 * long the input, and that a slow reader of the output holds decruft back instead of filling memory.
 *
 * Usage: bench/memory [options] [-- decruft option ...]
 *
 *   --count N        records to stream (default 1,000,000)
 *   --html-every K   every K-th record is a whole generated HTML page (50-150 KB); the others are
 *                    short text scrapes cut from the generated pages' text dumps (default 100)
 *   --bad-every K    every K-th record is a bad one (default 0: none), in turn: not JSON, not an object,
 *                    a field of the wrong type, no page, binary garbage, a page nested 5,000 elements
 *                    deep, text with NUL bytes and lone surrogates; one bad record in 2,000 is a
 *                    17 MB line (over the default --max-bytes). A blank line and a CRLF ending come
 *                    with each bad record. Each error code must come out exactly as often as expected.
 *   --slow MS        the reader pauses MS milliseconds after every 1,000 output lines (default 0);
 *                    with it, decruft must wait for the reader, and memory must still stay flat
 *   --samples N      memory readings printed over the run (default 20)
 *   --json           print the result as JSON
 *   -h, --help       this text
 *
 * Records are generated as they are written (nothing is held), with backpressure: the generator
 * waits whenever decruft's input pipe is full. Memory is the child's VmRSS and VmHWM (peak) from
 * /proc, so Linux only. Every output line is checked: one per input record, in input order (by its
 * id, or for a record without one, by the line number in its error).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatePage } from './pages.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const split = process.argv.indexOf('--');
const decruftArgs = split < 0 ? [] : process.argv.slice(split + 1);
const { values: opts } = parseArgs({
  args: split < 0 ? process.argv.slice(2) : process.argv.slice(2, split),
  options: {
    count: { type: 'string', default: '1000000' },
    'html-every': { type: 'string', default: '100' },
    'bad-every': { type: 'string', default: '0' },
    slow: { type: 'string', default: '0' },
    samples: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) {
  process.stdout.write(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('*/')[0]
      .replace(/^#!.*\n\/\*\*\n/, '')
      .replace(/^ \* ?/gm, ''),
  );
  process.exit(0);
}
const count = Number(opts.count);
const htmlEvery = Number(opts['html-every']);
const slowMs = Number(opts.slow);
const badEvery = Number(opts['bad-every']);
const sampleEvery = Math.max(1, Math.floor(count / Number(opts.samples)));
if (![count, htmlEvery, slowMs, badEvery].every((n) => Number.isInteger(n) && n >= 0) || count === 0) {
  process.stderr.write('memory: --count, --html-every, --bad-every and --slow take whole numbers (see --help)\n');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  process.stderr.write('memory: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
if (!existsSync('/proc/self/status')) {
  process.stderr.write('memory: reads memory from /proc: Linux only\n');
  process.exit(2);
}

// A pool of pages to draw records from: 50 generated pages, as HTML and as short text scrapes.
const POOL = Array.from({ length: 50 }, (_, i) => {
  const page = generatePage(7, i);
  const lines = page.text.split('\n');
  return { html: page.html, snippet: lines.slice(0, 40).join('\n') };
});

/**
 * The bad records, in turn: each a function of the record number giving the line (without its
 * ending), and the error code it must come out with (null: cleaned, or any outcome).
 */
const DEEP = '<div>'.repeat(5000) + '<p>At the bottom of a very deep page there is still a sentence of text.</p>';
const GARBAGE = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 131 + 7) % 256).filter((b) => b !== 10 && b !== 13));
const BAD = [
  { code: 'invalid-json', line: (i) => `{"id": ${i}, "text": "unterminated` },
  { code: 'not-an-object', line: () => '[1, 2, 3]' },
  { code: 'wrong-type', line: (i) => JSON.stringify({ id: i, html: 42 }) },
  { code: 'no-content', line: (i) => JSON.stringify({ id: i, url: 'https://example.com/x' }) },
  { code: 'invalid-json', line: () => GARBAGE },
  { code: null, line: (i) => JSON.stringify({ id: i, html: DEEP }) },
  { code: null, line: (i) => JSON.stringify({ id: i, text: `Nul \u0000 bytes and a lone \ud800 half in a short line of text number ${i}.` }) },
];
const HUGE = { code: 'too-large', bytes: 17 * 1024 * 1024 };
const expectedErrors = {};
let lineNumber = 0;

const child = spawn(process.execPath, [join(root, 'bin', 'decruft.js'), ...decruftArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
const started = Date.now();
const samples = [];
let written = 0;
let read = 0;
let outOfOrder = 0;
let errors = 0;
const errorCodes = {};
let partial = '';

function memory() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return null; // the child has exited
  }
}

let lastPeak = 0;
function sample() {
  const m = memory();
  if (!m) return;
  lastPeak = m.peakMB;
  samples.push({ records: read, seconds: (Date.now() - started) / 1000, ...m });
  if (!opts.json) {
    process.stderr.write(
      `memory: ${read.toLocaleString('en')} records out, RSS ${m.rssMB.toFixed(0)} MB, peak so far ${m.peakMB.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
}

child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    const id = Number(/^\{"id":(\d+)/.exec(line)?.[1] ?? positions.get(Number(/"line":(\d+)/.exec(line)?.[1])));
    if (id !== read) outOfOrder++;
    const code = /"error":\{"code":"([a-z-]+)"/.exec(line)?.[1];
    if (code) {
      errors++;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    }
    read++;
    if (read % sampleEvery === 0) sample();
    if (slowMs && read % 1000 === 0) {
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), slowMs);
    }
  }
});

const ticker = setInterval(() => {
  const m = memory();
  if (m) lastPeak = m.peakMB;
}, 500);

/** Record number by input line, for output records without an id (bad lines); pruned as it goes. */
const positions = new Map();

async function send(data) {
  if (!child.stdin.write(data)) await new Promise((r) => child.stdin.once('drain', r));
}

async function feed() {
  let bad = 0;
  for (let i = 0; i < count; i++) {
    if (badEvery && i % badEvery === badEvery - 1) {
      const kind = bad % 2000 === 1999 ? HUGE : BAD[bad % BAD.length];
      bad++;
      await send('\n'); // a blank line: skipped, not a record
      lineNumber++;
      if (kind.code) expectedErrors[kind.code] = (expectedErrors[kind.code] ?? 0) + 1;
      positions.set(lineNumber + 1, i);
      if (positions.size > 100_000) positions.delete(positions.keys().next().value);
      if (kind === HUGE) {
        const piece = 'x'.repeat(1024 * 1024);
        await send('{"text": "');
        for (let sent = 0; sent < kind.bytes; sent += piece.length) await send(piece);
        await send('"}\r\n');
      } else {
        await send(kind.line(i));
        await send('\r\n');
      }
    } else {
      const page = POOL[i % POOL.length];
      const record = htmlEvery && i % htmlEvery === htmlEvery - 1 ? { id: i, html: page.html } : { id: i, text: `${page.snippet}\nRecord ${i}.` };
      await send(JSON.stringify(record) + '\n');
    }
    lineNumber++;
    written++;
  }
  child.stdin.end();
}

const exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
await feed();
const code = await exited;
clearInterval(ticker);
const seconds = (Date.now() - started) / 1000;
const tenth = Math.max(1, Math.floor(samples.length / 10));
const result = {
  records: { written, read, outOfOrder, errors, errorCodes, expectedErrors },
  exitCode: code,
  seconds,
  recordsPerSecond: read / seconds,
  peakRssMB: lastPeak,
  firstSamplesMaxRssMB: Math.max(...samples.slice(0, tenth * 2).map((s) => s.rssMB)),
  lastSamplesMaxRssMB: Math.max(...samples.slice(-tenth * 2).map((s) => s.rssMB)),
  slowReaderMs: slowMs,
  htmlEvery,
  decruftArgs,
  samples,
};
if (opts.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`records: ${written} written, ${read} read, ${outOfOrder} out of order, ${errors} error records; exit ${code}`);
  if (badEvery) console.log(`errors by code: ${JSON.stringify(errorCodes)}; expected ${JSON.stringify(expectedErrors)}`);
  console.log(`time: ${seconds.toFixed(0)} s, ${result.recordsPerSecond.toFixed(0)} records/s (every ${htmlEvery}th record a whole HTML page)`);
  console.log(
    `memory: peak RSS ${result.peakRssMB.toFixed(0)} MB; RSS over the first fifth of the run at most ${result.firstSamplesMaxRssMB.toFixed(0)} MB, over the last fifth at most ${result.lastSamplesMaxRssMB.toFixed(0)} MB`,
  );
}
const codesAsExpected = Object.keys({ ...errorCodes, ...expectedErrors }).every((c) => (errorCodes[c] ?? 0) === (expectedErrors[c] ?? 0));
process.exitCode = read === written && outOfOrder === 0 && code === 0 && (!badEvery || codesAsExpected) ? 0 : 1;
