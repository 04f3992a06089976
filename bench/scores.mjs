/**
 * The dev sets' metrics, reimplemented so that bench/quality needs no Python, plus where each error
 * came from. Pure functions over an answers object (by id) and the cleaned records (a Map by id).
 *
 * - traf: ../shared/dev/score-traf's snippet matching (whitespace-normalised substrings of "with"
 *   and "without" snippets, pooled over pages).
 * - WCXB: ../shared/dev/score-wcxb's bag-of-words precision, recall and F1 of `text` against
 *   `main_content`, per page, then averaged over pages, overall and per page type; and its
 *   with/without snippet shares. Checked equal to score-wcxb to 3 decimals by `bench/quality --verify`.
 */

/** The page types of WCXB, in the order the report lists them. */
export const WCXB_TYPES = ['article', 'collection', 'documentation', 'forum', 'listing', 'product', 'service'];

/**
 * score-wcxb's words: Python's `re.findall(r'\w+', s.lower())`. Python's \w on str is a letter (L*),
 * a number (Nd, Nl, No) or "_", as here. Python 3.11 knows Unicode 14 and Node 20 Unicode 17: the two
 * agree on every code point assigned in Unicode 14 and differ only on letters assigned since (new
 * scripts, CJK extensions), which web pages practically never hold.
 */
const WORD = /[\p{L}\p{N}_]+/gu;

const normSpace = (s) => s.replace(/\s+/gu, ' ').trim();

// ---------------------------------------------------------------------------------------------- traf

/** score-traf's measure over the pages of `answers`, plus the cause of each missed or leaked snippet. */
export function scoreTraf(answers, records) {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    errors = 0,
    missing = 0;
  const missed = [],
    leaked = [];
  for (const [id, answer] of Object.entries(answers)) {
    const record = records.get(id);
    if (!record) missing++;
    if (record?.error) errors++;
    const text = normSpace(typeof record?.text === 'string' ? record.text : '');
    for (const snippet of answer.with) {
      if (text.includes(normSpace(snippet))) tp++;
      else {
        fn++;
        missed.push({ id, cause: trafMissCause(record, normSpace(snippet)) });
      }
    }
    for (const snippet of answer.without) {
      if (text.includes(normSpace(snippet))) {
        fp++;
        leaked.push({ id, cause: trafLeakCause(record, normSpace(snippet)) });
      } else tn++;
    }
  }
  const p = tp / (tp + fp || 1),
    r = tp / (tp + fn || 1);
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  return { pages: Object.keys(answers).length, p, r, f1, tp, fp, fn, tn, errors, missing, missed, leaked };
}

/** Why a "with" snippet is not in the text: the reason a block holding (part of) it was removed. */
function trafMissCause(record, snippet) {
  if (!record || record.error) return 'record missing or failed';
  for (const removed of record.removed ?? []) {
    const text = normSpace(removed.text);
    if (text.includes(snippet) || (text.length >= 20 && snippet.includes(text))) return `removed: ${removed.reason}`;
  }
  const kept = normSpace((record.blocks ?? []).map((b) => b.text).join(' '));
  if (kept.includes(snippet)) return 'split across kept blocks';
  if (record.title && normSpace(record.title).includes(snippet)) return 'in title field, not text';
  return `never extracted (${record.extractedBy ?? '?'})`;
}

/** Which kind of kept block a leaked "without" snippet sits in. */
function trafLeakCause(record, snippet) {
  const block = (record.blocks ?? []).find((b) => normSpace(b.text).includes(snippet));
  return block ? `kept ${block.kind}` : 'across kept blocks';
}

// ---------------------------------------------------------------------------------------------- WCXB

/** score-wcxb's `words`: \w+ runs of the lower-cased string. */
export function wcxbWords(s) {
  return (s ?? '').toLowerCase().match(WORD) ?? [];
}

function countWords(words) {
  const counts = new Map();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * score-wcxb's `prf`: bag-of-words precision, recall, F1 of `pred` against `ref`. An empty answer
 * scores 1 for empty output and 0 otherwise; empty output against a non-empty answer scores 0.
 */
export function bagPrf(pred, ref) {
  const p = Array.isArray(pred) ? pred : wcxbWords(pred),
    r = Array.isArray(ref) ? ref : wcxbWords(ref);
  if (!r.length) return p.length ? [0, 0, 0] : [1, 1, 1];
  if (!p.length) return [0, 0, 0];
  const refCounts = countWords(r);
  let hit = 0;
  for (const [w, n] of countWords(p)) hit += Math.min(n, refCounts.get(w) ?? 0);
  const pr = hit / p.length,
    rc = hit / r.length;
  return [pr, rc, pr + rc ? (2 * pr * rc) / (pr + rc) : 0];
}

/** score-wcxb's `share`: the share of snippets found in the text, case-insensitive; null with none. */
export function snippetShare(text, snippets) {
  if (!snippets?.length) return null;
  const t = text.toLowerCase();
  return snippets.filter((s) => t.includes(s.toLowerCase())).length / snippets.length;
}

/** The mean of [p, r, f1] triples, as {p, r, f1}; 0 for none (as score-wcxb). */
function meanPrf(rows) {
  const mean = (i) => (rows.length ? rows.reduce((sum, row) => sum + row[i], 0) / rows.length : 0);
  return { pages: rows.length, p: mean(0), r: mean(1), f1: mean(2) };
}

/**
 * score-wcxb's measure over the pages of `answers`, per type, plus title accuracy (token F1 of `title`
 * against the answer's, over pages whose answer has one), each page's F1, and where the answer words
 * that are not in the output went (see `missedWords`).
 */
export function scoreWcxb(answers, records) {
  const rows = [],
    byType = new Map(),
    titles = [],
    withShares = [],
    withoutShares = [],
    pages = [];
  const words = { answer: 0, missed: 0, failed: 0, neverExtracted: 0, removed: 0, byReason: {}, byType: {} };
  let lost = 0,
    errors = 0;
  for (const [id, answer] of Object.entries(answers)) {
    const record = records.get(id);
    if (!record) lost++;
    if (record?.error) errors++;
    const text = !record || record.error || typeof record.text !== 'string' ? '' : record.text;
    const type = answer.type ?? 'article';
    const ref = wcxbWords(answer.main_content);
    const row = bagPrf(wcxbWords(text), ref);
    rows.push(row);
    (byType.get(type) ?? byType.set(type, []).get(type)).push(row);
    pages.push({ id, type, f1: row[2] });
    if (answer.title) titles.push(bagPrf(record?.title ?? '', answer.title));
    const withShare = snippetShare(text, answer.with),
      withoutShare = snippetShare(text, answer.without);
    if (withShare !== null) withShares.push(withShare);
    if (withoutShare !== null) withoutShares.push(withoutShare);
    addMissedWords(words, type, ref, text, record);
  }
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const types = {};
  for (const type of [...WCXB_TYPES, ...[...byType.keys()].filter((t) => !WCXB_TYPES.includes(t)).sort()]) {
    if (byType.has(type)) types[type] = meanPrf(byType.get(type));
  }
  return {
    ...meanPrf(rows),
    with: mean(withShares),
    without: mean(withoutShares),
    lost,
    errors,
    title: meanPrf(titles),
    types,
    words,
    perPage: pages,
  };
}

/**
 * Where the answer words missing from the output went, pooled over pages: the answer's bag of words
 * less the output's is what was missed; each missed word is put down to the first removed entry
 * (`--explain`) that holds it, by reason, else to "never extracted". A common word removed with
 * cruft can take the blame for a copy of it that was never extracted: read the shares as a guide.
 */
function addMissedWords(words, type, ref, text, record) {
  const typeWords = (words.byType[type] ??= { answer: 0, missed: 0, failed: 0, neverExtracted: 0, removed: 0 });
  const missing = countWords(ref);
  for (const w of wcxbWords(text)) if (missing.has(w)) missing.set(w, missing.get(w) - 1);
  let missed = 0;
  for (const n of missing.values()) if (n > 0) missed += n;
  const add = (key, n) => {
    words[key] += n;
    typeWords[key] += n;
  };
  add('answer', ref.length);
  add('missed', missed);
  if (!missed) return;
  if (!record || record.error) return add('failed', missed);
  let removed = 0;
  for (const entry of record.removed ?? []) {
    let taken = 0;
    for (const w of wcxbWords(entry.text)) {
      if ((missing.get(w) ?? 0) > 0) {
        missing.set(w, missing.get(w) - 1);
        taken++;
      }
    }
    if (taken) {
      const reason = `${entry.step ?? '?'} ${entry.reason}`;
      words.byReason[reason] = (words.byReason[reason] ?? 0) + taken;
      removed += taken;
    }
  }
  add('removed', removed);
  add('neverExtracted', missed - removed);
}
