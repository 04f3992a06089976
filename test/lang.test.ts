import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compactNgrams, countsStopwords, detectLanguage, primaryLanguage, stopwords } from '../src/lang.js';

const lang = suite('lang');
lang('detects the language of a few sentences', () => {
  assert.is(detectLanguage('Der Weg ist durchgehend drei Meter breit, beleuchtet und vom Fußweg durch einen Grünstreifen getrennt.'), 'de');
  assert.is(detectLanguage('Будівництво тривало два роки і коштувало громаді майже вісім мільйонів гривень.'), 'uk');
  assert.is(detectLanguage('새 도서관에는 어린이 열람실과 주민들이 함께 쓸 수 있는 작은 강의실이 새로 생겼다.'), 'ko');
});
lang('says nothing rather than guess from a few letters', () => {
  assert.is(detectLanguage('Share'), null);
  assert.is(detectLanguage(''), null);
});
lang('primaryLanguage reduces BCP 47 tags and refuses junk', () => {
  assert.is(primaryLanguage('en-US'), 'en');
  assert.is(primaryLanguage(' DE_at '), 'de');
  assert.is(primaryLanguage('english'), null);
  assert.is(primaryLanguage(null), null);
});
lang('stop words per language; none for unknown languages', () => {
  assert.ok(stopwords('de').has('und'));
  assert.ok(stopwords('en-GB').has('the'));
  assert.is(stopwords('xx').size, 0);
  assert.is(stopwords(null).size, 0);
});
lang('stop words are countable word by word except in unspaced scripts, Korean, and short lists', () => {
  assert.ok(countsStopwords('de'));
  assert.not.ok(countsStopwords('zh'));
  assert.not.ok(countsStopwords('ko'));
  assert.not.ok(countsStopwords('uk'), 'a list too short to count with');
  assert.not.ok(countsStopwords(null));
});
lang("the compact n-gram table holds exactly what eld's database module holds", async () => {
  const file = new URL('ngrams/extrasmall.js', new URL('../', import.meta.resolve('eld')));
  const { ngramsData } = (await import(file.href)) as { ngramsData: { type: string; languages: object; ngrams: Record<string, object> } };
  const compact = compactNgrams(readFileSync(file, 'utf8'));
  assert.is(compact.type, ngramsData.type);
  assert.equal(compact.languages, ngramsData.languages);
  const keys = Object.keys(ngramsData.ngrams);
  assert.ok(keys.length > 10_000);
  for (const key of keys) assert.equal(compact.ngrams[key], ngramsData.ngrams[key], key);
  assert.is(compact.ngrams['no such n-gram'], undefined);
  assert.is(compact.ngrams['constructor'], undefined);
  assert.throws(() => compactNgrams('export const x = {}'), /not in the expected form/);
});
lang.run();
