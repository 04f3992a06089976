import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createArticle, dedupe, type Article, type Block, type BlockKind } from '../src/index.js';

const A = 'The harvest began two weeks early this year after the warmest spring on record in the valley.';
const B = 'Growers said the fruit was smaller but sweeter, and that some farms were short of pickers.';
const C = 'Prices at the wholesale market were stable in the first week, according to traders there.';

function withBlocks(texts: Array<string | [BlockKind, string]>): Article {
  const article = createArticle({ format: 'text', content: '' });
  delete article.source;
  article.blocks = texts.map((t, index): Block => (typeof t === 'string' ? { kind: 'paragraph', text: t, index } : { kind: t[0], text: t[1], index }));
  return article;
}
const texts = (a: Article) => a.blocks.map((b) => b.text);

const exact = suite('dedupe: exact repeats');
exact('a run of paragraphs captured twice keeps its first copy', () => {
  const out = dedupe(withBlocks([A, B, C, B, C, 'The end of it all, said the growers.']));
  assert.equal(texts(out), [A, B, C, 'The end of it all, said the growers.']);
  assert.equal(
    out.removed.map((r) => [r.reason, r.index, r.detail?.['of']]),
    [
      ['duplicate', 3, 1],
      ['duplicate', 4, 2],
    ],
  );
});
exact('repeats differing only in case, spacing and punctuation are repeats', () => {
  const out = dedupe(withBlocks([A, A.toUpperCase().replace(/\./g, '') + '  ']));
  assert.equal(texts(out), [A]);
});
exact('short repeats (labels, table cells) and code are left to other steps', () => {
  const out = dedupe(withBlocks(['Yes', 'Yes', ['code', 'npm install decruft --save-dev'], ['code', 'npm install decruft --save-dev']]));
  assert.is(out.blocks.length, 4);
});
exact.run();

const near = suite('dedupe: near and truncated repeats');
near('a copy with a word changed is a near repeat', () => {
  const changed = A.replace('warmest', 'hottest');
  const out = dedupe(withBlocks([A, B, changed]));
  assert.equal(texts(out), [A, B]);
  assert.is(out.removed[0]?.reason, 'duplicate.near');
});
near('near-repeat detection can be turned off', () => {
  assert.is(dedupe(withBlocks([A, A.replace('warmest', 'hottest')]), { near: false }).blocks.length, 2);
});
near('different paragraphs on the same topic are not repeats', () => {
  assert.is(dedupe(withBlocks([A, B, C])).blocks.length, 3);
});
near('a teaser cut short with an ellipsis goes, wherever it stands', () => {
  const teaser = A.slice(0, 60) + '…';
  const out = dedupe(withBlocks([teaser, A, B]));
  assert.equal(texts(out), [A, B]);
  assert.equal(
    out.removed.map((r) => [r.reason, r.detail?.['of']]),
    [['duplicate.truncated', 1]],
  );
});
near('failed records and single blocks pass untouched', () => {
  const failed = withBlocks([A, A]);
  failed.error = { code: 'internal', message: 'x' };
  assert.is(dedupe(failed).blocks.length, 2);
  assert.is(dedupe(withBlocks([A])).blocks.length, 1);
});
near.run();
