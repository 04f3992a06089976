#!/usr/bin/env node
/**
 * What site learning does to quality: the WCXB dev pages (../shared/dev) cleaned without it, with
 * it in one pass (--learn-sites) and in two (--site-passes 2), HTML and text dumps, scored with the
 * corpus' own scorer (score-wcxb) on the pages of sites with two or more pages, and separately on
 * the pages of sites with one, where nothing may change. A site is what decruft takes for one: the
 * registrable domain of the url (tldts). The answers and outputs of each subset are written to a
 * temporary folder, removed at the end; nothing of the corpus enters the repository.
 *
 * Usage: node bench/sites.mjs [--dev DIR] [--input html,text] [--jobs N]
 * Needs a build (npm run build) and python3 for the scorer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { getDomain } from 'tldts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    input: { type: 'string', default: 'html,text' },
    jobs: { type: 'string', default: '2' },
  },
});
const SETTINGS = { off: [], 'one pass': ['--learn-sites'], 'two passes': ['--learn-sites', '--site-passes', '2'] };

const answersPath = join(opts.dev, 'wcxb-dev-answers.json.gz');
if (!existsSync(answersPath)) {
  process.stderr.write(`bench/sites: no WCXB dev set at ${opts.dev}; give --dev DIR\n`);
  process.exit(2);
}
const answers = JSON.parse(gunzipSync(readFileSync(answersPath)).toString('utf8'));
const dir = mkdtempSync(join(tmpdir(), 'decruft-sites-bench-'));
try {
  for (const kind of opts.input.split(',')) {
    const input = gunzipSync(readFileSync(join(opts.dev, `wcxb-dev-${kind}.ndjson.gz`))).toString('utf8');
    const records = input.split('\n').filter(Boolean);
    const siteOf = new Map(records.map((line) => JSON.parse(line)).map((r) => [String(r.id), getDomain(r.url) ?? r.url]));
    const pages = new Map();
    for (const site of siteOf.values()) pages.set(site, (pages.get(site) ?? 0) + 1);
    const multi = new Set([...siteOf].filter(([, site]) => pages.get(site) > 1).map(([id]) => id));
    const single = new Set([...siteOf.keys()].filter((id) => !multi.has(id)));
    const sites = new Set([...multi].map((id) => siteOf.get(id))).size;
    console.log(`WCXB dev ${kind}: ${multi.size} pages of ${sites} sites with 2+ pages (by registrable domain), ${single.size} of sites with one`);
    const inputPath = join(dir, `${kind}.ndjson`);
    writeFileSync(inputPath, input);
    const outputs = {};
    for (const [name, flags] of Object.entries(SETTINGS)) {
      const run = spawnSync(process.execPath, [join(root, 'bin', 'decruft.js'), '-q', '--jobs', opts.jobs, ...flags, inputPath], {
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`decruft ${flags.join(' ')} exited with ${run.status}: ${run.stderr}`);
      outputs[name] = run.stdout.split('\n').filter(Boolean);
    }
    const textById = (lines) => new Map(lines.map((l) => JSON.parse(l)).map((r) => [String(r.id), r.text ?? '']));
    const off = textById(outputs.off);
    for (const [name, lines] of Object.entries(outputs)) {
      const mine = textById(lines);
      const changed = (subset) => [...subset].filter((id) => mine.get(id) !== off.get(id)).length;
      const line =
        `  ${name.padEnd(10)} 2+ pages: ${score(lines, multi, `${kind}-${name}-multi`)}  (${changed(multi)} changed)` +
        `   one page: ${score(lines, single, `${kind}-${name}-single`)}  (${changed(single)} changed)`;
      console.log(line);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** score-wcxb's figures on the pages of `ids` alone: f1, precision, recall, without. */
function score(lines, ids, name) {
  const subsetAnswers = Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)));
  const answersFile = join(dir, `${name}.answers.json`);
  const outputFile = join(dir, `${name}.jsonl`);
  writeFileSync(answersFile, JSON.stringify(subsetAnswers));
  writeFileSync(outputFile, lines.filter((l) => ids.has(String(JSON.parse(l).id))).join('\n') + '\n');
  const out = execFileSync(join(opts.dev, 'score-wcxb'), [answersFile, outputFile], { encoding: 'utf8' });
  const last = out.trim().split('\n').pop();
  const get = (key) => Number(last.match(new RegExp(`${key}=([0-9.]+)`))?.[1]);
  return `F1 ${get('f1').toFixed(3)} P ${get('p').toFixed(3)} R ${get('r').toFixed(3)} without ${get('without').toFixed(3)}`;
}
