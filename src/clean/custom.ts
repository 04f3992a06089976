/**
 * Rules users write (`--rules FILE`, JSON or YAML): phrase rules of the same shape as the built-in
 * ones, and built-in rules switched off by reason id. A rule file is plain data, so it crosses into
 * worker threads as it is; each worker builds the same rule list from it (rulesOf).
 *
 *   disable: [widget.counter]          # built-in rules to switch off, by reason id
 *   rules:
 *     - id: custom.promo-code          # a built-in reason id, or custom.<name>
 *       why: promotion codes of the shop under the article
 *       match: contains                # whole | list | start | contains | label
 *       phrases: { en: ["use code", "promo code"] }
 *       maxWords: 20
 *       edgesOnly: true
 *       examples: { cruft: ["Use code SAVE10 at checkout"], keep: ["The code was published on Monday."] }
 */
import { REASONS, type ReasonId } from '../record.js';
import { compileRule, RuleSet, viewOf, type PhraseRule, type Rule } from './rule.js';
import { BUILTIN_RULES } from './rules/index.js';

/** The content of a rule file, checked (see checkRuleFile). */
export interface RuleFile {
  /** Reason ids whose built-in rules are switched off. */
  disable: readonly ReasonId[];
  /** The user's rules, tried before the built-in ones: the first rule that matches names the reason. */
  rules: readonly PhraseRule[];
}

/** The cleaning option carrying a rule file: plain data, so it can cross into worker threads. */
export interface RuleFileOption {
  /** Rules from a rule file (checkRuleFile): used instead of the built-in rules when `rules` is absent. */
  ruleFile?: RuleFile;
}

const MATCHES: readonly PhraseRule['match'][] = ['whole', 'list', 'start', 'contains', 'label'];
const CUSTOM_ID = /^custom\.[a-z0-9][a-z0-9-]*$/;
const KEYS = new Set(['id', 'why', 'match', 'phrases', 'also', 'maxWords', 'edgesOnly', 'examples']);

/** A rule file that is not right: says where (`rules[2].phrases.en[0]`) and what. */
export class RuleFileError extends Error {
  override name = 'RuleFileError';
}

/**
 * Checks parsed rule-file data: its shape, every reason id, every phrase (as the built-in rules are
 * compiled), and every example (cruft examples must be removed, keep examples kept). Throws
 * RuleFileError naming the place; returns the data typed.
 */
export function checkRuleFile(data: unknown, source: string): RuleFile {
  const fail = (where: string, what: string): never => {
    throw new RuleFileError(`${source}: ${where}: ${what}`);
  };
  if (!isObject(data)) return fail('top level', 'expected an object with "rules" and/or "disable"');
  for (const key of Object.keys(data)) if (key !== 'rules' && key !== 'disable') fail(key, 'unknown key (expected "rules" or "disable")');
  const disable = data['disable'] ?? [];
  if (!Array.isArray(disable)) return fail('disable', 'expected a list of reason ids');
  disable.forEach((id, i) => {
    if (typeof id !== 'string' || !Object.hasOwn(REASONS, id))
      fail(`disable[${i}]`, `${JSON.stringify(id)} is not a built-in reason id (decruft rules lists them)`);
  });
  const rules = data['rules'] ?? [];
  if (!Array.isArray(rules)) return fail('rules', 'expected a list of rules');
  rules.forEach((rule, i) => checkRule(rule, `rules[${i}]`, fail));
  return { disable: disable as ReasonId[], rules: rules as PhraseRule[] };
}

function checkRule(rule: unknown, at: string, fail: (where: string, what: string) => never): void {
  if (!isObject(rule)) fail(at, 'expected a rule object');
  const r = rule as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KEYS.has(key)) fail(`${at}.${key}`, `unknown key (expected one of ${[...KEYS].join(', ')})`);
  const id = r['id'];
  if (typeof id !== 'string' || !(Object.hasOwn(REASONS, id) || CUSTOM_ID.test(id)))
    fail(`${at}.id`, 'expected a built-in reason id or custom.<name> (lower case, digits, dashes)');
  if (typeof r['why'] !== 'string' || r['why'].trim().length === 0) fail(`${at}.why`, 'expected a sentence saying why such blocks are not article text');
  if (!MATCHES.includes(r['match'] as PhraseRule['match'])) fail(`${at}.match`, `expected one of ${MATCHES.join(', ')}`);
  for (const key of ['phrases', 'also'] as const) {
    const phrases = r[key];
    if (phrases === undefined && key === 'also') continue;
    if (!isObject(phrases)) fail(`${at}.${key}`, 'expected phrases by language: { en: ["…"], de: ["…"] }');
    for (const [lang, list] of Object.entries(phrases as object)) {
      if (!isLanguageKey(lang))
        fail(`${at}.${key}.${lang}`, `not a language: expected "any" or a language's ISO 639-1 code in lower case (en, de, fr…), as pages declare it`);
      if (!isStrings(list)) fail(`${at}.${key}.${lang}`, 'expected a list of phrases');
    }
  }
  if (r['maxWords'] !== undefined && !(Number.isInteger(r['maxWords']) && (r['maxWords'] as number) > 0))
    fail(`${at}.maxWords`, 'expected a whole number of words');
  if (r['edgesOnly'] !== undefined && typeof r['edgesOnly'] !== 'boolean') fail(`${at}.edgesOnly`, 'expected true or false');
  const examples = r['examples'];
  if (!isObject(examples) || !isStrings(examples['cruft']) || !isStrings(examples['keep']) || examples['cruft'].length === 0) {
    fail(`${at}.examples`, 'expected { cruft: ["…"], keep: ["…"] } with at least one cruft example');
  }
  let set: RuleSet;
  try {
    set = new RuleSet([compileRule(rule as unknown as PhraseRule)]);
  } catch (err) {
    return fail(at, (err as Error).message);
  }
  const { cruft, keep } = (rule as unknown as PhraseRule).examples;
  for (const text of cruft)
    if (!set.firstMatch(viewOf(text, true), () => true)) fail(`${at}.examples.cruft`, `the rule does not match ${JSON.stringify(text)}`);
  for (const text of keep)
    if (set.firstMatch(viewOf(text, true), () => true)) fail(`${at}.examples.keep`, `the rule matches ${JSON.stringify(text)}, which it must keep`);
}

/**
 * Names of languages, to tell a language code from a made-up one; made when a rule file is first
 * checked (making one took 20 ms, which every run paid, rule file or not).
 */
let languageNames: Intl.DisplayNames | undefined;

/**
 * Phrases are keyed as pages' languages are matched: `any`, or a primary language code (what
 * `lang="en-GB"` and detection give: `en`). `english`, `EN` or `en-us` would never match a page.
 */
export function isLanguageKey(key: string): boolean {
  if (key === 'any') return true;
  if (!/^[a-z]{2,3}$/.test(key)) return false;
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    return languageNames.of(key) !== undefined;
  } catch {
    return false;
  }
}

const built = new WeakMap<RuleFile, readonly Rule[]>();

/** The rules a rule file asks for: its own first, then the built-in ones it does not switch off. */
export function rulesOf(file: RuleFile): readonly Rule[] {
  let rules = built.get(file);
  if (!rules) {
    const off = new Set<string>(file.disable);
    rules = [...file.rules, ...BUILTIN_RULES.filter((rule) => !off.has(rule.id))];
    built.set(file, rules);
  }
  return rules;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}
