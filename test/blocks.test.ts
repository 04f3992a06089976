import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blockFeatures, buildBlockTree, FEATURE_NAMES, parseForBlocks } from '../src/extract/blocks.js';
import { margin, probability, type BoostedModel } from '../src/extract/gbdt.js';
import { blockModel, contentProbabilities, pageModel } from '../src/extract/model.js';
import { PAGE_FEATURE_NAMES, pageFeatures, SELECTION_NAMES, selectionFeatures } from '../src/extract/page.js';
import { precleanHtml } from '../src/extract/preclean.js';
import { readStructured } from '../src/extract/structured.js';
import { boost, random } from '../scripts/train/boost.js';

const treeOf = (html: string) => {
  const page = parseForBlocks(precleanHtml(html).html);
  return { page, tree: buildBlockTree(page.body, page.title) };
};
const feature = (row: ArrayLike<number>, name: string) => row[FEATURE_NAMES.indexOf(name)]!;

const PROSE = 'The river authority opened the new footbridge on Saturday morning, and several hundred people crossed it within the first hour.';
const CARDS = Array.from(
  { length: 4 },
  (_, i) =>
    `<div class="card card-${i}"><h3><a href="/item/${i}">Walking boots model ${i}</a></h3><p>Leather upper, rubber sole.</p><span class="price">€${49 + i}.00</span></div>`,
).join('');
const PAGE = `<!DOCTYPE html><html><head><title>Footbridge opens | Riverside News</title></head><body>
  <header><nav><a href="/">Home</a></nav><div class="masthead">Riverside News</div></header>
  <main><article><h1>Footbridge opens</h1><p>${PROSE}</p><p>${PROSE}</p></article>
  <section class="grid">${CARDS}</section></main>
  <footer><p>© Riverside News. All rights reserved.</p></footer></body></html>`;

const tree = suite('buildBlockTree');

tree('cuts the whole page into blocks, chrome included, each with its owner element', () => {
  const { tree: t } = treeOf(PAGE);
  const texts = t.blocks.map((b) => b.text);
  assert.ok(texts.includes('Riverside News'), 'the header is read: the model judges it');
  assert.ok(texts.includes('© Riverside News. All rights reserved.'));
  assert.ok(!texts.includes('Home'), 'menus are cut before any walk');
  assert.is(t.owners.length, t.blocks.length);
  assert.is(t.words.length, t.blocks.length);
  const heading = t.blocks.findIndex((b) => b.text === 'Footbridge opens');
  assert.is(t.owners[heading]!.name, 'h1');
  assert.is(t.title, 'Footbridge opens | Riverside News');
});

tree('reads <noscript> as markup only when the visible page holds almost nothing', () => {
  const shell = `<html><body><div id="app"></div><noscript><article><p>${PROSE}</p><p>${PROSE}</p></article></noscript></body></html>`;
  const { tree: t } = treeOf(shell);
  assert.ok(t.noscript);
  assert.is(t.blocks.length, 2);
  const full = `<html><body><article><p>${PROSE}</p><p>${PROSE}</p><p>${PROSE}</p></article><noscript><p>Please enable JavaScript to see the comments.</p></noscript></body></html>`;
  const { tree: u } = treeOf(full);
  assert.not.ok(u.noscript);
  assert.ok(u.blocks.every((b) => !b.text.includes('enable JavaScript')));
});

tree('reads what the page hides (tab panels, accordions), and knows it is hidden', () => {
  const html = `<html><body><article><p>${PROSE}</p><div class="tab-panel" style="display: none"><p>Weight: 1.2 kg</p></div>
    <div hidden><p>Colour: slate grey</p></div></article></body></html>`;
  const page = parseForBlocks(precleanHtml(html, { keepHidden: true }).html);
  const t = buildBlockTree(page.body, page.title);
  const { rows } = blockFeatures(t);
  const at = (text: string) => rows[t.blocks.findIndex((b) => b.text === text)]!;
  assert.is(feature(at('Weight: 1.2 kg'), 'in_hidden'), 1, 'hidden by style');
  assert.is(feature(at('Colour: slate grey'), 'in_hidden'), 1, 'hidden by attribute');
  assert.is(feature(at(PROSE), 'in_hidden'), 0);
  const { tree: cut } = treeOf(html);
  assert.equal(
    cut.blocks.map((b) => b.text),
    [PROSE],
    'without keepHidden, preclean cuts hidden elements',
  );
});

const features = suite('blockFeatures');

features('one row of FEATURE_NAMES per block, every value finite', () => {
  const { tree: t } = treeOf(PAGE);
  const { rows } = blockFeatures(t);
  assert.is(rows.length, t.blocks.length);
  for (const row of rows) {
    assert.is(row.length, FEATURE_NAMES.length);
    assert.ok(row.every((v) => Number.isFinite(v)));
  }
  assert.is(new Set(FEATURE_NAMES).size, FEATURE_NAMES.length, 'names are unique');
});

features('tells where a block sits and what it looks like', () => {
  const { tree: t } = treeOf(PAGE);
  const { rows } = blockFeatures(t);
  const at = (text: string) => t.blocks.findIndex((b) => b.text === text);
  const prose = rows[at(PROSE)]!;
  assert.is(feature(prose, 'in_main'), 1);
  assert.is(feature(prose, 'in_article'), 1);
  assert.is(feature(prose, 'ends_sentence'), 1);
  assert.is(feature(prose, 'in_repeat'), 0);
  const footer = rows[at('© Riverside News. All rights reserved.')]!;
  assert.is(feature(footer, 'in_footer'), 1);
  assert.is(feature(footer, 'in_main'), 0);
  const card = at('Walking boots model 2');
  assert.is(feature(rows[card]!, 'in_repeat'), 1, 'cards sharing a tag and class (digits aside) repeat');
  assert.is(feature(rows[card]!, 'single_link'), 1);
  assert.is(feature(rows[card]!, 'kind_heading'), 1);
  assert.is(feature(rows[at('€51.00')]!, 'price'), 1);
  assert.is(feature(rows[card]!, 'log_repeat_members'), Math.round(Math.log1p(4) * 1e4) / 1e4, 'one group of four cards');
  assert.is(feature(rows[at('Footbridge opens')]!, 'is_h1'), 1);
  assert.is(feature(rows[at('Footbridge opens')]!, 'matches_title'), 1);
});

features('a page nested thousands deep is read without overflowing the stack', () => {
  const deep = '<div>'.repeat(5000) + `<p>${PROSE}</p>` + '</div>'.repeat(5000);
  const { tree: t } = treeOf(`<html><body>${deep}</body></html>`);
  const { rows } = blockFeatures(t);
  assert.is(rows.length, 1);
});

const gbdt = suite('boosted trees');

gbdt('a model is plain data: the margin sums the leaves a row reaches', () => {
  const model: BoostedModel = {
    features: ['a', 'b'],
    base: 0.5,
    trees: [
      { feature: [0, -1, -1], threshold: [1, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -1, 2] },
      { feature: [1, -1, -1], threshold: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 0.25, -0.25] },
    ],
  };
  assert.is(margin(model, [1, 0]), 0.5 - 1 + 0.25, 'equal to the threshold goes left');
  assert.is(margin(model, [3, 5]), 0.5 + 2 - 0.25);
  assert.ok(Math.abs(probability(model, [1, 0]) - 1 / (1 + Math.exp(0.25))) < 1e-12);
});

gbdt('training is seeded: the same data and seed give the same trees, and they learn', () => {
  const rand = random(7);
  const n = 400;
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i * 2] = rand();
    X[i * 2 + 1] = rand();
    y[i] = X[i * 2]! + 0.2 * X[i * 2 + 1]! > 0.6 ? 1 : 0;
  }
  const data = { X, width: 2, y, w: new Float64Array(n).fill(1) };
  const a = boost(data, ['x', 'z'], { trees: 20, depth: 3, seed: 3 });
  const b = boost(data, ['x', 'z'], { trees: 20, depth: 3, seed: 3 });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  let right = 0;
  for (let i = 0; i < n; i++) if (probability(a, [X[i * 2]!, X[i * 2 + 1]!]) >= 0.5 === (y[i] === 1)) right++;
  assert.ok(right / n > 0.9, `accuracy ${right / n}`);
});

const model = suite('the shipped models');

model('were trained on the features the code computes', () => {
  const blocks = blockModel();
  assert.equal(blocks.model.features, [...FEATURE_NAMES]);
  assert.ok(blocks.keepAbove > 0 && blocks.keepAbove < 1);
  const page = pageModel();
  for (const m of page.type) assert.equal(m.features, [...PAGE_FEATURE_NAMES]);
  assert.is(page.confidence?.features.length, PAGE_FEATURE_NAMES.length + page.types.length + SELECTION_NAMES.length);
});

model('keep the article and the cards, and leave the footer', () => {
  const { page, tree: t } = treeOf(PAGE);
  const f = blockFeatures(t);
  const p = contentProbabilities(f);
  const at = (text: string) => p[t.blocks.findIndex((b) => b.text === text)]!;
  const keep = blockModel().keepAbove;
  assert.ok(at(PROSE) >= keep, `prose ${at(PROSE)}`);
  assert.ok(at('© Riverside News. All rights reserved.') < keep, `footer ${at('© Riverside News. All rights reserved.')}`);
  const row = pageFeatures(t, f, 'https://news.example/2026/05/footbridge-opens', readStructured(page.document));
  assert.is(row.length, PAGE_FEATURE_NAMES.length);
  assert.is(selectionFeatures(p, t.words, keep, false).length, SELECTION_NAMES.length);
});

tree.run();
features.run();
gbdt.run();
model.run();
