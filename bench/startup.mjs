// Start-up time of the CLI: wall time of whole `decruft` runs over one small record, so what is
// measured is loading code, starting workers and tearing down, not cleaning. "no flags" is
// `echo … | decruft` itself (default --jobs; the summary goes to stderr). Usage:
//   bench/startup [--runs 5] [--dist DIR]...
// Each case runs --runs times (in turn, so that load from other work spreads over all cases); the
// median and the range are printed. --dist runs another build's dist/ through bench/run-cli.mjs;
// given more than once, the builds take turns run by run, so that they share whatever else the
// machine is doing (compare builds that way: alone, a loaded machine's numbers say little).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, dist: { type: 'string', multiple: true } } });
const runs = Number(values.runs);
const dists = (values.dist ?? [join(here, '..', 'dist')]).map((dir) => resolve(dir));
for (const dist of dists) {
  if (!existsSync(join(dist, 'cli.js'))) {
    console.error(`bench/startup: no ${join(dist, 'cli.js')}; run npm run build first`);
    process.exit(1);
  }
}

// small on purpose: one short text scrape with a dateline, one short page with a nav and a footer
const TEXT = JSON.stringify({
  id: 't1',
  text: 'Posted on 3 March 2024\nThe council approved the new budget on Tuesday after a long debate about road repairs and school funding. Members said the plan would be reviewed again next year.',
});
const HTML = JSON.stringify({
  id: 'h1',
  url: 'https://example.com/a',
  html:
    '<html><head><title>Budget passes</title></head><body><nav><a href="/">Home</a></nav><article><h1>Budget passes</h1>' +
    '<p>The council approved the new budget on Tuesday after a long debate about road repairs and school funding.</p>' +
    '<p>Members said the plan would be reviewed again next year.</p></article><footer>© 2024</footer></body></html>',
});

const CASES = [
  { name: '--help', args: ['--help'], input: '' },
  { name: 'text, -j 0', args: ['-q', '-j', '0'], input: TEXT },
  { name: 'text, no flags', args: [], input: TEXT },
  { name: 'text, -q', args: ['-q'], input: TEXT },
  { name: 'html, -j 0', args: ['-q', '-j', '0'], input: HTML },
  { name: 'html, no flags', args: [], input: HTML },
];

const times = dists.map(() => CASES.map(() => []));
for (let run = 0; run < runs; run++) {
  dists.forEach((dist, d) => {
    CASES.forEach((c, i) => {
      const start = process.hrtime.bigint();
      const out = spawnSync(process.execPath, [join(here, 'run-cli.mjs'), join(dist, 'cli.js'), ...c.args], { input: c.input + '\n' });
      times[d][i].push(Number(process.hrtime.bigint() - start) / 1e9);
      if (out.status !== 0) throw new Error(`${c.name}: exit ${out.status}: ${out.stderr}`);
    });
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(`${runs} runs each, wall seconds: median (min-max); load average at the end ${load}`);
console.log(['case'.padEnd(18), ...dists.map((dist) => dist.padEnd(24).slice(-24))].join('  '));
CASES.forEach((c, i) => {
  const cells = dists.map((_, d) => {
    const t = times[d][i];
    return `${median(t).toFixed(2)} (${Math.min(...t).toFixed(2)}-${Math.max(...t).toFixed(2)})`.padEnd(24);
  });
  console.log([c.name.padEnd(18), ...cells].join('  '));
});
