/**
 * NDJSON input: one JSON object a line with `html` or `text`, usually `id` and `url`, possibly
 * other fields. Every line that is not blank becomes exactly one record; a line that cannot be a
 * record becomes a record with `error` set, carrying its line number, and the stream goes on.
 */
import { Transform, type Duplex } from 'node:stream';
import split2 from 'split2';
import { createArticle, failArticle, METADATA_KEYS, type Article, type Metadata } from '../record.js';
import { compose } from './compose.js';

export const INPUT_DEFAULTS = {
  /**
   * Most bytes one input record may have (an NDJSON line, or an HTML or text file): 16 MiB. The
   * largest of the 500 dev pages is under 2 MB; a page over the limit is almost always a crawler
   * accident (a binary, a data dump), and holding a line of any size would let one record take the
   * whole process down.
   */
  maxBytes: 16 * 1024 * 1024,
} as const;

/** Input keys that are not passed through: the page itself, and what decruft writes in output. */
const CONSUMED = new Set<string>(['html', 'text', 'blocks', 'removed', 'error', 'extractedBy', 'pageType', 'confidence', ...METADATA_KEYS]);

/** An NDJSON line as read, before parsing (the worker pool parses lines on its threads). */
export interface RawLine {
  line: string;
  /** 1-based line number in its input, for error reports. */
  lineNumber: number;
  file?: string;
  /** Set when the line was longer than the limit: its length in bytes (`line` is then empty). */
  tooLarge?: number;
  /** The limit it was over. */
  maxBytes?: number;
}

export interface ParseOptions {
  /** File the lines come from, for error reports (stdin when absent). */
  file?: string;
  /**
   * Most bytes one line may have (default INPUT_DEFAULTS.maxBytes); a longer line is never held in
   * memory and becomes a record with error `too-large`.
   */
  maxBytes?: number;
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
  for (const [key, value] of Object.entries(input)) {
    // defined, not assigned: assigning a `__proto__` field would set the prototype instead
    if (!CONSUMED.has(key)) Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
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

/** A raw line (see ndjsonLinesTransform) into a record: parseNdjson, or the `too-large` error. */
export function parseRawLine(raw: RawLine): Article {
  const options: ParseOptions = raw.file === undefined ? {} : { file: raw.file };
  if (raw.tooLarge === undefined) return parseNdjson(raw.line, raw.lineNumber, options);
  const empty = createArticle({ format: 'text', content: '' }, {}, { line: raw.lineNumber, ...options });
  return failArticle(empty, 'too-large', tooLargeMessage(raw.tooLarge, raw.maxBytes ?? INPUT_DEFAULTS.maxBytes, 'line'));
}

/** The `too-large` error's message, for lines and files alike. */
export function tooLargeMessage(bytes: number, maxBytes: number, what: 'line' | 'file' | 'WARC payload', atLeast = false): string {
  const limit = maxBytes.toLocaleString('en');
  // read only as far as the limit (a compression bomb, an endless stream), its size is not known
  if (atLeast) return `the ${what} has over ${limit} bytes, the limit (--max-bytes); it was read no further`;
  return `the ${what} has ${bytes.toLocaleString('en')} bytes, more than the limit of ${limit} (--max-bytes)`;
}

/**
 * A Transform from NDJSON bytes to records. Lines are cut by split2, so records and UTF-8
 * characters split across chunks arrive whole; blank lines are skipped but counted, so line
 * numbers in errors match the input; a line over `maxBytes` becomes a `too-large` record.
 */
export function parseNdjsonTransform(options: ParseOptions = {}): Duplex {
  return ndjsonReader(options, parseRawLine);
}

/**
 * A Transform from NDJSON bytes to raw lines (`RawLine`), unparsed: for the worker pool, which
 * parses them on its workers (parseRawLine). Line numbering, blank lines and over-long lines as in
 * parseNdjsonTransform.
 */
export function ndjsonLinesTransform(options: ParseOptions = {}): Duplex {
  return ndjsonReader(options, (raw) => raw);
}

function ndjsonReader<T>(options: ParseOptions, map: (raw: RawLine) => T): Duplex {
  const maxBytes = options.maxBytes ?? INPUT_DEFAULTS.maxBytes;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError(`maxBytes must be a whole number of bytes, at least 1, got ${String(maxBytes)}`);
  const lines: LineNotes = { oversized: new Map(), renumbered: new Map() };
  return compose(lineGuard(maxBytes, lines), split2(lineReader(options, maxBytes, lines, map)));
}

/** What lineGuard tells lineReader of the lines it handed on to split2 (by their 1-based order there). */
export interface LineNotes {
  /** Input line number → its length in bytes, for each line over the limit (handed on empty). */
  oversized: Map<number, number>;
  /** Order handed on → input line number, for each line that follows blank lines left out. */
  renumbered: Map<number, number>;
}

const NEWLINE = Buffer.from('\n');
const [LF, CR, SPACE, TAB] = [10, 13, 32, 9];

/**
 * Bytes → bytes, in front of split2: hands on whole lines only, each in one piece, and in place of
 * a line over `maxBytes` an empty one (its number and length noted, for lineReader). So no line
 * over the limit is ever held, beyond `maxBytes` of it while it arrives, and split2, which
 * re-splits everything it holds on every chunk it gets, never sees a partial line: a 20 MB line fed
 * to it in 64 KB chunks took 4.4 s and some 200 MB of garbage strings. Blank lines (spaces, tabs,
 * CRs) are left out here, in a scan of their bytes, so that a flood of them (100 MB of newlines
 * gzip to 100 KB) passes at the speed of reading instead of as 100 million strings; the line after
 * them is noted with its number. Lines are counted by their `\n`, as split2 cuts them (a `\r`
 * before it belongs to the line ending).
 */
export function lineGuard(maxBytes: number, notes: LineNotes): Transform {
  let lineNumber = 1; // the input line being read
  let handedOn = 0; // lines handed on to split2
  let skipped = false; // blank lines left out since the last line handed on
  let line: Buffer[] = []; // what the current line has so far, up to the limit
  let lineBytes = 0; // the current line's length so far, counting bytes past the limit
  let blank = true; // the current line so far is only spaces, tabs and CRs
  let lastByte = -1; // the previous chunk's last byte, for a CRLF split between chunks
  const take = (piece: Buffer) => {
    const room = maxBytes - lineBytes;
    lineBytes += piece.length;
    if (room > 0 && piece.length > 0) line.push(room >= piece.length ? piece : piece.subarray(0, room));
  };
  /** Ends the current line: its pieces to hand on, or none if it is blank and left out. */
  const end = (bytes: number): Buffer[] => {
    let pieces: Buffer[] = [];
    if (blank && bytes <= maxBytes) {
      skipped = true;
    } else {
      handedOn++;
      if (skipped) notes.renumbered.set(handedOn, lineNumber);
      skipped = false;
      if (bytes > maxBytes) notes.oversized.set(lineNumber, bytes);
      else pieces = line;
      pieces.push(NEWLINE);
    }
    line = [];
    lineBytes = 0;
    blank = true;
    lineNumber++;
    return pieces;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const ready: Buffer[] = [];
      let start = 0;
      while (start < chunk.length) {
        if (blank) {
          // a run of blank lines, byte by byte: no slice, no string, nothing handed on
          let at = start;
          for (let byte = chunk[at]; at < chunk.length; byte = chunk[++at]) {
            if (byte === LF) {
              lineBytes += at - start;
              end(lineBytes);
              start = at + 1;
            } else if (byte !== SPACE && byte !== TAB && byte !== CR) {
              blank = false;
              break;
            }
          }
          if (blank) break; // the chunk ends inside whitespace: held below
        }
        const newline = chunk.indexOf(LF, start);
        if (newline < 0) break;
        take(chunk.subarray(start, newline));
        const crlf = (newline > 0 ? chunk[newline - 1] : lastByte) === CR && lineBytes > 0;
        for (const piece of end(crlf ? lineBytes - 1 : lineBytes)) ready.push(piece);
        start = newline + 1;
      }
      take(chunk.subarray(start));
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
      if (ready.length > 0) this.push(Buffer.concat(ready));
      done();
    },
    flush(done) {
      if (lineBytes > 0 && !blank) {
        const pieces = end(lineBytes);
        pieces.pop(); // the newline: split2 maps a last line without one too
        // an over-long last line still needs a line for split2 to map
        this.push(pieces.length > 0 ? Buffer.concat(pieces) : Buffer.from(' '));
      }
      done();
    },
  });
}

/**
 * split2's mapper: numbers lines, drops a leading byte-order mark, skips blank lines, and turns a
 * line lineGuard cut short into a `too-large` raw line.
 */
function lineReader<T>(options: ParseOptions, maxBytes: number, notes: LineNotes, map: (raw: RawLine) => T): (line: string) => T | undefined {
  let order = 0; // lines split2 has handed over
  let lineNumber = 0;
  return (line) => {
    order++;
    const renumbered = notes.renumbered.get(order);
    if (renumbered === undefined) {
      lineNumber++;
    } else {
      notes.renumbered.delete(order);
      lineNumber = renumbered;
    }
    const tooLarge = notes.oversized.get(lineNumber);
    let raw: RawLine;
    if (tooLarge !== undefined) {
      notes.oversized.delete(lineNumber);
      raw = { line: '', lineNumber, tooLarge, maxBytes };
    } else {
      if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() === '') return undefined;
      raw = { line, lineNumber };
    }
    if (options.file !== undefined) raw.file = options.file;
    return map(raw);
  };
}
