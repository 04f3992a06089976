/**
 * strip: the boilerplate classifier. Every block it takes out of the article goes to
 * `article.removed` with a reason id and, where a measurement decided it, the measured values.
 */
import type { Article } from '../record.js';
import { dedupe, type DedupeOptions } from './dedupe.js';
import { createDoc, remove, type Doc, type KnownBlocks, type Zone } from './doc.js';
import { judgeLines } from './lines.js';
import { liftMetadata } from './metadata.js';
import { compileRules, RuleSet, type CompiledRule, type Rule, type RulePass } from './rule.js';
import { BUILTIN_RULES } from './rules/index.js';
import { FAVOR_PROFILES, FAVORS, findBody, type Favor, type SpanProfile } from './span.js';
import { settingsFor, withSettings, type Settings as Registry, type SettingsOption, type SettingsOverrides } from '../settings.js';
import { markSubheadings, removeEdgeFragments, removeOutsideBody, removeRelatedHeadlines, removeTocEntries } from './structure.js';

export interface StripOptions extends SettingsOption {
  /** The cruft rules to apply, in order; default: the built-in rules (`BUILTIN_RULES`). */
  rules?: readonly Rule[];
  /** Rather lose a paragraph than keep a teaser (`precision`), or the reverse (`recall`); default `balanced`. */
  favor?: Favor;
  /**
   * Text dumps: let the line model (./lines.ts) have the last word on which lines are article text
   * after strip and dedupe; default true. The training script turns it off to see the rules alone.
   */
  lineModel?: boolean;
}

/**
 * Moves cruft blocks from `article.blocks` to `article.removed` and lifts metadata lines into fields.
 *
 * Many decisions rest on where a block stands: the article's span, its edges, the blocks beside a
 * headline. Taking cruft out moves the edges, so one pass over the page can leave blocks that a pass
 * over its own output would take out (a byline the repeated headline kept inside the span, a label
 * that is now the first line). strip therefore repeats its pass over what the last one kept until a
 * pass changes nothing, which makes it idempotent: stripping stripped output changes nothing. On
 * the dev pages, 15% of text dumps and under 1% of HTML pages need a second pass that changes
 * something; every article then takes one more pass to confirm, which reuses what the passes
 * before learnt about each block (see stripPass).
 */
export function strip(article: Article, options: StripOptions = {}): Article {
  if (article.error || article.blocks.length === 0) return article;
  const settings = settingsOf(options);
  withSettings(settings.registry, () => stripPasses(article, settings, new Map(), false));
  return article;
}

/**
 * strip, then dedupe, and again while dedupe takes something out: a repeated paragraph can hold
 * the article's span together around a byline that strip leaves in place, and once dedupe has
 * removed the repeat, strip would lift the byline. Each step alone is idempotent; repeating the
 * pair until dedupe finds nothing makes the pair idempotent too, so cleaning clean output changes
 * nothing. On the dev pages a second round runs for 8% of HTML pages and 22% of text dumps; it
 * reuses what the first learnt about each block.
 */
export function stripAndDedupe(article: Article, stripOptions: StripOptions = {}, dedupeOptions: DedupeOptions = {}): Article {
  if (article.error || article.blocks.length === 0) return article;
  const settings = settingsOf(stripOptions);
  return withSettings(settings.registry, () => stripAndDedupeWith(article, settings, stripOptions, dedupeOptions));
}

function stripAndDedupeWith(article: Article, settings: Settings, stripOptions: StripOptions, dedupeOptions: DedupeOptions): Article {
  const known: KnownBlocks = new Map();
  const original = article.extractedBy === 'text' && stripOptions.lineModel !== false ? article.blocks.slice() : null;
  for (let round = 0; ; round++) {
    // after the first round every block has been through strip and was kept: it starts settled
    stripPasses(article, settings, known, round > 0);
    const before = article.blocks.length;
    dedupe(article, dedupeOptions);
    if (article.error || article.blocks.length === before) break;
  }
  return original && !article.error ? judgeLines(article, original) : article;
}

/** strip's passes until one changes nothing; `settled`: every block has been through one already. */
function stripPasses(article: Article, settings: Settings, known: KnownBlocks, settled: boolean): void {
  let changed = stripPass(createDoc(article, known, settled), settings);
  while (changed) changed = stripPass(createDoc(article, known, true), settings);
}

/**
 * One pass of strip that measures every block afresh and takes no shortcut; says whether it
 * changed anything. strip is this pass repeated until it changes nothing; the tests check that
 * strip's shortcuts give exactly that. Not part of the package's API.
 */
export function stripOnce(article: Article, options: StripOptions = {}): boolean {
  if (article.error || article.blocks.length === 0) return false;
  const settings = settingsOf(options);
  return withSettings(settings.registry, () => stripPass(createDoc(article), settings));
}

/** The compiled rules, the span profile and the registry's settings strip's options ask for. */
interface Settings {
  rules: RuleSet;
  profile: SpanProfile;
  registry: Registry;
}

function settingsOf(options: StripOptions): Settings {
  const registry = settingsFor(options.settings);
  const profile = withSpanSettings(favorProfile(options.favor), options.settings);
  return { rules: compiledRules(options.rules ?? BUILTIN_RULES), profile, registry };
}

/**
 * A favor's span profile with the `span` settings given on top: `favor` moves some of the span's
 * defaults (see FAVOR_PROFILES), a setting given explicitly moves that one whatever the favor.
 * Not part of the package's API.
 */
export function withSpanSettings(profile: SpanProfile, overrides: SettingsOverrides | undefined): SpanProfile {
  if (!overrides?.span) return profile;
  return { ...profile, params: { ...profile.params, ...definedOf(overrides.span) } };
}

function definedOf<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * One pass of strip over the article's blocks; says whether it changed anything (took a block out
 * or made one a subheading). Later passes skip what only reads a block's text and is already
 * known: the rules that hold anywhere (every kept block passed them), and the edge rules and the
 * bare-dateline check for a block asked before (`Known.edgeRule`, `Known.notDateline`).
 */
function stripPass(doc: Doc, { rules, profile }: Settings): boolean {
  if (!doc.settled) applyRules(doc, rules, 'anywhere');
  findBody(doc, profile.params);
  applyRules(doc, rules, 'edges');
  liftMetadata(doc);
  const marked = markSubheadings(doc);
  // on pages of cards, rows and posts, short titled blocks and fragments are the content itself
  const itemized = isModelPicked(doc.article) && doc.article.pageType !== 'article';
  if (!itemized) removeRelatedHeadlines(doc);
  removeTocEntries(doc);
  if (!itemized) removeEdgeFragments(doc);
  removeOutsideBody(doc, trimmedZones(doc.article, profile));
  return finish(doc) || marked;
}

/**
 * Which ends of the blocks the span trims. Text scrapes and whole-page fallbacks are the page
 * itself: the span is what separates the article from the rest. Readability has already cut the
 * article out of the page, but often with the comment thread or a related list at its end (dev
 * set, balanced: trimming both ends of its output F1 0.893, the tail only 0.903, neither 0.899;
 * leads and contents boxes above the first paragraph are article more often than not). The block
 * model has judged every block on the page already: trimming its pick cut more content than
 * chrome on every WCXB page type (out-of-fold, whole pipeline: F1 0.806 trimmed, 0.839 not).
 */
function trimmedZones(article: Article, profile: SpanProfile): readonly Zone[] {
  if (article.extractedBy === 'readability') return profile.readabilityTrim;
  return isModelPicked(article) ? [] : ['head', 'tail'];
}

/**
 * Blocks the block model picked (or a forum thread rebuilt from the page's data). On pages that
 * are not articles, its short titled blocks are cards, rows and posts, not related headlines or
 * stray fragments: measured out-of-fold on WCXB, leaving those two steps out on every page lifted
 * collections 0.565 → 0.612 and listings 0.671 → 0.712, but cost articles precision on traf
 * (0.885 → 0.867).
 */
function isModelPicked(article: Article): boolean {
  return article.extractedBy === 'blocks' || article.extractedBy === 'structured';
}

/**
 * Phrase rules in two passes: first the rules that hold anywhere (before the body is known, so the
 * cruft they remove cannot pass for the body's first or last paragraph), then, once the body is
 * known, the rules that hold only outside it.
 */
function applyRules(doc: Doc, rules: RuleSet, pass: RulePass): void {
  const edges = pass === 'edges';
  for (const item of doc.items) {
    if (item.removal || (edges && !item.view.edge)) continue;
    let match: CompiledRule | null;
    if (!edges) match = rules.firstMatchIn(item.view, pass);
    else {
      // a block's text decides the match: an edge block asked in an earlier pass is not asked again
      if (item.known.edgeRule === undefined) item.known.edgeRule = rules.firstMatchIn(item.view, pass);
      match = item.known.edgeRule;
    }
    if (match) remove(item, match.rule.id);
  }
}

/** Moves the pass's removals into the article; says whether there were any. */
function finish(doc: Doc): boolean {
  const { article } = doc;
  const kept = doc.items.filter((item) => !item.removal);
  if (kept.length === doc.items.length) return false;
  article.blocks = kept.map((item) => item.block);
  for (const item of doc.items) if (item.removal) article.removed.push(item.removal);
  return true;
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
