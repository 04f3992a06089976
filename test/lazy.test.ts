import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lazy } from '../src/lazy.js';
import { line } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier, the harbour office said.';

/**
 * Runs the built CLI (bin/decruft.js) with `argv` on `stdin`, and gives the module files it loaded
 * (see test/loaded-modules.mjs) and its output records.
 */
async function loadedBy(argv: string[], stdin: string): Promise<{ files: string[]; records: Array<Record<string, any>> }> {
  const log = join(mkdtempSync(join(tmpdir(), 'decruft-lazy-')), 'loaded.txt');
  const child = spawn(process.execPath, ['--import', join(ROOT, 'test/loaded-modules.mjs'), join(ROOT, 'bin/decruft.js'), ...argv], {
    env: { ...process.env, DECRUFT_TEST_LOADED: log },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end(stdin);
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.is(code, 0, `decruft ${argv.join(' ')} exited with ${String(code)}`);
  const files = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    files,
    records: stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l)),
  };
}

/** The packages (or decruft's own dist/ files) among `files`. */
function loaded(files: string[], what: string): boolean {
  return files.some((file) => file.includes(what.startsWith('dist/') ? `/${what}` : `/node_modules/${what}/`));
}

const HTML_PARSING = ['linkedom', 'parse5', 'htmlparser2', '@mozilla/readability', 'domhandler', 'dist/extract/html.js'];
const ONLY_WHEN_ASKED = ['yaml', 'jsdom', 'chardet', 'html-encoding-sniffer', 'tinyglobby', 'tldts'];

const loader = suite('lazy');
loader('loads its module on the first call only, and gives the same module as import does', async () => {
  const get = lazy<typeof import('node:path')>(import.meta.url, 'node:path');
  const first = get();
  assert.is(get(), first);
  assert.is(first.join, (await import('node:path')).join);
});
loader.run();

const cli = suite('lazy: what a one-record run loads (spawned, built package)');
cli('a text record with no dateline: no HTML parser, no date parser, no yargs when no flag is given', async () => {
  const { files, records } = await loadedBy([], line({ id: 1, url: 'https://harbourlight.org/pier', text: PROSE }));
  assert.is(records[0]!['text'], PROSE);
  assert.is(records[0]!['lang'], 'en');
  for (const what of [...HTML_PARSING, ...ONLY_WHEN_ASKED, 'chrono-node', 'yargs']) assert.not.ok(loaded(files, what), `loaded ${what}`);
  assert.ok(loaded(files, 'eld'), 'language detection needs eld');
});
cli("a text record whose language is given and which has an English dateline: chrono's English parser alone, no eld", async () => {
  const { files, records } = await loadedBy(['--quiet'], line({ id: 1, lang: 'en', text: `Posted on 3 March 2024\n${PROSE}` }));
  assert.is(records[0]!['published'], '2024-03-03');
  assert.ok(
    files.some((f) => f.includes('/chrono-node/dist/cjs/locales/en/')),
    'chrono en',
  );
  assert.not.ok(
    files.some((f) => /\/chrono-node\/dist\/\w+\/locales\/(?!en\/)/.test(f)),
    'another chrono locale',
  );
  assert.not.ok(
    files.some((f) => /\/chrono-node\/dist\/esm\//.test(f)),
    'all of chrono',
  );
  assert.not.ok(loaded(files, 'eld'), 'eld, for a record that says its language');
  for (const what of HTML_PARSING) assert.not.ok(loaded(files, what), `loaded ${what}`);
});
cli("an HTML record loads the block model's parser; linkedom and parse5 only when Readability runs", async () => {
  const html = `<html><head><title>Pier reopens</title></head><body><nav><a href="/">Home</a></nav><article><h1>Pier reopens</h1><p>${PROSE}</p></article></body></html>`;
  const auto = await loadedBy([], line({ id: 1, html }));
  assert.is(auto.records[0]!['text'], PROSE);
  // what html.js imports is loaded with it, unseen by the hook (see test/loaded-modules.mjs)
  assert.ok(loaded(auto.files, 'dist/extract/html.js'));
  for (const what of ['linkedom', 'parse5', ...ONLY_WHEN_ASKED]) assert.not.ok(loaded(auto.files, what), `loaded ${what}`);
  const readability = await loadedBy(['--extractor', 'readability'], line({ id: 1, html }));
  assert.is(readability.records[0]!['text'], PROSE);
  assert.ok(loaded(readability.files, 'linkedom') && loaded(readability.files, 'parse5'));
  assert.not.ok(loaded(readability.files, 'jsdom'));
});
cli('--help loads yargs and none of the cleaning code', async () => {
  const { files } = await loadedBy(['--help'], '');
  assert.ok(loaded(files, 'yargs'));
  for (const what of ['dist/transforms.js', 'dist/extract/index.js', 'dist/clean/strip.js', 'eld', 'chrono-node', ...HTML_PARSING]) {
    assert.not.ok(loaded(files, what), `loaded ${what}`);
  }
});
cli.run();
