/**
 * Training data for the block model: every dev page read into blocks by the package's own code
 * (src/extract/blocks.ts), each block's features, and its label from the page's answer.
 *
 * Labels (WCXB, whose answers hold the whole main text): a block of three or more words is content
 * when at least half of its word 3-grams occur in the answer (dragnet's inclusion idea, with
 * 3-grams); a shorter block is content when it equals a line of the answer. Weight: √words, so
 * that long blocks count more without drowning the short ones (usernames, spec labels, prices).
 *
 * traf pages (snippet answers) are labelled by their snippets (see labelBySnippets). Both labellers
 * live in ./common.ts: the line model (./lines.ts) labels text dumps with them too.
 *
 * Usage: node --import tsx scripts/train/dump.ts [--dev DIR] [--out FILE] [--limit N]
 * Writes NDJSON, one page a line: {id, set, site, type, n, X (rows), parent, group, y, w, tokens, answer}.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip, gunzipSync } from 'node:zlib';
import { readBlockPage } from '../../src/extract/html.js';
import { precleanHtml } from '../../src/extract/preclean.js';
import { labelByAnswer, labelBySnippets, siteOf, tokensOf } from './common.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    out: { type: 'string', default: join(root, '.cache', 'train', 'pages.ndjson') },
    limit: { type: 'string' },
  },
});
const wcxbAnswers = join(opts.dev!, 'wcxb-dev-answers.json.gz');
const trafAnswers = join(opts.dev!, 'traf-dev-answers.json');
if (!existsSync(wcxbAnswers)) {
  console.log(`dump: no dev set at ${opts.dev} (wcxb-dev-answers.json.gz missing); nothing to do.`);
  process.exit(0);
}
const limit = opts.limit ? Number(opts.limit) : Infinity;
mkdirSync(dirname(opts.out!), { recursive: true });
const out = createWriteStream(opts.out!);
let pages = 0;
let blocksTotal = 0;
const started = Date.now();

const wcxb = JSON.parse(gunzipSync(readFileSync(wcxbAnswers)).toString('utf8')) as Record<string, { main_content: string; type: string }>;
await dumpSet('wcxb', 'wcxb-dev-html.ndjson.gz', (id, tokens) => {
  const answer = wcxb[id];
  return answer ? { type: answer.type, ...labelByAnswer(tokens, answer.main_content), answer: tokensOf(answer.main_content) } : null;
});
if (existsSync(trafAnswers)) {
  const traf = JSON.parse(readFileSync(trafAnswers, 'utf8')) as Record<string, { with: string[]; without: string[] }>;
  await dumpSet('traf', 'traf-dev-html.ndjson.gz', (id, _tokens, texts) => {
    const answer = traf[id];
    return answer ? { type: 'traf', ...labelBySnippets(texts, answer.with, answer.without), answer: null } : null;
  });
}
out.end();
console.log(`dump: ${pages} pages, ${blocksTotal} blocks, ${((Date.now() - started) / 1000).toFixed(1)} s → ${opts.out}`);

type Labeller = (id: string, tokens: string[][], texts: string[]) => { type: string; y: number[]; w: number[]; answer: string[] | null } | null;

async function dumpSet(set: string, file: string, label: Labeller): Promise<void> {
  const lines = createInterface({
    input: createReadStream(join(opts.dev!, file)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let count = 0;
  for await (const line of lines) {
    if (count >= limit) break;
    const record = JSON.parse(line) as { id: string; url?: string; html: string };
    // read as extractHtml reads it for the block model (hidden elements kept)
    const precleaned = precleanHtml(record.html, { keepHidden: true });
    const { tree, features, pageRow } = readBlockPage(precleaned.html, record.url);
    const X = features.rows;
    const tokens = tree.tokens;
    const labels = label(
      record.id,
      tokens,
      tree.blocks.map((b) => b.text),
    );
    if (!labels) continue;
    const row = {
      id: `${set}:${record.id}`,
      set,
      site: siteOf(record.url),
      n: X.length,
      X: X.map((r) => Array.from(r)),
      words: tree.words,
      page: Array.from(pageRow),
      tokens,
      ...labels,
    };
    if (!out.write(JSON.stringify(row) + '\n')) await new Promise((r) => out.once('drain', r));
    count++;
    pages++;
    blocksTotal += X.length;
  }
}
