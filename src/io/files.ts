/**
 * Inputs into records. Arguments may be files, directories (walked in sorted order), globs and `-`
 * (stdin). Each input is opened as a stream: gzip is undone when its first bytes say so, whatever
 * its name, and its kind comes from `--input-format`, else its extension, else its first bytes.
 * NDJSON streams line by line; a WARC gives one record per HTML response; an HTML or text file is
 * one record whose `id` is its path, its bytes decoded by their declared or detected charset.
 */
import { createReadStream, type Dirent, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { asBuffer, gunzip, isGzip, peek } from './bytes.js';
import { lazy } from '../lazy.js';
import { createArticle, failArticle, type Article } from '../record.js';
import { decodeBytes } from './decode.js';
import { INPUT_DEFAULTS, ndjsonLinesTransform, parseNdjsonTransform, tooLargeMessage, type RawLine } from './ndjson.js';
import { looksLikeWarc, readWarc } from './warc.js';

export type InputKind = 'ndjson' | 'html' | 'text' | 'warc';
export const INPUT_KINDS: readonly InputKind[] = ['ndjson', 'html', 'text', 'warc'];

/** Loaded when an argument names no file, to see whether it is a pattern. */
const tinyglobby = lazy<typeof import('tinyglobby')>(import.meta.url, 'tinyglobby');

export interface Input {
  /** A file path, or `-` for standard input. */
  path: string;
  /** Known from --input-format or the extension; otherwise sniffed when the input is opened. */
  kind?: InputKind;
  /**
   * The input's name for --out-dir: its path under the directory or glob it was found in, its base
   * name when given as a file, `stdin` for `-`.
   */
  name: string;
  /** Bytes on disk, when known (for progress). */
  size?: number;
  /**
   * How its records name it (`id`, `file`, a read failure's message), when not by `path`: a batch
   * run reads by absolute path a file that was named relatively, and names it as it was named.
   */
  label?: string;
  /** A folder found while walking that could not be read, and why: it gives one `read-failed` record. */
  unreadable?: string;
}

export interface ResolveOptions {
  /** Read every input as this kind (--input-format) instead of looking at names and bytes. */
  kind?: InputKind;
}

export interface ReadOptions {
  /** NDJSON lines come unparsed (`RawLine`), for the worker pool to parse on its threads. */
  raw?: boolean;
  /** Most bytes of one record (an NDJSON line, an HTML or text file, a WARC payload); see INPUT_DEFAULTS. */
  maxBytes?: number;
  /** Stops reading: the input being read is closed, and the generator ends with an error. */
  signal?: AbortSignal;
  /** Told of every record about to be yielded, with the index of its input (for --out-dir). */
  onRecord?: (inputIndex: number) => void;
  /** Told of every WARC record that is not an HTML response, with why. */
  onSkip?: (reason: string) => void;
  /** Told, once, when standard input does not look like the NDJSON it is read as (a hint for people). */
  onNotice?: (message: string) => void;
  /** Told of the bytes read from disk or stdin, before decompression (for progress). */
  onBytes?: (bytes: number) => void;
}

const STDIN = '-';
const GZIP_EXTENSION = '.gz';
const EXTENSIONS: Readonly<Record<string, InputKind>> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.warc': 'warc',
};
/**
 * Enough of the start of an input to tell its kind: a line, or this many bytes. No more is waited
 * for: a slow stdin (`tail -f log.ndjson | decruft`) must not hold its first records back.
 */
const SNIFF_BYTES = 16;
/** Bytes to read before deciding whether an input is gzip. */
const GZIP_MAGIC_BYTES = 2;
/** Files read in pieces of this size: fewer, larger chunks for the line splitter. */
const READ_CHUNK = 1024 * 1024;

/** A problem with the command line's inputs: the CLI reports it as a usage error. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A file or folder found while walking a folder and passed over, and why (the CLI counts them). */
export interface PassedOver {
  path: string;
  why: 'fifo' | 'socket' | 'device' | 'dangling link' | 'link loop';
}

/** Why a named input cannot be used, by the error the file system gave. */
const UNUSABLE: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path before the last is a file, not a folder',
  ENAMETOOLONG: 'the name is too long for the file system',
  ELOOP: 'too many symbolic links (a link loop)',
};

/** A URL given where a file is expected: decruft never fetches anything. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Expands the arguments into inputs, in order: directories walked recursively in sorted order
 * (names starting with `.` left out), globs expanded in sorted order. Throws InputError for a named
 * input that cannot be used: one that does not exist or cannot be looked at, a glob that matches
 * nothing, `-` twice, a device (`/dev/zero` never ends). A subfolder that cannot be read while a
 * folder is walked is an input of its own whose reading fails (a `read-failed` record, in its
 * place), and the walk goes on; FIFOs, sockets, devices and dangling links found there are passed
 * over and told to `onPassOver`.
 */
export async function resolveInputs(paths: readonly string[], options: ResolveOptions & { onPassOver?: (item: PassedOver) => void } = {}): Promise<Input[]> {
  const inputs: Input[] = [];
  let stdinSeen = false;
  const add = (path: string, name: string, info?: Stats) => {
    const input: Input = { path, name };
    const kind = options.kind ?? kindByExtension(path);
    if (kind) input.kind = kind;
    if (info?.isFile()) input.size = info.size;
    inputs.push(input);
  };
  for (const path of paths.length ? paths : [STDIN]) {
    if (path === STDIN) {
      if (stdinSeen) throw new InputError('"-" (standard input) can be given only once');
      stdinSeen = true;
      add(path, 'stdin');
      continue;
    }
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new InputError(`cannot use ${path}: ${UNUSABLE[err.code ?? ''] ?? err.message}`);
    });
    if (info?.isDirectory()) {
      const found = await walk(path, options.onPassOver);
      if (found.length === 0) throw new InputError(`no files in ${path}`);
      for (const file of found) {
        if (file.unreadable) inputs.push({ path: join(path, file.path), name: file.path, unreadable: file.unreadable });
        else add(join(path, file.path), file.path, file.info);
      }
    } else if (info) {
      if (info.isCharacterDevice() || info.isBlockDevice() || info.isSocket()) {
        throw new InputError(`${path} is a ${info.isSocket() ? 'socket' : 'device'}, not a file; to read one, pipe it in: cat ${path} | decruft -`);
      }
      add(path, basename(path), info); // a file, or a FIFO (`<(zcat …)`): read as a stream
    } else if (tinyglobby().isDynamicPattern(path)) {
      const matches = (await tinyglobby().glob(path, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(path) })).sort();
      if (matches.length === 0) throw new InputError(`no file matches ${path}`);
      const base = path.slice(0, path.search(/[*?[{(!]/)).replace(/[^/]*$/, '');
      for (const match of matches) add(match, relative(base || '.', match), await stat(match).catch(() => undefined));
    } else if (URL_LIKE.test(path)) {
      throw new InputError(
        `${path} is a URL: decruft reads files and never fetches anything (no network); fetch the page yourself and pipe it in: curl -s '${path}' | decruft --input-format html`,
      );
    } else {
      throw new InputError(`no such file: ${path}`);
    }
  }
  return inputs;
}

/** A file found by walk, or a folder it could not read. */
interface Found {
  /** Relative to the folder walked. */
  path: string;
  info?: Stats;
  /** Why the folder could not be read (its files are not known). */
  unreadable?: string;
}

/**
 * The files under `dir` (links to files followed), as paths relative to it, sorted; hidden names
 * (`.git`, `.DS_Store`) left out. Walked folder by folder, without recursion, so that a folder
 * that cannot be read is one entry in its place and the rest are still found.
 */
async function walk(dir: string, onPassOver?: (item: PassedOver) => void): Promise<Found[]> {
  const found: Found[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(join(dir, folder), { withFileTypes: true });
    } catch (err) {
      const why = UNUSABLE[(err as NodeJS.ErrnoException).code ?? ''] ?? (err as Error).message;
      // the folder named on the command line is unusable as a whole: a usage error, as for a file
      if (folder === '') throw new InputError(`cannot use ${dir}: ${why}`);
      found.push({ path: folder, unreadable: `the folder cannot be read: ${why}` });
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = folder ? join(folder, entry.name) : entry.name;
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      if (entry.isFile()) {
        found.push({ path });
        continue;
      }
      // a link is followed to a file; a link to a folder is not walked (it could loop)
      const target = entry.isSymbolicLink() ? await stat(join(dir, path)).catch((err: NodeJS.ErrnoException) => err) : null;
      if (target instanceof Error) onPassOver?.({ path: join(dir, path), why: target.code === 'ELOOP' ? 'link loop' : 'dangling link' });
      else if (target?.isFile()) found.push({ path, info: target });
      else if (!target?.isDirectory()) onPassOver?.({ path: join(dir, path), why: notAFile(target ?? entry) });
    }
  }
  const sorted = found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) if (!file.unreadable && !file.info) file.info = await stat(join(dir, file.path)).catch(() => undefined);
  return sorted;
}

function notAFile(entry: Stats | Dirent): PassedOver['why'] {
  return entry.isFIFO() ? 'fifo' : entry.isSocket() ? 'socket' : 'device';
}

function kindByExtension(path: string): InputKind | undefined {
  let name = basename(path).toLowerCase();
  if (name.endsWith(GZIP_EXTENSION)) name = name.slice(0, -GZIP_EXTENSION.length);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? EXTENSIONS[name.slice(dot)] : undefined;
}

/** WARC by its version line, NDJSON by `{`, HTML by `<`; anything else is text. */
function sniffKind(head: Buffer): InputKind {
  if (looksLikeWarc(head)) return 'warc';
  const start = head
    .toString('utf8')
    .replace(/^\uFEFF/u, '')
    .trimStart();
  return start.startsWith('{') ? 'ndjson' : start.startsWith('<') ? 'html' : 'text';
}

/**
 * Records from every input in turn, in order. A record over `maxBytes` is never held whole (at most
 * `maxBytes` of it while it streams past): it comes out with error `too-large`. An input that cannot be read to its end (a truncated gzip or
 * WARC, a read error) gives what it had, then one record with error `read-failed`, and the next
 * input is read.
 */
export function readRecords(inputs: readonly Input[], stdin: Readable, options?: ReadOptions & { raw?: false }): AsyncGenerator<Article>;
export function readRecords(inputs: readonly Input[], stdin: Readable, options: ReadOptions): AsyncGenerator<Article | RawLine>;
export async function* readRecords(inputs: readonly Input[], stdin: Readable, options: ReadOptions = {}): AsyncGenerator<Article | RawLine> {
  const maxBytes = options.maxBytes ?? INPUT_DEFAULTS.maxBytes;
  for (const [index, input] of inputs.entries()) {
    options.signal?.throwIfAborted();
    if (input.unreadable) {
      options.onRecord?.(index);
      yield readFailure(input, new Error(input.unreadable));
      continue;
    }
    const source = input.path === STDIN ? stdin : createReadStream(input.path, { highWaterMark: READ_CHUNK });
    // stopping closes the source itself: the streams over it may be waiting on it (an idle stdin)
    const close = () => source.destroy();
    options.signal?.addEventListener('abort', close, { once: true });
    try {
      const opened = await openInput(input, source, options);
      for await (const record of recordsOf(opened, input, { ...options, maxBytes })) {
        options.onRecord?.(index);
        yield record;
      }
    } catch (err) {
      options.signal?.throwIfAborted();
      options.onRecord?.(index);
      yield readFailure(input, err);
    } finally {
      options.signal?.removeEventListener('abort', close);
    }
  }
}

/** The `read-failed` record of an input that broke off. */
function readFailure(input: Input, err: unknown): Article {
  const file = input.path === STDIN ? undefined : (input.label ?? input.path);
  const record = createArticle({ format: 'text', content: '' }, file === undefined ? {} : { id: file }, file === undefined ? {} : { file });
  return failArticle(record, 'read-failed', `reading ${file ?? 'standard input'} failed: ${(err as Error)?.message ?? String(err)}`);
}

/** An input's source as a byte stream, gunzipped if it starts like gzip, and the input's kind. */
async function openInput(
  input: Input,
  source: Readable,
  { onBytes, onNotice }: Pick<ReadOptions, 'onBytes' | 'onNotice'>,
): Promise<{ stream: Readable; kind: InputKind; gzipped: boolean }> {
  let chunks: AsyncIterable<Uint8Array> = onBytes ? counted(source, onBytes) : source;
  const raw = await peek(chunks, GZIP_MAGIC_BYTES);
  const gzipped = isGzip(raw.head);
  // member by member: what decoded before damaged, cut or trailing bytes is all handed on, then the error
  chunks = gzipped ? gunzip(raw.rest) : raw.rest;
  let kind = input.kind;
  if (!kind) {
    const start = await peek(chunks, (head) => head.length >= SNIFF_BYTES || head.includes(0x0a));
    chunks = start.rest;
    const sniffed = sniffKind(asBuffer(start.head));
    kind = input.path === STDIN && sniffed === 'text' ? 'ndjson' : sniffed;
    if (input.path === STDIN && sniffed === 'text' && start.head.length > 0) {
      onNotice?.('standard input does not start like NDJSON (one JSON object a line) but is read as NDJSON: for a text scrape, use --input-format text');
    }
  }
  return { stream: Readable.from(chunks, { objectMode: false }), kind, gzipped };
}

/** The source's chunks, with `onBytes` told of each as it passes. */
async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/** The records of one opened input. */
async function* recordsOf(
  { kind, stream, gzipped }: { kind: InputKind; stream: Readable; gzipped: boolean },
  input: Input,
  options: ReadOptions & { maxBytes: number },
): AsyncGenerator<Article | RawLine> {
  const file = input.path === STDIN ? undefined : (input.label ?? input.path);
  const origin = file === undefined ? {} : { file };
  if (kind === 'ndjson') {
    const parse = { maxBytes: options.maxBytes, ...origin };
    const parser = options.raw ? ndjsonLinesTransform(parse) : parseNdjsonTransform(parse);
    // A read error ends the input rather than destroying the parser, which would throw away the
    // lines it holds: everything read before the break becomes records, then the error is raised.
    let readError: unknown = null;
    const untilError = async function* () {
      try {
        yield* stream as AsyncIterable<Buffer>;
      } catch (err) {
        readError = err;
      }
    };
    pipeline(Readable.from(untilError(), { objectMode: false }), parser, () => {});
    yield* parser as AsyncIterable<Article | RawLine>;
    if (readError) throw readError;
  } else if (kind === 'warc') {
    for await (const item of readWarc(stream, { maxBytes: options.maxBytes })) {
      const recordOrigin = { ...origin, line: item.recordNumber };
      if ('skipped' in item) {
        options.onSkip?.(item.skipped);
      } else if ('tooLarge' in item) {
        const record = createArticle({ format: 'html', content: '' }, warcFields(item), recordOrigin);
        yield failArticle(record, 'too-large', tooLargeMessage(item.tooLarge, options.maxBytes, 'WARC payload', item.measured === 'decoded'));
      } else {
        const page = item.page;
        const { text } = decodeBytes(page.body, { kind: 'html', contentType: page.contentType ?? undefined });
        yield createArticle({ format: 'html', content: text }, warcFields(page), recordOrigin);
      }
    }
  } else {
    const fields = file === undefined ? {} : { id: file }; // a page on stdin has no name to give
    const format = kind === 'html' ? 'html' : 'text';
    const tooLarge = (bytes: number, atLeast: boolean) =>
      failArticle(createArticle({ format, content: '' }, fields, origin), 'too-large', tooLargeMessage(bytes, options.maxBytes, 'file', atLeast));
    if (!gzipped && input.size !== undefined && input.size > options.maxBytes) {
      stream.destroy();
      yield tooLarge(input.size, false);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // past the limit, read no further: a file inflating to gigabytes, or an endless stream, is not read to its end
      if (size > options.maxBytes) break;
      chunks.push(chunk);
    }
    if (size > options.maxBytes) {
      stream.destroy();
      yield tooLarge(options.maxBytes, true);
    } else {
      const { text } = decodeBytes(Buffer.concat(chunks, size), { kind: format });
      yield createArticle({ format, content: text }, fields, origin);
    }
  }
}

/** A WARC page's passthrough fields: `id` from WARC-Record-ID, `url`, `fetched` from WARC-Date. */
function warcFields(page: { id: string | null; url: string; fetched: string | null }): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (page.id !== null) fields['id'] = page.id;
  fields['url'] = page.url;
  if (page.fetched !== null) fields['fetched'] = page.fetched;
  return fields;
}
