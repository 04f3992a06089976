/**
 * Trains the line model (src/clean/lines.ts) on the dev text dumps, WCXB and traf: every page goes
 * through the package's own extract, strip and dedupe with the line model off, each line gets its
 * features (readLinePage) and a label from the page's answer (the block model's labellers, ./common.ts).
 * Five folds by site: each page's line probabilities come from a model that never saw its site; the
 * keep threshold is the one with the best out-of-fold WCXB page word F1 (one for the whole set, not
 * per page) among those that leave traf's snippet F1 no lower than the rules alone reach. Then one
 * model is trained on every page and written as JSON, with a report.
 *
 * Usage: node --import tsx scripts/train/lines.ts [--dev DIR] [--out FILE] [--report FILE] [--limit N]
 * Seeded: the same dev sets give the same model file.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip, gunzipSync } from 'node:zlib';
import { judgedByModel, keptByRules, LINE_FEATURE_NAMES, readLinePage } from '../../src/clean/lines.js';
import { stripAndDedupe } from '../../src/clean/strip.js';
import { probability, type BoostedModel } from '../../src/extract/gbdt.js';
import { extract } from '../../src/extract/index.js';
import { parseNdjson } from '../../src/io/ndjson.js';
import { boost, BOOST_DEFAULTS, type Dataset } from './boost.js';
import { bag, compact, hash, labelByAnswer, labelBySnippets, mean, round3, seconds, siteOf, tokensOf, wordF1 } from './common.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    out: { type: 'string', default: join(root, 'src', 'extract', 'model', 'lines.json') },
    report: { type: 'string' },
    limit: { type: 'string' },
    folds: { type: 'string', default: '5' },
  },
});
/**
 * Half the block model's trees: text mode is the fast one, and the trees are a third of the line
 * model's cost (150 trees: WCXB text 0.804 out-of-fold, text mode 1.4x slower than the rules alone).
 */
const BOOST = { ...BOOST_DEFAULTS, trees: 100, depth: 5 };
const THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
const folds = Number(opts.folds);
const limit = opts.limit ? Number(opts.limit) : Infinity;
const wcxbAnswers = join(opts.dev!, 'wcxb-dev-answers.json.gz');
if (!existsSync(wcxbAnswers)) {
  console.log(`lines: no dev set at ${opts.dev}; nothing to train.`);
  process.exit(0);
}

interface Page {
  id: string;
  set: 'wcxb' | 'traf';
  type: string;
  fold: number;
  rows: Float64Array[];
  /** Lines the model decides (strip's judgements); the rest keep strip and dedupe's decision. */
  free: boolean[];
  kept: boolean[];
  texts: string[];
  tokens: string[][];
  y: number[];
  w: number[];
  answer: Map<string, number> | null;
  snippets: { with: string[]; without: string[] } | null;
}

const started = Date.now();
const wcxb = JSON.parse(gunzipSync(readFileSync(wcxbAnswers)).toString('utf8')) as Record<string, { main_content: string; type: string }>;
const trafFile = join(opts.dev!, 'traf-dev-answers.json');
const traf = existsSync(trafFile) ? (JSON.parse(readFileSync(trafFile, 'utf8')) as Record<string, { with: string[]; without: string[] }>) : {};
const pages: Page[] = [];
await readSet('wcxb', 'wcxb-dev-text.ndjson.gz');
if (existsSync(join(opts.dev!, 'traf-dev-text.ndjson.gz'))) await readSet('traf', 'traf-dev-text.ndjson.gz');
console.log(`lines: ${pages.length} pages, ${pages.reduce((s, p) => s + p.rows.length, 0)} lines, ${seconds(started)} s`);

const names = [...LINE_FEATURE_NAMES];
const oof = new Map<string, number[]>();
const cache = join(root, '.cache', 'train');
mkdirSync(cache, { recursive: true });
for (let k = 0; k < folds; k++) {
  const t = Date.now();
  const model = boost(datasetOf(pages.filter((p) => p.fold !== k)), names, BOOST);
  for (const page of pages.filter((p) => p.fold === k))
    oof.set(
      page.id,
      page.rows.map((r) => probability(model, r)),
    );
  writeFileSync(join(cache, `lines-fold-${k}.json`), serialize(model, 0.5, {}));
  writeFileSync(
    join(cache, `lines-fold-${k}.ids`),
    pages
      .filter((p) => p.fold === k)
      .map((p) => p.id)
      .join('\n') + '\n',
  );
  console.log(`fold ${k + 1}/${folds}: ${seconds(t)} s`);
}

const types = [...new Set(pages.filter((p) => p.set === 'wcxb').map((p) => p.type))].sort();
const report = ['# Line model (text dumps): cross-validated by site', ''];
report.push(
  `${pages.length} dev text dumps (WCXB and traf), ${folds} folds by site, ${names.length} features, ` +
    `${JSON.stringify({ trees: BOOST.trees, depth: BOOST.depth, seed: BOOST.seed })}.`,
  'Word F1 of the lines kept (WCXB, page mean; approximates score-wcxb, which also sees the title) and traf',
  'snippet F1 (pooled, as score-traf). `raw`: the dump unchanged; `rules`: strip and dedupe alone.',
  '',
  `| threshold | wcxb | ${types.join(' | ')} | traf |`,
  `|---|---|${types.map(() => '---').join('|')}|---|`,
);
const row = (label: string, keep: (page: Page) => boolean[]) => {
  const s = scoreAll(keep);
  report.push(`| ${label} | ${s.all.toFixed(3)} | ${types.map((t) => s.byType[t]!.toFixed(3)).join(' | ')} | ${s.traf.toFixed(3)} |`);
  return s;
};
row('raw', (p) => p.texts.map(() => true));
const rules = row('rules', (p) => p.kept);
// the best WCXB threshold that costs traf nothing against the rules alone (news pages, which the
// rules were written for, must not pay for the gains on cards, posts and rows)
let best = { threshold: 0.5, all: -1 } as { threshold: number; all: number; byType?: Record<string, number>; traf?: number };
for (const threshold of THRESHOLDS) {
  const s = row(String(threshold), (p) => keptAt(p, oof.get(p.id)!, threshold));
  if (s.all > best.all && s.traf >= rules.traf - 0.0005) best = { threshold, ...s };
}
for (let k = 0; k < folds; k++) {
  const file = join(cache, `lines-fold-${k}.json`);
  const fold = JSON.parse(readFileSync(file, 'utf8'));
  fold.keepAbove = best.threshold;
  writeFileSync(file, JSON.stringify(fold));
}
report.push(
  '',
  `Chosen: keepAbove ${best.threshold}, the best out-of-fold WCXB word F1 (${best.all.toFixed(3)}) ` +
    `with traf no lower than the rules' (${best.traf!.toFixed(3)} against ${rules.traf.toFixed(3)}).`,
);
const model = boost(datasetOf(pages), names, BOOST);
const cv = {
  pages: pages.length,
  folds,
  wcxbF1: round3(best.all),
  trafF1: round3(best.traf!),
  ...Object.fromEntries(types.map((t) => [`wcxb_${t}`, round3(best.byType![t]!)])),
};
writeFileSync(opts.out!, serialize(model, best.threshold, cv));
console.log(report.join('\n'));
if (opts.report) writeFileSync(opts.report, report.join('\n') + '\n');
console.log(`lines: model → ${opts.out} (${seconds(started)} s)`);

async function readSet(set: 'wcxb' | 'traf', file: string): Promise<void> {
  const lines = createInterface({ input: createReadStream(join(opts.dev!, file)).pipe(createGunzip()), crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    if (count++ >= limit) break;
    const article = extract(parseNdjson(line));
    const original = article.blocks.slice();
    const id = String(article.fields['id']);
    stripAndDedupe(article, { lineModel: false });
    if (article.error || original.length === 0) continue;
    const page = readLinePage(original, article);
    const texts = original.map((b) => b.text);
    const tokens = texts.map((t) => tokensOf(t));
    const wcxbAnswer = set === 'wcxb' ? wcxb[id] : undefined;
    const trafAnswer = set === 'traf' ? traf[id] : undefined;
    if (!wcxbAnswer && !trafAnswer) continue;
    const labels = wcxbAnswer ? labelByAnswer(tokens, wcxbAnswer.main_content) : labelBySnippets(texts, trafAnswer!.with, trafAnswer!.without);
    pages.push({
      id: `${set}:${id}`,
      set,
      type: wcxbAnswer?.type ?? 'traf',
      fold: hash(siteOf(typeof article.fields['url'] === 'string' ? article.fields['url'] : undefined)) % folds,
      rows: page.rows,
      // as judgeLines: a page the rules took nothing out of is left whole
      free: page.decisions.map((d) => article.removed.length > 0 && judgedByModel(d)),
      kept: page.decisions.map(keptByRules),
      texts,
      tokens,
      ...labels,
      answer: wcxbAnswer ? bag(tokensOf(wcxbAnswer.main_content)) : null,
      snippets: trafAnswer ?? null,
    });
  }
}

function keptAt(page: Page, p: number[], threshold: number): boolean[] {
  return page.free.map((free, i) => (free ? p[i]! >= threshold : page.kept[i]!));
}

function scoreAll(keep: (page: Page) => boolean[]): { all: number; byType: Record<string, number>; traf: number } {
  const f1s: { type: string; f1: number }[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const page of pages) {
    const kept = keep(page);
    if (page.answer) {
      const words: string[] = [];
      kept.forEach((k, i) => k && words.push(...page.tokens[i]!));
      f1s.push({ type: page.type, f1: wordF1(bag(words), page.answer).f1 });
    } else if (page.snippets) {
      const text = norm(page.texts.filter((_, i) => kept[i]).join(' '));
      for (const s of page.snippets.with) {
        if (text.includes(norm(s))) tp++;
        else fn++;
      }
      for (const s of page.snippets.without) if (text.includes(norm(s))) fp++;
    }
  }
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return {
    all: mean(f1s.map((s) => s.f1)),
    byType: Object.fromEntries(types.map((t) => [t, mean(f1s.filter((s) => s.type === t).map((s) => s.f1))])),
    traf: p + r ? (2 * p * r) / (p + r) : 0,
  };
}

function norm(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function datasetOf(list: Page[]): Dataset {
  const width = names.length;
  const n = list.reduce((s, p) => s + p.rows.length, 0);
  const X = new Float64Array(n * width);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let i = 0;
  for (const page of list) {
    for (let b = 0; b < page.rows.length; b++, i++) {
      X.set(page.rows[b]!, i * width);
      y[i] = page.y[b]!;
      // lines strip and dedupe decide for good teach the model nothing it will be asked
      w[i] = page.free[b] ? page.w[b]! : 0;
    }
  }
  return { X, width, y, w };
}

function serialize(model: BoostedModel, keepAbove: number, cv: object): string {
  return JSON.stringify({
    version: 1,
    source:
      'scripts/train/lines.ts on the WCXB dev split text dumps (CC-BY-4.0, Murrough-Foley/web-content-extraction-benchmark) ' +
      'and the traf dev split text dumps',
    options: { trees: BOOST.trees, depth: BOOST.depth, seed: BOOST.seed },
    keepAbove,
    cv,
    model: compact(model),
  });
}
