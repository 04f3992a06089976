#!/usr/bin/env node
/**
 * Rebuilds the shipped models from the dev sets, start to finish (`npm run train`):
 *   1. dump.ts        every dev page read into blocks by the package's own code, with labels;
 *   2. train.ts       the block model, cross-validated by site, and its thresholds;
 *   3. train-page.ts --types   page-type models per fold;
 *   4. build, then eval-folds.mjs on WCXB and traf: each fold cleaned end to end by models that
 *                     never saw its sites (the honest dev score);
 *   5. train-page.ts  the confidence model, learned from that output, and the shipped page models;
 *   6. lines.ts       the line model of text dumps, cross-validated by site (its own reading of the
 *                     text dumps: the HTML models play no part in text mode).
 * Seeded throughout: the same dev sets give the same JSON files. Reports go to bench/reports/.
 * Without ../shared/dev (or --dev DIR) it says so and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: { dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') } },
});
if (!existsSync(join(opts.dev, 'wcxb-dev-answers.json.gz'))) {
  console.log(`train: no dev set at ${opts.dev}; nothing to train. Pass --dev DIR.`);
  process.exit(0);
}
const reports = join(root, 'bench', 'reports');
mkdirSync(reports, { recursive: true });
const tsx = (script, ...args) => [process.execPath, ['--import', 'tsx', join(root, 'scripts', 'train', script), ...args]];
const steps = [
  tsx('dump.ts', '--dev', opts.dev),
  tsx('train.ts', '--report', join(reports, 'train-blocks.md')),
  tsx('train-page.ts', '--dev', opts.dev, '--types'),
  ['npm', ['run', 'build']],
  [process.execPath, [join(root, 'scripts', 'train', 'eval-folds.mjs'), '--dev', opts.dev]],
  [
    process.execPath,
    [
      join(root, 'scripts', 'train', 'eval-folds.mjs'),
      '--dev',
      opts.dev,
      '--set',
      'traf-dev-html.ndjson.gz',
      '--out',
      join(root, '.cache', 'train', 'oof-traf-html.jsonl'),
    ],
  ],
  tsx('train-page.ts', '--dev', opts.dev, '--report', join(reports, 'train-page.md')),
  tsx('lines.ts', '--dev', opts.dev, '--report', join(reports, 'train-lines.md')),
  ['npm', ['run', 'build']],
];
for (const [command, args] of steps) {
  console.log(`\n$ ${[command === process.execPath ? 'node' : command, ...args.map((a) => a.replace(root + '/', ''))].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`train: step failed (exit ${result.status}); stopping.`);
    process.exit(1);
  }
}
console.log('\ntrain: models rebuilt in src/extract/model/; reports in bench/reports/train-*.md');
