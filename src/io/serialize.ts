/**
 * serialize: one record into its output, in one of three formats. Every format gives exactly one
 * entry per record, failed records included, so output stays aligned with input.
 *
 * `jsonl` (default): one JSON object a line. The input's passthrough fields come first, in input
 * order; then the metadata, `text` (the kept blocks joined by blank lines) and `blocks`; with
 * `explain`, also `extractedBy` and `removed`. A failed record is its passthrough fields and
 * `error`. `fields` keeps only the named keys (in record order, never adding one), `blocks: false`
 * drops `blocks`; `error` always stays. The JSON Schema is schema/record.schema.json.
 *
 * `text`: the title (when known), a blank line, then `text`. `markdown`: `# title`, a line
 * `*byline · published · <url>*` (the parts that are known), then the blocks as Markdown (see
 * markdownBlock). In both, every entry is followed by a line holding only a form feed (`\f`), so
 * splitting the output on ENTRY_SEPARATOR (`"\n\f\n"`) gives one entry per record, in order, plus an
 * empty string after the last, as splitting NDJSON on `"\n"` does. A failed record's entry is empty
 * (the CLI's summary on stderr counts the failures; use jsonl to see why). Form feeds inside a
 * record become spaces, so they cannot be mistaken for a separator. `fields`, `blocks` and `explain`
 * shape JSON only and are ignored by these two formats.
 */
import { squeeze } from '../clean/features.js';
import { failArticle, METADATA_KEYS, type Article, type Block, type OutputRecord, type Removal } from '../record.js';

/** How records are written out (see the module doc). */
export type OutputFormat = 'jsonl' | 'text' | 'markdown';

/** Every output format, for option checks and the CLI's choices. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jsonl', 'text', 'markdown'];

export interface SerializeOptions {
  /** `jsonl` (default): a JSON object a line; `text`: title and text; `markdown`: see the module doc. */
  format?: OutputFormat;
  /** Add `removed` (every dropped block with its reason) and `extractedBy` to each record (jsonl). */
  explain?: boolean;
  /**
   * jsonl: keep only these output keys, in record order; names the record lacks are ignored. A
   * failed record keeps `error` whatever the list says, so failures stay visible.
   */
  fields?: readonly string[];
  /** jsonl: `false` leaves out `blocks` (most of a record's size besides `text`); default true. */
  blocks?: boolean;
}

export const SERIALIZE_DEFAULTS = {
  /** The one format that keeps everything decruft knows, and what the library always wrote. */
  format: 'jsonl',
  /** Removal reasons are for tuning, not reading: on the samples they make the output 1.5 times as large. */
  explain: false,
  /** Blocks were always written; without them the samples' output is 45% smaller (they repeat `text`). */
  blocks: true,
} as const satisfies SerializeOptions;

/** What separates the entries of `text` and `markdown` output: a line holding only a form feed. */
export const ENTRY_SEPARATOR = '\n\f\n';

/** What serialize appends to a text or markdown entry; serializeTransform adds the final newline. */
const ENTRY_END = '\n\f';

/** Options checked and defaulted (see serializeSettings). */
export interface SerializeSettings {
  format: OutputFormat;
  explain: boolean;
  blocks: boolean;
  /** null: every key. */
  fields: readonly string[] | null;
}

/** Patterns for writing Markdown, compiled once. */
const MD = {
  /**
   * A line start Markdown would read as structure rather than text: an ATX heading, a bullet, a
   * quote, a code fence, an HTML block, a table row or delimiter row, a setext underline, a
   * thematic break or a link reference definition. A backslash before its first character defuses it.
   */
  blockStart:
    /^(?:#{1,6}(?![^ \t])|[-+*](?![^ \t])|>|`{3}|~{3}|<[A-Za-z/!?]|\||:?-+:?[ \t]*\||[=-]+[ \t]*$|(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|\[[^\]]*\]:)/,
  /** An ordered-list marker; digits cannot be escaped, so the backslash goes before the `.` or `)`. */
  orderedStart: /^(\d{1,9})(?=[.)](?![^ \t]))/,
  /** A closing `#` sequence that an ATX heading would drop. */
  closingHashes: /(^|[ \t])(#+[ \t]*)$/,
  backtickRun: /`+/g,
  /** A URL that Markdown can show as an autolink `<…>`. */
  autolink: /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\p{Cc}]*$/u,
  formFeed: /\f/g,
} as const;

/** Checks options and fills in the defaults; throws a TypeError naming a bad option. */
export function serializeSettings(options: SerializeOptions = {}): SerializeSettings {
  const format = options.format ?? SERIALIZE_DEFAULTS.format;
  if (!OUTPUT_FORMATS.includes(format)) throw new TypeError(`serialize: format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${describe(format)}`);
  const fields = options.fields ?? null;
  if (fields !== null && (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string'))) {
    throw new TypeError(`serialize: fields must be an array of output key names, got ${describe(fields)}`);
  }
  const explain = options.explain ?? SERIALIZE_DEFAULTS.explain;
  if (typeof explain !== 'boolean') throw new TypeError(`serialize: explain must be true or false, got ${describe(explain)}`);
  const blocks = options.blocks ?? SERIALIZE_DEFAULTS.blocks;
  if (typeof blocks !== 'boolean') throw new TypeError(`serialize: blocks must be true or false, got ${describe(blocks)}`);
  return { format, explain, blocks, fields };
}

/** The output object of a record (the jsonl form, whatever `format` says). Throws on bad options. */
export function toOutput(article: Article, options: SerializeOptions = {}): OutputRecord {
  return outputOf(article, serializeSettings(options)) as OutputRecord;
}

/**
 * A record's output without the trailing newline: its JSON line, or its text or Markdown entry
 * followed by the `\f` line. Never throws: bad options or unencodable fields give an `internal`
 * error record.
 */
export function serialize(article: Article, options: SerializeOptions = {}): string {
  let settings: SerializeSettings;
  try {
    settings = serializeSettings(options);
  } catch (err) {
    return internalError(article, (err as Error).message);
  }
  return serializeWith(article, settings);
}

/** serialize with settings already checked (serializeSettings), for callers that check them once. */
export function serializeWith(article: Article, settings: SerializeSettings): string {
  if (settings.format !== 'jsonl') {
    try {
      return entry(settings.format === 'text' ? textEntry(article) : markdownEntry(article));
    } catch {
      // only a record a library caller filled with non-strings gets here; it still takes its slot
      return ENTRY_END;
    }
  }
  try {
    return JSON.stringify(outputOf(article, settings));
  } catch (err) {
    // input fields nested too deep to write back (JSON.parse reads deeper than stringify writes), or
    // a library caller's cycles and BigInts: the record fails, keeping the fields that can be written
    const { kept, dropped } = encodableFields(article.fields);
    article.fields = kept;
    const fields = dropped.map((f) => JSON.stringify(f)).join(', ');
    failArticle(article, 'unserializable', `the input field${dropped.length === 1 ? '' : 's'} ${fields} cannot be written as JSON: ${(err as Error).message}`);
    try {
      return JSON.stringify(outputOf(article, settings));
    } catch {
      return internalError(article, `output could not be encoded as JSON: ${(err as Error).message}`);
    }
  }
}

/** The fields that can each be written as JSON, and the names of those that cannot. */
function encodableFields(fields: Record<string, unknown>): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    try {
      JSON.stringify(value);
      Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true }); // `__proto__` stays a field
    } catch {
      dropped.push(key);
    }
  }
  return { kept, dropped };
}

function outputOf(article: Article, settings: SerializeSettings): Record<string, unknown> {
  const { fields } = settings;
  const wanted = (key: string) => fields === null || fields.includes(key);
  // fromEntries defines its keys, so a field named `__proto__` stays a field
  const out: Record<string, unknown> =
    fields === null ? { ...article.fields } : Object.fromEntries(Object.entries(article.fields).filter(([key]) => fields.includes(key)));
  if (article.error) {
    out['error'] = { ...article.error };
    return out;
  }
  // a later copy in drop mode: its id and what it copies, so nothing is silently lost
  if (article.copy?.stub) return copyStub(article);
  for (const key of METADATA_KEYS) if (wanted(key)) out[key] = article.meta[key];
  if (wanted('pageType')) out['pageType'] = article.pageType ?? null;
  if (wanted('confidence')) out['confidence'] = article.confidence ?? null;
  if (article.copy && wanted('dupOf')) out['dupOf'] = article.copy.dupOf;
  if (article.copy && wanted('similarity')) out['similarity'] = article.copy.similarity;
  if (article.story && wanted('story')) out['story'] = article.story.story;
  if (article.story?.similarity != null && wanted('storySimilarity')) out['storySimilarity'] = article.story.similarity;
  if (wanted('text')) out['text'] = articleText(article);
  if (settings.blocks && wanted('blocks')) out['blocks'] = article.blocks.map((b) => ({ kind: b.kind, text: b.text }));
  if (settings.explain) {
    if (wanted('extractedBy')) out['extractedBy'] = article.extractedBy ?? null;
    if (wanted('removed')) out['removed'] = [...article.removed].sort(byIndex).map(explainRemoval);
  }
  return out;
}

/** The stub a dropped copy leaves: `{id, dupOf, similarity}` (no `id` when the input had none). */
function copyStub(article: Article): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (Object.hasOwn(article.fields, 'id')) out['id'] = article.fields['id'];
  out['dupOf'] = article.copy!.dupOf;
  out['similarity'] = article.copy!.similarity;
  return out;
}

function internalError(article: Article, message: string): string {
  return JSON.stringify({ error: { code: 'internal', message, ...article.origin } });
}

function articleText(article: Article): string {
  return article.blocks.map((b) => b.text).join('\n\n');
}

function byIndex(a: Removal, b: Removal): number {
  return a.index - b.index;
}

function explainRemoval(r: Removal): Record<string, unknown> {
  const out: Record<string, unknown> = { reason: r.reason, step: r.step, index: r.index, text: r.text };
  if (r.detail) out['detail'] = r.detail;
  return out;
}

/** A text or Markdown entry with its end; a form feed inside would read as a separator. */
function entry(body: string): string {
  return (body.includes('\f') ? body.replace(MD.formFeed, ' ') : body) + ENTRY_END;
}

/** The title on one line, then a blank line and the text; empty for a failed record. */
function textEntry(article: Article): string {
  if (article.error || article.copy?.stub) return '';
  return [oneLine(article.meta.title), articleText(article)].filter(Boolean).join('\n\n');
}

/** `# title`, the credit line, then the blocks, consecutive list items forming one list. */
function markdownEntry(article: Article): string {
  if (article.error || article.copy?.stub) return '';
  const parts: string[] = [];
  const title = oneLine(article.meta.title);
  if (title) parts.push(`# ${escapeClosingHashes(title)}`);
  const credit = creditLine(article);
  if (credit) parts.push(credit);
  let inList = false;
  for (const block of article.blocks) {
    const md = markdownBlock(block);
    if (!md) continue;
    const listItem = block.kind === 'list-item';
    if (listItem && inList) parts[parts.length - 1] += `\n${md}`;
    else parts.push(md);
    inList = listItem;
  }
  return parts.join('\n\n');
}

/** `*byline · published · <url>*` from what is known, or '' when nothing is. */
function creditLine(article: Article): string {
  const parts = [oneLine(article.meta.byline), oneLine(article.meta.published)].filter(Boolean).map(escapeEmphasized);
  const url = oneLine(article.fields['url']);
  if (url) parts.push(MD.autolink.test(url) ? `<${url}>` : escapeEmphasized(url));
  return parts.length ? `*${parts.join(' · ')}*` : '';
}

/**
 * One block as Markdown ('' when it has no text): heading `## text`, paragraph as is, list item
 * `- text`, quote `> text` on every line, code fenced, caption `*text*`, table as a Markdown table
 * when every row has the same number of cells, else fenced. Lines of text are escaped where
 * Markdown would read their start as structure; inline markup (`*`, `_`, backticks) is left as
 * written, so the Markdown stays readable and can only differ from the text in emphasis.
 */
function markdownBlock(block: Block): string {
  const { kind, text } = block;
  if (!text.trim()) return '';
  switch (kind) {
    case 'heading':
      return `## ${escapeClosingHashes(oneLine(text))}`;
    case 'list-item':
      return `- ${textLines(text).join('\n  ')}`;
    case 'quote':
      return textLines(text)
        .map((l) => `> ${l}`)
        .join('\n');
    case 'code':
      return fenced(text);
    case 'caption':
      return `*${escapeEmphasized(oneLine(text))}*`;
    case 'table':
      return markdownTable(text);
    default:
      return textLines(text).join('\n');
  }
}

/** The non-blank lines of a block, trimmed (indentation would make code) and start-escaped. */
function textLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line) lines.push(escapeLineStart(line));
  }
  return lines;
}

function escapeLineStart(line: string): string {
  const ordered = MD.orderedStart.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return MD.blockStart.test(line) ? `\\${line}` : line;
}

/** `## Ranked #` would lose its `#`: escape a trailing run. */
function escapeClosingHashes(heading: string): string {
  return heading.replace(MD.closingHashes, '$1\\$2');
}

/** Text inside `*…*`: a `*` or `\` of its own must not end or break the emphasis. */
function escapeEmphasized(text: string): string {
  return text.replace(/[\\*]/g, '\\$&');
}

/** A fence longer than any backtick run inside, so no line of the content can close it. */
function fenced(text: string): string {
  let longest = 0;
  for (const run of text.match(MD.backtickRun) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/**
 * Rows (lines, cells split on ` | `) as a Markdown table, the first row as its header, when every
 * row has the same number of cells (2 or more); extract leaves out empty cells, so a ragged table
 * would shift cells under the wrong header, and goes in a fenced block as written instead.
 */
function markdownTable(text: string): string {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(' | ').map((cell) => cell.trim()));
  const width = rows[0]?.length ?? 0;
  if (width < 2 || rows.some((row) => row.length !== width)) return fenced(text);
  // a pipe would split its cell, and a backslash before one would un-escape it
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/[\\|]/g, '\\$&')).join(' | ')} |`;
  const [header, ...body] = rows as [string[], ...string[][]];
  return [row(header), row(header.map(() => '---')), ...body.map(row)].join('\n');
}

/** A string value with its whitespace collapsed; '' for null and non-strings. */
function oneLine(value: unknown): string {
  return typeof value === 'string' ? squeeze(value) : '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array holding ${value.map((v) => typeof v).join(', ') || 'nothing'}`;
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
