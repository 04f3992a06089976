/**
 * Trains the block model on the dev pages (scripts/train/dump.ts writes them) and reports its
 * quality cross-validated by site: pages are split into five folds by a hash of their site, each
 * fold is scored by a model that never saw a page of its sites, so the score says how the model does
 * on sites it has not seen. Then one model is trained on every page and written as JSON.
 *
 * Usage: node --import tsx scripts/train/train.ts [--data FILE] [--out FILE] [--report FILE] [--seed N]
 *        [--trees N] [--depth N] [--folds-only]
 * Seeded: the same data and options give the same model file.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FEATURE_NAMES } from '../../src/extract/blocks.js';
import { probability, type BoostedModel } from '../../src/extract/gbdt.js';
import { boost, BOOST_DEFAULTS, type Dataset } from './boost.js';
import { bag, compact, hash, mean, round3, seconds, wordF1 } from './common.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    data: { type: 'string', default: join(root, '.cache', 'train', 'pages.ndjson') },
    out: { type: 'string', default: join(root, 'src', 'extract', 'model', 'blocks.json') },
    report: { type: 'string' },
    seed: { type: 'string', default: String(BOOST_DEFAULTS.seed) },
    trees: { type: 'string', default: String(BOOST_DEFAULTS.trees) },
    depth: { type: 'string', default: String(BOOST_DEFAULTS.depth) },
    folds: { type: 'string', default: '5' },
    'folds-only': { type: 'boolean', default: false },
  },
});
if (!existsSync(opts.data!)) {
  console.log(`train: no training data at ${opts.data}; run scripts/train/dump.ts first.`);
  process.exit(0);
}

interface Page {
  id: string;
  site: string;
  type: string;
  X: number[][];
  y: number[];
  w: number[];
  tokens: string[][];
  /** The answer's words (WCXB); null for pages answered by snippets only (traf). */
  answer: Map<string, number> | null;
  fold: number;
}

const folds = Number(opts.folds);
const boostOptions = { seed: Number(opts.seed), trees: Number(opts.trees), depth: Number(opts.depth) };
const pages = await readPages(opts.data!);
console.log(`train: ${pages.length} pages, ${pages.reduce((s, p) => s + p.y.length, 0)} blocks, ${FEATURE_NAMES.length} features`);

/** Pages with whole answers, which page F1 is measured on. */
const scored = pages.filter((p) => p.answer);
const THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
const cache = join(root, '.cache', 'train');
mkdirSync(cache, { recursive: true });

// cross-validated: every page's block probabilities from a model that never saw its site
const oof = new Map<string, number[]>();
for (let k = 0; k < folds; k++) {
  const started = Date.now();
  const model = boost(datasetOf(pages.filter((p) => p.fold !== k)), [...FEATURE_NAMES], boostOptions);
  for (const page of pages.filter((p) => p.fold === k))
    oof.set(
      page.id,
      page.X.map((row) => probability(model, row)),
    );
  // each fold's model and pages, for cleaning the pages end to end with a model that never saw them
  writeFileSync(join(cache, `fold-${k}.json`), serialize(model, 0.4, {}, {}));
  writeFileSync(
    join(cache, `fold-${k}.ids`),
    pages
      .filter((p) => p.fold === k)
      .map((p) => p.id)
      .join('\n') + '\n',
  );
  console.log(`fold ${k + 1}/${folds}: ${seconds(started)} s`);
}

const report: string[] = ['# Block model: cross-validated by site', ''];
report.push(`${pages.length} dev pages (${scored.length} WCXB scored here), ${folds} folds by site, ` + `${JSON.stringify(boostOptions)}.`);
report.push('Page word F1 of the blocks kept (before strip and dedupe), by threshold.', '');
report.push(
  '| threshold | all | ' + TYPES().join(' | ') + ' |',
  '|---|---|' +
    TYPES()
      .map(() => '---')
      .join('|') +
    '|',
);
let best = { threshold: 0.4, f1: -1 };
let bestByType: Record<string, number> = {};
for (const threshold of THRESHOLDS) {
  const scores = scored.map((page) => ({ type: page.type, f1: pageF1(page, oof.get(page.id)!, threshold) }));
  const all = mean(scores.map((s) => s.f1));
  const byType = Object.fromEntries(TYPES().map((t) => [t, mean(scores.filter((s) => s.type === t).map((s) => s.f1))]));
  report.push(
    `| ${threshold} | ${all.toFixed(3)} | ` +
      TYPES()
        .map((t) => byType[t]!.toFixed(3))
        .join(' | ') +
      ' |',
  );
  if (all > best.f1) {
    best = { threshold, f1: all };
    bestByType = byType;
  }
}
// each type's own threshold, chosen on its pages' out-of-fold probabilities the same way
const byTypeThreshold: Record<string, number> = {};
const byTypeF1: Record<string, number> = {};
for (const t of TYPES()) {
  const list = scored.filter((p) => p.type === t);
  let top = { threshold: best.threshold, f1: -1 };
  for (const threshold of THRESHOLDS) {
    const f1 = mean(list.map((page) => pageF1(page, oof.get(page.id)!, threshold)));
    if (f1 > top.f1) top = { threshold, f1 };
  }
  byTypeThreshold[t] = top.threshold;
  byTypeF1[t] = top.f1;
}
const typedAll = mean(scored.map((page) => pageF1(page, oof.get(page.id)!, byTypeThreshold[page.type]!)));
report.push('', `Chosen threshold: ${best.threshold} (cross-validated page F1 ${best.f1.toFixed(3)}).`);
report.push(
  `By type: ${TYPES()
    .map((t) => `${t} ${byTypeThreshold[t]} (${byTypeF1[t]!.toFixed(3)})`)
    .join(', ')}; all ${typedAll.toFixed(3)} when the true type is known.`,
);
console.log(report.join('\n'));
if (opts.report) writeFileSync(opts.report, report.join('\n') + '\n');
for (let k = 0; k < folds; k++) {
  const fold = JSON.parse(readFileSync(join(cache, `fold-${k}.json`), 'utf8'));
  fold.keepAbove = best.threshold;
  fold.keepAboveByType = byTypeThreshold;
  writeFileSync(join(cache, `fold-${k}.json`), JSON.stringify(fold));
}

if (!opts['folds-only']) {
  const started = Date.now();
  const model = boost(datasetOf(pages), [...FEATURE_NAMES], boostOptions);
  mkdirSync(dirname(opts.out!), { recursive: true });
  const byType = Object.fromEntries(Object.entries(bestByType).map(([t, v]) => [t, round3(v)]));
  const cv = { pages: scored.length, folds, f1: round3(best.f1), byType, typedF1: round3(typedAll) };
  writeFileSync(opts.out!, serialize(model, best.threshold, cv, byTypeThreshold));
  console.log(`train: model of ${model.trees.length} trees → ${opts.out} (${seconds(started)} s)`);
}

function TYPES(): string[] {
  return [...new Set(scored.map((p) => p.type))].sort();
}

/** Page F1 when the blocks with p ≥ threshold are kept. */
function pageF1(page: Page, p: number[], threshold: number): number {
  const kept: string[] = [];
  p.forEach((v, i) => v >= threshold && kept.push(...page.tokens[i]!));
  return wordF1(bag(kept), page.answer!).f1;
}

function datasetOf(list: Page[], rowsOf: (page: Page) => ArrayLike<number>[] = (page) => page.X): Dataset {
  const width = rowsOf(list[0]!)[0]!.length;
  const n = list.reduce((s, p) => s + p.y.length, 0);
  const X = new Float64Array(n * width);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let i = 0;
  for (const page of list) {
    const rows = rowsOf(page);
    for (let b = 0; b < page.y.length; b++, i++) {
      X.set(rows[b]!, i * width);
      y[i] = page.y[b]!;
      w[i] = page.w[b]!;
    }
  }
  return { X, width, y, w };
}

async function readPages(file: string): Promise<Page[]> {
  const list: Page[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const r = JSON.parse(line);
    if (r.X.length && r.X[0].length !== FEATURE_NAMES.length) {
      throw new Error(`train: ${file} holds ${r.X[0].length} features a block, the code ${FEATURE_NAMES.length}; dump again`);
    }
    list.push({ ...r, answer: r.answer ? bag(r.answer) : null, fold: hash(r.site) % folds });
  }
  return list;
}

/** The model as JSON, leaf values cut to the precision that matters (thresholds keep theirs). */
function serialize(model: BoostedModel, keepAbove: number, cv: object, keepAboveByType: Record<string, number>): string {
  return JSON.stringify({
    version: 1,
    source: 'scripts/train/train.ts on the WCXB dev split (CC-BY-4.0, Murrough-Foley/web-content-extraction-benchmark) ' + 'and the traf dev split',
    options: boostOptions,
    keepAbove,
    keepAboveByType,
    cv,
    model: compact(model),
  });
}
