import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isLanguageKey } from '../src/clean/custom.js';
import { parseDateline } from '../src/clean/dates.js';
import { datedByline, parseByline } from '../src/clean/metadata.js';
import { LEXICON, wordsOf, type WordList } from '../src/lexicon.js';
import { blockFrame } from '../src/across/sites.js';

type ListName = keyof typeof LEXICON;

/** How the code that uses each list reads a line: true when it reads it as what the list is about. */
const READS: Record<ListName, (text: string) => boolean> = {
  bylinePrepositions: (text) => parseByline(text) !== null || datedByline(text, null) !== null,
  bylineNouns: (text) => parseByline(text) !== null,
  nameParticles: (text) => parseByline(text) !== null,
  reporterTitles: (text) => parseByline(text) !== null,
  bylineDateWords: (text) => (parseByline(text)?.rest.length ?? 0) > 0,
  publishedLabels: (text) => parseDateline(text)?.role === 'published',
  updatedLabels: (text) => parseDateline(text)?.role === 'updated',
  dateGlue: (text) => parseDateline(text) !== null,
  monthsGenitive: (text) => parseDateline(text) !== null,
  // a date alone is no template: its frame is placeholders only
  monthNames: (text) => blockFrame(text) === null,
  weekdayNames: (text) => blockFrame(text) === null,
};

const lists = Object.entries(LEXICON) as [ListName, WordList][];

const examples = suite('lexicon examples');

for (const [name, list] of lists) {
  examples(`${name}: reads its reads examples, not its ignores examples`, () => {
    const { reads, ignores } = list.examples;
    assert.ok(reads.length >= 1 && ignores.length >= 1, 'a list needs both kinds of example');
    for (const text of reads) assert.ok(READS[name](text), `${name} should read ${JSON.stringify(text)}`);
    for (const text of ignores) assert.not.ok(READS[name](text), `${name} should ignore ${JSON.stringify(text)}`);
  });
}

examples.run();

const entries = suite('lexicon entries');

for (const [name, list] of lists) {
  entries(`${name}: language codes valid; words lower case, trimmed, none twice in a language`, () => {
    for (const [lang, words] of Object.entries(list.words)) {
      assert.ok(isLanguageKey(lang), `${name}: ${lang} is no language code`);
      assert.ok(words.length >= 1, `${name}.${lang} is empty`);
      assert.is(new Set(words).size, words.length, `${name}.${lang} has a word twice`);
      for (const word of words) {
        const what = `${name}.${lang}: ${JSON.stringify(word)}`;
        assert.ok(word.length > 0 && word === word.trim() && !/\s{2}/u.test(word), `${what} is not trimmed`);
        assert.is(word, word.toLowerCase(), `${what} is not lower case`);
        if (list.patterns)
          new RegExp(word, 'u'); // throws on a broken fragment
        else assert.not.match(word, /[\\^$.*+?()[\]{}|]/u, `${what} is a word, not a pattern`);
      }
    }
  });
}

entries('every byline preposition opens a byline, in every language it is listed for', () => {
  for (const word of wordsOf(LEXICON.bylinePrepositions)) {
    const name = /\p{Script=Latin}/u.test(word) ? 'Jane Doe' : /\p{Script=Cyrillic}/u.test(word) ? 'Иван Петров' : '王芳';
    const line = `${word[0]!.toUpperCase()}${word.slice(1)} ${name}`;
    assert.is(parseByline(line)?.name, name, line);
    const dated = datedByline(`Published 17 May 2025 ${word} ${name}`, 'en');
    assert.equal(dated, { iso: '2025-05-17', name }, `a dateline, then ${word}`);
  }
});

entries('every byline noun opens a byline with a colon and not without', () => {
  for (const word of wordsOf(LEXICON.bylineNouns)) {
    const name = /\p{Script=Latin}/u.test(word) ? 'Jane Doe' : 'Иван Петров';
    const noun = `${word[0]!.toUpperCase()}${word.slice(1)}`;
    assert.is(parseByline(`${noun}: ${name}`)?.name, name, `${noun}: ${name}`);
    assert.is(parseByline(`${noun} ${name}`), null, `${noun} ${name}`);
  }
});

entries('every name particle may stand inside a name', () => {
  for (const particle of wordsOf(LEXICON.nameParticles)) {
    assert.is(parseByline(`By Jane ${particle} Berg`)?.name, `Jane ${particle} Berg`, particle);
  }
});

entries('every reporter title makes a byline of a name', () => {
  for (const title of wordsOf(LEXICON.reporterTitles)) assert.ok(parseByline(`王芳 ${title}`), title);
});

entries('every byline date word ends the name before a date', () => {
  for (const word of wordsOf(LEXICON.bylineDateWords)) {
    assert.equal(parseByline(`By Jane Doe ${word} 28.11.2024`)?.rest, ['28.11.2024'], word);
  }
});

entries('the genitive months are twelve, in order', () => {
  const months = LEXICON.monthsGenitive.words.pl;
  assert.is(months.length, 12);
  months.forEach((month, i) => {
    assert.is(parseDateline(`16 ${month} 2021`, 'pl')?.iso, `2021-${String(i + 1).padStart(2, '0')}-16`, month);
  });
});

entries.run();
