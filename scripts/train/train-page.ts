/**
 * Trains the page models on the WCXB dev pages, cross-validated by site like the block model:
 * - page type: one boosted model per type (one against the rest) over the page features
 *   (src/extract/page.ts); the type is the likeliest, or `other` below `minProb`;
 * - confidence: the page F1 the cleaned output will reach, learned from the out-of-fold F1 of the
 *   whole pipeline (scripts/train/eval-folds.mjs), over the page features, the type probabilities
 *   and the block model's selection features. Logistic loss on the F1 as a soft target.
 *
 * Two steps, because the pipeline's output depends on the page type (strip treats pages of cards
 * and posts differently) and the confidence model learns from that output:
 *   1. `--types`: page-type models per fold (.cache/train/fold-K-page.json, no confidence yet);
 *   2. eval-folds.mjs cleans each fold with its fold's block and page-type models;
 *   3. without `--types`: the confidence model, cross-validated on that output, and the shipped
 *      file with every page's type models and the confidence model.
 * Usage: node --import tsx scripts/train/train-page.ts [--types] [--data FILE] [--oof FILE] [--out FILE]
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { probability, type BoostedModel } from '../../src/extract/gbdt.js';
import { contentProbabilities, PAGE_MODEL_DEFAULTS, type BlockModelFile } from '../../src/extract/model.js';
import { PAGE_FEATURE_NAMES, PAGE_TYPES, SELECTION_NAMES, selectionFeatures } from '../../src/extract/page.js';
import { boost, type Dataset } from './boost.js';
import { bag, compact, tokensOf, wordF1 } from './common.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = join(root, '.cache', 'train');
const { values: opts } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    data: { type: 'string', default: join(cache, 'pages.ndjson') },
    oof: { type: 'string', default: join(cache, 'oof-wcxb-html.jsonl') },
    out: { type: 'string', default: join(root, 'src', 'extract', 'model', 'page.json') },
    report: { type: 'string' },
    seed: { type: 'string', default: '16' },
    types: { type: 'boolean', default: false },
  },
});
for (const need of [opts.data!, join(cache, 'fold-0.json'), ...(opts.types ? [] : [opts.oof!])]) {
  if (!existsSync(need)) {
    console.log(`train-page: ${need} is missing (run dump.ts, train.ts and eval-folds.mjs first); nothing to do.`);
    process.exit(0);
  }
}

const PAGE_OPTIONS = {
  trees: 120,
  depth: 3,
  learningRate: 0.1,
  minHessian: 2,
  subsample: 0.8,
  seed: Number(opts.seed),
};
const CONFIDENCE_NAMES = [...PAGE_FEATURE_NAMES, ...PAGE_TYPES.map((t) => `type_${t}`), ...SELECTION_NAMES];

interface Page {
  id: string;
  site: string;
  type: string;
  page: number[];
  fold: number;
  selection: Float64Array;
  /** The pipeline's out-of-fold page F1. */
  f1: number;
}

const answers = JSON.parse(gunzipSync(readFileSync(join(opts.dev!, 'wcxb-dev-answers.json.gz'))).toString('utf8')) as Record<string, { main_content: string }>;
const outputs = new Map<string, string>();
for (const line of opts.types ? [] : readFileSync(opts.oof!, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  outputs.set(`wcxb:${r.id}`, r.error ? '' : (r.text ?? ''));
}
const folds = new Map<string, number>();
const foldModels: BlockModelFile[] = [];
for (let k = 0; existsSync(join(cache, `fold-${k}.json`)); k++) {
  foldModels.push(JSON.parse(readFileSync(join(cache, `fold-${k}.json`), 'utf8')));
  for (const id of readFileSync(join(cache, `fold-${k}.ids`), 'utf8')
    .split('\n')
    .filter(Boolean))
    folds.set(id, k);
}
const pages: Page[] = [];
for await (const line of createInterface({ input: createReadStream(opts.data!), crlfDelay: Infinity })) {
  const r = JSON.parse(line);
  if (r.set !== 'wcxb' || (!opts.types && !outputs.has(r.id))) continue;
  const fold = folds.get(r.id)!;
  const model = foldModels[fold]!;
  const p = r.X.length ? contentProbabilities({ rows: r.X }, model) : [];
  const raw = r.id.slice('wcxb:'.length);
  const f1 = opts.types ? 0 : wordF1(bag(tokensOf(outputs.get(r.id)!)), bag(tokensOf(answers[raw]!.main_content))).f1;
  pages.push({
    id: r.id,
    site: r.site,
    type: r.type,
    page: r.page,
    fold,
    f1,
    selection: selectionFeatures(p, r.words, model.keepAbove, false),
  });
}
const K = foldModels.length;
console.log(`train-page: ${pages.length} pages, ${K} folds`);

// page type, cross-validated; each fold's models kept for eval-folds
const typeProbs = new Map<string, number[]>();
for (let k = 0; k < K; k++) {
  const path = join(cache, `fold-${k}-page.json`);
  const models = opts.types ? trainTypes(pages.filter((p) => p.fold !== k)) : (JSON.parse(readFileSync(path, 'utf8')).type as BoostedModel[]);
  if (opts.types) writeFileSync(path, pageFile(models, null, {}));
  for (const page of pages.filter((p) => p.fold === k))
    typeProbs.set(
      page.id,
      models.map((m) => probability(m, page.page)),
    );
}
const report: string[] = ['# Page models: cross-validated by site', ''];
const confusion = new Map<string, number>();
let right = 0;
for (const page of pages) {
  const guess = PAGE_TYPES[argmax(typeProbs.get(page.id)!)]!;
  if (guess === page.type) right++;
  confusion.set(`${page.type}>${guess}`, (confusion.get(`${page.type}>${guess}`) ?? 0) + 1);
}
report.push(`Page type accuracy (argmax): ${(right / pages.length).toFixed(3)} on ${pages.length} pages.`);
const sure = pages.filter((p) => Math.max(...typeProbs.get(p.id)!) >= PAGE_MODEL_DEFAULTS.pageTypeMinProb);
const sureRight = sure.filter((p) => PAGE_TYPES[argmax(typeProbs.get(p.id)!)] === p.type).length;
report.push(
  `At pageTypeMinProb ${PAGE_MODEL_DEFAULTS.pageTypeMinProb}: ${pages.length - sure.length} pages ` +
    `(${percent(pages.length - sure.length, pages.length)}) are \`other\`; ` +
    `the type given is right on ${percent(sureRight, sure.length)} of the rest.`,
  '',
);
if (opts.types) {
  console.log(report.join('\n'));
  console.log('train-page: fold page-type models written; now run eval-folds.mjs, then this script without --types.');
  process.exit(0);
}
report.push('| true \\ guessed | ' + PAGE_TYPES.join(' | ') + ' | recall |', '|---|' + PAGE_TYPES.map(() => '---').join('|') + '|---|');
for (const t of PAGE_TYPES) {
  const row = PAGE_TYPES.map((g) => confusion.get(`${t}>${g}`) ?? 0);
  const total = row.reduce((a, b) => a + b, 0);
  report.push(`| ${t} | ${row.join(' | ')} | ${(row[PAGE_TYPES.indexOf(t)]! / Math.max(1, total)).toFixed(2)} |`);
}

// confidence, cross-validated
const confidenceRow = (page: Page) => [...page.page, ...typeProbs.get(page.id)!, ...page.selection];
const predicted = new Map<string, number>();
for (let k = 0; k < K; k++) {
  const model = boost(
    dataset(
      pages.filter((p) => p.fold !== k),
      confidenceRow,
      (p) => p.f1,
    ),
    CONFIDENCE_NAMES,
    PAGE_OPTIONS,
  );
  for (const page of pages.filter((p) => p.fold === k)) predicted.set(page.id, probability(model, confidenceRow(page)));
}
const rho = spearman(
  pages.map((p) => predicted.get(p.id)!),
  pages.map((p) => p.f1),
);
const high = pages.filter((p) => predicted.get(p.id)! >= 0.8);
const low = pages.filter((p) => predicted.get(p.id)! < 0.8);
const meanF1 = (list: Page[]) => (list.length ? list.reduce((s, p) => s + p.f1, 0) / list.length : 0);
const good = pages.filter((p) => p.f1 >= 0.8);
const flaggedGood = high.filter((p) => p.f1 >= 0.8).length;
report.push('', `Confidence: Spearman ρ with the page's F1 ${rho.toFixed(3)}.`);
report.push(`- confidence ≥ 0.8: ${high.length} pages, mean F1 ${meanF1(high).toFixed(3)}; ` + `< 0.8: ${low.length} pages, mean F1 ${meanF1(low).toFixed(3)}`);
report.push(
  `- as a test of "F1 ≥ 0.8": precision ${(flaggedGood / Math.max(1, high.length)).toFixed(3)}, ` +
    `recall ${(flaggedGood / Math.max(1, good.length)).toFixed(3)}`,
);
console.log(report.join('\n'));
if (opts.report) writeFileSync(opts.report, report.join('\n') + '\n');

// the shipped models, on every page; confidence on out-of-fold type probabilities, as in use
const typeModels = trainTypes(pages);
const confidence = boost(
  dataset(pages, confidenceRow, (p) => p.f1),
  CONFIDENCE_NAMES,
  PAGE_OPTIONS,
);
const cv = {
  pages: pages.length,
  typeAccuracy: Math.round((right / pages.length) * 1000) / 1000,
  confidenceSpearman: Math.round(rho * 1000) / 1000,
};
writeFileSync(opts.out!, pageFile(typeModels, confidence, cv));
console.log(`train-page: models → ${opts.out}`);

function pageFile(types: BoostedModel[], confidence: BoostedModel | null, cv: object): string {
  return JSON.stringify({
    version: 1,
    source: 'scripts/train/train-page.ts on the WCXB dev split (CC-BY-4.0, Murrough-Foley/web-content-extraction-benchmark)',
    cv,
    types: PAGE_TYPES,
    type: types.map(compact),
    confidence: confidence ? compact(confidence) : null,
  });
}

function trainTypes(list: Page[]): BoostedModel[] {
  return PAGE_TYPES.map((t) =>
    boost(
      dataset(
        list,
        (p) => p.page,
        (p) => (p.type === t ? 1 : 0),
      ),
      [...PAGE_FEATURE_NAMES],
      PAGE_OPTIONS,
    ),
  );
}

function dataset(list: Page[], rowOf: (p: Page) => ArrayLike<number>, target: (p: Page) => number): Dataset {
  const width = rowOf(list[0]!).length;
  const X = new Float64Array(list.length * width);
  list.forEach((p, i) => X.set(rowOf(p), i * width));
  return { X, width, y: Float64Array.from(list, target), w: new Float64Array(list.length).fill(1) };
}

function percent(part: number, whole: number): string {
  return `${((part / Math.max(1, whole)) * 100).toFixed(1)}%`;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let m = i; m <= j; m++) r[order[m]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}
