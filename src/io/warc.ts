/**
 * WARC input (ISO 28500: `.warc`, or `.warc.gz` gzipped record by record or as a whole): the HTML
 * pages a web archive holds, streamed record by record. Everything is read here: the framing of
 * records (version line, named fields, a block of Content-Length bytes), the HTTP head, de-chunking
 * and content decoding. The WARC library used before brought some 30 packages for the framing alone,
 * held a header line of any length in memory, printed warnings to stderr, lacked brotli and passed
 * corrupt gzip through as if it were the page.
 *
 * Which records become pages:
 * - a `response` record with a 2xx HTTP status whose payload is HTML: HTTP Content-Type text/html
 *   or application/xhtml+xml, or no Content-Type and a payload that starts like an HTML document;
 * - a `resource` record whose WARC Content-Type is HTML in the same sense: archivers that save
 *   pages without their HTTP exchange (browser "save page" tools, warcit) write them this way.
 * Every other record is skipped with a reason (WARC_SKIP_REASONS), never silently: a redirect or
 * error page is not an article, and a `revisit` has no payload of its own.
 */
import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createInflateRaw, createUnzip, gunzipSync } from 'node:zlib';
import { asBuffer, decompress, gunzip, GzipError, isGzip, peek, prepend } from './bytes.js';
import { INPUT_DEFAULTS } from './ndjson.js';

/** Why a WARC record did not become a page: every reason, with its text for people. */
export const WARC_SKIP_REASONS = {
  warcinfo: 'information about the WARC file itself',
  request: 'the HTTP request of a capture',
  metadata: 'metadata the crawler recorded about a capture (outlinks, timings)',
  revisit: 'a capture the archive stores only as a reference to an earlier identical one',
  conversion: 'a converted copy of another record',
  continuation: 'a later segment of a record split across several',
  'unknown-type': 'a record type the WARC standard does not define',
  'no-url': 'a response or resource without WARC-Target-URI',
  'not-http': 'a response that is not HTTP (DNS, FTP, WHOIS…)',
  'bad-http': 'a response whose HTTP head cannot be read',
  'http-status': 'an HTTP status other than 2xx (redirect, error page)',
  'not-html': 'a payload that is not HTML (detail: its content type)',
  empty: 'an HTML response with an empty payload',
  'unsupported-encoding': 'a payload in a content or transfer encoding decruft cannot decode',
  'bad-encoding': 'a payload that cannot be decoded as its encoding says (corrupt gzip, broken chunking)',
} as const;

export type WarcSkipReason = keyof typeof WARC_SKIP_REASONS;

/** One HTML page from a WARC file. */
export interface WarcPage {
  /** WARC-Target-URI. */
  url: string;
  /** WARC-Date: when the page was captured (ISO 8601, as the archive wrote it). */
  fetched: string | null;
  /** WARC-Record-ID: the URI inside its angle brackets (`urn:uuid:…`). */
  id: string | null;
  /** HTTP Content-Type of the response (WARC Content-Type for a resource record), for the charset. */
  contentType: string | null;
  /** HTTP status; null for a resource record, which has no HTTP exchange. */
  status: number | null;
  /** WARC-Truncated (`length`, `time`…): the archive cut the payload short; the page is its start. */
  truncated: string | null;
  /** The HTTP payload, de-chunked and content-decoded (gzip, deflate, br). */
  body: Uint8Array;
  /** 1-based index of the record in the file (every record counts, not only pages). */
  recordNumber: number;
}

/** A record that did not become a page; the caller counts these by reason. */
export interface WarcSkip {
  skipped: WarcSkipReason;
  /** What decided it: the content type, the HTTP status, the record type, the decoding error. */
  detail?: string;
  recordNumber: number;
}

/** An HTML page whose payload is over `maxBytes`: read past without being held. */
export interface WarcTooLarge {
  /** Bytes of the payload: see `measured`. */
  tooLarge: number;
  /**
   * `stored`: the payload as stored in the WARC (encoded) is over the limit; `tooLarge` is its exact
   * size and it was not decoded. `decoded`: it was within the limit but decoding it outgrew the limit
   * (compressed); decoding stopped there, and `tooLarge` is how far it got, a lower bound.
   */
  measured: 'stored' | 'decoded';
  url: string;
  id: string | null;
  fetched: string | null;
  recordNumber: number;
}

/** One item per WARC record; every kind carries the record's `recordNumber`. */
export type WarcItem = { page: WarcPage; recordNumber: number } | WarcSkip | WarcTooLarge;

export interface WarcOptions {
  /** Most bytes of one page's payload; default INPUT_DEFAULTS.maxBytes, the limit of every input. */
  maxBytes?: number;
}

/**
 * The input cannot be read on as a WARC file: it is cut short, its gzip data is corrupt, or a
 * record cannot be framed. Pages before the failing record have been yielded; the caller turns this
 * into an error record naming `recordNumber`.
 */
export class WarcError extends Error {
  override name = 'WarcError';
  constructor(
    message: string,
    /** 1-based number of the record being read when the input failed. */
    readonly recordNumber: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/** How much of a payload decides whether it looks like HTML (as files.ts sniffs files). */
const SNIFF_BYTES = 1024;
/** Enough to tell gzip, zlib and markup apart at the start of a payload. */
const PEEK_BYTES = 16;
/**
 * Most bytes of an HTTP head. Node's HTTP parser refuses heads over 16 KiB and nginx over 32 KiB;
 * 64 KiB leaves room for the cookie-laden responses crawlers store. A block with no blank line that
 * early is not an HTTP response, and reading on for one would hold a whole payload.
 */
const MAX_HTTP_HEAD_BYTES = 64 * 1024;
/**
 * Most bytes of a record's WARC header: its version line, named fields and the blank line that ends
 * them. Real headers hold a few hundred bytes (a long target URI makes a few KB); Heritrix's reader
 * takes a header line to be at most 100 KiB, and 1 MiB is ten of those. A header with no end that
 * early has lost its framing: reading on for one would hold a line of any length (a 1.2 GB line in
 * a 1.2 MB `.warc.gz`) or parse millions of lines, so the file ends there with an error instead.
 */
export const MAX_WARC_HEADER_BYTES = 1024 * 1024;
/**
 * Largest Content-Length believed: 1 TiB. Archivers cut their files at about 1 GB (Heritrix's
 * default) and the largest single captures, videos, run to some GB; a longer length is a damaged
 * header. It is refused at once: reading on to find where such a block ends would read the whole
 * rest of the file only to find it cut short.
 */
const MAX_CONTENT_LENGTH = 2 ** 40;
/** Longest chunk-size line (hex size and chunk extensions) accepted in a chunked body. */
const MAX_CHUNK_LINE = 1024;
/** WARC record types that are never pages, each its own skip reason. */
const SKIPPED_TYPES = new Set<string>(['warcinfo', 'request', 'metadata', 'revisit', 'conversion', 'continuation']);
/**
 * Payloads: decode what a truncated one holds instead of failing at its end (the file's own gzip
 * keeps the default, so that a file cut inside a member is an error).
 */
const ZLIB_OPTIONS = { finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { finishFlush: constants.BROTLI_OPERATION_FLUSH };

const REGEXPS = {
  /** A WARC version line: 1.0 and 1.1, and the 0.17/0.18 drafts old archives still hold. */
  warcVersion: /^WARC\/\d+\.\d+(?:\r?\n|$)/,
  /** A WARC header line that continues the field above it: it starts with a space or tab (ISO 28500). */
  continuation: /^[ \t]/,
  httpStatus: /^HTTP\/\d+(?:\.\d+)?[ \t]+(\d{3})(?:[ \t]|$)/,
  contentLength: /^\d+$/,
  /** An HTML document start, after whitespace, comments and an XML declaration (BOM already dropped). */
  htmlStart: /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html)[\s>]/i,
  /** Markup: a payload stored decoded although its header names an encoding. */
  markupStart: /^\s*<[!?a-z]/i,
  /** A chunk-size line: hex size, then optional chunk extensions. */
  chunkSize: /^([0-9a-f]{1,13})[ \t]*(?:;.*)?$/i,
  chunkStart: /^[0-9a-f]{1,13}[ \t]*[;\r\n]/i,
};

/**
 * Whether bytes are the start of a WARC file: a `WARC/1.0` or `WARC/1.1` line (or an older draft
 * version). Gzipped bytes (a `.warc.gz`) are decompressed first, as far as they go, so the first
 * kilobyte of any file can be passed as read.
 */
export function looksLikeWarc(firstBytes: Uint8Array): boolean {
  let start = firstBytes;
  if (isGzip(start)) {
    try {
      start = gunzipSync(start.subarray(0, SNIFF_BYTES), ZLIB_OPTIONS);
    } catch {
      return false;
    }
  }
  return REGEXPS.warcVersion.test(latin1(start.subarray(0, PEEK_BYTES)));
}

/**
 * The records of a WARC file as pages, skips and too-large notices, one item per record in file
 * order. The input streams: one record is read at a time, a payload is never held beyond
 * `maxBytes`, and records that are not pages are read past without being kept. A plain or gzipped
 * WARC is told apart by its first bytes. An empty input has no records.
 *
 * When the input cannot be read on (cut short, corrupt gzip, a record that cannot be framed), the
 * generator throws a WarcError naming the record, after yielding every record before it; the cut
 * record itself is not yielded. Stopping early (`break`, `return()`) closes the source.
 */
export function readWarc(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: WarcOptions = {}): AsyncGenerator<WarcItem> {
  const maxBytes = options.maxBytes ?? INPUT_DEFAULTS.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`maxBytes: expected a positive integer, got ${String(maxBytes)}`);
  }
  return readRecords(source, maxBytes);
}

async function* readRecords(source: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<WarcItem> {
  const input = byteChunks(source);
  let recordNumber = 1; // the record being read
  const opened: Array<AsyncGenerator<Uint8Array>> = [input]; // closed when done, the last opened first
  try {
    const raw = await peek(input, 2);
    // member by member (record-by-record or whole-file alike): corrupt, cut or trailing bytes are
    // an error after the records before them, never passed on as if they were the file
    const bytes = isGzip(raw.head) ? gunzip(raw.rest) : raw.rest;
    opened.push(raw.rest, bytes);
    const start = await peek(bytes, PEEK_BYTES);
    opened.push(start.rest);
    if (start.head.length === 0) return;
    if (!REGEXPS.warcVersion.test(latin1(start.head))) {
      throw new WarcError(`not a WARC file: it starts with ${JSON.stringify(latin1(start.head))}`, 1);
    }
    const reader = new ByteReader(start.rest);
    for (; await findRecord(reader, recordNumber); recordNumber++) {
      const fields = await readWarcHeader(reader, recordNumber);
      yield await readRecord(fields, reader, recordNumber, maxBytes);
    }
  } catch (err) {
    throw asWarcError(err, recordNumber);
  } finally {
    for (const chunks of opened.reverse()) await chunks.return(undefined);
  }
}

/** One record into its item, having read its block to the end. */
async function readRecord(fields: WarcFields, reader: ByteReader, recordNumber: number, maxBytes: number): Promise<WarcItem> {
  const length = contentLength(fields, recordNumber);
  const block = new RecordBlock(reader, length);
  const chunks = block[Symbol.asyncIterator]();
  let item: WarcItem;
  try {
    item = await takeRecord(fields, block, chunks, recordNumber, maxBytes);
  } finally {
    await chunks.return(undefined);
  }
  for await (const _chunk of block); // read past the rest, without keeping it; this also tells a record cut short
  if (block.remaining > 0) {
    const read = length - block.remaining;
    throw new WarcError(
      `WARC record ${recordNumber} is cut short: the input ends after ${read.toLocaleString('en')} of its ${length.toLocaleString('en')} bytes`,
      recordNumber,
    );
  }
  return item;
}

// --- WARC framing ----------------------------------------------------------------------------

/**
 * A record's WARC header fields: names lower-cased, values trimmed, a continued field's lines
 * joined by a space, a repeated field's values joined by ", " (as HTTP joins them, so that two
 * Content-Lengths are no valid length).
 */
type WarcFields = Map<string, string>;

const WARC_MAGIC = Buffer.from('WARC/');
const CRLF = Buffer.from('\r\n');

/**
 * The input's bytes, pulled one chunk at a time, with what was read past the end of a header or a
 * block put back for the next reader. Never holds more than the chunk it has put back.
 */
class ByteReader {
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  /** The next bytes (the put-back ones first), or null at the end of the input. */
  async next(): Promise<Uint8Array | null> {
    if (this.pending.length > 0) {
      const chunk = this.pending;
      this.pending = new Uint8Array(0);
      return chunk;
    }
    for (let next = await this.chunks.next(); !next.done; next = await this.chunks.next()) {
      if (next.value.length > 0) return next.value;
    }
    return null;
  }

  /** Puts bytes back, to be read again before anything else. */
  unread(bytes: Uint8Array): void {
    if (bytes.length > 0) this.pending = this.pending.length === 0 ? bytes : Buffer.concat([bytes, this.pending]);
  }

  /** Whether the input goes on with `prefix`; reads only as far as it takes to tell, consuming nothing. */
  async startsWith(prefix: Buffer): Promise<boolean> {
    while (this.pending.length < prefix.length) {
      const next = await this.chunks.next();
      if (next.done) break;
      this.pending = Buffer.concat([this.pending, next.value]);
    }
    return asBuffer(this.pending).subarray(0, prefix.length).equals(prefix);
  }

  /** Drops the next `count` bytes, which startsWith has just read. */
  drop(count: number): void {
    this.pending = this.pending.subarray(count);
  }

  /** Reads past the next LF (or to the end of the input), keeping nothing. */
  async skipLine(): Promise<void> {
    for (let chunk = await this.next(); chunk; chunk = await this.next()) {
      const lf = chunk.indexOf(10);
      if (lf >= 0) return this.unread(chunk.subarray(lf + 1));
    }
  }
}

/**
 * Moves to the start of the record `recordNumber`; false when the input has ended instead. A
 * block is followed by CRLF CRLF (ISO 28500's record model). What is tolerated, as before: no separator
 * at all, more blank lines, and stray bytes on the line after the block (its Content-Length too
 * small by a few bytes), which are dropped. After the last record only whitespace may follow; a
 * bare LF between records ends the records there, so anything but whitespace after it is an error
 * rather than a silent end of the file.
 */
async function findRecord(reader: ByteReader, recordNumber: number): Promise<boolean> {
  if (recordNumber > 1 && !(await reader.startsWith(WARC_MAGIC))) await reader.skipLine();
  while (await reader.startsWith(CRLF)) reader.drop(CRLF.length);
  if (await reader.startsWith(WARC_MAGIC)) return true;
  for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
    const text = latin1(chunk).trim();
    if (text !== '') {
      const start = JSON.stringify(text.slice(0, 40));
      throw new WarcError(`WARC record ${recordNumber} cannot be read: ${start} is where a record should start`, recordNumber);
    }
  }
  return false;
}

/**
 * Reads a record's WARC header, up to and including the blank line that ends it (CRLF, or a bare
 * LF as lax writers end lines), never more than MAX_WARC_HEADER_BYTES of it.
 */
async function readWarcHeader(reader: ByteReader, recordNumber: number): Promise<WarcFields> {
  const taken: Uint8Array[] = [];
  let size = 0;
  const blankLine = new BlankLineFinder();
  for (;;) {
    const chunk = await reader.next();
    if (!chunk) {
      throw new WarcError(`WARC record ${recordNumber} is cut short: the input ends inside its WARC header`, recordNumber);
    }
    const end = blankLine.find(chunk);
    const part = end < 0 ? chunk : chunk.subarray(0, end);
    if (size + part.length > MAX_WARC_HEADER_BYTES) {
      const bound = `${MAX_WARC_HEADER_BYTES.toLocaleString('en')} bytes (the most a header may hold)`;
      throw new WarcError(
        `WARC record ${recordNumber} cannot be read: its WARC header has no end in its first ${bound}, ` + 'so the records after it cannot be found',
        recordNumber,
      );
    }
    taken.push(part);
    size += part.length;
    if (end >= 0) {
      reader.unread(chunk.subarray(end));
      return parseWarcHeader(Buffer.concat(taken, size).toString('utf8'), recordNumber);
    }
  }
}

/** Finds the first empty line (nothing, or a lone CR, before its LF) in bytes handed over chunk by chunk. */
class BlankLineFinder {
  /** Bytes of the current line seen in earlier chunks. */
  private lineLength = 0;
  private lineStartsWithCr = false;

  /** Where in `chunk` the empty line ends (just past its LF), or -1 if it does not end there. */
  find(chunk: Uint8Array): number {
    let from = 0;
    for (let lf = chunk.indexOf(10); lf >= 0; lf = chunk.indexOf(10, from)) {
      const length = this.lineLength + lf - from;
      if (length === 0 || (length === 1 && (lf > from ? chunk[from] === 13 : this.lineStartsWithCr))) return lf + 1;
      this.lineLength = 0;
      from = lf + 1;
    }
    if (from < chunk.length) {
      if (this.lineLength === 0) this.lineStartsWithCr = chunk[from] === 13;
      this.lineLength += chunk.length - from;
    }
    return -1;
  }
}

/** A WARC header's text (its version line to its blank line) into its fields. */
function parseWarcHeader(text: string, recordNumber: number): WarcFields {
  const [versionLine = '', ...lines] = text.split(/\r?\n/);
  if (!REGEXPS.warcVersion.test(versionLine.trimEnd())) {
    const shown = JSON.stringify(versionLine.slice(0, 40));
    throw new WarcError(`WARC record ${recordNumber} does not start with a WARC/ version line: ${shown}`, recordNumber);
  }
  const fields: WarcFields = new Map();
  let last: string | null = null;
  for (const line of lines) {
    if (REGEXPS.continuation.test(line)) {
      const more = line.trim();
      if (last !== null && more) fields.set(last, `${fields.get(last)} ${more}`.trim());
      continue;
    }
    const colon = line.indexOf(':');
    last = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : null;
    if (last === null) continue;
    const value = line.slice(colon + 1).trim();
    const earlier = fields.get(last);
    fields.set(last, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  return fields;
}

/** The record's Content-Length: digits, and no more than MAX_CONTENT_LENGTH; else its framing is lost. */
function contentLength(fields: WarcFields, recordNumber: number): number {
  const value = fields.get('content-length');
  if (value === undefined || !REGEXPS.contentLength.test(value)) {
    const shown = value === undefined ? 'none' : JSON.stringify(value.slice(0, 40));
    throw new WarcError(`WARC record ${recordNumber} has no valid Content-Length (${shown}), so the records after it cannot be found`, recordNumber);
  }
  const length = Number(value);
  if (length > MAX_CONTENT_LENGTH) {
    const digits = value.length > 40 ? `${value.slice(0, 40)}…` : value; // as written: no size to format
    throw new WarcError(
      `WARC record ${recordNumber} has a damaged header: Content-Length ${digits} is over the 1 TiB a record may hold, ` +
        'so the records after it cannot be found',
      recordNumber,
    );
  }
  return length;
}

/** WARC-Target-URI, without the angle brackets WARC/1.0's examples put around it. */
function targetUri(fields: WarcFields): string | undefined {
  const uri = fields.get('warc-target-uri');
  return uri?.startsWith('<') && uri.endsWith('>') ? uri.slice(1, -1) : uri;
}

/**
 * A record's block: the next `remaining` bytes of the input, handed on as they are read and never
 * held. Each iteration goes on where the last one stopped; `remaining` left at the end of the input
 * tells a record cut short.
 */
class RecordBlock implements AsyncIterable<Uint8Array> {
  constructor(
    private readonly reader: ByteReader,
    public remaining: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    while (this.remaining > 0) {
      const chunk = await this.reader.next();
      if (!chunk) return;
      const take = Math.min(chunk.length, this.remaining);
      this.reader.unread(chunk.subarray(take));
      this.remaining -= take;
      yield chunk.subarray(0, take);
    }
  }
}

function takeRecord(
  fields: WarcFields,
  block: RecordBlock,
  chunks: AsyncIterator<Uint8Array>,
  recordNumber: number,
  maxBytes: number,
): Promise<WarcItem> | WarcItem {
  const type = (fields.get('warc-type') ?? '').toLowerCase();
  if (type === 'response') return takeResponse(fields, block, chunks, recordNumber, maxBytes);
  if (type === 'resource') return takeResource(fields, block, chunks, recordNumber, maxBytes);
  if (SKIPPED_TYPES.has(type)) return { skipped: type as WarcSkipReason, recordNumber };
  return { skipped: 'unknown-type', detail: type || '(no WARC-Type)', recordNumber };
}

async function takeResponse(
  fields: WarcFields,
  block: RecordBlock,
  chunks: AsyncIterator<Uint8Array>,
  recordNumber: number,
  maxBytes: number,
): Promise<WarcItem> {
  const url = targetUri(fields);
  if (!url) return { skipped: 'no-url', recordNumber };
  const head = await readHttpHead(chunks);
  if ('skip' in head) {
    const detail = head.skip === 'not-http' ? (fields.get('content-type') ?? '(no Content-Type)') : head.detail;
    return { skipped: head.skip, detail, recordNumber };
  }
  if (head.status < 200 || head.status > 299) return { skipped: 'http-status', detail: String(head.status), recordNumber };
  const contentType = head.headers.get('content-type') ?? null;
  const kind = htmlKind(contentType);
  if (kind === 'not-html') return { skipped: 'not-html', detail: mediaType(contentType), recordNumber };
  const encoding = payloadEncoding(head.headers);
  if ('unsupported' in encoding) return { skipped: 'unsupported-encoding', detail: encoding.unsupported, recordNumber };
  const payload = {
    chunks: prepend(head.rest, chunks),
    stored: head.rest.length + block.remaining,
    kind,
    ...encoding,
  };
  return takePage(fields, recordNumber, payload, { contentType, status: head.status }, maxBytes);
}

async function takeResource(
  fields: WarcFields,
  block: RecordBlock,
  chunks: AsyncIterator<Uint8Array>,
  recordNumber: number,
  maxBytes: number,
): Promise<WarcItem> {
  const contentType = fields.get('content-type') ?? null;
  const kind = htmlKind(contentType);
  if (kind === 'not-html') return { skipped: 'not-html', detail: mediaType(contentType), recordNumber };
  if (!targetUri(fields)) return { skipped: 'no-url', recordNumber };
  // a resource block is the payload itself: no HTTP head, no transfer or content encoding
  const payload = { chunks: prepend(new Uint8Array(0), chunks), stored: block.remaining, kind, chunked: false, coding: null };
  return takePage(fields, recordNumber, payload, { contentType, status: null }, maxBytes);
}

interface Payload {
  chunks: AsyncIterable<Uint8Array>;
  /** Bytes as stored in the record (before de-chunking and decoding). */
  stored: number;
  kind: 'html' | 'unknown';
  chunked: boolean;
  coding: Coding | null;
}

/** A payload that may be a page into the page, a skip or a too-large notice. */
async function takePage(
  fields: WarcFields,
  recordNumber: number,
  payload: Payload,
  http: { contentType: string | null; status: number | null },
  maxBytes: number,
): Promise<WarcItem> {
  const url = targetUri(fields) ?? '';
  const id = recordId(fields);
  const fetched = fields.get('warc-date') ?? null;
  const tooLarge = (bytes: number, measured: WarcTooLarge['measured']): WarcTooLarge => ({ tooLarge: bytes, measured, url, id, fetched, recordNumber });
  const overStored = payload.stored > maxBytes;
  // known HTML over the limit as stored is not decoded at all; unknown content is decoded only far
  // enough to sniff it, so that a large image without Content-Type is not reported as a page
  if (overStored && payload.kind === 'html') return tooLarge(payload.stored, 'stored');
  const body = await decodePayload(payload, overStored ? SNIFF_BYTES : maxBytes);
  if ('notHtml' in body) return { skipped: 'not-html', detail: '(no Content-Type)', recordNumber };
  if ('badEncoding' in body) return { skipped: 'bad-encoding', detail: body.badEncoding, recordNumber };
  if ('over' in body) return overStored ? tooLarge(payload.stored, 'stored') : tooLarge(body.over, 'decoded');
  if (body.bytes.length === 0) return { skipped: 'empty', recordNumber };
  const truncated = fields.get('warc-truncated') ?? null;
  return { page: { url, fetched, id, contentType: http.contentType, status: http.status, truncated, body: body.bytes, recordNumber }, recordNumber };
}

function recordId(fields: WarcFields): string | null {
  const id = fields.get('warc-record-id');
  if (!id) return null;
  return id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
}

// --- HTTP head -------------------------------------------------------------------------------

interface HttpHead {
  status: number;
  /** Lower-case names; a repeated header keeps its last value, as browsers read Content-Type. */
  headers: Map<string, string>;
  /** Payload bytes read along with the head. */
  rest: Uint8Array;
}

type HeadProblem = { skip: 'not-http' | 'bad-http'; detail: string };

/** Reads the HTTP head off the start of a response block, never more than MAX_HTTP_HEAD_BYTES. */
async function readHttpHead(chunks: AsyncIterator<Uint8Array>): Promise<HttpHead | HeadProblem> {
  let buffer: Buffer = Buffer.alloc(0);
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    const from = Math.max(0, buffer.length - 3); // a blank line may straddle two chunks
    buffer = buffer.length === 0 ? asBuffer(next.value) : Buffer.concat([buffer, next.value]);
    if (buffer.length >= 5 && latin1(buffer.subarray(0, 5)) !== 'HTTP/') return { skip: 'not-http', detail: '' };
    const end = headEnd(buffer, from);
    if (end >= 0) return parseHttpHead(buffer.subarray(0, end), buffer.subarray(end));
    if (buffer.length > MAX_HTTP_HEAD_BYTES) {
      return { skip: 'bad-http', detail: `no end of the HTTP head in its first ${MAX_HTTP_HEAD_BYTES.toLocaleString('en')} bytes` };
    }
  }
  if (latin1(buffer.subarray(0, 5)) !== 'HTTP/') return { skip: 'not-http', detail: '' };
  return parseHttpHead(buffer, new Uint8Array(0)); // a head without a blank line: no payload
}

/** Where the head ends: after the first empty line (CRLF, or a bare LF as lax servers send). */
function headEnd(buffer: Buffer, from: number): number {
  for (let lf = buffer.indexOf(10, from); lf >= 0; lf = buffer.indexOf(10, lf + 1)) {
    if (buffer[lf + 1] === 10) return lf + 2;
    if (buffer[lf + 1] === 13 && buffer[lf + 2] === 10) return lf + 3;
  }
  return -1;
}

function parseHttpHead(head: Uint8Array, rest: Uint8Array): HttpHead | HeadProblem {
  const lines = latin1(head).split(/\r?\n/);
  const statusLine = lines[0] ?? '';
  const status = REGEXPS.httpStatus.exec(statusLine)?.[1];
  if (status === undefined) return { skip: 'bad-http', detail: `status line ${JSON.stringify(statusLine.slice(0, 60))}` };
  const headers = new Map<string, string>();
  let last = '';
  for (const line of lines.slice(1)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`); // obsolete line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (value || !headers.has(last)) headers.set(last, value);
  }
  return { status: Number(status), headers, rest };
}

function htmlKind(contentType: string | null): 'html' | 'not-html' | 'unknown' {
  const type = mediaType(contentType);
  if (type === '') return 'unknown';
  return HTML_TYPES.has(type) ? 'html' : 'not-html';
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

// --- payload decoding ------------------------------------------------------------------------

type Coding = 'gzip' | 'deflate' | 'br';
const CODINGS: Readonly<Record<string, Coding | 'identity'>> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br', identity: 'identity' };

/**
 * What must be undone to get the payload: de-chunking, then at most one compression. A transfer
 * coding other than chunked is a compression applied on top of the content's own; stacked
 * compressions (`gzip, br`) are unsupported, as no crawler has been seen to store one.
 */
function payloadEncoding(headers: Map<string, string>): { chunked: boolean; coding: Coding | null } | { unsupported: string } {
  const tokens = (name: string) =>
    (headers.get(name) ?? '')
      .toLowerCase()
      .split(',')
      .map((token) => token.trim())
      .filter(Boolean);
  const transfer = tokens('transfer-encoding');
  const chunked = transfer.at(-1) === 'chunked';
  const named = [...tokens('content-encoding'), ...(chunked ? transfer.slice(0, -1) : transfer)];
  const codings: Coding[] = [];
  for (const token of named) {
    const coding = CODINGS[token];
    if (coding === undefined || token === 'chunked') return { unsupported: named.join(', ') };
    if (coding !== 'identity') codings.push(coding);
  }
  if (codings.length > 1) return { unsupported: named.join(', ') };
  return { chunked, coding: codings[0] ?? null };
}

type Decoded = { bytes: Uint8Array } | { over: number } | { notHtml: true } | { badEncoding: string };

/** The payload failed to decode as its headers say; the record is skipped, the file goes on. */
class BadEncoding extends Error {}

/** De-chunks and decodes a payload, holding at most `limit` bytes of it. */
async function decodePayload(payload: Payload, limit: number): Promise<Decoded> {
  const body = new BodyBuffer(limit, payload.kind === 'unknown');
  try {
    let chunks = payload.chunks;
    if (payload.chunked) {
      const start = await peek(chunks, PEEK_BYTES);
      // a body that does not start with a chunk size was stored de-chunked with its header kept
      chunks = REGEXPS.chunkStart.test(latin1(start.head)) ? dechunk(start.rest) : start.rest;
    }
    const { coding } = payload;
    let decoded = chunks;
    if (coding) {
      const start = await peek(chunks, PEEK_BYTES);
      // a body that starts as markup was stored decoded, though its header names an encoding
      decoded = looksLikeMarkup(start.head)
        ? start.rest
        : decompress(start.rest, createDecoder(coding, start.head), limit, (err) => new BadEncoding(`${coding} data is corrupt: ${err.message}`));
    }
    for await (const chunk of decoded) if (body.take(chunk)) break;
  } catch (err) {
    if (err instanceof BadEncoding) return { badEncoding: err.message };
    throw err;
  }
  return body.result();
}

/**
 * A decoder for the payload's compression. gzip and zlib-wrapped deflate are told by their header
 * (servers mix up the two names); deflate without a header is raw deflate, as old IIS sent it.
 */
function createDecoder(coding: Coding, head: Uint8Array): Transform {
  if (coding === 'br') return createBrotliDecompress(BROTLI_OPTIONS);
  if (coding === 'deflate' && !isZlib(head) && !isGzip(head)) return createInflateRaw(ZLIB_OPTIONS);
  return createUnzip(ZLIB_OPTIONS);
}

/**
 * De-chunks an HTTP/1.1 chunked body (RFC 9112 §7.1) as it streams: chunk data is passed on as it
 * arrives, never held whole. A body cut short (WARC-Truncated) ends where it was cut; a malformed
 * one throws BadEncoding. Trailers after the last chunk are dropped.
 */
async function* dechunk(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  let remaining = 0; // bytes left in the current chunk
  let line = '';
  for await (const chunk of chunks) {
    let at = 0;
    while (at < chunk.length && state !== 'done') {
      if (state === 'data') {
        const take = Math.min(remaining, chunk.length - at);
        yield chunk.subarray(at, at + take);
        at += take;
        remaining -= take;
        if (remaining === 0) state = 'data-end';
        continue;
      }
      const lf = chunk.indexOf(10, at);
      line += latin1(chunk.subarray(at, lf < 0 ? chunk.length : lf));
      if (line.length > MAX_CHUNK_LINE) throw new BadEncoding('malformed chunked encoding: a chunk-size line runs on');
      if (lf < 0) break;
      at = lf + 1;
      const text = line.replace(/\r$/, '');
      line = '';
      if (state === 'size') {
        const size = REGEXPS.chunkSize.exec(text)?.[1];
        if (size === undefined) throw new BadEncoding(`malformed chunked encoding: chunk size ${JSON.stringify(text.slice(0, 20))}`);
        remaining = parseInt(size, 16);
        state = remaining === 0 ? 'trailer' : 'data';
      } else if (state === 'data-end') {
        if (text !== '') throw new BadEncoding('malformed chunked encoding: chunk data runs past its size');
        state = 'size';
      } else if (text === '') {
        state = 'done';
      }
    }
    if (state === 'done') return;
  }
}

/** Keeps a payload up to its limit and decides, as it arrives, whether it is wanted at all. */
class BodyBuffer {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  private sniffed: boolean;
  private verdict: Decoded | null = null;

  constructor(
    private readonly limit: number,
    sniff: boolean,
  ) {
    this.sniffed = !sniff;
  }

  /** Takes a chunk; true once the rest of the payload is not needed (over the limit, or not HTML). */
  take(chunk: Uint8Array): boolean {
    if (this.verdict) return true;
    this.bytes += chunk.length;
    if (this.bytes <= this.limit) this.chunks.push(chunk);
    if (!this.sniffed && (this.bytes >= SNIFF_BYTES || this.bytes > this.limit)) {
      this.sniffed = true;
      const seen = this.bytes > this.limit ? [...this.chunks, chunk] : this.chunks;
      if (!looksLikeHtml(Buffer.concat(seen).subarray(0, SNIFF_BYTES))) this.verdict = { notHtml: true };
    }
    if (!this.verdict && this.bytes > this.limit) this.verdict = { over: this.bytes };
    return this.verdict !== null;
  }

  result(): Decoded {
    if (this.verdict) return this.verdict;
    const bytes = Buffer.concat(this.chunks, this.bytes);
    if (!this.sniffed && bytes.length > 0 && !looksLikeHtml(bytes)) return { notHtml: true };
    return { bytes };
  }
}

// --- bytes -----------------------------------------------------------------------------------

/** Whether a payload without Content-Type starts like an HTML document. */
function looksLikeHtml(start: Uint8Array): boolean {
  return REGEXPS.htmlStart.test(latin1(withoutBom(start).subarray(0, SNIFF_BYTES)));
}

function looksLikeMarkup(start: Uint8Array): boolean {
  return REGEXPS.markupStart.test(latin1(withoutBom(start)));
}

function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** A zlib header: deflate method, and the check bits that make the first two bytes a multiple of 31. */
function isZlib(bytes: Uint8Array): boolean {
  const [cmf, flg] = bytes;
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

function latin1(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('latin1');
}

/** The source's chunks as bytes; a stream with an encoding set would hand out strings. */
async function* byteChunks(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') throw new TypeError('readWarc: expected bytes, got a string (do not set an encoding on the stream)');
    if (chunk.length > 0) yield chunk;
  }
}

/** Corrupt, cut or trailed gzip data becomes a WarcError naming the record; other errors pass as they are. */
function asWarcError(err: unknown, recordNumber: number): unknown {
  if (!(err instanceof GzipError)) return err;
  const message =
    err.kind === 'cut'
      ? `WARC record ${recordNumber} is cut short: the input ends inside its gzip data`
      : `WARC record ${recordNumber} cannot be read: ${err.message}`;
  return new WarcError(message, recordNumber, { cause: err });
}
