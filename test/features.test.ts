import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { countWords, endsSentence, findEmail, isHeadlineShaped, isProse, matchKey, overlap, stems } from '../src/clean/features.js';
import { stopwords } from '../src/lang.js';

const key = suite('matchKey');
key('lower-cases, drops punctuation and symbols, squeezes spaces', () => {
  assert.is(matchKey('  Skip to main content »  '), 'skip to main content');
  assert.is(matchKey('JOIN US ON TELEGRAM!!!'), 'join us on telegram');
  assert.is(matchKey('Enjoyed this story ? Spread the word ...'), 'enjoyed this story spread the word');
});
key('apostrophes vanish instead of splitting words', () => {
  assert.is(matchKey("Don't miss"), 'dont miss');
  assert.is(matchKey('Зв’язатися з нами'), 'звязатися з нами');
});
key('full-width forms are folded (NFKC) and handles keep their @', () => {
  assert.is(matchKey('Ｃｔｒｌ＋Ｅｎｔｅｒ'), 'ctrl enter');
  assert.is(matchKey('on the @Kyiv_daily.'), 'on the @kyiv daily');
});
key.run();

const words = suite('countWords');
words('counts words in spaced scripts', () => {
  assert.is(countWords('The ferry runs again.'), 4);
  assert.is(countWords('시내버스 노선 개편안 확정'), 4);
});
words('counts two Chinese or Japanese characters as one word', () => {
  assert.is(countWords('社区公园完成改造'), 4);
  assert.ok(countWords('駅前の再開発ビルの三階に、市立図書館の分館が開館した。') >= 8);
});
words.run();

const shape = suite('sentence and headline shape');
shape('endsSentence sees through closing quotes and brackets', () => {
  assert.ok(endsSentence('He said "no."'));
  assert.ok(endsSentence('开放了。'));
  assert.ok(endsSentence('(see below)?'));
  assert.not.ok(endsSentence('Rising Tensions'));
});
shape('isProse wants length and a sentence ending', () => {
  assert.ok(isProse('The council approved the plan on Tuesday after a long debate.'));
  assert.not.ok(isProse('Approved.'));
  assert.not.ok(isProse('Council Approves Plan After Long Debate on Tuesday Night Session'));
});
shape('isProse, given stop words, also wants function words: a list of names is not prose', () => {
  const de = stopwords('de');
  assert.ok(isProse('Der Weg ist durchgehend drei Meter breit und nachts beleuchtet.', undefined, de));
  assert.not.ok(isProse('Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker.', undefined, de));
  assert.ok(isProse('Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker.'), 'without stop words only shape counts');
});
shape('isHeadlineShaped: capitalised, no trailing full stop or comma, not too long', () => {
  assert.ok(isHeadlineShaped('Harbour Town Expands Its Ferry Service'));
  assert.ok(isHeadlineShaped('Is the summit off?'));
  assert.ok(isHeadlineShaped('社区公园完成改造重新开放'));
  assert.not.ok(isHeadlineShaped('and then it rained'));
  assert.not.ok(isHeadlineShaped('The talks ended.'));
  assert.not.ok(isHeadlineShaped('First, the good news,'));
});
shape.run();

const vocab = suite('stems and overlap');
vocab('stems skip stop words and meet inflected forms', () => {
  const en = stopwords('en');
  const a = stems('Rising tensions between the two Koreas', en);
  assert.ok(a.has('tensi'));
  assert.not.ok(a.has('betwe'), 'stop word');
  assert.ok(overlap(stems('tension', en), a) === 1);
});
vocab('Chinese text is compared by character bigrams', () => {
  const s = stems('社区公园', new Set());
  assert.equal([...s].sort(), ['公园', '区公', '社区'].sort());
});
vocab('overlap of an empty set is 1 (nothing to disagree with)', () => {
  assert.is(overlap(new Set(), new Set(['x'])), 1);
  assert.is(overlap(new Set(['a', 'b']), new Set(['a'])), 0.5);
});
vocab.run();

const contact = suite('findEmail');
contact('finds reporter e-mail addresses, not handles', () => {
  assert.is(findEmail('김민지 기자 minji@example.kr'), 'minji@example.kr');
  assert.is(findEmail('follow @somebody'), null);
});
contact.run();
