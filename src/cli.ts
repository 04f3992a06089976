/**
 * The decruft command line: the default pipeline over files or stdin, one JSON line out for every
 * record in. `bin/decruft.js` calls main() with the process's streams; tests call it with their own.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { availableParallelism, hostname } from 'node:os';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArgumentsCamelCase, Argv, Options } from 'yargs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { isGzip } from './io/bytes.js';
import { stoppable } from './io/compose.js';
import {
  INPUT_KINDS,
  InputError,
  readRecords,
  resolveInputs,
  type Input,
  type InputKind,
  type PassedOver,
  type ReadOptions,
  type ResolveOptions,
} from './io/files.js';
import { checkOutputs, fileOutput, OutputError, outputPaths, perInputOutput } from './io/output.js';
import { Progress } from './io/progress.js';
import { OUTPUT_FORMATS, type OutputFormat } from './io/serialize.js';
import type { RuleFile } from './clean/custom.js';
import { INPUT_DEFAULTS } from './io/ndjson.js';
import { FAVORS, type Favor } from './clean/span.js';
import { POOL_DEFAULTS, POOL_LIMITS } from './pool.js';
import { checkOptions, describe, OptionError, type CheckedOption } from './options.js';
import { DEFAULTS, parseAssignments, resolveSettings, withSettings, type SettingsOverrides } from './settings.js';
import type { CopyIndex } from './across/copies.js';
import type { SiteMemory } from './across/sites.js';
import type { StoryIndex } from './across/stories.js';
import { ARTICLE_KEYS, COPY_MODES, DOMS, ERRORS, EXTRACTORS, type CopyMode, type DomName, type ErrorCode, type ExtractorName } from './record.js';
import { Tally } from './tally.js';
import type { CleanOptions } from './transforms.js';

export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  /** Where SIGINT and SIGTERM arrive (the process, from bin/decruft.js); without it none are handled. */
  signals?: EventEmitter;
}

/** Exit codes, as documented in the README and --help. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** What a file passed over while walking a folder is, for people. */
const PASSED_OVER: Readonly<Record<PassedOver['why'], string>> = {
  fifo: 'a FIFO (named pipe), which is read only when named on the command line',
  socket: 'a socket, not a file',
  device: 'a device, not a file',
  'dangling link': 'a symbolic link to nothing',
  'link loop': 'a symbolic link that loops',
};

/** The signals that end a run early, and the exit code of each (128 + the signal's number). */
export const SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;
export type SignalName = keyof typeof SIGNALS;

/** decruft's version, from its package.json. */
export const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Most worker threads per core that --jobs gets; more are cut down to this, with a warning. Past
 * the cores workers only take turns, and each holds its own heap (about 50 MB). Peak RSS and wall
 * time on this 2-core machine (other work running, so times are rough), 400 pages of 50-150 KB,
 * before workers were started one per core at a time: jobs 2 318 MB 9.9 s, 4 535 MB 11 s, 8 835 MB
 * 17 s, 16 1.4 GB 22 s, 64 3.5 GB 125 s with 56 records timed out at 10 s. Since, 1,200 pages: 2
 * 386 MB 20 s, 8 854 MB 45 s, 16 1.1 GB 56 s. Four per core lets a --jobs written for a bigger
 * machine run here at about twice the memory and time of one per core, and no worse.
 */
const MAX_JOBS_PER_CORE = 4;

/**
 * The largest whole input cleaned on the main thread when neither --jobs nor --timeout is given,
 * and how long stdin is waited for to end before deciding. Workers cost more to start than a small
 * input costs to clean. Wall time here (2 cores, other work running), main thread vs two workers:
 * 256 KB of dev pages (2 pages) 1.0 vs 1.7 s, of dev text dumps (33) 2.5 vs 4.8 s; 1 MB of pages
 * 1.9 vs 3.7 s, of text 3.5 vs 4.0 s. The bound stays well below where workers start to pay
 * because on the main thread no record has a time limit: a hostile page of some size still meets
 * one. 50 ms is plenty for `echo … | decruft`, whose input has ended before decruft has started.
 */
const SMALL_INPUT = { bytes: 256 * 1024, waitMs: 50 } as const;

/** Width of the --help text (yargs wraps the options to it; the epilogue is laid out to it here). */
const HELP_WIDTH = Math.min(100, process.stdout.columns ?? 100);

/** Every error code with its meaning, from ERRORS, each meaning wrapped under its own column. */
function errorCodeList(): string {
  const codes = Object.keys(ERRORS) as ErrorCode[];
  const indent = 2 + Math.max(...codes.map((c) => c.length)) + 2;
  return codes
    .map((code) => {
      const lines: string[] = [];
      let line = `  ${code}`.padEnd(indent);
      for (const word of ERRORS[code].split(' ')) {
        if (line.length + 1 + word.length > HELP_WIDTH && line.trim() !== code) {
          lines.push(line);
          line = ' '.repeat(indent) + word;
        } else {
          line += (line.endsWith(' ') ? '' : ' ') + word;
        }
      }
      return [...lines, line].join('\n');
    })
    .join('\n');
}

const USAGE = `Usage: decruft [options] [file | directory | glob | - ...]
       decruft rules [--rules FILE]      list the cruft rules
       decruft batch plan|run|status|merge|slurm ...
                                         a job over many files, in shards (decruft batch --help)

Turns raw web scrapes into clean article JSON: one line out for every record in, in order, with
title, byline, published, site, lang, excerpt, text and blocks. Reads NDJSON from stdin when no
file is given (or for "-").`;

const EPILOGUE = `Inputs:
  *.ndjson, *.jsonl   one record a line: {"id", "url", "html" or "text", any other fields}
  *.html, *.htm       one page a file; its path becomes the record's id
  *.txt               one text scrape a file; its path becomes the record's id
  *.warc              one record per HTML response: url, fetched (WARC-Date), id (WARC-Record-ID)
  other files         sniffed: "WARC/" starts WARC, "{" NDJSON, "<" HTML, anything else is text
  *.gz, or any gzip   decompressed as read, whatever the name
  directories         walked recursively in sorted order (names starting with "." left out)
  globs               expanded in sorted order when quoted: 'crawl/**/*.warc.gz'
Pages are decoded by their byte-order mark, HTTP charset (WARC), <meta charset>, else detection.

Output fields: the input's own fields (id, url, ...) pass through; a record that cannot be
cleaned (a line that is not JSON, no "html" or "text", a field of the wrong type, a page that
takes longer than --timeout) comes out with "error": {"code", "message", "line"} instead of the
article fields.
Article fields: title, byline, published, site, lang, excerpt, pageType (article, forum, product,
collection, listing, documentation, service or other; null for text and --extractor readability),
confidence (0 to 1: the block model's estimate of its own word F1; route low pages to review),
text, blocks.

Speed: records are cleaned on --jobs worker threads (default: one per core; none for an input of
at most 256 KB and not gzipped, such as one page piped in, which is done before workers would have started) and
written in input order; memory stays flat however long the input, and a slow reader of the output
slows decruft down rather than filling memory.

Error codes, in "error": {"code", "message", "line"} of a record that cannot be cleaned:
${errorCodeList()}

At the end, a summary goes to stderr: records read, cleaned, empty (no text left) and failed.

Exit status: 0 when every record was written (failed records included, unless --strict), 1 with
--strict when a record failed, or on an unexpected failure; 2 on a usage error (unknown option,
missing file). On SIGINT (Ctrl-C) or SIGTERM decruft stops reading, writes out the records already
read, prints the summary and exits 130 or 143; a second signal stops it at once.

Examples:
  decruft pages.ndjson > clean.ndjson
  decruft --out-dir clean/ crawl/                  # one .jsonl per input file
  decruft -o clean.jsonl.gz 'cc/*.warc.gz'
  decruft --format text --no-blocks saved/ | less
  decruft --fields id,url,title,text --rules my-rules.yaml pages.ndjson
  zcat crawl.ndjson.gz | decruft --explain | jq -r '.removed[]?.reason' | sort | uniq -c
  decruft --jobs 8 --timeout 20 archive.ndjson > clean.ndjson
  decruft saved/*.html notes.txt`;

/** The parsed command line (yargs' camel-case keys); `decruft batch` reads its cleaning flags into it too. */
export interface Args {
  explain: boolean;
  inputFormat?: InputKind;
  format: OutputFormat;
  fields?: string[];
  blocks: boolean;
  output?: string;
  outDir?: string;
  rules?: string;
  settings?: string;
  set?: string | string[];
  favor: Favor;
  /** Absent: chosen for the input (see jobsForInput). */
  jobs?: number;
  /** Seconds; absent: POOL_DEFAULTS.timeout. */
  timeout?: number;
  dom: DomName;
  extractor: ExtractorName;
  /** Megabytes; absent: POOL_DEFAULTS.memory. */
  memory?: number;
  maxBytes: number;
  nearDupes?: CopyMode;
  copiesState?: string;
  learnSites?: boolean;
  siteHold?: number;
  sitePasses?: 1 | 2;
  siteState?: string;
  stories: boolean;
  storiesState?: string;
  strict: boolean;
  quiet: boolean;
  progress: boolean;
  _: (string | number)[];
}

/** Runs the CLI; resolves to the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  // a command of its own, with its own flags: loaded only when asked for
  if (argv[0] === 'batch') return (await import('./batch.js')).batchMain(argv.slice(1), io);
  const parsed = await parseArgs(argv);
  if ('exit' in parsed) {
    (parsed.exit === EXIT.ok ? io.stdout : io.stderr).write(parsed.message + '\n');
    return parsed.exit;
  }
  const { maxBytes, strict, quiet, format, fields } = parsed.args;
  if (fields && !quiet) for (const fieldWarning of fieldWarnings(fields)) io.stderr.write(`decruft: ${fieldWarning}\n`);
  let settings: SettingsOverrides | undefined;
  try {
    settings = await loadSettings(parsed.args.settings, [parsed.args.set ?? []].flat());
  } catch (err) {
    return usageError(io, (err as Error).message);
  }
  let across: AcrossState;
  try {
    across = await loadAcrossState(parsed.args, settings);
  } catch (err) {
    return usageError(io, (err as Error).message);
  }
  let inputs: Input[];
  let ruleFile: RuleFile | undefined;
  let outPaths: string[] | undefined;
  const passedOver: PassedOver[] = [];
  try {
    ruleFile = parsed.args.rules === undefined ? undefined : await loadRuleFile(parsed.args.rules);
    if (parsed.command === 'rules')
      return await listRules(io.stdout, ruleFile).catch((err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? EXIT.ok : Promise.reject(err)));
    if (parsed.args.output === '' || parsed.args.outDir === '') throw new OutputError(`--${parsed.args.output === '' ? 'output' : 'out-dir'} needs a path`);
    const resolving: ResolveOptions & { onPassOver: (item: PassedOver) => void } = { onPassOver: (item) => passedOver.push(item) };
    if (parsed.args.inputFormat) resolving.kind = parsed.args.inputFormat;
    inputs = await resolveInputs(parsed.args._.map(String), resolving);
    if (parsed.args.outDir !== undefined) outPaths = outputPaths(inputs, parsed.args.outDir, format);
    // nothing is opened before it is known that no output is an input, read while it is written
    const outputs = outPaths ?? (parsed.args.output === undefined ? [] : [parsed.args.output]);
    await checkOutputs(outputs, inputs);
  } catch (err) {
    if (err instanceof InputError || err instanceof OutputError || (err as Error).name === 'RuleFileError') return usageError(io, (err as Error).message);
    throw err;
  }
  const { jobs, warning, stdin } = await jobsForInput(parsed.args, inputs, io.stdin);
  if (warning) io.stderr.write(`decruft: ${warning}\n`);
  if (inputs.some((i) => i.path === '-') && io.stdin.isTTY) {
    io.stderr.write('decruft: reading NDJSON records from the terminal; end with Ctrl-D (decruft --help for usage)\n');
  }
  const tally = new Tally();
  for (const item of passedOver) tally.passOver(item.why);
  if (!quiet) for (const item of passedOver.slice(0, 5)) io.stderr.write(`decruft: passed over ${item.path}: ${PASSED_OVER[item.why]}\n`);
  const stopReading = new AbortController();
  const stopAll = new AbortController();
  const perInput = outPaths ? perInputOutput(outPaths) : null;
  const showProgress = parsed.args.progress && !quiet && (io.stderr as Writable & { isTTY?: boolean }).isTTY === true;
  const sizes = inputs.map((i) => i.size);
  const totalBytes = sizes.every((size) => size !== undefined) ? sizes.reduce((a, b) => a! + b!, 0) : undefined;
  const progress = showProgress ? new Progress(io.stderr, () => tally.read, totalBytes) : null;
  const read: ReadOptions = { raw: jobs > 0, maxBytes, signal: stopReading.signal, onSkip: (why) => tally.skip(why) };
  if (!quiet) read.onNotice = (message) => io.stderr.write(`decruft: ${message}\n`);
  if (perInput || progress) {
    read.onRecord = (inputIndex) => {
      perInput?.noteRecord(inputIndex);
      progress?.addRecord();
    };
  }
  if (progress) read.onBytes = (bytes) => progress.addBytes(bytes);
  const source = stoppable(readRecords(inputs, stdin, read));
  let interrupted: SignalName | null = null;
  const onSignal = (signal: SignalName) => {
    if (interrupted) {
      stopAll.abort();
      return;
    }
    interrupted = signal;
    source.stop();
    perInput?.stopped();
    stopReading.abort();
    if (!quiet) io.stderr.write(`decruft: ${signal}: reading stopped; writing out the records already read (send it again to stop at once)\n`);
  };
  for (const signal of Object.keys(SIGNALS) as SignalName[]) io.signals?.on(signal, onSignal);

  let code: number = EXIT.ok;
  try {
    // loaded here, not with the CLI: --help, a usage error or `decruft rules` need none of it
    const { cleanStages } = await import('./transforms.js');
    const options = cleanOptions(parsed.args, jobs, ruleFile, settings);
    if (across.copyIndex) options.copyIndex = across.copyIndex;
    if (across.siteMemory) options.siteMemory = across.siteMemory;
    if (across.storyIndex) options.storyIndex = across.storyIndex;
    const stages = cleanStages(options, { from: 'records', to: 'json', onOutcome: tally.add.bind(tally) });
    const sink = perInput ? perInput.writable : parsed.args.output !== undefined ? await fileOutput(parsed.args.output, stopReading.signal) : io.stdout;
    await (pipeline as (...args: unknown[]) => Promise<void>)(source.stream, ...stages, sink, { signal: stopAll.signal });
    // every record written is in the state, and no other: a stopped run saves a state that matches its output
    if (across.copyIndex && parsed.args.copiesState !== undefined) await saveState(parsed.args.copiesState, across.copyIndex);
    if (across.siteMemory && parsed.args.siteState !== undefined) await saveState(parsed.args.siteState, across.siteMemory);
    if (across.storyIndex && parsed.args.storiesState !== undefined) await saveState(parsed.args.storiesState, across.storyIndex);
    if (strict && tally.failed > 0) code = EXIT.failure;
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    // the reader went away (`decruft … | head`): not our failure, and nobody to tell
    if (error.code === 'EPIPE') {
      progress?.stop();
      return EXIT.ok;
    }
    if (err instanceof OutputError) {
      progress?.stop();
      return usageError(io, error.message);
    } else if (!stopAll.signal.aborted && !(interrupted && error.name === 'AbortError')) {
      io.stderr.write(`decruft: ${error.message ?? String(err)}\n`);
      code = EXIT.failure;
    }
  } finally {
    for (const signal of Object.keys(SIGNALS) as SignalName[]) io.signals?.off(signal, onSignal);
  }
  progress?.stop();
  if (interrupted) code = SIGNALS[interrupted];
  if (!quiet) io.stderr.write(`decruft: ${tally.summary()}${interrupted ? ` (stopped by ${interrupted})` : ''}\n`);
  return code;
}

type Parsed = { args: Args; command: 'clean' | 'rules' } | { exit: number; message: string };

/** The flags: yargs reads them, and a run given none takes their defaults from here (see defaultArgs). */
export const FLAGS = {
  favor: {
    choices: FAVORS,
    coerce: checkedFlag('favor'),
    default: 'balanced' as const,
    describe: 'Rather lose a paragraph than keep a teaser (precision), or the reverse (recall)',
  },
  jobs: {
    alias: 'j',
    type: 'number',
    defaultDescription: `available cores, here ${availableParallelism()}; 0 for a small input`,
    describe:
      'Worker threads cleaning records side by side (output order is kept); 0 cleans on the main thread, ' +
      `with no time limit. More than the cores draws a warning; more than ${MAX_JOBS_PER_CORE} per core ` +
      `is cut down to that. Left out, a whole input of at most ${SMALL_INPUT.bytes / 1024} KB (one page piped in) ` +
      'is cleaned on the main thread, which starts sooner than workers, unless it is gzipped or --timeout or --memory is given',
  },
  timeout: {
    type: 'number',
    defaultDescription: String(POOL_DEFAULTS.timeout / 1000),
    describe: 'Seconds one record may take before it comes out with error "timeout" (0: no limit; needs --jobs 1 or more)',
  },
  memory: {
    type: 'number',
    defaultDescription: String(POOL_DEFAULTS.memory),
    describe:
      `Megabytes of heap each worker may use, at least ${POOL_LIMITS.minMemory.linkedom} ` +
      `(${POOL_LIMITS.minMemory.jsdom} with --dom jsdom); a page needing more comes out with error "crashed" ` +
      '(needs --jobs 1 or more)',
  },
  extractor: {
    choices: EXTRACTORS,
    coerce: checkedFlag('extractor'),
    default: 'auto' as const,
    describe:
      "How HTML pages are read: auto (decruft's block model judges every block of the page, so content spread " +
      'over sections, posts, cards and tables is kept; Readability runs only when it keeps nothing) or readability ' +
      '(the one container Readability picks, slower: what decruft did before its block model)',
  },
  dom: {
    choices: DOMS,
    coerce: checkedFlag('dom'),
    default: 'linkedom' as const,
    describe: 'The DOM Readability runs on: linkedom (built by the HTML5 parser jsdom uses; same results on the dev pages, about 4× faster) or jsdom',
  },
  'input-format': {
    choices: INPUT_KINDS,
    describe: 'Read every input as this kind, instead of going by file names and first bytes',
  },
  format: {
    choices: OUTPUT_FORMATS,
    coerce: checkedFlag('format'),
    default: 'jsonl' as const,
    describe:
      'jsonl: one JSON record a line; text: title and text of each article; markdown: headings, lists, quotes and code from the blocks (text and markdown entries are separated by a line holding only a form feed)',
  },
  fields: {
    type: 'string',
    describe: 'Keep only these output fields, comma-separated (jsonl), e.g. id,url,title,text; "error" is always kept; given twice, the lists add up',
    // given more than once, yargs passes an array: the lists add up
    coerce: (value: string | string[]) =>
      [value]
        .flat()
        .flatMap((v) => String(v).split(','))
        .map((f) => f.trim())
        .filter(Boolean),
  },
  blocks: {
    type: 'boolean',
    default: true,
    describe: 'Include "blocks" in jsonl output (--no-blocks leaves it out)',
  },
  output: {
    alias: 'o',
    type: 'string',
    describe: 'Write to this file instead of stdout (gzipped when its name ends in .gz)',
  },
  'out-dir': {
    type: 'string',
    describe: 'Write one output file per input into this directory, named after the input (.jsonl, .txt or .md; .gz kept)',
  },
  rules: {
    type: 'string',
    describe: 'A rule file (JSON or YAML) adding rules and switching off built-in ones by reason id; see "decruft rules"',
  },
  settings: {
    type: 'string',
    describe: 'A JSON file of settings overriding the defaults of cleaning thresholds, by area: {"span": {"textMinWords": 6}} (see src/settings.ts)',
  },
  set: {
    type: 'string',
    requiresArg: true, // repeated, it gathers into an array; `array: true` would swallow the inputs after it
    describe: 'One setting, area.key=value (repeat for more), over --settings: --set span.textMinWords=6',
  },
  'max-bytes': {
    type: 'string',
    default: String(INPUT_DEFAULTS.maxBytes),
    defaultDescription: '16M',
    describe:
      'Largest record (NDJSON line, HTML or text file, WARC payload) read, in bytes or with K, M or G; a larger one is skipped, never held whole, and comes out with error "too-large"',
    coerce: parseSize,
  },
  'near-dupes': {
    choices: COPY_MODES,
    coerce: checkedFlag('nearDupes'),
    describe:
      'Find records whose cleaned text nearly repeats an earlier one (a page fetched twice, syndicated copy): mark adds ' +
      '"dupOf" (the first record\'s id, else url, else position) and "similarity"; drop writes only {id, dupOf, similarity} in their place',
  },
  'copies-state': {
    type: 'string',
    describe: 'With --near-dupes: a state file to go on from when it exists (the records of earlier runs count) and to save to at the end',
  },
  'learn-sites': {
    type: 'boolean',
    describe:
      "Learn each site's repeated blocks (menus, footers, prompts in the site's own wording) from the pages read and take them out " +
      '("site.repeated", with how many pages carried the block): a block on at least 3 pages and 30% of those of its site (the url\'s ' +
      'registrable domain, or a "site" field). Each record is decided once --site-hold more records have been read',
  },
  'site-hold': {
    type: 'number',
    coerce: checkedFlag('siteHold'),
    defaultDescription: String(DEFAULTS.sites.holdRecords),
    describe: 'With --learn-sites: records read past a record before it is decided (more: more pages seen, more records held in memory)',
  },
  'site-passes': {
    type: 'number',
    coerce: checkedFlag('sitePasses'),
    defaultDescription: '1',
    describe:
      "With --learn-sites: 2 learns the whole input before cleaning any record, so every page is judged knowing all of its site's pages " +
      '(for files; the records wait in a temporary file under $TMPDIR, about the size of the output, and none is written before the input ends)',
  },
  'site-state': {
    type: 'string',
    describe: 'With --learn-sites: a state file to go on from when it exists (the pages of earlier runs count) and to save to at the end',
  },
  stories: {
    type: 'boolean',
    default: false,
    describe:
      'Put different write-ups of one event in one story (shared names, places, numbers): adds "story" (the first record\'s id, ' +
      'else url, else position) to every record with enough text, and "storySimilarity" to later ones',
  },
  'stories-state': {
    type: 'string',
    describe: 'With --stories: a state file to go on from when it exists (the stories of earlier runs stay open) and to save to at the end',
  },
  strict: {
    type: 'boolean',
    default: false,
    describe: 'Exit with status 1 when any record failed (they are still all written)',
  },
  quiet: {
    alias: 'q',
    type: 'boolean',
    default: false,
    describe: 'No summary on stderr at the end (errors are still reported)',
  },
  progress: {
    type: 'boolean',
    default: true,
    describe: 'A progress line on stderr while the run goes, when stderr is a terminal (--no-progress: none; the summary still comes)',
  },
  explain: {
    type: 'boolean',
    default: false,
    describe: 'Add "removed" (every dropped block with its reason id) and "extractedBy" to each record',
  },
} satisfies Record<string, Options>;

/** Args with every flag at its default, as yargs gives them for an empty command line. */
export function defaultArgs(): Args {
  const args: Record<string, unknown> = { _: [] };
  for (const [flag, spec] of Object.entries(FLAGS) as [string, Options][]) {
    if (!('default' in spec)) continue;
    args[flag.replace(/-([a-z])/gu, (_, c: string) => c.toUpperCase())] = spec.coerce ? spec.coerce(spec.default) : spec.default;
  }
  return args as unknown as Args;
}

/**
 * Reads the command line. Given no arguments (`… | decruft`), every flag takes its default without
 * loading yargs, which is about a tenth of a second (some 45 modules): most of what is left of the
 * start-up of a small run.
 */
export async function parseArgs(argv: readonly string[]): Promise<Parsed> {
  if (argv.length === 0) return { args: defaultArgs(), command: 'clean' };
  const read = await readCommandLine(argv, {
    command: 'decruft',
    usage: USAGE,
    flags: FLAGS,
    epilogue: EPILOGUE,
    version,
    configure: (parser) =>
      parser.conflicts('output', 'out-dir').check((args) => {
        checkFlagValues(args as unknown as Args);
        return true;
      }),
  });
  if ('exit' in read) return read;
  const { args } = read;
  return { args: args as unknown as Args, command: args._[0] === 'rules' && args._.length === 1 ? 'rules' : 'clean' };
}

/**
 * A command line read the way every decruft command reads one (yargs, loaded here): its flags
 * strictly, numbers among the positionals kept as written, `--help` (and `--version` when given
 * one) answered with the text to print; an error is a usage error naming the command.
 */
export async function readCommandLine(
  argv: readonly string[],
  how: { command: string; usage: string; flags: Record<string, Options>; epilogue: string; version?: string; configure?: (parser: Argv) => Argv },
): Promise<{ args: ArgumentsCamelCase } | { exit: number; message: string }> {
  const { default: yargs } = await import('yargs');
  let parser = yargs().scriptName(how.command).usage(how.usage).options(how.flags);
  if (how.configure) parser = how.configure(parser);
  parser = parser.epilogue(how.epilogue).help('help').alias('help', 'h');
  parser = how.version === undefined ? parser.version(false) : parser.version('version', 'Show the version number', how.version).alias('version', 'V');
  let result: { args: ArgumentsCamelCase } | { exit: number; message: string } | null = null;
  parser
    .parserConfiguration({ 'parse-positional-numbers': false })
    .strictOptions()
    .exitProcess(false)
    .wrap(HELP_WIDTH)
    .parse([...argv], {}, (err, args, output) => {
      if (err) result = { exit: EXIT.usage, message: `${how.command}: ${err.message}\nRun "${how.command} --help" for usage.` };
      else if (output) result = { exit: EXIT.ok, message: output };
      else result = { args };
    });
  return result ?? { exit: EXIT.failure, message: `${how.command}: the command line could not be read` };
}

/**
 * The checks of flag values beyond what yargs makes (the library's, worded for the command line:
 * `--memory: expected …`), for decruft's command line and for the flags a batch plan stores;
 * throws an Error for the first that fails. A flag left out is not checked.
 */
export function checkFlagValues(args: Partial<Pick<Args, 'jobs' | 'timeout' | 'memory' | 'dom' | 'maxBytes'>>): void {
  const { jobs, timeout, memory, dom } = args;
  if (args.maxBytes !== undefined) {
    const maxBytes = parseSize(String(args.maxBytes)); // --help skips coercion, not checks
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new Error(`--max-bytes: expected a size of at least 1 byte, such as 500000, 64K or 16M, got ${describe(args.maxBytes)}`);
    }
  }
  // the library's check; --timeout is in seconds here, which the same rule holds for
  asFlagError(() => checkOptions({ jobs, timeout, memory, dom }));
}

/**
 * Warnings for --fields names that look like a typo of a field decruft writes (`titel`): such a
 * name is kept only if the input records carry it, so it usually writes `{}`. Names far from every
 * field (`crawl_id`) are taken as the input's own fields, without a word.
 */
function fieldWarnings(fields: readonly string[]): string[] {
  const known: readonly string[] = [...ARTICLE_KEYS, 'error', 'id', 'url'];
  const warnings: string[] = [];
  for (const field of fields) {
    if (known.includes(field)) continue;
    const near = known.find((k) => editDistance(field.toLowerCase(), k.toLowerCase()) <= (k.length > 4 ? 2 : 1));
    if (near) warnings.push(`--fields: decruft writes no field "${field}" (did you mean "${near}"?); it is kept only where an input record has it`);
  }
  return warnings;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The worker threads to run for `--jobs asked` on `cores` cores, and a warning when that is more
 * than the cores (workers take turns on them: each record takes longer, which --timeout counts,
 * and each worker holds its own memory) or more than MAX_JOBS_PER_CORE per core (cut down to that).
 */
export function jobsFor(asked: number, cores: number): { jobs: number; warning?: string } {
  const most = cores * MAX_JOBS_PER_CORE;
  const here = `${cores} core${cores === 1 ? '' : 's'} here`;
  if (asked > most) {
    const why = 'more workers than cores only add memory and time';
    const warning = `--jobs ${asked} is more than ${MAX_JOBS_PER_CORE} per core; running ${most} (${here}): ${why}`;
    return { jobs: most, warning };
  }
  if (asked > cores) {
    const why = 'workers take turns, so each record takes longer (counted by --timeout), and each holds its own memory';
    return { jobs: asked, warning: `--jobs ${asked} is more than the ${here}: ${why}` };
  }
  return { jobs: asked };
}

/** The library's options for these arguments (its `timeout` is in milliseconds, --timeout in seconds). */
export function cleanOptions(args: Args, jobs: number, ruleFile: RuleFile | undefined, settings: SettingsOverrides | undefined): CleanOptions {
  const { favor, dom, extractor, memory, explain, format, blocks, fields } = args;
  const options: CleanOptions = { favor, dom, extractor, jobs, explain, format, blocks };
  if (memory !== undefined) options.memory = memory;
  options.timeout = (args.timeout ?? POOL_DEFAULTS.timeout / 1000) * 1000;
  if (fields) options.fields = fields;
  if (ruleFile) options.ruleFile = ruleFile;
  if (settings) options.settings = settings;
  if (args.nearDupes !== undefined) options.nearDupes = args.nearDupes;
  if (args.learnSites) options.learnSites = true;
  if (args.siteHold !== undefined) options.siteHold = args.siteHold;
  if (args.sitePasses !== undefined) options.sitePasses = args.sitePasses;
  if (args.stories) options.stories = true;
  return options;
}

/**
 * The worker threads for this run: --jobs when given (see jobsFor), else none for a small input
 * (see SMALL_INPUT) and one per core for any other. A limit asked for (--timeout, --memory) is one
 * only workers keep, and a gzipped input may be many times its size once unpacked: both go to
 * workers. Sizing up stdin reads it ahead: `stdin` is where the records are to be read from after.
 */
export async function jobsForInput(
  args: Pick<Args, 'jobs' | 'timeout' | 'memory'>,
  inputs: readonly Input[],
  stdin: CliIO['stdin'],
): Promise<{ jobs: number; warning?: string; stdin: Readable }> {
  const cores = availableParallelism();
  if (args.jobs !== undefined || args.timeout !== undefined || args.memory !== undefined) return { ...jobsFor(args.jobs ?? cores, cores), stdin };
  let bytes = 0;
  for (const input of inputs) {
    if (input.path === '-') continue;
    if (input.size === undefined) return { jobs: cores, stdin };
    bytes += input.size;
  }
  if (bytes > SMALL_INPUT.bytes) return { jobs: cores, stdin };
  for (const input of inputs) if (input.path !== '-' && (await startsGzipped(input.path))) return { jobs: cores, stdin };
  if (!inputs.some((i) => i.path === '-')) return { jobs: 0, stdin };
  if (stdin.isTTY) return { jobs: cores, stdin };
  const whole = await readAhead(stdin, SMALL_INPUT.bytes - bytes, SMALL_INPUT.waitMs);
  if (!whole) return { jobs: cores, stdin };
  return { jobs: isGzip(whole) ? cores : 0, stdin: Readable.from([whole], { objectMode: false }) };
}

/** Whether a file opens with gzip's magic number; false when it cannot be read (reading it reports that). */
async function startsGzipped(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
      return bytesRead === 2 && isGzip(buffer);
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}

/**
 * All of `stream` when it ends within `waitMs` having given at most `limit` bytes; else null, with
 * what was read put back (unshift), so that whoever reads the stream next gets every byte.
 */
function readAhead(stream: Readable, limit: number, waitMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
      const head = Buffer.concat(chunks);
      if (!ended && head.length > 0) stream.unshift(head);
      resolve(ended ? head : null);
    };
    const onReadable = () => {
      for (let chunk: Buffer | string | null; (chunk = stream.read() as Buffer | string | null) !== null;) {
        chunks.push(Buffer.from(chunk));
        size += chunk.length;
        if (size > limit) return finish(false);
      }
    };
    const onEnd = () => finish(true);
    // the reader after us meets the error: the stream stays errored
    const onError = () => finish(false);
    const timer = setTimeout(() => finish(false), waitMs);
    stream.on('readable', onReadable).once('end', onEnd).once('error', onError);
  });
}

/**
 * A yargs `coerce` for a flag that is a cleaning option: the library's check (see ./options.ts),
 * worded for the command line: `--favor: expected one of precision, balanced, recall, got "both"`.
 */
function checkedFlag<T>(option: CheckedOption): (value: T) => T {
  return (value) => {
    asFlagError(() => checkOptions({ [option]: value }));
    return value;
  };
}

/** Runs `check`, rewording an OptionError about `someOption` as one about `--some-option`. */
export function asFlagError(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof OptionError)) throw err;
    const flag = err.option.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`);
    throw new Error(`--${flag}: expected ${err.expected}, got ${describe(err.got)}`, { cause: err });
  }
}

/** Reports a usage error: the message, and where to read the usage (`decruft batch run --help`…). */
export function usageError(io: CliIO, message: string, command = 'decruft'): number {
  io.stderr.write(`${command}: ${message}\nRun "${command} --help" for usage.\n`);
  return EXIT.usage;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `16M`, `512k`, `2G`, `1000000` (binary units, an optional `B`/`iB`) into bytes; NaN if not a size. */
function parseSize(value: string | number): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(String(value));
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
}

/** The state the steps across documents go on from (--copies-state, --site-state), loaded. */
interface AcrossState {
  copyIndex?: CopyIndex;
  siteMemory?: SiteMemory;
  storyIndex?: StoryIndex;
}

/** Loads the state files named; throws an Error to show as a usage error. */
export async function loadAcrossState(args: Args, settings: SettingsOverrides | undefined): Promise<AcrossState> {
  const state: AcrossState = {};
  for (const [flag, given] of [
    ['--site-hold', args.siteHold !== undefined],
    ['--site-passes', args.sitePasses !== undefined],
  ] as const) {
    if (given && !args.learnSites) throw new Error(`${flag} needs --learn-sites`);
  }
  if (args.sitePasses === 2 && args.siteHold !== undefined) throw new Error('--site-hold is for one pass; --site-passes 2 waits for the whole input');
  if (args.copiesState !== undefined) {
    if (args.nearDupes === undefined) throw new Error('--copies-state needs --near-dupes (mark or drop)');
    const { CopyIndex } = await import('./across/copies.js');
    state.copyIndex = await loadState('--copies-state', args.copiesState, {
      parse: (text) => CopyIndex.parse(text, settings),
      fresh: () => new CopyIndex(settings),
    });
  }
  if (args.siteState !== undefined) {
    if (!args.learnSites) throw new Error('--site-state needs --learn-sites');
    const { SiteMemory } = await import('./across/sites.js');
    const resolved = resolveSettings(settings);
    state.siteMemory = await loadState('--site-state', args.siteState, {
      parse: (text) => withSettings(resolved, () => SiteMemory.parse(text)),
      fresh: () => withSettings(resolved, () => new SiteMemory()),
    });
  }
  if (args.storiesState !== undefined) {
    if (!args.stories) throw new Error('--stories-state needs --stories');
    const { StoryIndex } = await import('./across/stories.js');
    state.storyIndex = await loadState('--stories-state', args.storiesState, {
      parse: (text) => StoryIndex.parse(text, settings),
      fresh: () => new StoryIndex(settings),
    });
  }
  return state;
}

/**
 * A state file `flag` names: parsed when it exists, fresh when not. A StateError (what is wrong in
 * it) becomes "FLAG PATH: problem"; a file that cannot be read, "cannot read FLAG PATH".
 */
async function loadState<T>(flag: string, path: string, how: { parse: (text: string) => T; fresh: () => T }): Promise<T> {
  if (path === '') throw new Error(`${flag} needs a path`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return how.fresh();
    throw new Error(`cannot read ${flag} ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return how.parse(text);
  } catch (err) {
    const { StateError } = await import('./across/state.js');
    if (err instanceof StateError) throw new Error(`${flag} ${path}: ${err.problem}`, { cause: err });
    throw err;
  }
}

/** Saves a state beside `path` first and then renames it over: a crash never leaves half a state. */
export async function saveState(path: string, state: { toJSON(): unknown }): Promise<void> {
  await writeAtomically(path, JSON.stringify(state) + '\n');
}

/** Writes beside `path` (a name of this process's own, on this host) and renames over it: a reader never sees half a file. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.${hostname()}.${process.pid}.partial`;
  await writeFile(partial, text);
  await rename(partial, path);
}

/**
 * The settings overrides of --settings FILE and --set area.key=value (over the file's), checked;
 * throws an Error with a message for the user when the file cannot be read or a setting is wrong.
 */
export async function loadSettings(path: string | undefined, assignments: readonly string[]): Promise<SettingsOverrides | undefined> {
  if (path === undefined && assignments.length === 0) return undefined;
  let base: SettingsOverrides = {};
  if (path !== undefined) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the settings file ${path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      base = JSON.parse(text) as SettingsOverrides;
      resolveSettings(base);
    } catch (err) {
      const what = err instanceof SyntaxError ? 'is not valid JSON: ' : '';
      throw new Error(`--settings ${path} ${what}${(err as Error).message}`, { cause: err });
    }
  }
  const overrides = parseAssignments(assignments.map(String), base);
  try {
    resolveSettings(overrides);
  } catch (err) {
    throw new Error(`--set: ${(err as Error).message}`, { cause: err });
  }
  return overrides;
}

/** Reads and checks a rule file (JSON or YAML); throws RuleFileError (a usage error) when it is wrong. */
export async function loadRuleFile(path: string): Promise<RuleFile> {
  const [{ parse }, { checkRuleFile, RuleFileError }] = await Promise.all([import('yaml'), import('./clean/custom.js')]);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new RuleFileError(`cannot read the rule file ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text); // YAML 1.2 reads JSON too
  } catch (err) {
    throw new RuleFileError(`${path} is not valid JSON or YAML: ${(err as Error).message}`);
  }
  return checkRuleFile(data, path);
}

/** `decruft rules`: every rule, one a line: reason id, where it acts, languages, why. */
async function listRules(stdout: Writable, ruleFile?: RuleFile): Promise<number> {
  const [{ BUILTIN_RULES }, { rulesOf }] = await Promise.all([import('./clean/rules/index.js'), import('./clean/custom.js')]);
  const active = new Set(ruleFile ? rulesOf(ruleFile) : BUILTIN_RULES);
  const own = new Set<unknown>(ruleFile?.rules ?? []);
  const rows = [...(ruleFile?.rules ?? []), ...BUILTIN_RULES].map((rule) => {
    const langs = 'phrases' in rule ? Object.keys(rule.phrases).join(',') : rule.langs.join(',');
    const where = `${rule.match}${rule.edgesOnly ? ', edges only' : ''}`;
    const state = own.has(rule) ? 'yours' : active.has(rule) ? 'built-in' : 'off';
    return [rule.id, state, where, langs, rule.why];
  });
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell)).join('  ') + '\n');
  await pipeline(Readable.from(lines), stdout); // `decruft rules | head` ends it early: EPIPE, handled by the caller
  return EXIT.ok;
}
