/** Helpers the training scripts share: the scorer's tokens, the site a page belongs to, model JSON. */
import type { BoostedModel } from '../../src/extract/gbdt.js';

import { wordTokens as tokensOf } from '../../src/extract/blocks.js';

/** The benchmark scorer's words (the block tree's own tokenizer). */
export { tokensOf };

/** Second-level names under which sites register (example.co.uk), for grouping pages by site. */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or', 'go']);

/** A page's site: the registrable part of its host, so that cross-validation never splits a site. */
export function siteOf(url: string | undefined): string {
  let host: string;
  try {
    host = new URL(url ?? '').hostname.toLowerCase();
  } catch {
    return url ?? '';
  }
  const parts = host.split('.').filter(Boolean);
  if (parts.length <= 2) return parts.join('.');
  const keep = SECOND_LEVEL.has(parts[parts.length - 2]!) && parts[parts.length - 1]!.length === 2 ? 3 : 2;
  return parts.slice(-keep).join('.');
}

/** Bag-of-words precision, recall and F1 of `got` against `want`, as the WCXB scorer counts them. */
export function wordF1(got: Map<string, number>, want: Map<string, number>): { p: number; r: number; f1: number } {
  let gotTotal = 0;
  let wantTotal = 0;
  let common = 0;
  for (const c of got.values()) gotTotal += c;
  for (const [t, c] of want) {
    wantTotal += c;
    common += Math.min(c, got.get(t) ?? 0);
  }
  if (wantTotal === 0 && gotTotal === 0) return { p: 1, r: 1, f1: 1 };
  if (wantTotal === 0 || gotTotal === 0) return { p: 0, r: 0, f1: 0 };
  const p = common / gotTotal;
  const r = common / wantTotal;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** Counts of each token. */
export function bag(tokens: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** A model as it is stored: leaf values cut to six significant digits (thresholds keep theirs). */
export function compact(model: BoostedModel): BoostedModel {
  const round = (v: number) => Number(v.toPrecision(6));
  return {
    features: model.features,
    base: round(model.base),
    trees: model.trees.map((t) => ({ ...t, value: t.value.map(round) })),
  };
}

/**
 * Labels from snippets (traf: a few sentences of the main text that must be kept, a few of the
 * boilerplate that must go): a block holding a snippet, or held in one, takes its side; blocks
 * neither side names, or both, weigh nothing.
 */
export function labelBySnippets(texts: readonly string[], keep: string[], drop: string[]): { y: number[]; w: number[] } {
  const norm = (t: string) => t.replace(/\s+/gu, ' ').trim().toLowerCase();
  const keeps = keep.map(norm).filter(Boolean);
  const drops = drop.map(norm).filter(Boolean);
  const meets = (text: string, snippets: string[]) => snippets.some((s) => text.includes(s) || (text.length >= 20 && s.includes(text)));
  const y: number[] = [];
  const w: number[] = [];
  for (const raw of texts) {
    const text = norm(raw);
    const good = meets(text, keeps);
    const bad = meets(text, drops);
    y.push(good && !bad ? 1 : 0);
    w.push(good !== bad ? Math.sqrt(Math.max(1, tokensOf(text).length)) : 0);
  }
  return { y, w };
}

/** Labels and weights of a page's blocks against its answer text (see the file's comment). */
export function labelByAnswer(tokens: readonly string[][], answer: string): { y: number[]; w: number[] } {
  const answerTokens = tokensOf(answer);
  const grams = new Set<string>();
  for (let i = 0; i + 2 < answerTokens.length; i++) grams.add(`${answerTokens[i]} ${answerTokens[i + 1]} ${answerTokens[i + 2]}`);
  const lines = new Set(
    answer
      .split('\n')
      .map((l) => tokensOf(l).join(' '))
      .filter(Boolean),
  );
  const y: number[] = [];
  const w: number[] = [];
  for (const t of tokens) {
    let content: boolean;
    if (t.length >= 3) {
      let hits = 0;
      for (let i = 0; i + 2 < t.length; i++) if (grams.has(`${t[i]} ${t[i + 1]} ${t[i + 2]}`)) hits++;
      content = hits / (t.length - 2) >= 0.5;
    } else {
      content = t.length > 0 && lines.has(t.join(' '));
    }
    y.push(content ? 1 : 0);
    w.push(Math.sqrt(Math.max(1, t.length)));
  }
  return { y, w };
}

/** FNV-1a: pages go to folds by a hash of their site, and stay put as pages are added. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Seconds since `started` (a Date.now()), for progress lines. */
export function seconds(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}
