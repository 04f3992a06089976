#!/usr/bin/env node
/**
 * Stories over cleaned records: which records the stories step puts together, and what it costs.
 *
 *   node bench/stories.mjs CLEANED.jsonl...
 *
 * Takes decruft's own output (clean first: `zcat ../shared/dev/traf-dev-html.ndjson.gz | node
 * bin/decruft.js -q --jobs 0 > traf.jsonl`; the seeds: `node bin/decruft.js -q ../shared/seeds/*.txt`),
 * runs one StoryIndex over the records in order (the `text` of a record is what the step sees) and
 * prints the number of stories, those of two or more records with every member (cosine with the
 * first, id or url, title), the time per record and the size of the saved state. The settings can
 * be swept with STORIES='{"threshold":0.3}', and another table of document frequencies used with
 * DF=FILE (scripts/build-df.ts --out FILE). Needs a build (`npm run build`).
 */
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/index.js', import.meta.url);
const { StoryIndex, STORY_PAGE_TYPES } = await import(dist.href).catch(() => {
  process.stderr.write('bench/stories: no build of decruft; run `npm run build` first\n');
  process.exit(2);
});

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node bench/stories.mjs CLEANED.jsonl...\n');
  process.exit(2);
}
const records = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l)),
);
const { dfTableOf } = await import(new URL('../dist/across/stories.js', import.meta.url).href);
const df = process.env.DF ? { df: dfTableOf(JSON.parse(readFileSync(process.env.DF, 'utf8'))) } : {};
const index = new StoryIndex(process.env.STORIES ? { stories: JSON.parse(process.env.STORIES) } : undefined, df);
const groups = new Map();
let none = 0;
const started = performance.now();
for (const r of records) {
  const eligible = !r.error && STORY_PAGE_TYPES.has(r.pageType ?? 'unknown');
  const match = index.observe(eligible ? (r.text ?? null) : null, { lang: r.lang ?? null, key: r.id ?? r.url, published: r.published ?? null });
  if (!match) {
    none++;
    continue;
  }
  const group = groups.get(match.story) ?? [];
  group.push({ name: r.url ?? r.id, title: (r.title ?? '').slice(0, 70), similarity: match.similarity });
  groups.set(match.story, group);
}
const ms = performance.now() - started;
const several = [...groups.values()].filter((g) => g.length > 1);
const sizes = several.map((g) => g.length).sort((a, b) => b - a);
console.log(
  `${records.length} records, ${none} without a story, ${groups.size} stories, ${several.length} of 2+ (sizes ${sizes.join(', ') || '-'}); ` +
    `${(ms / records.length).toFixed(2)} ms a record; state ${JSON.stringify(index).length} bytes`,
);
for (const group of several) {
  console.log('--');
  for (const m of group) console.log(`  ${m.similarity === null ? 'first' : m.similarity.toFixed(3)}  ${m.name}  | ${m.title}`);
}
