import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LINE_FEATURE_NAMES, lineModel, readLinePage } from '../src/clean/lines.js';
import { cleanRecord, createArticle, extract, stripAndDedupe } from '../src/index.js';

/** A page as a quick scraper flattens it: menus, a teaser list and a footer around a short article. */
const MENU_DUMP = [
  'Home',
  'News',
  'Sport',
  'Weather',
  'Culture',
  'Contact',
  'Search',
  'Log in',
  'Harbour town opens its new ferry pier after two years of work',
  'The new pier at the north end of the harbour opened to passengers on Monday morning, after two years of building work that closed the old landing stage.',
  'Ferries to the three islands will now leave every forty minutes instead of every hour, the operator said, and the crossing will take about ten minutes less.',
  'Local traders welcomed the change. "We lost a lot of walk-in customers while the works went on," said the owner of a café on the quay, who hopes the summer season will make up for it.',
  'The town council paid for most of the pier with a regional grant and expects the higher fees from larger boats to cover the upkeep within a decade.',
  'Most read',
  'Council votes on parking fees',
  'Storm warning for the coast',
  'Library reopens after repairs',
  'About us',
  'Privacy',
  'Terms of use',
  'Imprint',
  '© 2025 Harbour Daily',
].join('\n');

const PARAGRAPHS = MENU_DUMP.split('\n').filter((l) => l.length > 100);
const MENU = ['Home', 'News', 'Sport', 'Weather', 'Culture', 'Contact', 'Search', 'Log in', 'About us', 'Privacy', 'Terms of use', 'Imprint'];

const judge = suite('line model');
judge('a menu-laden text dump loses its menu lines and keeps its paragraphs', () => {
  const article = cleanRecord(createArticle({ format: 'text', content: MENU_DUMP }));
  const kept = article.blocks.map((b) => b.text);
  for (const p of PARAGRAPHS) assert.ok(kept.includes(p), `lost a paragraph: ${p.slice(0, 40)}…`);
  for (const m of MENU) assert.not.ok(kept.includes(m), `kept a menu line: ${m}`);
});
judge('a clean article (nothing for the rules to remove) is left whole', () => {
  const content = PARAGRAPHS.join('\n\n');
  const article = cleanRecord(createArticle({ format: 'text', content }));
  assert.equal(
    article.blocks.map((b) => b.text),
    PARAGRAPHS,
  );
  assert.equal(article.removed, []);
});
judge('every line it takes out says so, with the probability it gave', () => {
  const article = cleanRecord(createArticle({ format: 'text', content: MENU_DUMP }));
  for (const r of article.removed.filter((r) => r.reason === 'layout.model')) {
    assert.is(r.step, 'strip');
    assert.type(r.detail?.['p'], 'number');
  }
});
judge('lineModel: false leaves the rules alone in charge', () => {
  const withModel = cleanRecord(createArticle({ format: 'text', content: MENU_DUMP }));
  const rules = stripAndDedupe(extract(createArticle({ format: 'text', content: MENU_DUMP })), { lineModel: false });
  assert.ok(rules.removed.every((r) => r.reason !== 'layout.model'));
  assert.ok(withModel.blocks.length > 0 && rules.blocks.length > 0);
});
judge('HTML pages are not its business', () => {
  const html = `<html><body><p>${PARAGRAPHS.join('</p><p>')}</p></body></html>`;
  const article = cleanRecord(createArticle({ format: 'html', content: html }));
  assert.ok(article.removed.every((r) => r.reason !== 'layout.model'));
});

const features = suite('readLinePage');
features('one row of every feature per line, in the order the model reads them', () => {
  const article = extract(createArticle({ format: 'text', content: MENU_DUMP }));
  const original = article.blocks.slice();
  stripAndDedupe(article, { lineModel: false });
  const page = readLinePage(original, article);
  assert.is(page.rows.length, original.length);
  for (const row of page.rows) {
    assert.is(row.length, LINE_FEATURE_NAMES.length);
    assert.ok(row.every((v) => Number.isFinite(v)));
  }
  const at = (name: (typeof LINE_FEATURE_NAMES)[number], i: number) => page.rows[i]![LINE_FEATURE_NAMES.indexOf(name)];
  const first = original.findIndex((b) => b.text === PARAGRAPHS[0]);
  assert.is(at('ends_sentence', first), 1);
  assert.is(at('ends_sentence', 0), 0);
  assert.ok(at('words', first)! > 20);
});

const model = suite('lineModel');
model('the shipped model reads, and was trained on the features the code computes', () => {
  const m = lineModel();
  assert.is(m.version, 1);
  assert.equal(m.model.features, [...LINE_FEATURE_NAMES]);
  assert.ok(m.keepAbove > 0 && m.keepAbove < 1);
});
model('a missing model file is a clear error on every text record, not a crash', () => {
  // a fresh process: the model is read once per process
  const script = [
    "import { cleanRecord, createArticle } from './src/index.ts';",
    `const a = cleanRecord(createArticle({ format: 'text', content: ${JSON.stringify(MENU_DUMP)} }));`,
    'console.log(JSON.stringify(a.error));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, DECRUFT_LINE_MODEL: '/nonexistent/lines.json' },
    encoding: 'utf8',
  });
  const error = JSON.parse(run.stdout.trim()) as { code: string; message: string } | undefined;
  assert.ok(error, `no error: ${run.stdout} ${run.stderr}`);
  assert.match(error.message, /line model: cannot read \/nonexistent\/lines\.json/);
});

judge.run();
features.run();
model.run();
