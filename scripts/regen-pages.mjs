#!/usr/bin/env node
/**
 * Regenerates test/pages/<page>/expected.json from the build in dist/ and prints how close
 * decruft's text comes to each page's hand-written answer.txt (bag-of-words precision, recall
 * and F1), per page, per page type and in total.
 *
 *   npm run build && node scripts/regen-pages.mjs            write expected.json files
 *   node scripts/regen-pages.mjs --check                      write nothing; exit 1 if any would change
 *   node scripts/regen-pages.mjs --lower-floors               accept pages whose F1 fell below their floor
 *
 * expected.json holds the pinned output (see PINNED_KEYS) and `minF1`, the floor the page's F1
 * must not fall below. The floor only ratchets up: it becomes the current F1 less F1_SLACK when
 * that is higher, and a page that falls below its floor keeps it (and fails the test) unless
 * --lower-floors says the loss is accepted, so a careless regeneration cannot hide a regression.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COVERED_TYPES, f1Floor, MIN_PAGES_PER_TYPE, PAGE_TYPES, pinnedOutput, readPages, wordScore } from './pages-lib.mjs';

const DIST = new URL('../dist/index.js', import.meta.url);

const { values: opts } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'lower-floors': { type: 'boolean', default: false },
  },
});

if (!existsSync(DIST)) {
  console.error('regen-pages: dist/index.js is missing; run `npm run build` first');
  process.exitCode = 2;
} else {
  await run();
}

async function run() {
  const { cleanRecord, createArticle, toOutput } = await import(DIST.href);
  const pages = readPages();
  const rows = [];
  const changed = [];
  const belowFloor = [];
  for (const page of pages) {
    const article = cleanRecord(createArticle({ format: 'html', content: page.html }, { url: page.info.url }));
    const output = pinnedOutput(toOutput(article, { explain: true, blocks: false }));
    const score = wordScore(typeof output['text'] === 'string' ? output['text'] : '', page.answer);
    const file = join(page.dir, 'expected.json');
    const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
    const oldFloor = typeof old?.minF1 === 'number' ? old.minF1 : 0;
    const fell = score.f1 < oldFloor;
    if (fell) belowFloor.push(page.name);
    const minF1 = fell && opts['lower-floors'] ? f1Floor(score.f1) : Math.max(oldFloor, f1Floor(score.f1));
    const body = `${JSON.stringify({ ...output, minF1 }, null, 2)}\n`;
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (body !== before) {
      changed.push(page.name);
      if (!opts.check) writeFileSync(file, body);
    }
    rows.push({ name: page.name, type: page.info.type, ...score, minF1 });
  }
  printTable(rows);
  report(pages, changed, belowFloor);
}

/** Per page, then per type and in total (each the mean of its pages' scores, so every page counts alike). */
function printTable(rows) {
  const pct = (x) => x.toFixed(3);
  const width = Math.max(...rows.map((r) => r.name.length), 13);
  console.log(`${'page'.padEnd(width)}  prec   rec    F1     minF1`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${pct(r.precision)}  ${pct(r.recall)}  ${pct(r.f1)}  ${r.minF1.toFixed(2)}`);
  }
  console.log('');
  console.log(`${'type'.padEnd(14)} pages  prec   rec    F1`);
  const line = (label, group) => {
    const mean = (key) => group.reduce((s, r) => s + r[key], 0) / group.length;
    const scores = `${pct(mean('precision'))}  ${pct(mean('recall'))}  ${pct(mean('f1'))}`;
    console.log(`${label.padEnd(14)} ${String(group.length).padStart(5)}  ${scores}`);
  };
  for (const type of PAGE_TYPES) {
    const group = rows.filter((r) => r.type === type);
    if (group.length) line(type, group);
  }
  line('total', rows);
}

function report(pages, changed, belowFloor) {
  const thin = COVERED_TYPES.filter((t) => pages.filter((p) => p.info.type === t).length < MIN_PAGES_PER_TYPE);
  if (thin.length) console.error(`\nfewer than ${MIN_PAGES_PER_TYPE} pages: ${thin.join(', ')}`);
  if (belowFloor.length) {
    const what = opts['lower-floors'] ? 'floors lowered for' : 'below their floor (kept; --lower-floors accepts the loss)';
    console.error(`\n${what}: ${belowFloor.join(', ')}`);
    if (!opts['lower-floors']) process.exitCode = 1;
  }
  if (opts.check) {
    if (changed.length) {
      console.error(`\nexpected.json out of date: ${changed.join(', ')}`);
      process.exitCode = 1;
    }
  } else {
    console.error(`\n${changed.length} of ${pages.length} expected.json files written`);
  }
}
