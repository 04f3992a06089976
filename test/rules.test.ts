import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileRule, compileRules, firstWords, RuleSet, viewOf, type Rule } from '../src/clean/rule.js';
import { BUILTIN_RULES } from '../src/clean/rules/index.js';
import { isLanguageKey } from '../src/clean/custom.js';
import { REASONS } from '../src/record.js';

const examples = suite('rule examples');

for (const rule of BUILTIN_RULES) {
  // through a RuleSet, as strip matches: its anchor index must let every cruft example reach the rule
  const set = new RuleSet([compileRule(rule)]);
  const compiled = { matches: (view: ReturnType<typeof viewOf>) => set.firstMatch(view, () => true) !== null };
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

examples('every built-in rule is tried on a million characters of one token, or of its own example, without overflowing the stack', () => {
  const rules = compileRules(BUILTIN_RULES);
  const tokens = ['x', 'vk', 'ok', 'fb', 'in', 'share ', 'a1 '];
  for (const rule of BUILTIN_RULES) tokens.push(...[...(rule.examples?.cruft ?? []), ...(rule.examples?.keep ?? [])].slice(0, 2).map((e) => `${e} `));
  for (const token of tokens) {
    const view = viewOf(token.repeat(Math.ceil(1_000_000 / token.length)), true);
    for (const rule of rules) rule.matches(view); // throws RangeError on overflow
  }
});
examples.run();

const shape = suite('rule data');

shape('built-in phrases are keyed by language as rule files must be (any, or a language code)', () => {
  for (const rule of BUILTIN_RULES) {
    if (!('phrases' in rule)) continue;
    for (const key of [...Object.keys(rule.phrases), ...Object.keys(rule.also ?? {})]) assert.ok(isLanguageKey(key), `${rule.id}: ${key}`);
  }
});

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

shape('rules are indexed by the words their phrases can start with', () => {
  const words = (phrase: string) => [...(firstWords(phrase) ?? ['(none)'])].sort();
  assert.equal(words('sign(ing)? up (for|to) (our|the)( [^ ]+){0,3} newsletters?'), ['sign', 'signing']);
  assert.equal(words('(our |the |free )*newsletters?'), ['free', 'newsletter', 'newsletters', 'our', 'the']);
  assert.equal(
    words('schlagw(ö|o)rte?r?'),
    ['schlagworte', 'schlagworter', 'schlagwort', 'schlagwortr', 'schlagwörte', 'schlagwörter', 'schlagwört', 'schlagwörtr'].sort(),
  );
  assert.equal(words('просмотр[аы]? {n}'), ['просмотр', 'просмотра', 'просмотры']);
  assert.equal(words('{n} comments'), ['(none)'], 'a number first: no words');
  assert.equal(words('([^ ]+ ){1,4}(is|was) a writer'), ['(none)'], 'a wildcard first: no words');
  assert.equal(words('ha+ ha'), ['(none)'], 'a repeated letter: no end of words');
  const rule = (match: 'contains' | 'whole' | 'list', phrases: Record<string, string[]>): Rule =>
    ({ id: 'ad.label', why: 'test rule', match, maxWords: 20, phrases, examples: { cruft: [], keep: [] } }) as Rule;
  assert.equal(compileRule(rule('contains', { en: ['read more'], zh: ['阅读更多'] })).gate?.where, 'any');
  assert.equal(compileRule(rule('whole', { en: ['read more'] })).gate?.where, 'first');
  assert.is(compileRule(rule('list', { en: ['facebook', 'twitter'] })).gate, null, 'list phrases may be glued together');
  // an unspaced phrase needs no word of its own, but one that can match a spaced word alone opens the gate to it
  assert.equal([...compileRule(rule('whole', { ja: ['(公式)?(sns|ソーシャルメディア)'] })).gate!.words], ['sns']);
  assert.is(compileRule(rule('whole', { ja: ['{n} ?(pv|回閲覧)'] })).gate, null, 'a number first: every block is tried');
  // most built-in rules are gated, or the index spares little
  const gated = compileRules(BUILTIN_RULES).filter((r) => r.gate !== null).length;
  assert.ok(gated >= BUILTIN_RULES.length * 0.6, `${gated} of ${BUILTIN_RULES.length} rules gated`);
});

shape('a rule set answers the first matching rule in list order', () => {
  const base = { why: 'test rule', examples: { cruft: [], keep: [] } } as const;
  const first: Rule = { ...base, id: 'ad.label', match: 'contains', maxWords: 10, phrases: { en: ['sponsored'] } };
  const second: Rule = { ...base, id: 'credit.disclaimer', match: 'whole', phrases: { en: ['sponsored content'] } };
  const set = new RuleSet(compileRules([first, second]));
  assert.is(set.firstMatch(viewOf('Sponsored content', false), () => true)?.rule, first);
  assert.is(set.firstMatch(viewOf('Sponsored content', false), (r) => r.rule !== first)?.rule, second);
  assert.is(
    set.firstMatch(viewOf('Unsponsored thoughts', false), () => true),
    null,
  );
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
