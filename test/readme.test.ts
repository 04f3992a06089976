/**
 * Every js/ts example in the README runs verbatim, as a user would run it: in a folder of their
 * own that holds decruft's samples/, importing the built package by its name. An example that
 * throws, exits non-zero or writes to stderr fails here, before a user finds it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FENCE = /^```(js|ts)\n([\s\S]*?)^```$/gm;

/** The README's js and ts code blocks, with the line each starts on. */
function examples(): { lang: string; code: string; line: number }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(FENCE)].map((m) => ({ lang: m[1]!, code: m[2]!, line: readme.slice(0, m.index).split('\n').length }));
}

/** A user's folder: the samples, and decruft installed under node_modules (the built package). */
function userFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-readme-'));
  symlinkSync(join(ROOT, 'samples'), join(dir, 'samples'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'decruft'));
  return dir;
}

function run(file: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const readme = suite('README examples');

readme('the README has library examples to run', () => {
  assert.ok(examples().length >= 4, `found ${examples().length}`);
});

for (const example of examples()) {
  readme(`the example at README.md:${example.line} runs verbatim`, async () => {
    const dir = userFolder();
    const commonJs = /\brequire\(/.test(example.code) && !/^import /m.test(example.code);
    const file = join(dir, `example.${example.lang === 'ts' ? 'ts' : commonJs ? 'cjs' : 'mjs'}`);
    writeFileSync(file, example.code);
    const { code, stdout, stderr } = await run(file, dir);
    assert.is(stderr, '', `stderr of the example at line ${example.line}`);
    assert.is(code, 0);
    assert.ok(stdout.length > 0, 'the example prints what it cleaned');
    // what goes to stdout is whole: every line a JSON record, or the plain output of console.log
    for (const line of stdout.trim().split('\n')) if (line.startsWith('{')) JSON.parse(line);
  });
}

readme.run();
