/**
 * Where the output lines go: stdout, one file (`-o`, gzipped when its name ends in `.gz`), or one
 * file per input (`--out-dir`), named after the input. Records come out in input order, so the
 * per-input files are written one after the other, each complete before the next is opened.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

/** A file to write to, gzipped if its name ends in `.gz`; resolves once it is open. */
async function openFile(path: string): Promise<Writable> {
  await mkdir(dirname(path), { recursive: true });
  const file = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  if (!GZ.test(path)) return file;
  const gzip = createGzip();
  pipeline(gzip, file, () => {});
  // the gzip stream is what is written to; it is finished only once the file is
  return new Writable({
    write(chunk, encoding, done) {
      gzip.write(chunk, encoding, done);
    },
    final(done) {
      file.once('close', () => done());
      file.once('error', done);
      gzip.end();
    },
    destroy(err, done) {
      gzip.destroy();
      file.destroy();
      done(err);
    },
  });
}

/** An empty output file (for `.gz`, an empty gzip stream). */
async function emptyFile(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, GZ.test(path) ? gzipSync('') : '');
}

/** The output file opened for `-o FILE`. */
export function fileOutput(path: string): Promise<Writable> {
  return openFile(path);
}

/** The output path under `outDir` for each input: its name, with the format's extension. */
export function outputPaths(inputs: readonly Input[], outDir: string, format: OutputFormat): string[] {
  const seen = new Map<string, string>();
  return inputs.map((input) => {
    const gzipped = GZ.test(input.name);
    const stem = input.name.replace(GZ, '').replace(INPUT_EXTENSION, '');
    const path = join(outDir, stem + FORMAT_EXTENSIONS[format] + (gzipped ? '.gz' : ''));
    const other = seen.get(path);
    if (other !== undefined) throw new OutputError(`${other} and ${input.path} would both be written to ${path}; clean them in separate runs`);
    seen.set(path, input.path);
    return path;
  });
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
