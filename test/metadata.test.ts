import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseByline } from '../src/clean/metadata.js';

const byline = suite('parseByline');
const name = (text: string) => parseByline(text)?.name ?? null;

byline('reads labelled bylines in several languages', () => {
  assert.is(name('By Priya Natarajan'), 'Priya Natarajan');
  assert.is(name('Von Anna Müller'), 'Anna Müller');
  assert.is(name('Par Jean Dupont'), 'Jean Dupont');
  assert.is(name('Por María López'), 'María López');
  assert.is(name('Автор: Олена Коваль'), 'Олена Коваль');
  assert.is(name('Posted by Sam Lee'), 'Sam Lee');
});
byline('cuts the byline at separators and dates', () => {
  assert.equal(parseByline('By Hannah Lindqvist | Coastal Desk'), { name: 'Hannah Lindqvist', email: null, rest: ['Coastal Desk'] });
  assert.is(name('By Jane Doe on May 17, 2025'), 'Jane Doe');
  assert.is(name('Von Jonas Weber, 17. Mai 2025'), 'Jonas Weber');
});
byline('reads reporter contact lines and Korean, Japanese and Chinese reporter titles', () => {
  assert.equal(parseByline('부산=이서준 기자 seojun@example.kr'), { name: '이서준 기자', email: 'seojun@example.kr', rest: [] });
  assert.is(name('Reporter: Daniel Marsh, daniel@example.org'), 'Daniel Marsh');
  assert.is(name('记者 王芳'), '王芳');
});
byline('sentences that open like a byline are not bylines', () => {
  assert.is(parseByline('By the end of the week, talks had collapsed.'), null);
  assert.is(parseByline('By Tuesday, negotiators had agreed.'), null);
  assert.is(parseByline('Text messages show he knew'), null);
  assert.is(parseByline('The council met on Monday.'), null);
});
byline('headlines that open with a byline word are not bylines', () => {
  assert.is(parseByline('Reporter Detained at Border Is Freed After Talks'), null);
  assert.is(parseByline('Author Wins Prize for Debut Novel'), null);
  assert.is(parseByline('Text Messages Reveal What He Knew'), null);
  assert.is(parseByline('Von Trier dreht einen neuen Film'), null);
  assert.is(name('Author: Jane van der Berg'), 'Jane van der Berg', 'name particles are fine');
});
byline('an address with a label or a phrase is not a name', () => {
  assert.is(parseByline('Contact: newsroom@example.org'), null);
  assert.is(parseByline('Send tips to tips@example.org'), null);
  assert.is(name('Jane Doe jane@example.org'), 'Jane Doe');
});
byline.run();
