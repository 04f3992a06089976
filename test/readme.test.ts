/**
 * Every js/ts example in the README runs verbatim, as a user would run it: in a folder of their
 * own that holds decruft's samples/, importing the built package by its name. An example that
 * throws, exits non-zero or writes to stderr fails here, before a user finds it. (test/package.test.ts
 * runs them again against the packed tarball installed in a fresh project.)
 */
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertExampleRan, readmeExamples, runExample } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A user's folder: the samples, and decruft installed under node_modules (the built package). */
function userFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-readme-'));
  symlinkSync(join(ROOT, 'samples'), join(dir, 'samples'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'decruft'));
  return dir;
}

const readme = suite('README examples');

readme('the README has library examples to run', () => {
  assert.ok(readmeExamples(ROOT).length >= 4, `found ${readmeExamples(ROOT).length}`);
});

for (const example of readmeExamples(ROOT)) {
  readme(`the example at README.md:${example.line} runs verbatim`, async () => {
    assertExampleRan(await runExample(example, userFolder()), example.line);
  });
}

readme.run();
