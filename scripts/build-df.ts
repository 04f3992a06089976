// Builds src/across/df.json, the document frequencies the stories step weighs terms with, from
// cleaned dev pages: per language, how many pages hold each term (hashed exactly as the runtime
// hashes it, see termCounts), counts only, no text. Clean the pages first with the CLI:
//
//   zcat ../shared/dev/traf-dev-html.ndjson.gz | node bin/decruft.js -q --jobs 0 > /tmp/traf.jsonl
//   zcat ../shared/dev/wcxb-dev-html.ndjson.gz | node bin/decruft.js -q --jobs 0 > /tmp/wcxb.jsonl
//   node --import tsx scripts/build-df.ts /tmp/traf.jsonl /tmp/wcxb.jsonl
//
// `--out FILE` writes elsewhere than src/across/df.json: a table from one corpus, to measure the
// stories step on the other with it (bench/stories.mjs, DF=FILE), as a page never seen would be.
//
// Use the HTML sets only: the text dumps are the same pages again. Deterministic: the same inputs
// give the same file, byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { termCounts, type DfFile } from '../src/across/stories.js';

/** A term must be on at least this many pages: a term on one page says nothing about the next. */
const MIN_DF = 2;
/** Most terms kept per language, the most common first: bounds the file (6 bytes a term, base64 8). */
const MAX_TERMS = 60_000;
/** Languages with fewer pages than this get no table of their own; they use `*`, all pages together. */
const MIN_DOCS = 20;
/** Pages with fewer words than this are not counted (the stories step never weighs them either). */
const MIN_WORDS = 50;

const args = process.argv.slice(2);
const at = args.indexOf('--out');
const out = at === -1 ? new URL('../src/across/df.json', import.meta.url) : new URL(`file://${resolve(args.splice(at, 2)[1] ?? '')}`);
const inputs = args;
if (inputs.length === 0 || out.pathname.endsWith('/')) {
  process.stderr.write('usage: node --import tsx scripts/build-df.ts [--out FILE] CLEANED.jsonl...\n');
  process.exit(2);
}

const perLanguage = new Map<string, { docs: number; df: Map<number, number> }>();
function count(lang: string, hashes: Iterable<number>): void {
  let entry = perLanguage.get(lang);
  if (!entry) perLanguage.set(lang, (entry = { docs: 0, df: new Map() }));
  entry.docs++;
  for (const h of hashes) entry.df.set(h, (entry.df.get(h) ?? 0) + 1);
}

for (const path of inputs) {
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { text?: string; lang?: string | null; error?: unknown };
    if (record.error || !record.text) continue;
    const counts = termCounts(record.text, MIN_WORDS);
    if (!counts) continue;
    const lang = (record.lang ?? '').toLowerCase().split('-')[0]!;
    if (lang) count(lang, counts.keys());
    count('*', counts.keys());
  }
}

const languages: DfFile['languages'] = {};
for (const lang of [...perLanguage.keys()].sort()) {
  const { docs, df } = perLanguage.get(lang)!;
  if (docs < MIN_DOCS) continue;
  const kept = [...df]
    .filter(([, n]) => n >= MIN_DF)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_TERMS)
    .sort((a, b) => a[0] - b[0]);
  const hashes = Buffer.alloc(kept.length * 4);
  const counts = Buffer.alloc(kept.length * 2);
  kept.forEach(([h, n], i) => {
    hashes.writeUInt32LE(h, i * 4);
    counts.writeUInt16LE(Math.min(n, 0xffff), i * 2);
  });
  languages[lang] = { docs, terms: kept.length, hashes: hashes.toString('base64'), counts: counts.toString('base64') };
  process.stderr.write(`${lang}: ${docs} pages, ${kept.length} terms\n`);
}
const file: DfFile = { format: 'decruft-df', version: 1, hash: 'fnv1a32', languages };
writeFileSync(out, JSON.stringify(file) + '\n');
process.stderr.write(`wrote ${out.pathname}: ${readFileSync(out).length} bytes\n`);
