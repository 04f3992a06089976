/**
 * Where the output lines go: stdout, one file (`-o`, gzipped when its name ends in `.gz`), or one
 * file per input (`--out-dir`), named after the input. Records come out in input order, so the
 * per-input files are written one after the other, each complete before the next is opened.
 */
import { constants, createWriteStream } from 'node:fs';
import { mkdir, open, realpath, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pipeline, Writable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import type { Input } from './files.js';
import type { OutputFormat } from './serialize.js';

const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = { jsonl: '.jsonl', text: '.txt', markdown: '.md' };
/** Input extensions replaced by the output's (with `.gz` before them taken off too). */
const INPUT_EXTENSION = /\.(ndjson|jsonl|html?|xhtml|txt|text|warc)$/i;
const GZ = /\.gz$/i;

/** A problem with the output options (a name collision under --out-dir): a usage error. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** How often a FIFO with no reader yet is tried again (the wait can be stopped between tries). */
const FIFO_RETRY_MS = 100;

/**
 * A file to write to, gzipped if its name ends in `.gz`; resolves once it is open. Its folder is
 * made first, one level at a time, so that a path that cannot be made fails at once with why. A
 * FIFO is opened once it has a reader, and `signal` stops the wait (a blocking open could not be).
 */
async function openFile(path: string, signal?: AbortSignal): Promise<Writable> {
  await makeFolder(dirname(path));
  const probe = await readerOf(path, signal);
  const file = createWriteStream(path);
  try {
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
  } finally {
    await probe?.close();
  }
  if (!GZ.test(path)) return file;
  const gzip = createGzip();
  // the file's own error (a full disk) is the one to report, not the gzip stream's "destroyed"
  let failure: Error | null = null;
  file.on('error', (err) => (failure ??= err));
  pipeline(gzip, file, () => {});
  // the gzip stream is what is written to; it is finished only once the file is
  return new Writable({
    write(chunk, encoding, done) {
      gzip.write(chunk, encoding, (err) => done(err ? (failure ?? err) : null));
    },
    final(done) {
      file.once('close', () => done(failure));
      file.once('error', done);
      gzip.end();
    },
    destroy(err, done) {
      gzip.destroy();
      file.destroy();
      done(err ?? failure);
    },
  });
}

/**
 * Makes `folder` and the folders above it that are missing, top down, one `mkdir` each (Node's
 * recursive mkdir loops forever on some paths, such as under /proc). Throws OutputError naming the
 * folder that cannot be made, or the file that stands where a folder must be.
 */
async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(folder); ; at = dirname(at)) {
    const info = await stat(at).catch(() => null);
    if (info?.isDirectory()) break;
    if (info) throw new OutputError(`cannot write under ${at}: it is a file, not a folder`);
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    await mkdir(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw new OutputError(`cannot make the folder ${at}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`);
    });
  }
}

/**
 * Waits, while `signal` allows, until the FIFO at `path` (if it is one) has a reader; returns a
 * handle to close once the file is opened for writing (closing it before would tell the reader the
 * writing is over), or null for any other path.
 */
async function readerOf(path: string, signal?: AbortSignal): Promise<FileHandle | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFIFO()) return null;
  for (;;) {
    signal?.throwIfAborted();
    try {
      // without a reader, a non-blocking open for writing fails at once (ENXIO) instead of waiting
      return await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
    }
    await delay(FIFO_RETRY_MS, undefined, signal ? { signal } : {});
  }
}

/** An empty output file (for `.gz`, an empty gzip stream). */
async function emptyFile(path: string): Promise<void> {
  await makeFolder(dirname(path));
  await writeFile(path, GZ.test(path) ? gzipSync('') : '');
}

/** The output file opened for `-o FILE`; `signal` stops a wait for a FIFO's reader. */
export function fileOutput(path: string, signal?: AbortSignal): Promise<Writable> {
  return openFile(path, signal);
}

/**
 * The output path under `outDir` for each input: its name, with the format's extension. A name is
 * kept inside the folder: `.` and empty segments are dropped and a `..` segment becomes `__` (a
 * glob whose pattern climbs after its wildcard names its files by a path such as `../other/y.html`). Throws OutputError when
 * two inputs would be written to one file, or one input's file would be a folder another's needs.
 */
export function outputPaths(inputs: readonly Input[], outDir: string, format: OutputFormat): string[] {
  const seen = new Map<string, string>();
  const root = resolve(outDir);
  const paths = inputs.map((input) => {
    const gzipped = GZ.test(input.name);
    const stem = input.name.replace(GZ, '').replace(INPUT_EXTENSION, '');
    const segments = stem
      .split(sep === '/' ? /\/+/ : /[\\/]+/)
      .filter((part) => part !== '' && part !== '.')
      .map((part) => (part === '..' ? '__' : part));
    const path = join(outDir, ...segments) + FORMAT_EXTENSIONS[format] + (gzipped ? '.gz' : '');
    if (!resolve(path).startsWith(root + sep)) throw new OutputError(`${input.path} would be written outside ${outDir} (as ${path})`);
    const other = seen.get(path);
    if (other !== undefined) throw new OutputError(`${other} and ${input.path} would both be written to ${path}; clean them in separate runs`);
    seen.set(path, input.path);
    return path;
  });
  // a file one input needs where another needs a folder: a.jsonl, and a.jsonl/b.jsonl
  for (const path of paths) {
    for (let folder = dirname(path); resolve(folder).startsWith(root + sep); folder = dirname(folder)) {
      const owner = seen.get(folder);
      if (owner !== undefined)
        throw new OutputError(`${owner} would be written to ${folder}, which ${seen.get(path)} needs as a folder; clean them in separate runs`);
    }
  }
  return paths;
}

/**
 * Checks, before anything is opened, that no output file is one of the inputs: by the same file
 * (device and inode: links, hard links, `./x` and `x`) or the same resolved path. Under --out-dir
 * it also checks that nothing on disk stands where an output file or its folder must go. Throws
 * OutputError naming both.
 */
export async function checkOutputs(outputs: readonly string[], inputs: readonly Input[]): Promise<void> {
  const byIdentity = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (const input of inputs) {
    if (input.path === '-') continue;
    const info = await stat(input.path).catch(() => null);
    if (info) byIdentity.set(`${info.dev}:${info.ino}`, input.path);
    byPath.set(await realOrResolved(input.path), input.path);
  }
  for (const output of outputs) {
    const info = await stat(output).catch(() => null);
    const input = (info && byIdentity.get(`${info.dev}:${info.ino}`)) ?? byPath.get(await realOrResolved(output));
    if (input !== undefined)
      throw new OutputError(`the output ${output} is the input ${input}: it would be overwritten while it is read; write the output elsewhere`);
    if (info?.isDirectory()) throw new OutputError(`the output ${output} is a folder`);
  }
}

/** The path with its links resolved, as far as it exists; the rest of it as given. */
async function realOrResolved(path: string): Promise<string> {
  const real = await realpath(path).catch(() => null);
  if (real) return real;
  const parent = dirname(resolve(path));
  return parent === resolve(path) ? parent : join(await realOrResolved(parent), basename(path));
}

/**
 * A Writable for `--out-dir`: each output line goes to the file of the input its record came from.
 * `noteRecord(i)` must be called, in order, for every record read from input `i` (readRecords'
 * `onRecord`); lines are matched to inputs in that order. Every input gets its file, an empty one
 * when it had no records.
 */
export function perInputOutput(paths: readonly string[]): { writable: Writable; noteRecord(inputIndex: number): void; stopped(): void } {
  const owners: number[] = []; // the input of each record read and not yet written, oldest first
  let head = 0;
  let current = -1;
  let file: Writable | null = null;
  let stoppedEarly = false; // inputs never reached then get no file: an empty one would say "no records"

  const finish = async (upTo: number) => {
    if (file) await new Promise<void>((resolve, reject) => file!.end((err?: Error | null) => (err ? reject(err) : resolve())));
    file = null;
    for (let i = current + 1; i < upTo; i++) await emptyFile(paths[i]!); // inputs without records
  };
  const switchTo = async (index: number) => {
    await finish(index);
    current = index;
    file = await openFile(paths[index]!);
  };

  const writable = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      // one write per record, in the order noteRecord was told of them (serialize's one string each)
      const owner = owners[head++];
      if (owner === undefined) {
        done(new Error('--out-dir: more output than records read (a bug in decruft; please report it)'));
        return;
      }
      if (head > 1024) {
        owners.splice(0, head);
        head = 0;
      }
      const write = () => file!.write(chunk, (err) => done(err));
      if (owner === current && file) write();
      else switchTo(owner).then(write, done);
    },
    final(done) {
      finish(stoppedEarly ? current + 1 : paths.length).then(() => done(), done);
    },
    destroy(err, done) {
      file?.destroy();
      done(err);
    },
  });
  return { writable, noteRecord: (inputIndex) => void owners.push(inputIndex), stopped: () => void (stoppedEarly = true) };
}
