/**
 * NDJSON input: one JSON object a line with `html` or `text`, usually `id` and `url`, possibly
 * other fields. Every line that is not blank becomes exactly one record; a line that cannot be a
 * record becomes a record with `error` set, carrying its line number, and the stream goes on.
 */
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { createArticle, failArticle, METADATA_KEYS, type Article, type Metadata } from '../record.js';

/** Input keys that are not passed through: the page itself, and what decruft writes in output. */
const CONSUMED = new Set<string>(['html', 'text', 'blocks', 'removed', 'error', 'extractedBy', ...METADATA_KEYS]);

/** An NDJSON line as read, before parsing (the worker pool parses lines on its threads). */
export interface RawLine {
  line: string;
  /** 1-based line number in its input, for error reports. */
  lineNumber: number;
  file?: string;
}

export interface ParseOptions {
  /** File the lines come from, for error reports (stdin when absent). */
  file?: string;
}

/** Parses one NDJSON line (1-based `line` number for error reports) into a record. */
export function parseNdjson(line: string, lineNumber?: number, options: ParseOptions = {}): Article {
  const origin: Article['origin'] = {};
  if (lineNumber !== undefined) origin.line = lineNumber;
  if (options.file !== undefined) origin.file = options.file;
  const empty = createArticle({ format: 'text', content: '' }, {}, origin);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return failArticle(empty, 'invalid-json', `not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return failArticle(empty, 'not-an-object', `expected a JSON object, got ${kind}`);
  }
  return fromObject(value as Record<string, unknown>, origin);
}

/** Builds a record from an already-parsed input object (as from NDJSON, or a library caller). */
export function fromObject(input: Record<string, unknown>, origin: Article['origin'] = {}): Article {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (!CONSUMED.has(key)) fields[key] = value;
  const article = createArticle({ format: 'text', content: '' }, fields, origin);
  const problem = wrongType(input);
  if (problem) return failArticle(article, 'wrong-type', problem);
  const html = input['html'];
  const text = input['text'];
  if (typeof html === 'string') article.source = { format: 'html', content: html };
  else if (typeof text === 'string') article.source = { format: 'text', content: text };
  else return failArticle(article, 'no-content', 'the record has neither "html" nor "text"');
  for (const key of METADATA_KEYS) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) article.meta[key as keyof Metadata] = value.trim();
  }
  return article;
}

function wrongType(input: Record<string, unknown>): string | null {
  for (const key of ['html', 'text', 'url', ...METADATA_KEYS]) {
    const value = input[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `"${key}" must be a string, got ${describe(value)}`;
    }
  }
  const id = input['id'];
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    return `"id" must be a string or a number, got ${describe(id)}`;
  }
  return null;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A Transform from NDJSON bytes to records. Lines are cut by split2, so records and UTF-8
 * characters split across chunks arrive whole; blank lines are skipped but counted, so line
 * numbers in errors match the input.
 */
export function parseNdjsonTransform(options: ParseOptions = {}): Transform {
  return split2(lineReader(options, (raw) => parseNdjson(raw.line, raw.lineNumber, options)));
}

/**
 * A Transform from NDJSON bytes to raw lines (`RawLine`), unparsed: for the worker pool, which
 * parses them on its workers. Line numbering and blank lines as in parseNdjsonTransform.
 */
export function ndjsonLinesTransform(options: ParseOptions = {}): Transform {
  return split2(lineReader(options, (raw) => raw));
}

/** split2's mapper: numbers lines, drops a leading byte-order mark, skips blank lines. */
function lineReader<T>(options: ParseOptions, map: (raw: RawLine) => T): (line: string) => T | undefined {
  let lineNumber = 0;
  return (line) => {
    lineNumber++;
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return undefined;
    const raw: RawLine = { line, lineNumber };
    if (options.file !== undefined) raw.file = options.file;
    return map(raw);
  };
}
