#!/usr/bin/env node
/**
 * The block model's dev score, honestly: each fold of the WCXB dev pages is cleaned end to end by
 * the CLI (extraction, strip, dedupe) with the model trained without that fold's sites
 * (scripts/train/train.ts leaves .cache/train/fold-K.json and fold-K.ids), and the outputs are
 * merged and scored with the benchmark's scorer. Scoring the shipped model on the pages it was
 * trained on would flatter it.
 *
 * `--model lines` does the same for the line model of text dumps (scripts/train/lines.ts leaves
 * .cache/train/lines-fold-K.json and .ids; the set is then a text dump, e.g. wcxb-dev-text.ndjson.gz).
 *
 * Usage: node scripts/train/eval-folds.mjs [--dev DIR] [--out FILE] [--set FILE] [--model blocks|lines] [-- decruft options]
 * Needs a build (npm run build).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts, positionals } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    out: { type: 'string', default: join(root, '.cache', 'train', 'oof-wcxb-html.jsonl') },
    set: { type: 'string', default: 'wcxb-dev-html.ndjson.gz' },
    model: { type: 'string', default: 'blocks' },
  },
  allowPositionals: true,
});
const cache = join(root, '.cache', 'train');
/** Training ids are `set:id` (scripts/train/dump.ts). */
const setName = opts.set.split('-')[0];
const lineModel = opts.model === 'lines';
const prefix = lineModel ? 'lines-fold-' : 'fold-';
const folds = existsSync(cache)
  ? readdirSync(cache)
      .filter((f) => f.startsWith(prefix) && /^\d+\.json$/u.test(f.slice(prefix.length)))
      .sort()
  : [];
// ids are `set:id`: this set's pages only
if (!existsSync(join(opts.dev, opts.set)) || folds.length === 0) {
  console.log('eval-folds: needs the dev set and the fold models (run scripts/train/train.ts); nothing to do.');
  process.exit(0);
}
const foldOf = new Map();
for (const file of folds) {
  const k = file.match(/\d+/u)[0];
  for (const id of readFileSync(join(cache, `${prefix}${k}.ids`), 'utf8')
    .split('\n')
    .filter(Boolean))
    foldOf.set(id, k);
}
const out = createWriteStream(opts.out);
for (const file of folds) {
  const k = file.match(/\d+/u)[0];
  const child = spawn(process.execPath, [join(root, 'bin', 'decruft.js'), '-q', '-j', lineModel ? '1' : '2', '--fields', 'id,title,text', ...positionals], {
    env: lineModel
      ? { ...process.env, DECRUFT_LINE_MODEL: join(cache, file) }
      : {
          ...process.env,
          DECRUFT_BLOCK_MODEL: join(cache, file),
          DECRUFT_PAGE_MODEL: join(cache, `fold-${k}-page.json`),
        },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdout.pipe(out, { end: false });
  const lines = createInterface({
    input: createReadStream(join(opts.dev, opts.set)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    const id = JSON.parse(line).id;
    if (foldOf.get(`${setName}:${id}`) !== k) continue;
    if (!child.stdin.write(line + '\n')) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  await new Promise((r) => child.on('close', r));
  console.error(`eval-folds: fold ${k} done`);
}
out.end();
await new Promise((r) => out.on('finish', r));
console.log(`eval-folds: out-of-fold output → ${opts.out}`);
