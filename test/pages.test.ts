/**
 * The page corpus (test/pages, see its README): whole pages of every page type, each with decruft's
 * output pinned in expected.json and a hand-written answer.txt that the output's words must keep
 * matching at least as well as the page's floor (`minF1`) says.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanRecord, createArticle, toOutput } from '../src/index.js';
import { COVERED_TYPES, MIN_PAGES_PER_TYPE, PAGE_TYPES, pinnedOutput, readPages, wordScore } from '../scripts/pages-lib.mjs';

const PAGES = readPages();

const pages = suite('pages');
for (const page of PAGES) {
  pages(page.name, () => {
    const expected = JSON.parse(readFileSync(join(page.dir, 'expected.json'), 'utf8'));
    const { minF1, ...pinned } = expected;
    const article = cleanRecord(createArticle({ format: 'html', content: page.html }, { url: page.info.url }));
    const output = pinnedOutput(toOutput(article, { explain: true, blocks: false }) as Record<string, unknown>);
    assert.equal(output, pinned);
    const { f1 } = wordScore(typeof output['text'] === 'string' ? output['text'] : '', page.answer);
    assert.type(minF1, 'number');
    assert.ok(f1 >= minF1, `word F1 ${f1.toFixed(3)} against answer.txt is below the floor ${minF1}`);
  });
}
pages.run();

const corpus = suite('pages: the corpus');
corpus('every page names a known type and a URL', () => {
  for (const page of PAGES) {
    assert.ok(PAGE_TYPES.includes(page.info.type), `${page.name}: type ${page.info.type}`);
    assert.ok(page.name.startsWith(`${page.info.type}-`), `${page.name}: folder should start with its type`);
    assert.match(page.info.url, /^https:\/\//, page.name);
    assert.ok(page.info.notes.length > 20, `${page.name}: notes should say what the page tests`);
  }
});
corpus(`every page type has at least ${MIN_PAGES_PER_TYPE} pages`, () => {
  for (const type of COVERED_TYPES) {
    const count = PAGES.filter((p) => p.info.type === type).length;
    assert.ok(count >= MIN_PAGES_PER_TYPE, `${type}: ${count} pages`);
  }
});
corpus.run();
