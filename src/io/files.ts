/**
 * Input files into records. NDJSON files (and stdin) stream line by line; an HTML or text file is
 * one record whose `id` is its path. A file's kind comes from its extension, or, when that says
 * nothing, from its first bytes.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createArticle, failArticle, type Article } from '../record.js';
import { INPUT_DEFAULTS, ndjsonLinesTransform, parseNdjsonTransform, tooLargeMessage, type RawLine } from './ndjson.js';

export type InputKind = 'ndjson' | 'html' | 'text';

export interface Input {
  /** A file path, or `-` for standard input. */
  path: string;
  kind: InputKind;
}

export interface ReadOptions {
  /** NDJSON lines come unparsed (`RawLine`), for the worker pool to parse on its threads. */
  raw?: boolean;
  /** Most bytes of one record (an NDJSON line, an HTML or text file); see INPUT_DEFAULTS. */
  maxBytes?: number;
  /** Stops reading: the input being read is closed, and the generator ends with an error. */
  signal?: AbortSignal;
}

const STDIN = '-';
const EXTENSIONS: Readonly<Record<string, InputKind>> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
};
const SNIFF_BYTES = 1024;

/** A problem with the command line's inputs: the CLI reports it as a usage error. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Checks every input exists and is a file, and decides its kind; throws InputError otherwise. */
export async function resolveInputs(paths: readonly string[]): Promise<Input[]> {
  const inputs: Input[] = [];
  let stdinSeen = false;
  for (const path of paths.length ? paths : [STDIN]) {
    if (path === STDIN) {
      if (stdinSeen) throw new InputError('"-" (standard input) can be given only once');
      stdinSeen = true;
      inputs.push({ path, kind: 'ndjson' });
      continue;
    }
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new InputError(err.code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${err.message}`);
    });
    if (info.isDirectory()) throw new InputError(`${path} is a directory; pass the files in it (for example ${path}/*)`);
    if (!info.isFile()) throw new InputError(`${path} is not a regular file`);
    inputs.push({ path, kind: kindByExtension(path) ?? (await sniff(path)) });
  }
  return inputs;
}

function kindByExtension(path: string): InputKind | undefined {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? EXTENSIONS[path.slice(dot).toLowerCase()] : undefined;
}

/** `{` opens NDJSON, `<` opens HTML, anything else is text. */
async function sniff(path: string): Promise<InputKind> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    const start = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/u, '').trimStart();
    return start.startsWith('{') ? 'ndjson' : start.startsWith('<') ? 'html' : 'text';
  } finally {
    await file.close();
  }
}

/**
 * Records from every input in turn, in order. A record over `maxBytes` is never read into memory: it
 * comes out with error `too-large`.
 */
export function readRecords(inputs: readonly Input[], stdin: Readable, options?: ReadOptions & { raw?: false }): AsyncGenerator<Article>;
export function readRecords(inputs: readonly Input[], stdin: Readable, options: ReadOptions): AsyncGenerator<Article | RawLine>;
export async function* readRecords(inputs: readonly Input[], stdin: Readable, options: ReadOptions = {}): AsyncGenerator<Article | RawLine> {
  const maxBytes = options.maxBytes ?? INPUT_DEFAULTS.maxBytes;
  for (const input of inputs) {
    options.signal?.throwIfAborted();
    if (input.kind === 'ndjson') {
      const source = input.path === STDIN ? stdin : createReadStream(input.path);
      const parse = input.path === STDIN ? { maxBytes } : { maxBytes, file: input.path };
      const parser = options.raw ? ndjsonLinesTransform(parse) : parseNdjsonTransform(parse);
      // pipeline forwards a read error into the parser, where the loop below sees it
      pipeline(source, parser, () => {});
      const stop = () => parser.destroy(new Error('reading stopped'));
      options.signal?.addEventListener('abort', stop, { once: true });
      try {
        yield* parser as AsyncIterable<Article | RawLine>;
      } finally {
        options.signal?.removeEventListener('abort', stop);
      }
    } else {
      yield await readPage(input, maxBytes);
    }
  }
}

/** An HTML or text file as one record, or a `too-large` record without reading it. */
async function readPage(input: Input, maxBytes: number): Promise<Article> {
  const origin = { file: input.path };
  const { size } = await stat(input.path);
  if (size > maxBytes) {
    const empty = createArticle({ format: input.kind === 'html' ? 'html' : 'text', content: '' }, { id: input.path }, origin);
    return failArticle(empty, 'too-large', tooLargeMessage(size, maxBytes, 'file'));
  }
  const content = await readFile(input.path, 'utf8');
  return createArticle({ format: input.kind === 'html' ? 'html' : 'text', content }, { id: input.path }, origin);
}
