#!/usr/bin/env node
/**
 * WARC read throughput: writes a generated crawl as a `.warc` and a `.warc.gz` (a gzip member per
 * record, as crawlers write them), then times readWarc over each file, to compare builds (this
 * one's dist/ against another's, e.g. before a change to the reader).
 *
 * Usage: bench/warc [options]
 *
 *   --count N        HTML pages in the crawl (default 2,000); each is a request and a response
 *                    record, after one warcinfo record
 *   --runs N         reads of each file; the fastest is reported (default 3)
 *   --dist DIR       the build whose readWarc is timed (default this repository's dist/)
 *   --dir DIR        where the files are written, and found again on a later run with the same
 *                    --count (default a new temporary directory, removed at the end)
 *   --json           print the result as JSON
 *   -h, --help       this text
 *
 * Pages are bench/pages.mjs's generated HTML (50-150 KB each), served in turn plain, gzipped and
 * chunked, so that the reader's HTTP decoding is part of what is timed. Only reading is timed:
 * readWarc from the file to its pages' bytes, nothing cleaned.
 */
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { generatePage } from './pages.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    dist: { type: 'string', default: join(root, 'dist') },
    dir: { type: 'string' },
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
const runs = Number(opts.runs);
if (![count, runs].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('warc: --count and --runs take whole numbers above 0 (see --help)\n');
  process.exit(2);
}
const readerPath = join(resolve(opts.dist), 'io', 'warc.js');
if (!existsSync(readerPath)) {
  process.stderr.write(`warc: ${readerPath} is missing: run \`npm run build\` first (or give --dist)\n`);
  process.exit(2);
}
const { readWarc } = await import(pathToFileURL(readerPath).href);

const DATE = '2026-01-02T03:04:05Z';
/** How each page's HTTP payload is stored, in turn. */
const ENCODINGS = ['identity', 'gzip', 'chunked'];

/** One WARC record, CRLF CRLF after its block. */
function record(fields, block) {
  const head = Object.entries({ ...fields, 'WARC-Date': DATE, 'Content-Length': String(block.length) }).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.concat([Buffer.from(`WARC/1.1\r\n${head.join('')}\r\n`), block, Buffer.from('\r\n\r\n')]);
}

function httpResponse(html, encoding) {
  let body = Buffer.from(html);
  const headers = ['HTTP/1.1 200 OK', 'Content-Type: text/html; charset=utf-8'];
  if (encoding === 'gzip') {
    body = gzipSync(body);
    headers.push('Content-Encoding: gzip');
  } else if (encoding === 'chunked') {
    const parts = [];
    for (let at = 0; at < body.length; at += 8192) {
      const piece = body.subarray(at, at + 8192);
      parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    body = Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
    headers.push('Transfer-Encoding: chunked');
  }
  if (encoding !== 'chunked') headers.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), body]);
}

/** The crawl's records, one at a time: a warcinfo, then a request and a response per page. */
function* crawl() {
  yield record(
    { 'WARC-Type': 'warcinfo', 'WARC-Record-ID': '<urn:uuid:bench-0>', 'Content-Type': 'application/warc-fields' },
    Buffer.from('software: decruft bench/warc\r\n'),
  );
  for (let i = 0; i < count; i++) {
    const { url, html } = generatePage(1, i);
    const id = (kind) => `<urn:uuid:bench-${kind}-${i}>`;
    const path = new URL(url).pathname;
    const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nUser-Agent: bench\r\n\r\n`);
    yield record({ 'WARC-Type': 'request', 'WARC-Record-ID': id('req'), 'WARC-Target-URI': url, 'Content-Type': 'application/http; msgtype=request' }, request);
    const response = httpResponse(html, ENCODINGS[i % ENCODINGS.length]);
    yield record(
      { 'WARC-Type': 'response', 'WARC-Record-ID': id('res'), 'WARC-Target-URI': url, 'Content-Type': 'application/http; msgtype=response' },
      response,
    );
  }
}

const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'decruft-bench-warc-'));
mkdirSync(dir, { recursive: true });
const files = { warc: join(dir, `crawl-${count}.warc`), 'warc.gz': join(dir, `crawl-${count}.warc.gz`) };
if (!existsSync(files.warc) || !existsSync(files['warc.gz'])) {
  const plain = openSync(files.warc, 'w');
  const gzipped = openSync(files['warc.gz'], 'w');
  for (const bytes of crawl()) {
    writeSync(plain, bytes);
    writeSync(gzipped, gzipSync(bytes));
  }
  closeSync(plain);
  closeSync(gzipped);
}

/** One read of a file: seconds, pages and records seen. */
async function readOnce(path) {
  const started = performance.now();
  let pages = 0;
  let records = 0;
  let bytes = 0;
  for await (const item of readWarc(createReadStream(path))) {
    records++;
    if ('page' in item) {
      pages++;
      bytes += item.page.body.length;
    }
  }
  return { seconds: (performance.now() - started) / 1000, pages, records, pageBytes: bytes };
}

const results = [];
for (const [kind, path] of Object.entries(files)) {
  let best = null;
  for (let run = 0; run < runs; run++) {
    const result = await readOnce(path);
    if (!best || result.seconds < best.seconds) best = result;
  }
  const size = statSync(path).size;
  results.push({ kind, bytes: size, ...best, mbPerSecond: size / 1e6 / best.seconds, pagesPerSecond: best.pages / best.seconds });
}
if (!opts.dir) rmSync(dir, { recursive: true, force: true });

if (opts.json) {
  process.stdout.write(`${JSON.stringify({ reader: readerPath, count, runs, results, maxRssMb: process.resourceUsage().maxRSS / 1024 }, null, 2)}\n`);
} else {
  process.stdout.write(`readWarc from ${readerPath}, best of ${runs}\n`);
  for (const r of results) {
    const mb = (r.bytes / 1e6).toFixed(1);
    process.stdout.write(
      `${r.kind.padEnd(8)} ${mb.padStart(7)} MB  ${r.records} records, ${r.pages} pages  ${r.seconds.toFixed(2)} s  ` +
        `${r.mbPerSecond.toFixed(1)} MB/s  ${Math.round(r.pagesPerSecond)} pages/s\n`,
    );
  }
  process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (with the writing of the files, when this run wrote them)\n`);
}
