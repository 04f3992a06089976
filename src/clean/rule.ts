/**
 * The shape of a cruft rule, and how rules are compiled into matchers once, when a strip step is
 * built. Rules are data (see ./rules/): a reason id, the phrases that name one kind of cruft in
 * several languages, where in the article the rule may act, and examples it must and must not match.
 */
import type { ReasonId } from '../record.js';
import { countWords, matchKey } from './features.js';

/** Phrases per language (ISO 639-1), or under `any` when they are not words of one language. */
export type Phrases = Readonly<Partial<Record<string, readonly string[]>>>;

interface RuleBase {
  /** Reason id recorded on every block the rule removes. */
  id: ReasonId;
  /** Why such blocks are not article text, for people reading the rules and --explain output. */
  why: string;
  /** Longest block, in words, the rule may remove (word count as in countWords). */
  maxWords?: number;
  /** Act only outside the article body: before its first or after its last paragraph. */
  edgesOnly?: boolean;
  /** Blocks the rule must remove and blocks it must keep; the test suite runs every one. */
  examples: { readonly cruft: readonly string[]; readonly keep: readonly string[] };
}

/**
 * A rule written as phrases. Phrases are match keys (lower case, no punctuation, no apostrophes:
 * see matchKey) and may use `(a|b)`, `?` and `{n}` for a number. How they must meet the block:
 * - `whole`: the block is one of the phrases;
 * - `list`: the block is one or more of the phrases in a row (share bars, language menus);
 * - `start`: the block opens with a phrase;
 * - `contains`: a phrase occurs somewhere in the block;
 * - `label`: the block opens with a label (the text before `:`, `—`, `»` or `|`) that is a phrase.
 */
export interface PhraseRule extends RuleBase {
  match: 'whole' | 'list' | 'start' | 'contains' | 'label';
  phrases: Phrases;
  /** A second set of phrases that must also occur somewhere in the block. */
  also?: Phrases;
}

/** A rule that needs more than phrases: a predicate over the block's text and match key. */
export interface PredicateRule extends RuleBase {
  match: 'predicate';
  langs: readonly string[];
  test(text: string, key: string): boolean;
}

export type Rule = PhraseRule | PredicateRule;

/** What a compiled rule looks at. */
export interface BlockView {
  text: string;
  key: string;
  words: number;
  /** Outside the article body (head or tail zone). */
  edge: boolean;
}

export interface CompiledRule {
  rule: Rule;
  langs: readonly string[];
  matches(view: BlockView): boolean;
}

/** Label separators for `label` rules: colon, dashes, guillemet, pipe (ASCII and full-width). */
const LABEL_SEPARATOR = /\s*(?:[:：|»>]|\s[—–-]\s|[—–])\s*/u;
/** A label longer than this is a sentence, not a label. */
const LABEL_MAX_CHARS = 40;
const NUMBER = String.raw`\d[\d ]*(?:[kmкмт万千萬만천]|тыс|тис)?`;
/**
 * Scripts where a phrase may touch the next word: Chinese and Japanese write no spaces, and Korean
 * glues particles and verb endings to the word (구독 → 구독하기).
 */
const GLUED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const UNSPACED = new RegExp(`[${GLUED}]`, 'u');
/** A letter or digit of a script that separates words with spaces. */
const SPACED_WORD_CHAR = String.raw`(?:(?![${GLUED}])[\p{L}\p{N}])`;
const BEFORE = `(?<!${SPACED_WORD_CHAR})`;
const AFTER = `(?!${SPACED_WORD_CHAR})`;

/** Turns a rule into a matcher; throws on a malformed rule (a bug in the rule data). */
export function compileRule(rule: Rule): CompiledRule {
  if (rule.match === 'predicate') {
    return {
      rule,
      langs: rule.langs,
      matches: (v) => withinBounds(rule, v) && rule.test(v.text, v.key),
    };
  }
  if ((rule.match === 'start' || rule.match === 'contains') && rule.maxWords === undefined) {
    throw new Error(`rule ${rule.id}: '${rule.match}' rules need maxWords, or they reach into sentences`);
  }
  const phrases = phraseList(rule.phrases, rule.id);
  const langs = Object.keys(rule.phrases).filter((l) => l !== 'any');
  const alternation = phrases.map(toPattern).join('|');
  const also = rule.also ? containsPattern(phraseList(rule.also, rule.id)) : null;
  const main = mainPattern(rule.match, alternation, phrases);
  const test =
    rule.match === 'label'
      ? (v: BlockView) => {
          const parts = v.text.split(LABEL_SEPARATOR);
          const label = parts[0] ?? '';
          return parts.length > 1 && label.length <= LABEL_MAX_CHARS && main.test(matchKey(label));
        }
      : (v: BlockView) => main.test(v.key);
  return {
    rule,
    langs,
    matches: (v) => withinBounds(rule, v) && test(v) && (!also || also.test(v.key)),
  };
}

function withinBounds(rule: Rule, v: BlockView): boolean {
  if (rule.edgesOnly && !v.edge) return false;
  return rule.maxWords === undefined || v.words <= rule.maxWords;
}

function mainPattern(match: PhraseRule['match'], alternation: string, phrases: string[]): RegExp {
  switch (match) {
    case 'whole':
    case 'label':
      return new RegExp(`^(?:${alternation})$`, 'u');
    case 'list':
      return new RegExp(`^(?:${alternation})(?: ?(?:${alternation}))*$`, 'u');
    case 'start':
      return new RegExp(`^(?:${phrases.map((p) => toPattern(p) + boundary(p, 'after')).join('|')})`, 'u');
    case 'contains':
      return containsPattern(phrases);
  }
}

function containsPattern(phrases: string[]): RegExp {
  const bounded = phrases.map((p) => boundary(p, 'before') + toPattern(p) + boundary(p, 'after'));
  return new RegExp(bounded.join('|'), 'u');
}

/** Word boundaries around a phrase, except at ends written in a script without spaces. */
function boundary(phrase: string, side: 'before' | 'after'): string {
  const edge = side === 'before' ? phrase[0] : phrase[phrase.length - 1];
  if (edge && UNSPACED.test(edge)) return '';
  return side === 'before' ? BEFORE : AFTER;
}

function toPattern(phrase: string): string {
  return `(?:${phrase.replaceAll('{n}', NUMBER)})`;
}

function phraseList(phrases: Phrases, id: string): string[] {
  const all = Object.values(phrases).flatMap((list) => list ?? []);
  if (all.length === 0) throw new Error(`rule ${id}: no phrases`);
  for (const p of all) {
    if (p !== p.trim() || /[A-ZА-ЯЁІЇЄҐ]/u.test(p)) {
      throw new Error(`rule ${id}: phrase "${p}" is not a match key (lower case, trimmed)`);
    }
  }
  return all;
}

/** Compiles a rule list once; the order is the order rules are tried in. */
export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  const seen = new Set<Rule>();
  return rules.map((rule) => {
    if (seen.has(rule)) throw new Error(`rule ${rule.id} listed twice`);
    seen.add(rule);
    return compileRule(rule);
  });
}

/** The view of a block that rules match against. */
export function viewOf(text: string, edge: boolean): BlockView {
  return { text, key: matchKey(text), words: countWords(text), edge };
}
