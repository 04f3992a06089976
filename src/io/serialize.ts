/**
 * serialize: one record into its output JSON line. The input's passthrough fields come first, in
 * input order; then the metadata, `text` (the kept blocks joined by blank lines) and `blocks`; with
 * `explain`, also `extractedBy` and `removed`. A failed record is its passthrough fields and `error`.
 */
import { METADATA_KEYS, type Article, type Removal } from '../record.js';

export interface SerializeOptions {
  /** Add `removed` (every dropped block with its reason) and `extractedBy` to each record. */
  explain?: boolean;
}

/** The output object of a record, before JSON encoding. */
export function toOutput(article: Article, options: SerializeOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...article.fields };
  if (article.error) {
    out['error'] = { ...article.error };
    return out;
  }
  for (const key of METADATA_KEYS) out[key] = article.meta[key];
  out['text'] = article.blocks.map((b) => b.text).join('\n\n');
  out['blocks'] = article.blocks.map((b) => ({ kind: b.kind, text: b.text }));
  if (options.explain) {
    out['extractedBy'] = article.extractedBy ?? null;
    out['removed'] = [...article.removed].sort(byIndex).map(explainRemoval);
  }
  return out;
}

/** The JSON line of a record, without the trailing newline. Never throws. */
export function serialize(article: Article, options: SerializeOptions = {}): string {
  try {
    return JSON.stringify(toOutput(article, options));
  } catch (err) {
    // only fields a library caller put on the record can fail to encode (cycles, BigInt)
    const error = { code: 'internal', message: `output could not be encoded as JSON: ${(err as Error).message}`, ...article.origin };
    return JSON.stringify({ error });
  }
}

function byIndex(a: Removal, b: Removal): number {
  return a.index - b.index;
}

function explainRemoval(r: Removal): Record<string, unknown> {
  const out: Record<string, unknown> = { reason: r.reason, step: r.step, index: r.index, text: r.text };
  if (r.detail) out['detail'] = r.detail;
  return out;
}
