import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { extract } from '../src/index.js';
import { htmlArticle, textArticle } from './helpers.js';

const ENGLISH = 'The ferry service to the outer islands resumed on Friday after engineers finished repairing the pier damaged in the storm.';
const GERMAN = 'Nach acht Monaten Bauzeit ist der neue Radweg entlang des Kanals seit Samstag für den Verkehr freigegeben worden.';

const step = suite('extract');
step('turns a text source into blocks and lets the raw page go', () => {
  const a = extract(textArticle(`Title line\n${ENGLISH}`));
  assert.is(a.source, undefined);
  assert.is(a.extractedBy, 'text');
  assert.equal(
    a.blocks.map((b) => b.text),
    ['Title line', ENGLISH],
  );
});
step('detects the language of the text, over what the page declares', () => {
  const a = extract(htmlArticle(`<html lang="en"><body><article><p>${GERMAN}</p><p>${GERMAN}</p></article></body></html>`));
  assert.is(a.meta.lang, 'de');
});
step('falls back to the declared language when the text is too short to tell', () => {
  const a = extract(htmlArticle('<html lang="fr-CA"><body><p>Oui.</p></body></html>'));
  assert.is(a.meta.lang, 'fr');
});
step('takes the site from the URL when the page does not name it', () => {
  assert.is(extract(textArticle(ENGLISH, { url: 'https://www.example.org/news/1' })).meta.site, 'example.org');
  assert.is(extract(textArticle(ENGLISH, { url: 'not a url' })).meta.site, null);
});
step('metadata the input record carried wins over what extraction finds', () => {
  const a = textArticle(`Some Other Headline\n${ENGLISH}`);
  a.meta.title = 'Given title';
  a.meta.lang = 'en-GB';
  const out = extract(a);
  assert.is(out.meta.title, 'Given title');
  assert.is(out.meta.lang, 'en');
});
step('records that already failed, or were extracted, pass untouched', () => {
  const failed = textArticle(ENGLISH);
  failed.error = { code: 'invalid-json', message: 'x' };
  assert.is(extract(failed).blocks.length, 0);
  const done = extract(textArticle(ENGLISH));
  assert.is(extract(done), done);
});
step('an empty page gives no blocks and no error', () => {
  const a = extract(htmlArticle(''));
  assert.equal(a.blocks, []);
  assert.is(a.error, undefined);
});
step.run();
