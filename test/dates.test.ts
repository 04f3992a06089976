import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizeDate, parseDateline } from '../src/clean/dates.js';

const dateline = suite('parseDateline');

const CASES: Array<[string, string, 'published' | 'updated']> = [
  ['Nov. 28, 2024, 2:54 a.m.', '2024-11-28T02:54', 'published'],
  ['Posted March. 14, 2025 09:05,', '2025-03-14T09:05', 'published'],
  ['Updated November 28, 2024 07:37', '2024-11-28T07:37', 'updated'],
  ['28. November 2024, 14:05 Uhr', '2024-11-28T14:05', 'published'],
  ['Veröffentlicht am 28.11.2024', '2024-11-28', 'published'],
  ['Publié le 28 novembre 2024 à 14h05', '2024-11-28T14:05', 'published'],
  ['28 de noviembre de 2024', '2024-11-28', 'published'],
  ['3, Marzo, 2023', '2023-03-03', 'published'],
  ['28 ноября 2024, 14:05', '2024-11-28T14:05', 'published'],
  ['Опубліковано 28 листопада 2024 14:05', '2024-11-28T14:05', 'published'],
  ['입력 2024.11.28 07:37', '2024-11-28T07:37', 'published'],
  ['2024년 11월 28일 오후 7:37', '2024-11-28T19:37', 'published'],
  ['2024年11月28日 07:37', '2024-11-28T07:37', 'published'],
  ['发布时间：2025年3月1日 10:00', '2025-03-01T10:00', 'published'],
  ['2024-11-28T07:37:00+09:00', '2024-11-28T07:37:00+09:00', 'published'],
  ['16 marca 2021', '2021-03-16', 'published'],
  ['Publikacja: 4 maja 2021', '2021-05-04', 'published'],
  ['Sept. 14, 2025, 9:12 a.m.', '2025-09-14T09:12', 'published'],
  ['Thurs 3 April 2025', '2025-04-03', 'published'],
];

for (const [text, iso, role] of CASES) {
  dateline(`reads ${JSON.stringify(text)}`, () => {
    assert.equal(parseDateline(text), { iso, role });
  });
}

dateline('a sentence that mentions a date is not a dateline', () => {
  assert.is(parseDateline('Trump said on Monday, November 28, 2024, that he would travel to the region soon'), null);
});
dateline('a meta line of short parts joined by separators is a dateline when one part is', () => {
  assert.equal(parseDateline('21.04.2022 | Press releases'), { iso: '2022-04-21', role: 'published' });
  assert.equal(parseDateline('Friday | 14 June 2019 | 15:49 by Jane Doe in Fashion | 0 comments'), { iso: '2019-06-14', role: 'published' });
  assert.is(parseDateline('21.04.2022 | The council voted to close the old bridge to all traffic until spring'), null, 'a sentence beside the date');
  assert.is(parseDateline('Home | News | Sport'), null);
});
dateline('a time alone, or a date without a year, is not enough', () => {
  assert.is(parseDateline('7:43 p.m.'), null);
  assert.is(parseDateline('Nov 28'), null);
});
dateline('lines with a year that are no dates are refused (and cheaply: see parsersFor)', () => {
  for (const text of ['General Election 2021 Results', 'Expo 2020 Dubai', '2022 / Apr', '© 2024 Harbour Times', 'Season 2019/2020 review']) {
    assert.is(parseDateline(text), null, text);
  }
});

dateline('dotted dates are day-first whatever the language', () => {
  for (const lang of ['pl', 'cs', 'tr', 'en', null]) assert.equal(parseDateline('12.03.2024', lang), { iso: '2024-03-12', role: 'published' }, String(lang));
});
dateline('impossible dates are refused', () => {
  assert.is(parseDateline('2024-02-30'), null);
});
dateline('the language hint decides ambiguous day/month order', () => {
  assert.equal(parseDateline('05/06/2024', 'de'), { iso: '2024-06-05', role: 'published' });
  assert.equal(parseDateline('05/06/2024', 'en'), { iso: '2024-05-06', role: 'published' });
});
dateline.run();

const normalize = suite('normalizeDate');
normalize('keeps ISO 8601 as the page wrote it, minus fractions of seconds', () => {
  assert.is(normalizeDate('2022-04-26T19:43:00.000-06:00'), '2022-04-26T19:43:00-06:00');
  assert.is(normalizeDate('2022-04-26T19:43:00+0200'), '2022-04-26T19:43:00+02:00');
  assert.is(normalizeDate('2022-04-26'), '2022-04-26');
});
normalize('parses other date formats found in metadata', () => {
  assert.is(normalizeDate('Tue, 26 Apr 2022 19:43:00 GMT'), '2022-04-26T19:43Z');
});
normalize('returns null for what it cannot understand', () => {
  assert.is(normalizeDate('last Tuesday-ish'), null);
  assert.is(normalizeDate(''), null);
  assert.is(normalizeDate(undefined), null);
});
normalize.run();
