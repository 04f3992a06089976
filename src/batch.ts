/**
 * `decruft batch`: one cleaning job over many input files, cut into shards that any runner can run
 * apart, side by side and again: Slurm array tasks (`decruft batch slurm`), GNU parallel, a loop.
 * Each shard is cleaned by the pipeline the `decruft` command runs (readRecords, cleanStages), with
 * the cleaning flags the plan stored. What it keeps in the output folder OUT:
 *
 *   manifest.json          the plan: the cleaning flags, and each shard's input files
 *   sites.json             with --learn-sites: the site memory the plan's first pass learned from every record
 *   shard-K.jsonl.gz       shard K's output (`.txt.gz`, `.md.gz` for the other formats), renamed into place once whole
 *   shard-K.partial.HOST.PID.*.gz   the same while run PID on HOST writes it; a run killed halfway leaves only this
 *   shard-K.done.json      its completion marker: the records in, out and failed, and the plan it ran
 *   shard-K.failed.json    a run that ended in an error: why
 *   shard-K.lock           while a run holds shard K: its pid, host and token, touched every LOCK.heartbeatMs
 *
 * A shard is complete when its marker matches its plan and its output is there, of the size the
 * marker says (merge checks its sha256 too): a rerun skips it, and deleting or damaging its output
 * redoes it.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, readdir, readFile, realpath, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { Options } from 'yargs';
import {
  checkFlagValues,
  cleanOptions,
  EXIT,
  FLAGS,
  jobsForInput,
  loadAcrossState,
  loadRuleFile,
  loadSettings,
  readCommandLine,
  saveState,
  SIGNALS,
  usageError,
  version,
  writeAtomically,
  type Args,
  type SignalName,
  type CliIO,
} from './cli.js';
import { INPUT_KINDS, InputError, readRecords, resolveInputs, type Input, type InputKind, type ReadOptions } from './io/files.js';
import { checkOutputs, fileOutput, OutputError } from './io/output.js';
import type { OutputFormat } from './io/serialize.js';
import { describe } from './options.js';
import { resolveSettings, withSettings } from './settings.js';
import { Tally } from './tally.js';

/** The manifest's header; a file with another is refused (see readManifest). */
export const MANIFEST_FORMAT = 'decruft-batch';
export const MANIFEST_VERSION = 1;
const MARKER_FORMAT = 'decruft-batch-shard';

/** The files of OUT that are not a shard's. */
const NAMES = { manifest: 'manifest.json', sites: 'sites.json', script: 'slurm.sh', logs: 'logs' } as const;

/** Output extension of each format (gzipped: shards are many and large). */
const SHARD_EXTENSIONS: Readonly<Record<OutputFormat, string>> = { jsonl: '.jsonl.gz', text: '.txt.gz', markdown: '.md.gz' };

/**
 * A lock is touched every `heartbeatMs` by the run holding it. A lock whose run is gone is taken
 * over: at once on the host that wrote it (its pid is dead), from another host once it has not
 * been touched for `staleMs`. Six missed heartbeats leave room for a shared file system's slow
 * metadata and a busy node, and a killed Slurm task is redone a minute after at the latest. A
 * takeover is guarded for the few milliseconds it takes; a guard older than `takeoverMs` was left
 * by a run killed while it held one.
 */
const LOCK = { heartbeatMs: 10_000, staleMs: 60_000, takeoverMs: 10_000 } as const;

/**
 * The `decruft` flags a plan stores and every shard runs with: how records are read, cleaned and
 * written. Not: where the output goes (the batch decides), --jobs (each run's own), the state
 * files (the batch keeps its own), and REFUSED_FLAGS.
 */
const CLEANING_FLAGS = [
  'input-format',
  'max-bytes',
  'favor',
  'extractor',
  'dom',
  'rules',
  'settings',
  'set',
  'timeout',
  'memory',
  'learn-sites',
  'format',
  'fields',
  'blocks',
  'explain',
] as const satisfies ReadonlyArray<keyof typeof FLAGS>;

/** The `decruft` flags a plan refuses, each with why: the steps that need every record in input order, in one stream. */
const REFUSED_FLAGS = {
  'near-dupes':
    '--near-dupes finds later copies of earlier records, in input order, and a shard reads only its own: ' +
    'run decruft --near-dupes over the inputs in one run (or in parts, in order, with --copies-state)',
  stories:
    '--stories puts the write-ups of one event in one story across every record, and a shard reads only its own: ' +
    'run decruft --stories over the inputs in one run (or in parts, in order, with --stories-state)',
  'site-hold': "--site-hold is not needed: with --learn-sites, a plan learns every record first, and every shard decides knowing all of a site's pages",
  'site-passes': "--site-passes is not needed: with --learn-sites, a plan learns every record first, and every shard decides knowing all of a site's pages",
} as const;

/** Flags that name a file: stored as an absolute path, with its checksum. */
const FILE_FLAGS = ['rules', 'settings'] as const;

/** One input file of a shard, as the plan found it. */
export interface PlannedFile {
  /** Absolute: where runs read it, whatever their working folder. */
  path: string;
  /** The path as the plan was given it, when relative: its records are named by it, as one decruft run names them. */
  given?: string;
  bytes: number;
  /** From --input-format or the file's extension; absent: told by its first bytes when read. */
  kind?: InputKind;
}

export interface PlannedShard {
  /** The sum of its files' bytes. */
  bytes: number;
  files: PlannedFile[];
}

/** OUT/manifest.json. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  /** The decruft that planned it (for people; a run does not check it). */
  decruft: string;
  /** The cleaning flags, as on the command line (files by absolute path). */
  options: string[];
  /** sha256 of each file the options name: a run refuses a file changed since the plan. */
  checksums: Record<string, string>;
  /** With --learn-sites: the site memory of the first pass, in OUT, and its sha256. */
  sites: { file: string; sha256: string } | null;
  total: { files: number; bytes: number };
  shards: PlannedShard[];
}

/** OUT/shard-K.done.json. */
export interface ShardMarker {
  format: typeof MARKER_FORMAT;
  version: number;
  shard: number;
  /** The digest of the shard's plan (see shardDigest): a marker of another plan is not this shard's. */
  plan: string;
  files: number;
  bytes: number;
  /** In: records read; out: cleaned (empty ones included); failed: with an error (in = out + failed). */
  records: { in: number; out: number; failed: number; empty: number };
  /** The output file as it was renamed into place: a file of another size or digest is damaged. */
  output: { bytes: number; sha256: string };
  /** Failed records by error code. */
  errors: Record<string, number>;
  /** WARC records that are no page, by why (read, not written). */
  skipped: Record<string, number>;
  seconds: number;
  host: string;
  finished: string;
}

/** What is in the way: a manifest or marker that is not what it should be, a shard out of range. */
export class BatchError extends Error {
  override name = 'BatchError';
}

const USAGE = `Usage: decruft batch plan --shards N --out-dir OUT [cleaning options] inputs...
       decruft batch run --shard K [--jobs N] OUT
       decruft batch status OUT
       decruft batch merge [-o FILE] OUT
       decruft batch slurm OUT [--dry-run] [--max-running N] [sbatch options]

One cleaning job over many input files, cut into shards that run apart, side by side and again:
  plan    writes OUT/manifest.json: each shard's input files (in input order, balanced by bytes)
          and the cleaning options every shard runs with
  run     cleans shard K into OUT/shard-K.jsonl.gz, through a temporary name, with a completion
          marker; a complete shard is skipped, a shard another run holds is refused
  status  shards done, running, failed, damaged and missing, with records in, out and failed;
          exit 0 when every shard is done, 1 when not
  merge   every shard's output, in shard order: every input record once, in the order of the inputs
  slurm   writes OUT/slurm.sh, an sbatch --array script with one task per shard still to run, and
          submits it

Run "decruft batch COMMAND --help" for a command's options.

Examples:
  decruft batch plan --shards 64 --out-dir run1 --favor precision 'cc/**/*.warc.gz'
  decruft batch slurm run1 --partition=cpu --cpus-per-task=8 --time=2:00:00
  decruft batch status run1 && decruft batch merge -o clean.jsonl.gz run1
  parallel -j $(nproc) decruft batch run --shard {} --jobs 1 run1 ::: $(seq 0 63)`;

/** `decruft batch …`: resolves to the exit code. */
export async function batchMain(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  const commands: Record<string, (argv: readonly string[], io: CliIO) => Promise<number>> = { plan, run, status, merge, slurm };
  if (command === undefined || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE + '\n');
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const handler = commands[command];
  if (!handler) return usageError(io, `unknown command "${command}": expected one of ${Object.keys(commands).join(', ')}`, 'decruft batch');
  try {
    return await handler(rest, io);
  } catch (err) {
    if (err instanceof BatchError || err instanceof InputError || err instanceof OutputError || (err as Error).name === 'RuleFileError') {
      return usageError(io, (err as Error).message, `decruft batch ${command}`);
    }
    // the file system's refusals (a full disk, a file where a folder should be, no permission): what and where, not a stack
    if (typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string') {
      io.stderr.write(`decruft batch ${command}: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// plan

async function plan(argv: readonly string[], io: CliIO): Promise<number> {
  const flags: Record<string, Options> = {
    shards: { type: 'number', demandOption: true, describe: 'How many shards to cut the inputs into (fewer when there are fewer files)' },
    'out-dir': { type: 'string', demandOption: true, describe: 'The folder of the job: manifest, shard outputs, markers, logs' },
    jobs: { ...FLAGS.jobs, describe: 'With --learn-sites: worker threads of the first pass (see decruft --help)' },
    ...Object.fromEntries(Object.keys(REFUSED_FLAGS).map((flag): [string, Options] => [flag, { type: 'string', hidden: true }])),
    ...cleaningFlags(),
    'learn-sites': {
      ...FLAGS['learn-sites'],
      describe:
        "Learn each site's repeated blocks (menus, footers, prompts in the site's own wording) and take them out: the plan " +
        'cleans every record once to learn them into OUT/sites.json, and every shard decides with that memory',
    },
  };
  const parsed = await parseCommand('plan', argv, flags, 'decruft batch plan --shards N --out-dir OUT [cleaning options] inputs...', PLAN_EPILOGUE);
  if ('exit' in parsed) return report(io, parsed);
  const args = parsed.args;
  const shards = args['shards'] as number;
  const outDir = args['outDir'] as string;
  if (!Number.isInteger(shards) || shards < 1) throw new BatchError(`--shards: expected a whole number, 1 or more, got ${describe(shards)}`);
  if (outDir === '') throw new BatchError('--out-dir needs a path');
  const outInfo = await stat(outDir).catch(() => null);
  if (outInfo && !outInfo.isDirectory()) throw new BatchError(`--out-dir ${outDir} is a file, not a folder: name a new folder for the job`);
  for (const [flag, why] of Object.entries(REFUSED_FLAGS)) if (args[camelCase(flag)] !== undefined) throw new BatchError(why);
  const paths = args._.map(String);
  if (paths.length === 0) throw new BatchError('no inputs: name the files, folders or globs to clean');
  if (paths.includes('-')) throw new BatchError('"-" (standard input) cannot be sharded: a batch reads its files again on every run');
  const cleaning = cleaningArgs(args);
  const inputs = await resolveInputs(paths, cleaning.inputFormat ? { kind: cleaning.inputFormat } : {});
  const files = inputs.map(plannedFile);
  refuseDuplicates(files, paths);
  // every flag the shards run with is checked now, not on the cluster: a rule file that is refused, a bad setting
  const { ruleFile, settings } = await loadCleaning(cleaning);
  const count = Math.min(shards, files.length);
  if (count < shards) io.stderr.write(`decruft batch plan: ${shards} shards asked for, but only ${files.length} files: planning ${count}\n`);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    decruft: version,
    options: storedOptions(cleaning),
    checksums: await checksumsOf(cleaning),
    sites: null,
    total: { files: files.length, bytes: sum(files.map((f) => f.bytes)) },
    shards: partition(
      files.map((f) => f.bytes),
      count,
    ).map((indexes) => {
      const shardFiles = indexes.map((i) => files[i]!);
      return { bytes: sum(shardFiles.map((f) => f.bytes)), files: shardFiles };
    }),
  };
  const manifestPath = join(outDir, NAMES.manifest);
  const existing = await readFile(manifestPath, 'utf8').catch(() => null);
  if (existing !== null) {
    const old = parseManifest(existing, manifestPath);
    if (samePlan(old, manifest)) {
      io.stderr.write(`decruft batch plan: ${outDir} already holds this plan; run its shards (decruft batch status ${outDir})\n`);
      return EXIT.ok;
    }
    throw new BatchError(`${outDir} already holds another plan (${manifestPath}): plan into a new folder, or delete that one`);
  }
  await mkdir(outDir, { recursive: true });
  if (cleaning.learnSites) {
    const jobs = args['jobs'] as number | undefined;
    manifest.sites = await learnSitesFirst({ files: manifest.shards.flatMap((s) => s.files), cleaning, ruleFile, settings, jobs, outDir, io });
  }
  // a plan no run could read is a bug to stop here, not on the cluster
  const text = JSON.stringify(manifest, null, 1) + '\n';
  parseManifest(text, manifestPath);
  await writeAtomically(manifestPath, text);
  const mb = (manifest.total.bytes / 1e6).toFixed(1);
  io.stderr.write(
    `decruft batch plan: ${count} shard${count === 1 ? '' : 's'} of ${files.length} files (${mb} MB) in ${manifestPath}\n` +
      `  run each: decruft batch run --shard K ${outDir}   (K from 0 to ${count - 1}), or on Slurm: decruft batch slurm ${outDir}\n`,
  );
  return EXIT.ok;
}

const PLAN_EPILOGUE = `The cleaning options (--favor, --extractor, --rules, --settings, --set, --format, --fields,
--explain, …) are those of decruft (decruft --help); they are stored in the manifest and every
shard runs with them. Files named by --rules and --settings are stored by absolute path with their
checksum: a run refuses one changed since the plan.

Shards are contiguous runs of the inputs in their order, cut where the bytes are nearest an equal
share: merging the shards in order gives every record in the order of the inputs. The same inputs
give the same plan. A missing input is refused, naming it, and so is a file named twice.

With --learn-sites, the plan cleans every record once (a first pass, on --jobs workers) to learn
each site's repeated blocks into OUT/sites.json, and every shard decides with that memory: the
output is the same whichever shard a page falls in, and is what decruft --learn-sites --site-passes 2
writes. --near-dupes and --stories, which need every record in one stream, are refused.`;

/** A resolved input as the manifest keeps it; an input that cannot be read again is refused. */
function plannedFile(input: Input): PlannedFile {
  if (input.unreadable) throw new BatchError(`cannot use ${input.path}: ${input.unreadable}`);
  if (input.size === undefined) throw new BatchError(`${input.path} is not a regular file (a pipe?): a batch reads its files again on every run`);
  const file: PlannedFile = { path: resolve(input.path), bytes: input.size };
  if (file.path !== input.path) file.given = input.path;
  if (input.kind) file.kind = input.kind;
  return file;
}

/** A file named twice (a folder and a file in it, two globs that overlap) would be cleaned twice: refused, naming it. */
function refuseDuplicates(files: readonly PlannedFile[], given: readonly string[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) {
      throw new BatchError(`${file.path} is named twice by the inputs (${given.join(' ')}): a plan takes each file once; name it once`);
    }
    seen.add(file.path);
  }
}

/**
 * Cuts files of `sizes` (in input order) into `count` contiguous runs, each of at least one file:
 * each cut falls at the file boundary nearest its share of the total bytes, so that no run is more
 * than its share plus about one file over. The same sizes give the same cuts. Returns each run's
 * file indexes.
 */
export function partition(sizes: readonly number[], count: number): number[][] {
  if (!Number.isInteger(count) || count < 1 || count > sizes.length) {
    throw new RangeError(`partition: expected 1 to ${sizes.length} runs, got ${count}`);
  }
  const prefix = [0];
  for (const size of sizes) prefix.push(prefix.at(-1)! + size);
  const total = prefix.at(-1)!;
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    const target = (total * k) / count;
    // each run keeps a file, and leaves one for each run after it
    const least = cuts.at(-1)! + 1;
    const most = sizes.length - (count - k);
    let at = least;
    while (at < most && prefix[at + 1]! <= target) at++;
    if (at < most && target - prefix[at]! > prefix[at + 1]! - target) at++;
    cuts.push(at);
  }
  cuts.push(sizes.length);
  return cuts.slice(0, -1).map((from, k) => Array.from({ length: cuts[k + 1]! - from }, (_, i) => from + i));
}

/** The first pass of --learn-sites: every record of `files` cleaned and learned; the memory saved in OUT. */
async function learnSitesFirst(how: {
  files: PlannedFile[];
  cleaning: Args;
  ruleFile: Awaited<ReturnType<typeof loadRuleFile>> | undefined;
  settings: Awaited<ReturnType<typeof loadSettings>>;
  jobs: number | undefined;
  outDir: string;
  io: CliIO;
}): Promise<Manifest['sites']> {
  const started = performance.now();
  const path = join(how.outDir, NAMES.sites);
  const inputs = await inputsOf(how.files);
  const { jobs } = await jobsForInput({ jobs: how.jobs, timeout: how.cleaning.timeout, memory: how.cleaning.memory }, inputs, Readable.from([]));
  const [{ cleanStages }, { SiteMemory }] = await Promise.all([import('./transforms.js'), import('./across/sites.js')]);
  // a fresh memory, whatever is in OUT: a sites.json there is of a plan that never finished
  const siteMemory = withSettings(resolveSettings(how.settings), () => new SiteMemory());
  // the output is thrown away: each record is decided at once (no hold), and only the memory is kept
  const options = { ...cleanOptions(how.cleaning, jobs, how.ruleFile, how.settings), siteMemory, siteHold: 0 };
  const stages = cleanStages(options, { from: 'records', to: 'records' });
  let records = 0;
  const discard = new Writable({
    objectMode: true,
    write(_record: unknown, _encoding, done) {
      records++;
      done();
    },
  });
  const read: ReadOptions = { raw: jobs > 0, maxBytes: how.cleaning.maxBytes };
  await (pipeline as (...streams: unknown[]) => Promise<void>)(Readable.from(readRecords(inputs, Readable.from([]), read)), ...stages, discard);
  await saveState(path, siteMemory);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  how.io.stderr.write(`decruft batch plan: learned ${siteMemory.size} sites from ${records} records in ${seconds} s (${path})\n`);
  return { file: NAMES.sites, sha256: await sha256Of(path) };
}

/** The flags a plan takes from decruft's own. */
function cleaningFlags(): Record<string, Options> {
  return Object.fromEntries(CLEANING_FLAGS.map((flag) => [flag, FLAGS[flag] as Options]));
}

/** Parsed args with the cleaning flags checked (see checkFlags), and their files resolved. */
function cleaningArgs(args: Args): Args {
  checkFlags(args);
  const cleaning = { ...args };
  for (const flag of FILE_FLAGS) if (cleaning[flag] !== undefined) cleaning[flag] = resolve(cleaning[flag]);
  return cleaning;
}

/**
 * The checks decruft makes of its flags beyond what yargs does (the library's, worded for the
 * command line: "--memory: expected …"); a BatchError for the first that fails.
 */
function checkFlags(args: Parameters<typeof checkFlagValues>[0]): void {
  try {
    checkFlagValues(args);
  } catch (err) {
    throw new BatchError((err as Error).message);
  }
}

/** The cleaning flags as a command line: every flag with a value, defaults included, so that the manifest says what ran. */
function storedOptions(args: Args): string[] {
  const argv: string[] = [];
  const values = args as unknown as Record<string, unknown>;
  for (const flag of CLEANING_FLAGS) {
    const value = values[camelCase(flag)];
    if (value === undefined) continue;
    if (typeof value === 'boolean') argv.push(value ? `--${flag}` : `--no-${flag}`);
    else if (flag === 'set') for (const assignment of [value as string | string[]].flat()) argv.push('--set', assignment);
    else argv.push(`--${flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  return argv;
}

async function checksumsOf(args: Args): Promise<Record<string, string>> {
  const checksums: Record<string, string> = {};
  for (const flag of FILE_FLAGS) {
    const path = args[flag];
    if (path !== undefined) checksums[path] = await sha256Of(path).catch(() => '');
  }
  return checksums;
}

/** Two plans that would clean the same files the same way into the same shards (the first pass's memory aside). */
function samePlan(a: Manifest, b: Manifest): boolean {
  const plan = (m: Manifest) => JSON.stringify({ options: m.options, checksums: m.checksums, shards: m.shards });
  return plan(a) === plan(b);
}

// ---------------------------------------------------------------------------------------------
// run

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const flags: Record<string, Options> = {
    shard: { type: 'number', demandOption: true, describe: 'The shard to clean, from 0 (Slurm: $SLURM_ARRAY_TASK_ID)' },
    jobs: { ...FLAGS.jobs, describe: 'Worker threads (Slurm: $SLURM_CPUS_PER_TASK); see decruft --help' },
  };
  const parsed = await parseCommand('run', argv, flags, 'decruft batch run --shard K [--jobs N] OUT', RUN_EPILOGUE);
  if ('exit' in parsed) return report(io, parsed);
  checkFlags({ jobs: parsed.args.jobs });
  const outDir = oneFolder(parsed.args, 'run');
  const manifest = await readManifest(outDir);
  const shard = shardIndex(parsed.args['shard'], manifest);
  const paths = shardPaths(outDir, shard, formatOf(manifest));
  const before = await shardState(outDir, manifest, shard);
  if (before.state === 'done') {
    io.stderr.write(`decruft batch run: shard ${shard} is complete (${recordsLine(before.marker!)}); skipped\n`);
    return EXIT.ok;
  }
  if (before.state === 'damaged') io.stderr.write(`decruft batch run: shard ${shard} is damaged (${before.note}); cleaning it again\n`);
  const lock = await takeLock(paths.lock);
  if ('holder' in lock) {
    io.stderr.write(`decruft batch run: shard ${shard} is locked: ${holderLine(lock.holder)} (${paths.lock}); not run twice\n`);
    return EXIT.failure;
  }
  const stop = new AbortController();
  let signalled: SignalName | null = null;
  const onSignal = (signal: SignalName) => {
    signalled = signal;
    stop.abort();
  };
  for (const signal of Object.keys(SIGNALS) as SignalName[]) io.signals?.on(signal, onSignal);
  try {
    // another run may have finished it between the look and the lock
    const now = await shardState(outDir, manifest, shard);
    if (now.state === 'done') {
      io.stderr.write(`decruft batch run: shard ${shard} is complete (${recordsLine(now.marker!)}); skipped\n`);
      return EXIT.ok;
    }
    // what an earlier run left: its failure, or the marker of an output since deleted (a kill after the
    // new output is renamed into place must not leave it looking complete with the old counts)
    await Promise.all([rm(paths.failed, { force: true }), rm(paths.marker, { force: true }), removePartials(outDir, shard)]);
    const jobs = parsed.args['jobs'] as number | undefined;
    const marker = await cleanShard({ outDir, manifest, shard, jobs, paths, lock, signal: stop.signal, io });
    io.stderr.write(`decruft batch run: shard ${shard} done: ${recordsLine(marker)} in ${marker.seconds} s → ${paths.output}\n`);
    return EXIT.ok;
  } catch (err) {
    await rm(paths.partial, { force: true });
    if (signalled) {
      io.stderr.write(`decruft batch run: shard ${shard} stopped by ${signalled}; nothing written under its final name\n`);
      return SIGNALS[signalled];
    }
    if (err instanceof LockLostError) {
      io.stderr.write(`decruft batch run: shard ${shard}: ${err.message}\n`);
      return EXIT.failure;
    }
    // a BatchError (the rule file changed since the plan) is a failure of the shard too, for status to show
    const message = (err as Error).message ?? String(err);
    if (await lock.held())
      await writeAtomically(
        paths.failed,
        JSON.stringify({ shard, error: message, host: hostname(), pid: process.pid, failed: new Date().toISOString() }) + '\n',
      );
    if (err instanceof BatchError) throw err;
    io.stderr.write(`decruft batch run: shard ${shard} failed: ${message}\n`);
    return EXIT.failure;
  } finally {
    for (const signal of Object.keys(SIGNALS) as SignalName[]) io.signals?.off(signal, onSignal);
    await lock.release();
  }
}

const RUN_EPILOGUE = `Cleans shard K of the plan in OUT with the plan's options, into OUT/shard-K.jsonl.gz: written
as OUT/shard-K.partial.HOST.PID.jsonl.gz and renamed once whole, then marked complete in OUT/shard-K.done.json
(records in, out and failed). A shard already complete is skipped (exit 0); delete its output to
redo it. While it runs, OUT/shard-K.lock holds it: a second run of the shard is refused (exit 1),
and the lock of a run that was killed is taken over. An input file that is gone or damaged gives a
"read-failed" record, and the shard completes. SIGINT or SIGTERM stops it with nothing under the
final name (exit 130, 143).

Any runner can drive it: for K in $(seq 0 3); do decruft batch run --shard $K OUT; done`;

/** A run's lock was taken over (judged stale) by another run: this run's work is thrown away. */
class LockLostError extends Error {
  override name = 'LockLostError';
}

/** Throws LockLostError unless `lock` is still this run's: nothing goes under a final name without it. */
async function mustHold(lock: Lock, path: string): Promise<void> {
  if (!(await lock.held())) {
    const holder = await lockHolder(path);
    throw new LockLostError(
      `its lock ${path} was taken over (${holder ? holderLine(holder) : 'now held by nobody'}); this run's output is thrown away, not renamed into place`,
    );
  }
}

/** Removes the partial outputs of shard K that runs killed halfway left (called holding its lock). */
async function removePartials(outDir: string, shard: number): Promise<void> {
  const prefix = `shard-${shard}.partial.`;
  const names = await readdir(outDir);
  await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(join(outDir, name), { force: true })));
}

/** Cleans one shard through the `decruft` pipeline into its partial file, renames it into place and marks it done. */
async function cleanShard(how: {
  outDir: string;
  manifest: Manifest;
  shard: number;
  jobs: number | undefined;
  paths: ShardPaths;
  lock: Lock;
  signal: AbortSignal;
  io: CliIO;
}): Promise<ShardMarker> {
  const { outDir, manifest, shard, paths, signal } = how;
  const started = performance.now();
  const planned = manifest.shards[shard]!;
  const args = await cleaningOf(manifest, outDir);
  const { ruleFile, settings } = await loadCleaning(args);
  const inputs = await inputsOf(planned.files);
  const noStdin = Readable.from([]);
  const { jobs, warning } = await jobsForInput({ jobs: how.jobs, timeout: args.timeout, memory: args.memory }, inputs, noStdin);
  if (warning) how.io.stderr.write(`decruft batch run: ${warning}\n`);
  const options = cleanOptions(args, jobs, ruleFile, settings);
  if (manifest.sites) {
    const { siteMemory } = await loadAcrossState({ ...args, siteState: join(outDir, manifest.sites.file) }, settings);
    options.siteMemory = siteMemory!;
    options.siteMemoryFixed = true;
  }
  const tally = new Tally();
  const read: ReadOptions = { raw: jobs > 0, maxBytes: args.maxBytes, signal, onSkip: (why) => tally.skip(why) };
  const { cleanStages } = await import('./transforms.js');
  const stages = cleanStages(options, { from: 'records', to: 'json', onOutcome: tally.add.bind(tally) });
  const sink = await fileOutput(paths.partial, signal);
  await (pipeline as (...streams: unknown[]) => Promise<void>)(Readable.from(readRecords(inputs, noStdin, read)), ...stages, sink, { signal });
  const output = await digestOf(paths.partial);
  await mustHold(how.lock, paths.lock);
  await rename(paths.partial, paths.output);
  const marker: ShardMarker = {
    format: MARKER_FORMAT,
    version: MANIFEST_VERSION,
    shard,
    plan: shardDigest(manifest, shard),
    files: planned.files.length,
    bytes: planned.bytes,
    records: { in: tally.read, out: tally.cleaned, failed: tally.failed, empty: tally.empty },
    output,
    errors: Object.fromEntries(tally.errors),
    skipped: Object.fromEntries(tally.skipped),
    seconds: Math.round(performance.now() - started) / 1000,
    host: hostname(),
    finished: new Date().toISOString(),
  };
  await mustHold(how.lock, paths.lock);
  await writeAtomically(paths.marker, JSON.stringify(marker) + '\n');
  return marker;
}

/** The manifest's cleaning flags, read as a plan reads them, with its files checked against their checksums. */
async function cleaningOf(manifest: Manifest, outDir: string): Promise<Args> {
  const where = join(outDir, NAMES.manifest);
  const args = await storedArgs(manifest, where);
  for (const [path, sha256] of Object.entries(manifest.checksums)) {
    const now = await sha256Of(path).catch(() => null);
    if (now !== sha256) throw new BatchError(`${path} ${now === null ? 'is gone' : 'has changed'} since the plan (${where}); plan again to use it as it is`);
  }
  if (manifest.sites) {
    const path = join(outDir, manifest.sites.file);
    const now = await sha256Of(path).catch(() => null);
    if (now !== manifest.sites.sha256) throw new BatchError(`${path}, the site memory of the plan, ${now === null ? 'is gone' : 'has changed'}; plan again`);
  }
  return args;
}

/** The manifest's options read as a plan reads its flags; options that are not flags a plan takes are a BatchError. */
async function storedArgs(manifest: Manifest, where: string): Promise<Args> {
  const parsed = await parseCommand('plan', manifest.options, cleaningFlags(), '', '');
  if ('exit' in parsed) throw new BatchError(`${where}: its options cannot be read: ${parsed.message.split('\n')[0]!.replace(/^[^:]*: /, '')}`);
  if (parsed.args._.length > 0) throw new BatchError(`${where}: its options hold more than flags: ${parsed.args._.join(' ')}`);
  try {
    checkFlags(parsed.args);
  } catch (err) {
    throw new BatchError(`${where}: its options cannot be used: ${(err as Error).message}`);
  }
  return parsed.args;
}

async function loadCleaning(args: Args) {
  const ruleFile = args.rules === undefined ? undefined : await loadRuleFile(args.rules);
  let settings;
  try {
    settings = await loadSettings(args.settings, [args.set ?? []].flat());
  } catch (err) {
    throw new BatchError((err as Error).message);
  }
  return { ruleFile, settings };
}

/** The inputs of planned files, as resolveInputs gives them; a file gone since is read, and fails, in its place. */
function inputsOf(files: readonly PlannedFile[]): Promise<Input[]> {
  return Promise.all(
    files.map(async (file) => {
      const input: Input = { path: file.path, name: file.path };
      if (file.given !== undefined) input.label = file.given;
      if (file.kind) input.kind = file.kind;
      const info = await stat(file.path).catch(() => null);
      if (info?.isFile()) input.size = info.size;
      return input;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// shards on disk

interface ShardPaths {
  output: string;
  partial: string;
  marker: string;
  failed: string;
  lock: string;
}

function shardPaths(outDir: string, shard: number, format: OutputFormat): ShardPaths {
  const extension = SHARD_EXTENSIONS[format];
  const base = join(outDir, `shard-${shard}`);
  // a name of each run's own: a run that lost its lock never writes into the file of the run that took it over
  const partial = `${base}.partial.${hostname()}.${process.pid}${extension}`;
  return { output: base + extension, partial, marker: `${base}.done.json`, failed: `${base}.failed.json`, lock: `${base}.lock` };
}

type State = 'done' | 'running' | 'failed' | 'damaged' | 'missing';

interface ShardState {
  state: State;
  marker?: ShardMarker;
  /** For people: who holds it, why it failed. */
  note?: string;
}

/**
 * Where shard K stands: done (its marker matches its plan and its output is there, of the size
 * the marker says), damaged (the output is of another size; with `verify`, of another sha256),
 * running (a live run holds its lock), failed (its run ended in an error, or was killed and left
 * its lock), or missing. A marker of another plan (the manifest edited after the shard ran) is a
 * BatchError. Only `verify` reads the output: a size is enough to catch a copy cut short, and a
 * status of many large shards stays quick.
 */
async function shardState(outDir: string, manifest: Manifest, shard: number, verify = false): Promise<ShardState> {
  const paths = shardPaths(outDir, shard, formatOf(manifest));
  const markerText = await readFile(paths.marker, 'utf8').catch(() => null);
  if (markerText !== null) {
    const marker = parseMarker(markerText, paths.marker);
    if (marker.plan !== shardDigest(manifest, shard)) {
      throw new BatchError(
        `${paths.marker} was written for another plan of shard ${shard}: the manifest was changed after the shard ran; ` +
          `delete ${join(outDir, `shard-${shard}.*`)} to run it again under this plan`,
      );
    }
    const info = await stat(paths.output).catch(() => null);
    if (info && info.size !== marker.output.bytes) {
      return { state: 'damaged', marker, note: `its output holds ${info.size} bytes, its marker says ${marker.output.bytes}` };
    }
    if (info && verify && (await digestOf(paths.output)).sha256 !== marker.output.sha256) {
      return { state: 'damaged', marker, note: 'its output is not what was written (another sha256 than its marker says)' };
    }
    if (info) return { state: 'done', marker };
  }
  const holder = await lockHolder(paths.lock);
  if (holder && !holder.stale) return { state: 'running', note: holderLine(holder) };
  if (holder) return { state: 'failed', note: `killed: ${holderLine(holder)}` };
  const failed = await readFile(paths.failed, 'utf8').catch(() => null);
  if (failed !== null) {
    let error: unknown;
    try {
      error = (JSON.parse(failed) as { error?: unknown }).error;
    } catch {
      error = 'unknown (its failure note is damaged)';
    }
    return { state: 'failed', note: `error: ${String(error)}` };
  }
  return markerText !== null ? { state: 'missing', note: 'its output was deleted' } : { state: 'missing' };
}

/** A digest of what shard K is: its files and the options they are cleaned with. */
function shardDigest(manifest: Manifest, shard: number): string {
  const { options, checksums, sites } = manifest;
  return createHash('sha256')
    .update(JSON.stringify({ options, checksums, sites, files: manifest.shards[shard]!.files }))
    .digest('hex')
    .slice(0, 16);
}

function parseMarker(text: string, path: string): ShardMarker {
  let marker: Partial<ShardMarker>;
  try {
    marker = JSON.parse(text) as Partial<ShardMarker>;
  } catch {
    throw new BatchError(`${path} is not valid JSON (a marker cut short?); delete it to run the shard again`);
  }
  const { format, plan, records, output } = marker ?? {};
  if (
    format !== MARKER_FORMAT ||
    typeof plan !== 'string' ||
    typeof records?.in !== 'number' ||
    typeof output?.bytes !== 'number' ||
    typeof output.sha256 !== 'string'
  ) {
    throw new BatchError(`${path} is not a decruft batch marker; delete it to run the shard again`);
  }
  return marker as ShardMarker;
}

function recordsLine(marker: ShardMarker): string {
  return `records in ${marker.records.in}, out ${marker.records.out}, failed ${marker.records.failed}`;
}

// ---------------------------------------------------------------------------------------------
// the manifest

/** OUT's manifest, checked: a BatchError says what is wrong with one that is foreign, newer or inconsistent. */
export async function readManifest(outDir: string): Promise<Manifest> {
  const path = join(outDir, NAMES.manifest);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BatchError(
      missing ? `no plan in ${outDir} (${path} not found): make one with decruft batch plan` : `cannot read ${path}: ${(err as Error).message}`,
    );
  }
  const manifest = parseManifest(text, path);
  FORMATS.set(manifest, (await storedArgs(manifest, path)).format);
  return manifest;
}

/** The output format of each manifest readManifest gave, as its options parse (`--format=text` too). */
const FORMATS = new WeakMap<Manifest, OutputFormat>();

/** A manifest from its text; every inconsistency a hand edit could make is a BatchError naming it. */
export function parseManifest(text: string, path: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BatchError(`${path} is not valid JSON (${(err as Error).message})`);
  }
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) {
    throw new BatchError(`${path} is not a decruft batch manifest (expected format "${MANIFEST_FORMAT}")`);
  }
  if (m.version !== MANIFEST_VERSION) {
    const newer = typeof m.version === 'number' && m.version > MANIFEST_VERSION;
    throw new BatchError(
      newer
        ? `${path} is version ${m.version}, made by a newer decruft; this one reads version ${MANIFEST_VERSION}: upgrade decruft`
        : `${path} has version ${describe(m.version)}; this decruft reads version ${MANIFEST_VERSION}: plan again`,
    );
  }
  const wrong = (what: string) => new BatchError(`${path} is inconsistent: ${what}; plan again rather than edit it`);
  if (!Array.isArray(m.options) || !m.options.every((o) => typeof o === 'string')) throw wrong('"options" must be an array of strings');
  if (typeof m.checksums !== 'object' || m.checksums === null) throw wrong('"checksums" must be an object');
  if (m.sites !== null && (typeof m.sites?.file !== 'string' || typeof m.sites.sha256 !== 'string')) throw wrong('"sites" must be null or {file, sha256}');
  if (m.sites && (m.sites.file.includes('/') || m.sites.file.startsWith('.'))) throw wrong('"sites.file" must be a file name in the folder');
  if (m.options.includes('--learn-sites') !== (m.sites !== null)) throw wrong('--learn-sites and "sites" go together');
  if (!Array.isArray(m.shards) || m.shards.length === 0) throw wrong('"shards" must be a non-empty array');
  const seen = new Map<string, number>();
  let files = 0;
  let bytes = 0;
  m.shards.forEach((shard: Partial<PlannedShard>, k) => {
    if (!Array.isArray(shard?.files) || shard.files.length === 0) throw wrong(`shard ${k} must have a non-empty "files" array`);
    let shardBytes = 0;
    shard.files.forEach((file: Partial<PlannedFile>, i) => {
      const where = `shard ${k}, file ${i}`;
      if (typeof file?.path !== 'string' || !isAbsolute(file.path)) throw wrong(`${where}: "path" must be an absolute path`);
      if (!Number.isSafeInteger(file.bytes) || file.bytes! < 0) throw wrong(`${where}: "bytes" must be a whole number`);
      if (file.given !== undefined && typeof file.given !== 'string') throw wrong(`${where}: "given" must be a path`);
      if (file.kind !== undefined && !INPUT_KINDS.includes(file.kind)) throw wrong(`${where}: "kind" must be one of ${INPUT_KINDS.join(', ')}`);
      const other = seen.get(file.path);
      if (other !== undefined) throw wrong(`${file.path} is in shard ${other} and shard ${k}`);
      seen.set(file.path, k);
      shardBytes += file.bytes!;
    });
    if (shard.bytes !== shardBytes) throw wrong(`shard ${k} says ${describe(shard.bytes)} bytes, its files hold ${shardBytes}`);
    files += shard.files.length;
    bytes += shardBytes;
  });
  if (m.total?.files !== files || m.total.bytes !== bytes) {
    throw wrong(`"total" says ${describe(m.total?.files)} files of ${describe(m.total?.bytes)} bytes, the shards hold ${files} of ${bytes}`);
  }
  return m as Manifest;
}

function formatOf(manifest: Manifest): OutputFormat {
  const format = FORMATS.get(manifest);
  if (format === undefined) throw new Error('formatOf: a manifest that readManifest did not read');
  return format;
}

function shardIndex(value: unknown, manifest: Manifest): number {
  const count = manifest.shards.length;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= count) {
    throw new BatchError(
      `--shard: expected a whole number from 0 to ${count - 1} (the plan has ${count} shard${count === 1 ? '' : 's'}), got ${describe(value)}`,
    );
  }
  return value as number;
}

// ---------------------------------------------------------------------------------------------
// the lock

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  /** This run's alone: the lock is this run's while the file holds it. */
  token: string;
}

type Holder = Omit<LockInfo, 'token'> & { stale: boolean; ino: number; text: string };

/** A lock this run holds. */
export interface Lock {
  /** Whether the lock file is still this run's (not taken over as stale by another run). */
  held(): Promise<boolean>;
  /** Removes the lock file, if it is still this run's. */
  release(): Promise<void>;
}

/**
 * Takes the lock at `path`, taking over one whose run is gone; or says who holds it. The lock is
 * written whole under a name of its own and linked into place (a link fails where a lock is), so
 * that no reader sees half of one: a lock that cannot be read was damaged, and is stale.
 */
export async function takeLock(path: string): Promise<Lock | { holder: Holder }> {
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomUUID() };
  const mine = `${path}.${info.host}.${info.pid}.${info.token}.new`;
  const text = JSON.stringify(info) + '\n';
  await writeFile(mine, text);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await linkExclusive(mine, path, text);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await lockHolder(path);
      if (holder && (!holder.stale || attempt > 0)) return { holder };
      if (holder) await takeOver(path, holder, mine, text);
    }
  } finally {
    await rm(mine, { force: true });
  }
  const held = async () => (await readLock(path))?.token === info.token;
  const beat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, LOCK.heartbeatMs);
  beat.unref();
  return {
    held,
    release: async () => {
      clearInterval(beat);
      if (await held()) await rm(path, { force: true });
    },
  };
}

/**
 * Removes the stale lock `holder`, if it is still the one at `path`. Runs taking it over at once
 * take turns through a guard file made with a link, which only one of them makes: the one that
 * does removes the stale lock only if it is still there (another run may have taken it over and
 * locked it since), and the others try again. `mine` is the caller's lock file, to link as guard.
 */
async function takeOver(path: string, holder: Holder, mine: string, text: string): Promise<void> {
  const guard = `${path}.takeover`;
  try {
    await linkExclusive(mine, guard, text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // a guard left by a run killed in the few milliseconds it holds one
    const info = await stat(guard).catch(() => null);
    if (info && Date.now() - info.mtimeMs > LOCK.takeoverMs) await rm(guard, { force: true });
    return;
  }
  try {
    const [now, text] = await Promise.all([stat(path).catch(() => null), readFile(path, 'utf8').catch(() => null)]);
    if (now?.ino === holder.ino && text === holder.text) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/**
 * Makes `to` a link to `from`, failing with EEXIST where `to` is. On a file system without hard
 * links (some FUSE and SMB mounts), `to` is created exclusively and written instead: as exclusive,
 * though a reader may then see it half written for a moment.
 */
async function linkExclusive(from: string, to: string, text: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await writeFile(to, text, { flag: 'wx' });
  }
}

/** The lock at `path` as it was written; null when there is none, or it cannot be read (damaged). */
async function readLock(path: string): Promise<Partial<LockInfo> | null> {
  return lockOf(await readFile(path, 'utf8').catch(() => null));
}

function lockOf(text: string | null): Partial<LockInfo> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<LockInfo>) : null;
  } catch {
    return null;
  }
}

/** Who holds the lock at `path`, and whether that run is gone (or its lock damaged); null when nobody does. */
async function lockHolder(path: string): Promise<Holder | null> {
  const [text, info] = await Promise.all([readFile(path, 'utf8').catch(() => null), stat(path).catch(() => null)]);
  if (info === null || text === null) return null;
  const lock = lockOf(text);
  const started = info.mtime.toISOString();
  if (lock === null || typeof lock.pid !== 'number' || typeof lock.host !== 'string') {
    return { pid: 0, host: '?', started, stale: true, ino: info.ino, text };
  }
  const quiet = Date.now() - info.mtimeMs > LOCK.staleMs;
  const gone = lock.host === hostname() && !alive(lock.pid);
  return { pid: lock.pid, host: lock.host, started: lock.started ?? started, stale: quiet || gone, ino: info.ino, text };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderLine(holder: Holder): string {
  return `${holder.stale ? 'left by' : 'held by'} pid ${holder.pid} on ${holder.host} since ${holder.started}`;
}

// ---------------------------------------------------------------------------------------------
// status and merge

async function status(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = await parseCommand(
    'status',
    argv,
    {},
    'decruft batch status OUT',
    'Exit status 0 when every shard is done, 1 when one is not (so that `status OUT && merge OUT` merges only a whole job), 2 when OUT holds no plan.',
  );
  if ('exit' in parsed) return report(io, parsed);
  const outDir = oneFolder(parsed.args, 'status');
  const manifest = await readManifest(outDir);
  const states = await Promise.all(manifest.shards.map((_, k) => shardState(outDir, manifest, k)));
  const rows = [['shard', 'state', 'files', 'MB', 'in', 'out', 'failed', '']];
  const counts: Record<State, number> = { done: 0, running: 0, failed: 0, damaged: 0, missing: 0 };
  const records = { in: 0, out: 0, failed: 0 };
  states.forEach((s, k) => {
    counts[s.state]++;
    const planned = manifest.shards[k]!;
    const r = s.marker?.records;
    if (r && s.state === 'done') for (const key of ['in', 'out', 'failed'] as const) records[key] += r[key];
    const done = s.state === 'done' && r;
    rows.push([
      String(k),
      s.state,
      String(planned.files.length),
      (planned.bytes / 1e6).toFixed(2),
      done ? String(r.in) : '',
      done ? String(r.out) : '',
      done ? String(r.failed) : '',
      s.note ?? '',
    ]);
  });
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows)
    io.stdout.write(
      row
        .map((cell, c) => (c === 1 || c === 7 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd() + '\n',
    );
  const total = manifest.shards.length;
  io.stdout.write(
    `${counts.done} of ${total} shards done, ${counts.running} running, ${counts.failed} failed, ${counts.damaged} damaged, ${counts.missing} missing; ` +
      `records in ${records.in}, out ${records.out}, failed ${records.failed}\n`,
  );
  return counts.done === total ? EXIT.ok : EXIT.failure;
}

async function merge(argv: readonly string[], io: CliIO): Promise<number> {
  const flags: Record<string, Options> = {
    output: { alias: 'o', type: 'string', describe: 'Write there instead of stdout (gzipped when its name ends in .gz)' },
  };
  const epilogue = 'Every shard must be complete (decruft batch status OUT). Shards are written in their order, which is the order of the inputs.';
  const parsed = await parseCommand('merge', argv, flags, 'decruft batch merge [-o FILE] OUT', epilogue);
  if ('exit' in parsed) return report(io, parsed);
  const outDir = oneFolder(parsed.args, 'merge');
  const manifest = await readManifest(outDir);
  const states = await Promise.all(manifest.shards.map((_, k) => shardState(outDir, manifest, k, true)));
  const notDone = states.flatMap((s, k) => (s.state === 'done' ? [] : [`${k} (${s.state})`]));
  if (notDone.length > 0)
    throw new BatchError(`shard${notDone.length === 1 ? '' : 's'} ${notDone.join(', ')} not complete: run ${notDone.length === 1 ? 'it' : 'them'} first`);
  const outputs = manifest.shards.map((_, k) => shardPaths(outDir, k, formatOf(manifest)).output);
  const output = parsed.args['output'] as string | undefined;
  if (output === undefined) {
    try {
      await pipeline(Readable.from(unzipped(outputs)), io.stdout);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok; // `… | head`
      throw err;
    }
    return EXIT.ok;
  }
  await checkMergeOutput(output, outDir, outputs);
  // written beside its name and renamed once whole: a merge that fails leaves no half file under it
  const partial = join(dirname(output), `.${basename(output)}.${hostname()}.${process.pid}.partial${/\.gz$/i.test(output) ? '.gz' : ''}`);
  try {
    await pipeline(Readable.from(unzipped(outputs)), await fileOutput(partial));
    await rename(partial, output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return EXIT.ok;
}

/** Refuses a merge output in OUT (a shard, the manifest: what the merge reads or the batch needs), or that is a folder. */
async function checkMergeOutput(output: string, outDir: string, shardOutputs: readonly string[]): Promise<void> {
  if (output === '') throw new BatchError('-o needs a path');
  await checkOutputs(
    [output],
    shardOutputs.map((path) => ({ path, name: path })),
  );
  const [folder, parent] = await Promise.all([realpath(outDir), realpath(dirname(resolve(output))).catch(() => dirname(resolve(output)))]);
  if (parent === folder || parent.startsWith(folder + sep)) {
    throw new BatchError(`the output ${output} is in ${outDir}, the folder of the batch: write the merged output elsewhere`);
  }
}

/** The bytes of each shard's gzipped output in turn, decompressed; one that cannot be read is a BatchError naming it. */
async function* unzipped(paths: readonly string[]): AsyncGenerator<Buffer> {
  for (const [shard, path] of paths.entries()) {
    const file = createReadStream(path);
    const gunzip = createGunzip();
    file.on('error', (err) => gunzip.destroy(err));
    file.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (err) {
      throw new BatchError(
        `shard ${shard} (${path}) cannot be read: ${(err as Error).message}; run it again (delete it, then decruft batch run --shard ${shard})`,
      );
    } finally {
      file.destroy();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// slurm

const SLURM_HELP = `Usage: decruft batch slurm OUT [--dry-run] [--max-running N] [sbatch options]

Writes OUT/slurm.sh, an sbatch --array script with one task for each shard of OUT not yet complete,
and submits it with sbatch. Each task runs
  decruft batch run --shard $SLURM_ARRAY_TASK_ID --jobs $SLURM_CPUS_PER_TASK OUT
and logs to OUT/logs/shard-K.log. The options after OUT go to sbatch, as #SBATCH lines of the
script (--partition=cpu --cpus-per-task=8 --time=2:00:00 --mem=16G); --array is decruft's to set.
Run it again after a failure: only the shards still to do are submitted, and with every shard
complete nothing is.

Slurm refuses array task ids past its MaxArraySize (1001 by default: ids 0 to 1000), so plan at
most 1001 shards there unless the cluster sets it higher (scontrol show config | grep MaxArraySize).

  --dry-run          print the script, submit nothing (and make no OUT/logs/, which the tasks log
                     to: make it before submitting the printed script yourself)
  --max-running N    run at most N tasks at once (--array=…%N)
  -h, --help         this help`;

async function slurm(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SLURM_HELP + '\n');
    return EXIT.ok;
  }
  const dryRun = argv.includes('--dry-run');
  const { maxRunning, rest } = maxRunningOf(argv.filter((a) => a !== '--dry-run'));
  const [outDir, ...sbatchOptions] = rest;
  if (outDir === undefined || outDir.startsWith('-')) throw new BatchError('expected the folder of a plan first: decruft batch slurm OUT [sbatch options]');
  if (sbatchOptions.some((o) => /^(--array\b|-a)/.test(o))) throw new BatchError('--array is set from the shards still to run; leave it out');
  if (sbatchOptions.some((o) => /[\n\r]/.test(o))) throw new BatchError('an sbatch option holds a line break');
  const manifest = await readManifest(outDir);
  const states = await Promise.all(manifest.shards.map((_, k) => shardState(outDir, manifest, k)));
  const running = states.flatMap((s, k) => (s.state === 'running' ? [k] : []));
  const todo = states.flatMap((s, k) => (s.state === 'done' || s.state === 'running' ? [] : [k]));
  if (running.length > 0) io.stderr.write(`decruft batch slurm: shard${running.length === 1 ? '' : 's'} ${ranges(running)} running now, not submitted\n`);
  if (todo.length === 0) {
    io.stderr.write(`decruft batch slurm: no shard to run (${states.length - running.length} of ${states.length} complete); nothing submitted\n`);
    return EXIT.ok;
  }
  if (todo.at(-1)! > SLURM_MAX_ARRAY_ID) {
    io.stderr.write(
      `decruft batch slurm: shard ${todo.at(-1)} is past ${SLURM_MAX_ARRAY_ID}, the highest array task id Slurm takes by default (MaxArraySize); ` +
        'sbatch refuses the array unless the cluster sets it higher\n',
    );
  }
  const script = slurmScript(resolve(outDir), todo, sbatchOptions, maxRunning);
  if (dryRun) {
    io.stdout.write(script);
    io.stderr.write(
      `decruft batch slurm: dry run: nothing written; the tasks log to ${join(resolve(outDir), NAMES.logs)}/, which must exist before the script is submitted\n`,
    );
    return EXIT.ok;
  }
  const scriptPath = join(outDir, NAMES.script);
  await writeFile(scriptPath, script, { mode: 0o755 });
  await mkdir(join(outDir, NAMES.logs), { recursive: true });
  const submitted = await sbatch(scriptPath);
  if ('error' in submitted) {
    io.stderr.write(`decruft batch slurm: ${submitted.error}\n`);
    return EXIT.failure;
  }
  io.stderr.write(
    `decruft batch slurm: submitted job ${submitted.jobId}: shard${todo.length === 1 ? '' : 's'} ${ranges(todo)} as an array (${scriptPath}); ` +
      `follow it with decruft batch status ${outDir}\n`,
  );
  io.stdout.write(`${submitted.jobId}\n`);
  return EXIT.ok;
}

/** The highest array task id of Slurm's default MaxArraySize (1001). */
const SLURM_MAX_ARRAY_ID = 1000;

/** `--max-running N` (or `=N`) taken out of the slurm command's arguments; a BatchError when N is not a whole number from 1. */
function maxRunningOf(argv: readonly string[]): { maxRunning: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--max-running') value = argv[++i] ?? '';
    else if (arg.startsWith('--max-running=')) value = arg.slice('--max-running='.length);
    else rest.push(arg);
  }
  if (value === undefined) return { maxRunning: undefined, rest };
  if (!/^[1-9]\d*$/.test(value)) throw new BatchError(`--max-running: expected a whole number, 1 or more, got ${describe(value)}`);
  return { maxRunning: Number(value), rest };
}

/** The sbatch script: one array task a shard of `shards` (at most `maxRunning` at once), each running `decruft batch run` with this decruft. */
export function slurmScript(outDir: string, shards: readonly number[], sbatchOptions: readonly string[], maxRunning?: number): string {
  const decruft = [process.execPath, fileURLToPath(new URL('../bin/decruft.js', import.meta.url))].map(shellQuote).join(' ');
  const own: string[] = [];
  for (const option of sbatchOptions) {
    if (option.startsWith('-') || own.length === 0) own.push(option);
    else own[own.length - 1] += ` ${option}`; // the value of `-p debug`
  }
  return [
    '#!/bin/bash',
    `# decruft batch: one array task for each shard of ${join(outDir, NAMES.manifest)} still to run.`,
    '# Written by decruft batch slurm; run it again rather than resubmit this (complete shards are left out).',
    '#SBATCH --job-name=decruft-batch',
    `#SBATCH --array=${ranges(shards)}${maxRunning === undefined ? '' : `%${maxRunning}`}`,
    `#SBATCH --output=${join(outDir, NAMES.logs, 'shard-%a.log')}`,
    ...own.map((option) => `#SBATCH ${option}`),
    'set -euo pipefail',
    `exec ${decruft} batch run --shard "$SLURM_ARRAY_TASK_ID" --jobs "\${SLURM_CPUS_PER_TASK:-1}" ${shellQuote(outDir)}`,
    '',
  ].join('\n');
}

/** Submits the script; its job id, or why it could not be submitted. */
function sbatch(script: string): Promise<{ jobId: string } | { error: string }> {
  return new Promise((done) => {
    const child = spawn('sbatch', ['--parsable', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code === 'ENOENT' ? 'sbatch not found: run this where Slurm jobs are submitted (--dry-run prints the script)' : error.message }),
    );
    child.on('close', (code) => {
      if (code === 0) done({ jobId: out.trim().split(';')[0]! });
      else done({ error: `sbatch failed (exit ${code}): ${err.trim() || out.trim()}` });
    });
  });
}

/** Shard numbers as an --array list: `0-3,5,7-8`. */
export function ranges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}-${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------
// helpers

type ParsedCommand = { args: Args & Record<string, unknown> } | { exit: number; message: string };

/** Reads one subcommand's arguments as decruft reads its own (readCommandLine). */
async function parseCommand(name: string, argv: readonly string[], flags: Record<string, Options>, usage: string, epilogue: string): Promise<ParsedCommand> {
  const read = await readCommandLine(argv, { command: `decruft batch ${name}`, usage: `Usage: ${usage}`, flags, epilogue });
  return 'exit' in read ? read : { args: read.args as unknown as Args & Record<string, unknown> };
}

function report(io: CliIO, parsed: { exit: number; message: string }): number {
  (parsed.exit === EXIT.ok ? io.stdout : io.stderr).write(parsed.message + '\n');
  return parsed.exit;
}

/** The one folder a command takes. */
function oneFolder(args: Args, command: string): string {
  const folders = args._.map(String);
  if (folders.length !== 1 || folders[0] === '')
    throw new BatchError(`expected one folder, the OUT of decruft batch plan, got ${folders.length}: decruft batch ${command} … OUT`);
  return folders[0]!;
}

/** A file's size and sha256, read as a stream (a shard's output can be larger than memory). */
async function digestOf(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function sha256Of(path: string): Promise<string> {
  return (await digestOf(path)).sha256;
}

/** `near-dupes` → `nearDupes`, as yargs names a flag's value. */
const camelCase = (flag: string) => flag.replace(/-([a-z])/gu, (_, c: string) => c.toUpperCase());

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
