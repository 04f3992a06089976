/**
 * The shape of a cruft rule, and how rules are compiled into matchers once, when a strip step is
 * built. Rules are data (see ./rules/): a reason id, the phrases that name one kind of cruft in
 * several languages, where in the article the rule may act, and examples it must and must not match.
 */
import type { CustomReasonId, ReasonId } from '../record.js';
import { countWords, matchKey, MEMO_TEXT_MAX_CHARS } from './features.js';
import { DEFAULTS } from '../settings.js';

/** Phrases per language (ISO 639-1), or under `any` when they are not words of one language. */
export type Phrases = Readonly<Partial<Record<string, readonly string[]>>>;

interface RuleBase {
  /** Reason id recorded on every block the rule removes (custom.<name> for a user's own kind). */
  id: ReasonId | CustomReasonId;
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
  /** The match key of the block's label (see labelKey), once a label rule has asked for it. */
  labelKey?: string | null;
}

export interface CompiledRule {
  rule: Rule;
  langs: readonly string[];
  matches(view: BlockView): boolean;
  /**
   * Which blocks can match at all, by their words: a block whose match key starts with (`first`) or
   * contains (`any`) one of `words`; null when the phrases do not tell and every block is tried.
   * Blocks in Chinese, Japanese or Korean are always tried.
   */
  gate: { where: 'first' | 'any'; words: ReadonlySet<string> } | null;
}

/** Label separators for `label` rules: colon, dashes, guillemet, pipe (ASCII and full-width). */
const LABEL_SEPARATOR = /\s*(?:[:：|»>]|\s[—–-]\s|[—–])\s*/u;
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
      gate: null,
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
          const label = labelKey(v);
          return label !== null && main.test(label);
        }
      : rule.match === 'list'
        ? (v: BlockView) => v.key.length <= LIST_MAX_KEY_CHARS && main.test(v.key)
        : (v: BlockView) => main.test(v.key);
  return {
    rule,
    langs,
    matches: (v) => withinBounds(rule, v) && test(v) && (!also || also.test(v.key)),
    gate: gateOf(rule.match, phrases),
  };
}

/**
 * The gate of a phrase rule: the words its phrases can start with. Phrases in unspaced scripts need
 * no word of their own (their blocks are always tried), only any spaced word they can start with; a
 * phrase whose first word the expansion below cannot list (it starts with a number, a wildcard, or
 * more variants than is worth listing) opens the gate to every block. `list` rules may glue their
 * phrases together ("facebooktwitter"), so they have none.
 */
function gateOf(match: PhraseRule['match'], phrases: readonly string[]): CompiledRule['gate'] {
  if (match === 'list') return null;
  const words = new Set<string>();
  for (const phrase of phrases) {
    const first = firstWords(phrase);
    if (UNSPACED.test(phrase)) {
      // its unspaced blocks are always tried, but an optional or alternative part may leave a
      // spaced word to match alone ("(公式)?(sns|ソーシャルメディア)" matches "SNS"): that word opens
      // the gate, and a phrase whose words cannot be listed ("{n} ?(pv|回閲覧)") opens it to all
      if (!first) return null;
      for (const word of first) if (!UNSPACED.test(word)) words.add(word);
      continue;
    }
    if (!first) return null;
    for (const word of first) words.add(word);
  }
  return { where: match === 'contains' ? 'any' : 'first', words };
}

/** Most first-word variants a phrase may have before its gate is left open. */
const MAX_FIRST_WORDS = 64;

/** A phrase as the expansion below reads it: characters, sets of characters, groups, and wildcards. */
type Piece = { optional: boolean; repeated: boolean } & (
  { kind: 'chars'; chars: readonly string[] } | { kind: 'group'; alternatives: Piece[][] } | { kind: 'wildcard' }
);

/**
 * Every word a phrase can start with (the text before its first space), or null when they cannot be
 * listed. Reads the phrase syntax rules use: `(a|b)`, `[ab]`, `?`, `*`, `+`, `{m,n}`, `{n}` (a number),
 * `.`, `\d`, `[^ ]`, `^` and `$`.
 */
export function firstWords(phrase: string): Set<string> | null {
  const pieces = parsePhrase(phrase);
  if (!pieces) return null;
  const out = new Set<string>();
  let ok = true;
  const emit = (word: string) => {
    if (!word || out.size >= MAX_FIRST_WORDS) ok = false;
    else out.add(word);
  };
  // walks the pieces, calling `next` with the text so far when a sequence ends without a space
  const walk = (seq: Piece[], i: number, prefix: string, next: (prefix: string) => void): void => {
    if (!ok) return;
    if (i === seq.length) return next(prefix);
    const piece = seq[i]!;
    if (piece.optional) walk(seq, i + 1, prefix, next);
    const then = (text: string) => walk(seq, i + 1, text, next);
    if (piece.kind === 'wildcard') {
      ok = false;
    } else if (piece.kind === 'chars') {
      for (const ch of piece.chars) {
        if (ch === ' ') emit(prefix);
        else if (piece.repeated)
          ok = false; // a repeated letter makes words without end
        else then(prefix + ch);
      }
    } else {
      for (const alternative of piece.alternatives) {
        walk(alternative, 0, prefix, (text) => {
          if (piece.repeated)
            ok = false; // a repeated group that never reaches a space: words without end
          else then(text);
        });
      }
    }
  };
  walk(pieces, 0, '', emit);
  return ok ? out : null;
}

/** Parses a phrase into pieces; null on syntax the expansion does not read. */
function parsePhrase(phrase: string): Piece[] | null {
  let i = 0;
  const sequence = (): Piece[][] | null => {
    const alternatives: Piece[][] = [[]];
    while (i < phrase.length) {
      const ch = phrase[i]!;
      if (ch === ')') break;
      i++;
      let piece: Piece;
      if (ch === '|') {
        alternatives.push([]);
        continue;
      } else if (ch === '^' || ch === '$') {
        continue;
      } else if (ch === '(') {
        const inner = sequence();
        if (!inner || phrase[i] !== ')') return null;
        i++;
        piece = { kind: 'group', alternatives: inner, optional: false, repeated: false };
      } else if (ch === '[') {
        const end = phrase.indexOf(']', i);
        if (end < 0) return null;
        const body = phrase.slice(i, end);
        i = end + 1;
        piece = /^\^|.-./u.test(body)
          ? { kind: 'wildcard', optional: false, repeated: false }
          : { kind: 'chars', chars: [...body], optional: false, repeated: false };
      } else if (ch === '.' || ch === '\\' || (ch === '{' && phrase.startsWith('n}', i))) {
        i += ch === '\\' ? 1 : ch === '{' ? 2 : 0;
        piece = { kind: 'wildcard', optional: false, repeated: false };
      } else {
        piece = { kind: 'chars', chars: [ch], optional: false, repeated: false };
      }
      const quantifier = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})/u.exec(phrase.slice(i));
      if (quantifier) {
        i += quantifier[0].length;
        const q = quantifier[0];
        piece.optional = q === '?' || q === '*' || quantifier[1] === '0';
        piece.repeated = q !== '?' && q !== '{1}' && q !== '{0,1}';
      }
      alternatives[alternatives.length - 1]!.push(piece);
    }
    return alternatives;
  };
  const top = sequence();
  if (!top || i !== phrase.length) return null;
  return top.length === 1 ? top[0]! : [{ kind: 'group', alternatives: top, optional: false, repeated: false }];
}

/**
 * Compiled rules in order, indexed by their gates (see CompiledRule), so a block is tried only
 * against rules it can match: the rules a text scrape's hundred lines would otherwise each run
 * dozens of regular expressions against.
 */
export class RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly byFirstWord = new Map<string, number[]>();
  private readonly byAnyWord = new Map<string, number[]>();
  private readonly always: number[] = [];
  /** marks[r] === stamp: rule r is a candidate for the block being matched. */
  private readonly marks: Uint32Array;
  private stamp = 0;

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    this.marks = new Uint32Array(rules.length);
    rules.forEach((compiled, r) => {
      const gate = compiled.gate;
      if (!gate) return void this.always.push(r);
      const index = gate.where === 'first' ? this.byFirstWord : this.byAnyWord;
      for (const word of gate.words) {
        const list = index.get(word);
        if (list) list.push(r);
        else index.set(word, [r]);
      }
    });
  }

  /** The first rule, in list order, among those `accept` allows, that matches the block; or null. */
  firstMatch(view: BlockView, accept: (rule: CompiledRule) => boolean): CompiledRule | null {
    const marks = this.mark(view.key);
    for (let r = 0; r < this.rules.length; r++) {
      if (marks !== null && marks[r] !== this.stamp) continue;
      const compiled = this.rules[r]!;
      if (accept(compiled) && compiled.matches(view)) return compiled;
    }
    return null;
  }

  /**
   * firstMatch among the rules of one of strip's two passes: those that hold anywhere, or those that
   * hold only outside the body (asked of blocks there, so `edge` is true). Either answer depends on
   * the block's text alone, and page chrome repeats ("Home", "Share", "Contact us": on the WCXB
   * text dumps half the lines are a text seen before), so answers are kept by text, a bounded
   * number per pass, for short texts only (MEMO_TEXT_MAX_CHARS).
   */
  firstMatchIn(view: BlockView, pass: RulePass): CompiledRule | null {
    const seen = this.seen[pass];
    const known = seen.get(view.text);
    if (known !== undefined) return known;
    const match = this.firstMatch(view, pass === 'edges' ? isEdgeRule : isAnywhereRule);
    if (view.text.length > MEMO_TEXT_MAX_CHARS) return match;
    if (seen.size >= MATCHES_SEEN_MAX) seen.clear();
    seen.set(view.text, match);
    return match;
  }

  private readonly seen: Record<RulePass, Map<string, CompiledRule | null>> = { anywhere: new Map(), edges: new Map() };

  /** Marks (with the current stamp) the rules a block with this match key can match; null: all of them. */
  private mark(key: string): Uint32Array | null {
    if (UNSPACED.test(key)) return null;
    const marks = this.marks;
    if (this.stamp === 0xffffffff) {
      marks.fill(0); // the stamp would wrap around: start over
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    for (const r of this.always) marks[r] = stamp;
    const words = key.split(KEY_WORD_BREAK);
    for (const r of this.byFirstWord.get(words[0]!) ?? []) marks[r] = stamp;
    for (const word of words) {
      const rules = this.byAnyWord.get(word);
      if (rules) for (const r of rules) marks[r] = stamp;
    }
    return marks;
  }
}

/** strip's two passes of rules: those that hold anywhere, then those that hold outside the body. */
export type RulePass = 'anywhere' | 'edges';
const isEdgeRule = (compiled: CompiledRule): boolean => Boolean(compiled.rule.edgesOnly);
const isAnywhereRule = (compiled: CompiledRule): boolean => !compiled.rule.edgesOnly;
/** Texts whose answers RuleSet keeps per pass; emptied when full. */
const MATCHES_SEEN_MAX = 16384;

/** Where match keys break into words: spaces, and `@`, which keeps handles together but is no letter. */
const KEY_WORD_BREAK = /[ @]/u;

/**
 * The match key of the text before a block's first label separator ("Read more: …" → `read more`);
 * null when there is no separator or the text before it is too long for a label. Worked out once
 * per block, however many label rules ask.
 */
function labelKey(v: BlockView): string | null {
  if (v.labelKey === undefined) {
    const separator = LABEL_SEPARATOR.exec(v.text);
    const label = separator ? v.text.slice(0, separator.index) : '';
    v.labelKey = separator && label.length <= DEFAULTS.rules.labelMaxChars ? matchKey(label) : null;
  }
  return v.labelKey;
}

function withinBounds(rule: Rule, v: BlockView): boolean {
  if (rule.edgesOnly && !v.edge) return false;
  return rule.maxWords === undefined || v.words <= rule.maxWords;
}

/**
 * Most characters of a block a `list` rule is tried on. A list of share buttons, languages or
 * counters is a line, a few hundred characters at most; the list pattern repeats a group once per
 * item, and the regex engine's backtracking stack grows with the repeats: on about 125,000
 * characters of one repeated short word (`x`, `vk`, `fb`) it overflowed.
 */
export const LIST_MAX_KEY_CHARS = 1000;

function mainPattern(match: PhraseRule['match'], alternation: string, phrases: string[]): RegExp {
  switch (match) {
    case 'whole':
    case 'label':
      return new RegExp(`^(?:${alternation})$`, 'u');
    case 'list':
      // keys never start with a space (see matchKey): the optional space lets one copy of the phrases do
      return new RegExp(`^(?: ?(?:${alternation}))+$`, 'u');
    case 'start':
      return new RegExp(`^(?:${bounded(phrases, false)})`, 'u');
    case 'contains':
      return containsPattern(phrases);
  }
}

function containsPattern(phrases: string[]): RegExp {
  return new RegExp(bounded(phrases, true), 'u');
}

/**
 * The phrases as alternatives, each with its word boundaries (the one before only when `before`).
 * Phrases with the same boundaries share one copy of them, `(?<!…)(?:a|b|c)(?!…)`: the boundaries
 * hold the Unicode classes \p{L} and \p{N}, and V8 parsed and compiled them again for every phrase
 * that carried its own, which made compiling the built-in rules take 0.13 s of every start.
 */
function bounded(phrases: string[], before: boolean): string {
  const groups = new Map<string, string[]>();
  for (const phrase of phrases) {
    const edges = (before ? boundary(phrase, 'before') : '') + '\0' + boundary(phrase, 'after');
    const group = groups.get(edges);
    if (group) group.push(toPattern(phrase));
    else groups.set(edges, [toPattern(phrase)]);
  }
  return [...groups]
    .map(([edges, alternatives]) => {
      const [start, end] = edges.split('\0');
      return `${start}(?:${alternatives.join('|')})${end}`;
    })
    .join('|');
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
