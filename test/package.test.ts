/**
 * The package as an npm user meets it: the tarball `npm pack` makes, installed into a fresh project
 * (from npm's cache when it can: CI's `npm ci` has just filled it). It holds its license, installs
 * without jsdom, imports and requires, type-checks a strict consumer, runs `npx decruft`, and
 * every README example runs against it.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertExampleRan, readmeExamples, runExample } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh project with the packed tarball installed, samples/ beside it; made once. */
let project: Promise<string> | null = null;
function installed(): Promise<string> {
  project ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decruft-package-'));
    // the build is npm test's first step: pack what it built
    const pack = await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], ROOT);
    assert.is(pack.code, 0, pack.stderr);
    const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const install = await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], app);
    assert.is(install.code, 0, install.stderr);
    cpSync(join(ROOT, 'samples'), join(app, 'samples'), { recursive: true });
    return app;
  })();
  return project;
}

const tarball = suite('the packed package in a fresh project');

tarball('installs with its license, types and schema, and without jsdom', async () => {
  const app = await installed();
  const pkg = join(app, 'node_modules', 'decruft');
  const files = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'schema/record.schema.json', 'bin/decruft.js'];
  for (const file of [...files, 'dist/extract/model/blocks.json', 'dist/extract/model/page.json']) {
    assert.ok(existsSync(join(pkg, file)), `${file} is in the package`);
  }
  assert.match(readFileSync(join(pkg, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.not.ok(existsSync(join(app, 'node_modules', 'jsdom')), 'jsdom is an optional peer: not installed');
  assert.not.ok(existsSync(join(app, 'node_modules', 'warcio')), 'no warcio');
  // source maps carry their sources: the src/ they point at is not shipped
  const map = JSON.parse(readFileSync(join(pkg, 'dist', 'cli.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
  assert.is(map.sourcesContent?.length, map.sources.length);
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Record<string, any>;
  for (const key of ['repository', 'homepage', 'bugs', 'license', 'engines']) assert.ok(manifest[key], key);
});

tarball('import and require give the same exports', async () => {
  const app = await installed();
  const esm = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('decruft'); console.log(Object.keys(m).sort().join())"], app);
  const cjs = await run(process.execPath, ['-e', "console.log(Object.keys(require('decruft')).sort().join())"], app);
  assert.is(esm.stderr + cjs.stderr, '');
  assert.is(cjs.code, 0);
  assert.ok(esm.stdout.includes('cleanRecord'), esm.stdout);
  assert.is(cjs.stdout, esm.stdout);
});

tarball('npx decruft --help and a page through npx', async () => {
  const app = await installed();
  const help = await run('npx', ['--no-install', 'decruft', '--help'], app);
  assert.is(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: decruft/);
  const page = await run('npx', ['--no-install', 'decruft', '--quiet', '--explain', 'samples/city-council.html'], app);
  assert.is(page.code, 0, page.stderr);
  const record = JSON.parse(page.stdout) as { text: string; extractedBy: string; confidence: number };
  assert.ok(record.text.length > 100);
  assert.is(record.extractedBy, 'blocks', 'the models ship in the package (dist/extract/model/)');
  assert.type(record.confidence, 'number');
});

tarball('--dom jsdom without jsdom installed says how to install it', async () => {
  const app = await installed();
  const { code, stderr, stdout } = await run('npx', ['--no-install', 'decruft', '--dom', 'jsdom', 'samples/city-council.html'], app);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.match(stderr, /npm install jsdom/);
});

tarball('a strict TypeScript consumer (nodenext, exactOptionalPropertyTypes) type-checks against the types', async () => {
  const app = await installed();
  // the consumer's own @types/node, as any TypeScript project on Node has
  mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
  if (!existsSync(join(app, 'node_modules', '@types', 'node')))
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        types: ['node'],
      },
      files: ['check.mts'],
    }),
  );
  writeFileSync(
    join(app, 'check.mts'),
    [
      "import { cleanRecord, createArticle, toOutput, type OutputRecord } from 'decruft';",
      "const out: OutputRecord = toOutput(cleanRecord(createArticle({ format: 'text', content: 'Ferry back.' })));",
      "const words: number = 'error' in out && out.error ? out.error.message.length : (out.text ?? '').split(' ').length;",
      'console.log(words);',
    ].join('\n'),
  );
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
  assert.is(tsc.code, 0, tsc.stdout + tsc.stderr);
});

for (const example of readmeExamples(ROOT)) {
  tarball(`the README example at line ${example.line} runs against the installed package`, async () => {
    assertExampleRan(await runExample(example, await installed()), example.line);
  });
}

tarball.run();
