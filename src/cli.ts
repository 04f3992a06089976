/**
 * The decruft command line: the default pipeline over files or stdin, one JSON line out for every
 * record in. `bin/decruft.js` calls main() with the process's streams; tests call it with their own.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yargs from 'yargs';
import { InputError, readRecords, resolveInputs } from './io/files.js';
import type { Favor } from './clean/span.js';
import { POOL_DEFAULTS, poolTransform } from './pool.js';
import { DOMS, type DomName } from './record.js';

export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

/** Exit codes, as documented in the README and --help. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const USAGE = `Usage: decruft [options] [file ...]

Turns raw web scrapes into clean article JSON: one line out for every record in, in order, with
title, byline, published, site, lang, excerpt, text and blocks. Reads NDJSON from stdin when no
file is given (or for "-").`;

const EPILOGUE = `Inputs:
  *.ndjson, *.jsonl   one record a line: {"id", "url", "html" or "text", any other fields}
  *.html, *.htm       one page a file; its path becomes the record's id
  *.txt               one text scrape a file; its path becomes the record's id
  other files         sniffed: "{" starts NDJSON, "<" starts HTML, anything else is text

Output fields: the input's own fields (id, url, ...) pass through; a record that cannot be
cleaned (a line that is not JSON, no "html" or "text", a field of the wrong type, a page that
takes longer than --timeout) comes out with "error": {"code", "message", "line"} instead of the
article fields.

Speed: records are cleaned on --jobs worker threads (default: one per core) and written in input
order; memory stays flat however long the input, and a slow reader of the output slows decruft
down rather than filling memory.

Exit status: 0 when every record was written (failed records included), 2 on a usage error
(unknown option, missing file), 1 on an unexpected failure.

Examples:
  decruft pages.ndjson > clean.ndjson
  zcat crawl.ndjson.gz | decruft --explain | jq -r '.removed[]?.reason' | sort | uniq -c
  decruft --jobs 8 --timeout 20 archive.ndjson > clean.ndjson
  decruft saved/*.html notes.txt`;

interface Args {
  explain: boolean;
  favor: Favor;
  jobs: number;
  timeout: number;
  dom: DomName;
  memory: number;
  _: (string | number)[];
}

/** Runs the CLI; resolves to the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if ('exit' in parsed) {
    (parsed.exit === EXIT.ok ? io.stdout : io.stderr).write(parsed.message + '\n');
    return parsed.exit;
  }
  let inputs;
  try {
    inputs = await resolveInputs(parsed.args._.map(String));
  } catch (err) {
    if (err instanceof InputError) return usageError(io, err.message);
    throw err;
  }
  if (inputs.some((i) => i.path === '-') && io.stdin.isTTY) {
    io.stderr.write('decruft: reading NDJSON records from the terminal; end with Ctrl-D (decruft --help for usage)\n');
  }
  const { favor, explain, jobs, timeout, dom, memory } = parsed.args;
  try {
    if (jobs === 0) {
      // loaded here only: with workers, the main thread reads and writes and needs none of it
      const { dedupeTransform, extractTransform, serializeTransform, stripTransform } = await import('./transforms.js');
      await pipeline(
        Readable.from(readRecords(inputs, io.stdin)),
        extractTransform({ dom }),
        stripTransform({ favor }),
        dedupeTransform(),
        serializeTransform({ explain }),
        io.stdout,
      );
    } else {
      await pipeline(
        Readable.from(readRecords(inputs, io.stdin, true)),
        poolTransform({ jobs, timeout: timeout * 1000, memory, output: 'json', clean: { favor, explain, dom } }),
        io.stdout,
      );
    }
    return EXIT.ok;
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    if (error.code === 'EPIPE') return EXIT.ok; // the reader went away (`decruft … | head`): not our failure
    io.stderr.write(`decruft: ${error.message ?? String(err)}\n`);
    return EXIT.failure;
  }
}

type Parsed = { args: Args } | { exit: number; message: string };

function parseArgs(argv: readonly string[]): Parsed {
  let result: Parsed | null = null;
  const parser = yargs()
    .scriptName('decruft')
    .usage(USAGE)
    .option('favor', {
      choices: ['precision', 'balanced', 'recall'] as const,
      default: 'balanced' as const,
      describe: 'Rather lose a paragraph than keep a teaser (precision), or the reverse (recall)',
    })
    .option('jobs', {
      alias: 'j',
      type: 'number',
      default: availableParallelism(),
      defaultDescription: `available cores, here ${availableParallelism()}`,
      describe: 'Worker threads cleaning records side by side (output order is kept); 0 cleans on the main thread, with no time limit',
    })
    .option('timeout', {
      type: 'number',
      default: POOL_DEFAULTS.timeout / 1000,
      describe: 'Seconds one record may take before it comes out with error "timeout" (0: no limit; needs --jobs 1 or more)',
    })
    .option('memory', {
      type: 'number',
      default: POOL_DEFAULTS.memory,
      describe: 'Megabytes of heap each worker may use; a page needing more comes out with error "crashed" (needs --jobs 1 or more)',
    })
    .check((args) => {
      const { jobs, timeout, memory } = args as unknown as Args;
      if (!Number.isInteger(memory) || memory < 16) throw new Error(`--memory must be a whole number of megabytes, 16 or more (got ${String(memory)})`);
      if (!Number.isInteger(jobs) || jobs < 0) throw new Error(`--jobs must be a whole number, 0 or more (got ${String(jobs)})`);
      if (!(timeout >= 0)) throw new Error(`--timeout must be a number of seconds, 0 or more (got ${String(timeout)})`);
      return true;
    })
    .option('dom', {
      choices: DOMS,
      default: 'linkedom' as const,
      describe: 'The DOM Readability runs on: linkedom (built by the HTML5 parser jsdom uses; same results on the dev pages, about 4× faster) or jsdom',
    })
    .option('explain', {
      type: 'boolean',
      default: false,
      describe: 'Add "removed" (every dropped block with its reason id) and "extractedBy" to each record',
    })
    .epilogue(EPILOGUE)
    .help('help')
    .alias('help', 'h')
    .version('version', 'Show the version number', version)
    .alias('version', 'V')
    .parserConfiguration({ 'parse-positional-numbers': false })
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100));
  parser.parse([...argv], {}, (err, args, output) => {
    if (err) result = { exit: EXIT.usage, message: `decruft: ${err.message}\nRun "decruft --help" for usage.` };
    else if (output) result = { exit: EXIT.ok, message: output };
    else result = { args: args as unknown as Args };
  });
  return result ?? { exit: EXIT.failure, message: 'decruft: the command line could not be read' };
}

function usageError(io: CliIO, message: string): number {
  io.stderr.write(`decruft: ${message}\nRun "decruft --help" for usage.\n`);
  return EXIT.usage;
}
