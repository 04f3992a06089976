/**
 * strip: the boilerplate classifier. Every block it takes out of the article goes to
 * `article.removed` with a reason id and, where a measurement decided it, the measured values.
 */
import type { Article } from '../record.js';
import { createDoc, remove, type Doc } from './doc.js';
import { liftMetadata } from './metadata.js';
import { compileRules, RuleSet, type CompiledRule, type Rule } from './rule.js';
import { BUILTIN_RULES } from './rules/index.js';
import { FAVOR_PROFILES, FAVORS, findBody, type Favor, type SpanProfile } from './span.js';
import { markSubheadings, removeEdgeFragments, removeOutsideBody, removeRelatedHeadlines, removeTocEntries } from './structure.js';

export interface StripOptions {
  /** The cruft rules to apply, in order; default: the built-in rules (`BUILTIN_RULES`). */
  rules?: readonly Rule[];
  /** Rather lose a paragraph than keep a teaser (`precision`), or the reverse (`recall`); default `balanced`. */
  favor?: Favor;
}

/** Moves cruft blocks from `article.blocks` to `article.removed` and lifts metadata lines into fields. */
export function strip(article: Article, options: StripOptions = {}): Article {
  if (article.error || article.blocks.length === 0) return article;
  const rules = compiledRules(options.rules ?? BUILTIN_RULES);
  const profile = favorProfile(options.favor);
  const doc = createDoc(article);
  applyRules(doc, rules, 'anywhere');
  findBody(doc, profile.params);
  applyRules(doc, rules, 'edges');
  liftMetadata(doc);
  markSubheadings(doc);
  removeRelatedHeadlines(doc);
  removeTocEntries(doc);
  removeEdgeFragments(doc);
  // Text scrapes and whole-page fallbacks are the page itself: the span is what separates the
  // article from the rest. Readability has already cut the article out of the page, but often
  // with the comment thread or a related list at its end. Measured on the dev set (balanced):
  // trimming both ends of its output F1 0.893, the tail only 0.903, neither 0.899 (leads and
  // contents boxes above the first paragraph are article more often than not).
  removeOutsideBody(doc, doc.article.extractedBy === 'readability' ? profile.readabilityTrim : ['head', 'tail']);
  return finish(doc);
}

/**
 * Phrase rules in two passes: first the rules that hold anywhere (before the body is known, so the
 * cruft they remove cannot pass for the body's first or last paragraph), then, once the body is
 * known, the rules that hold only outside it.
 */
function applyRules(doc: Doc, rules: RuleSet, pass: 'anywhere' | 'edges'): void {
  const edges = pass === 'edges';
  const inPass = (compiled: CompiledRule) => Boolean(compiled.rule.edgesOnly) === edges;
  for (const item of doc.items) {
    if (item.removal || (edges && !item.view.edge)) continue;
    const match = rules.firstMatch(item.view, inPass);
    if (match) remove(item, match.rule.id);
  }
}

function finish(doc: Doc): Article {
  const { article } = doc;
  article.blocks = [];
  for (const item of doc.items) {
    if (item.removal) article.removed.push(item.removal);
    else article.blocks.push(item.block);
  }
  return article;
}

const compiledCache = new WeakMap<readonly Rule[], RuleSet>();

/** Compiles a rule list once and remembers it, so per-record calls cost no regex compilation. */
export function compiledRules(rules: readonly Rule[]): RuleSet {
  if (!Array.isArray(rules)) throw new TypeError(`strip: expected rules to be an array, got ${typeof rules}`);
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    compiled = new RuleSet(compileRules(rules));
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

/** The span profile for a `favor` option; throws on a value that is not one. */
export function favorProfile(favor: Favor | undefined): SpanProfile {
  if (favor === undefined) return FAVOR_PROFILES.balanced;
  if (!FAVORS.includes(favor)) throw new TypeError(`strip: favor must be one of ${FAVORS.join(', ')}, got ${JSON.stringify(favor)}`);
  return FAVOR_PROFILES[favor];
}
