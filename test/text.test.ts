import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { segmentText } from '../src/extract/text.js';

const texts = (input: string) => segmentText(input).map((b) => b.text);

const segment = suite('segmentText');
segment('one block per line when paragraphs are separated by single newlines', () => {
  assert.equal(texts('Headline here\nFirst paragraph.\nSecond paragraph.'), ['Headline here', 'First paragraph.', 'Second paragraph.']);
});
segment('blank lines separate too, and short lines inside a chunk stay separate', () => {
  assert.equal(texts('Title\nNov. 28, 2024\n0 Comments\n\nBody text here.\n\n\nMore text.'), [
    'Title',
    'Nov. 28, 2024',
    '0 Comments',
    'Body text here.',
    'More text.',
  ]);
});
segment('hard-wrapped paragraphs are joined back into one block', () => {
  const input = [
    'The planning authority approved a wind farm of forty turbines off the',
    'northern coast on Thursday, ending a dispute with fishing groups that had',
    'lasted more than three years.',
    '',
    'Second paragraph is short.',
  ].join('\n');
  assert.equal(texts(input), [
    'The planning authority approved a wind farm of forty turbines off the northern coast on Thursday, ending a dispute with fishing groups that had lasted more than three years.',
    'Second paragraph is short.',
  ]);
});
segment('a paragraph wrapped in the page source joins even below a heading and with uneven line widths', () => {
  // the HTML source broke lines wherever its author did; markup removed, widths vary
  const input = [
    'What we tried first',
    'after the last release we decided to look at the cache again',
    'and measure where the time went, because nobody trusted the old',
    'numbers any more. it took a week.',
    'Results',
  ].join('\n');
  assert.equal(texts(input), [
    'What we tried first',
    'after the last release we decided to look at the cache again and measure where the time went, because nobody trusted the old numbers any more. it took a week.',
    'Results',
  ]);
});
segment('lines of similar length that are not wrapping stay apart', () => {
  const menu = 'Council approves budget for the coming year\nSchool roof repairs finished ahead of term';
  assert.equal(texts(menu).length, 2);
});
segment('bullets become list items without their marker; numbered items keep their number', () => {
  const blocks = segmentText('Packing list:\n- a warm coat\n• boots\n1. a map\n2) a torch');
  assert.equal(
    blocks.map((b) => [b.kind, b.text]),
    [
      ['paragraph', 'Packing list:'],
      ['list-item', 'a warm coat'],
      ['list-item', 'boots'],
      ['list-item', '1. a map'],
      ['list-item', '2) a torch'],
    ],
  );
});
segment('CRLF, a BOM, control characters and no-break spaces are handled', () => {
  assert.equal(texts('\uFEFFFirst line\u00a0\u00a0\r\nSecond\u0000 line\r\n'), ['First line', 'Second line']);
});
segment('an empty or blank text has no blocks', () => {
  assert.equal(segmentText(''), []);
  assert.equal(segmentText(' \n\n \t\n'), []);
});
segment('blocks are numbered in order', () => {
  assert.equal(
    segmentText('a\nb\n\nc').map((b) => b.index),
    [0, 1, 2],
  );
});
segment.run();
