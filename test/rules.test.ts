import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileRule, compileRules, viewOf, type Rule } from '../src/clean/rule.js';
import { BUILTIN_RULES } from '../src/clean/rules/index.js';
import { REASONS } from '../src/record.js';

const examples = suite('rule examples');

for (const rule of BUILTIN_RULES) {
  const compiled = compileRule(rule);
  examples(`${rule.id} (${rule.why}) removes its cruft examples`, () => {
    assert.ok(rule.examples.cruft.length >= 1, 'a rule needs cruft examples');
    for (const text of rule.examples.cruft) {
      assert.ok(compiled.matches(viewOf(text, true)), `${rule.id} should match: ${JSON.stringify(text)}`);
    }
  });
  examples(`${rule.id} (${rule.why}) keeps its keep examples`, () => {
    assert.ok(rule.examples.keep.length >= 1, 'a rule needs keep examples');
    for (const text of rule.examples.keep) {
      assert.not.ok(compiled.matches(viewOf(text, true)), `${rule.id} should keep: ${JSON.stringify(text)}`);
    }
  });
}

examples.run();

const shape = suite('rule data');

shape('every rule names a known reason and says why', () => {
  for (const rule of BUILTIN_RULES) {
    assert.ok(rule.id in REASONS, `unknown reason ${rule.id}`);
    assert.ok(rule.why.length > 10, `${rule.id} needs a reason text`);
  }
});

shape('edge-only rules leave the article body alone', () => {
  for (const rule of BUILTIN_RULES.filter((r) => r.edgesOnly)) {
    const compiled = compileRule(rule);
    for (const text of rule.examples.cruft) {
      assert.not.ok(compiled.matches(viewOf(text, false)), `${rule.id} matched in the body: ${text}`);
    }
  }
});

shape('built-in rules cover the nine languages of the brief', () => {
  const covered = new Set(compileRules(BUILTIN_RULES).flatMap((r) => r.langs));
  for (const lang of ['en', 'de', 'fr', 'es', 'ru', 'uk', 'ko', 'ja', 'zh']) assert.ok(covered.has(lang), lang);
});

shape('malformed rules are refused when compiled', () => {
  const base = { id: 'ad.label', why: 'test rule', examples: { cruft: [], keep: [] } } as const;
  assert.throws(() => compileRule({ ...base, match: 'whole', phrases: {} } as Rule), /no phrases/);
  assert.throws(() => compileRule({ ...base, match: 'whole', phrases: { en: ['Advert'] } } as Rule), /not a match key/);
  assert.throws(() => compileRule({ ...base, match: 'start', phrases: { en: ['ad'] } } as Rule), /need maxWords/);
  const once = BUILTIN_RULES[0]!;
  assert.throws(() => compileRules([once, once]), /listed twice/);
});

shape.run();

const docs = suite('rule docs');
docs('the README explains every reason id', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const id of Object.keys(REASONS)) assert.ok(readme.includes('`' + id + '`'), `README lacks ${id}`);
});
docs.run();
