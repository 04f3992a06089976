#!/usr/bin/env node
/**
 * Clean text stays whole: decruft on text that is already nothing but the article (another
 * extractor's output, a feed's body), with and without cruft lines mixed in.
 *
 * Takes the WCXB dev answers' main_content (the article as people marked it, paragraphs split by
 * blank lines) and makes two text records of each page:
 *
 *   plain   the main_content as it is: decruft should keep every line
 *   cruft   the same with cruft lines of our own wording (CRUFT below: share bars, "Read more",
 *           comment counters, newsletter prompts, cookie notices, copyright lines, menu words, in
 *           the page's language where we have a list, else English) inserted at random positions,
 *           one for every CRUFT_EVERY article lines (at least CRUFT_MIN), with a fixed seed
 *
 * runs the decruft CLI (--explain) over each variant and reports, overall and per WCXB page type:
 * the share of article lines kept (whitespace-normalised, matched exactly against the kept blocks;
 * a line lifted into title, byline or date counts as kept, and so do consecutive lines that come
 * out as one kept block, as the lines of a hard-wrapped paragraph do, which decruft joins; their
 * count is shown), the share of cruft lines removed, and
 * the article lines lost by the reason that removed them (from the removed entries). "pages whole":
 * pages that kept every article line; "pages uncut": pages where decruft cut nothing by position
 * (layout.outside, layout.fragment, layout.model), having read the text as the article alone.
 *
 * Usage: bench/cleantext [options] [-- decruft options]
 *
 *   --sample N     only N pages, evenly spaced through the set
 *   --seed N       seed of the cruft positions and choices (default 17)
 *   --jobs N       decruft's --jobs (default decruft's own)
 *   --lost N       print up to N lost article lines of the cruft variant, with their reason (default 0;
 *                  for looking at causes on your own screen: the lines are the dev set's text)
 *   --json FILE    every number as JSON (no page text)
 *   --dev DIR      where the dev sets are (default ../shared/dev beside the repository)
 *   --dist DIR     the decruft build to run (default this repository's dist/)
 *   -h, --help     this text
 *
 * The dev set is third-party content and never in the repository: this script reads it from
 * ../shared/dev (or --dev) and says so when it is missing. The cruft lines are our own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ANSWERS = 'wcxb-dev-answers.json.gz';
/** One cruft line for this many article lines… */
const CRUFT_EVERY = 6;
/** …and at least this many on every page. */
const CRUFT_MIN = 2;

/**
 * Cruft lines, our own wording, by language: the kinds of line a scrape drags in around and into
 * an article. Menu words and single labels are here too, though nothing can tell a lone "Search"
 * inside a text from a subheading: the report shows which kinds stay.
 */
const CRUFT = {
  en: [
    'Share on Facebook',
    'Share this article',
    'Facebook Twitter WhatsApp Email',
    'Tweet',
    'Read more',
    'Read more: Ten ways to keep your garden green in August',
    '0 Comments',
    '14 comments',
    'Leave a comment',
    'Sign up for our newsletter',
    'Subscribe to our weekly newsletter and never miss a story.',
    'Follow us on Telegram',
    'Follow us on Instagram for more updates',
    'We use cookies to give you the best experience. By continuing to browse you agree to our cookie policy.',
    'Accept all cookies',
    '© 2025 Northwind Media Ltd. All rights reserved.',
    'Copyright 2024 Riverbend Post',
    'Home | News | Sport | Weather',
    'Skip to main content',
    'Advertisement',
    'Related articles',
    'You might also like',
    'Back to top',
    'Print this page',
    'Click here to subscribe',
    'Photo: Getty Images',
    'Posted in Uncategorized',
    'Tags: travel, food, summer',
  ],
  de: [
    'Auf Facebook teilen',
    'Artikel teilen',
    'Weiterlesen',
    'Mehr lesen',
    '3 Kommentare',
    'Kommentar schreiben',
    'Jetzt Newsletter abonnieren',
    'Folgen Sie uns auf Telegram',
    'Folge uns auf Instagram',
    'Diese Website verwendet Cookies. Wenn Sie weitersurfen, stimmen Sie der Nutzung zu.',
    'Alle akzeptieren',
    '© 2025 Beispielverlag GmbH. Alle Rechte vorbehalten.',
    'Startseite > Politik > Ausland',
    'Anzeige',
    'Zum Inhalt springen',
    'Das könnte Sie auch interessieren',
    'Nach oben',
    'Drucken',
    'Foto: dpa',
    'Schlagwörter: Garten, Sommer',
  ],
  fr: [
    'Partager sur Facebook',
    'Partager cet article',
    'Lire la suite',
    '2 commentaires',
    'Laisser un commentaire',
    'Abonnez-vous à notre newsletter',
    'Suivez-nous sur Telegram',
    'Ce site utilise des cookies pour améliorer votre expérience.',
    'Tout accepter',
    '© 2025 Éditions Exemple. Tous droits réservés.',
    'Accueil > Monde > Europe',
    'Publicité',
    'Aller au contenu principal',
    'À lire aussi',
    'Haut de page',
    'Imprimer',
  ],
  es: [
    'Compartir en Facebook',
    'Compartir en WhatsApp',
    'Leer más',
    '5 comentarios',
    'Deja un comentario',
    'Suscríbete a nuestro boletín',
    'Síguenos en Telegram',
    'Este sitio web utiliza cookies para mejorar tu experiencia.',
    'Aceptar todas',
    '© 2025 Ediciones Ejemplo S.L. Todos los derechos reservados.',
    'Inicio > Noticias > Mundo',
    'Publicidad',
    'Ir al contenido principal',
    'Te puede interesar',
    'Volver arriba',
    'Imprimir',
  ],
};

const { values: opts, positionals: decruftArgs } = parseArgs({
  options: {
    sample: { type: 'string' },
    seed: { type: 'string', default: '17' },
    jobs: { type: 'string' },
    lost: { type: 'string', default: '0' },
    json: { type: 'string' },
    dev: { type: 'string', default: resolve(root, '..', 'shared', 'dev') },
    dist: { type: 'string', default: join(root, 'dist') },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
if (opts.help) {
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0];
  console.log(head.replace(/^#!.*\n\/\*\*?\n?/u, '').replace(/^ \* ?/gmu, ''));
  process.exit(0);
}
const sample = opts.sample === undefined ? undefined : Number(opts.sample);
const seed = Number(opts.seed);
const showLost = Number(opts.lost);
for (const [name, value] of [
  ['--sample', sample ?? 1],
  ['--seed', seed],
  ['--lost', showLost],
]) {
  if (!Number.isInteger(value) || value < 0) usageError(`${name}: expected a whole number, got ${value}`);
}
const answersPath = join(opts.dev, ANSWERS);
if (!existsSync(answersPath)) {
  console.log(`bench/cleantext: no ${ANSWERS} in ${opts.dev}; nothing to measure.`);
  console.log('Pass --dev DIR to point at a copy of the dev sets.');
  process.exit(0);
}
const cliPath = join(resolve(opts.dist), 'cli.js');
if (!existsSync(cliPath)) {
  console.error(`bench/cleantext: ${cliPath} is missing; run \`npm run build\` first (or give --dist).`);
  process.exit(2);
}
const cliArgs = ['--explain', ...(opts.jobs === undefined ? [] : ['--jobs', opts.jobs]), ...decruftArgs];

// helpers below are declared with const: the run starts at the end of the module, once they exist

// ------------------------------------------------------------------------------------------- input

/**
 * The pages: id, type, the article lines (non-blank lines of main_content, whitespace-normalised)
 * and the text made of them, with main_content's own line breaks. Pages with an empty answer are left out.
 */
function loadPages(path, sampleSize) {
  const answers = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
  let ids = Object.keys(answers).filter((id) => (answers[id].main_content ?? '').trim());
  if (sampleSize && sampleSize < ids.length) {
    const step = ids.length / sampleSize;
    ids = Array.from({ length: sampleSize }, (_, i) => ids[Math.floor(i * step)]);
  }
  return ids.map((id) => {
    const raw = answers[id].main_content.replace(/\r\n?/gu, '\n');
    // paragraphs: runs of lines between blank lines; a list in main_content is one line an item
    const paragraphs = raw
      .split(/\n\s*\n/u)
      .map((p) => p.split('\n').filter((l) => l.trim()))
      .filter((p) => p.length);
    return { id, type: answers[id].type ?? 'unknown', paragraphs, cruft: [], text: paragraphs.map((p) => p.join('\n')).join('\n\n') };
  });
}

/** The page with cruft lines inserted between its paragraphs (and before the first, after the last). */
function insertCruft(page, phrases, rng) {
  const lines = page.paragraphs.reduce((n, p) => n + p.length, 0);
  const count = Math.max(CRUFT_MIN, Math.round(lines / CRUFT_EVERY));
  const slots = page.paragraphs.length + 1;
  const at = Array.from({ length: slots }, () => []);
  const cruft = [];
  for (let i = 0; i < count; i++) {
    const line = phrases[Math.floor(rng() * phrases.length)];
    at[Math.floor(rng() * slots)].push(line);
    cruft.push(line);
  }
  const parts = [];
  for (let i = 0; i < slots; i++) {
    for (const line of at[i]) parts.push(line);
    if (i < page.paragraphs.length) parts.push(page.paragraphs[i].join('\n'));
  }
  return { ...page, cruft, text: parts.join('\n\n') };
}

// ------------------------------------------------------------------------------------------- running

/** Runs the CLI over the records; resolves to the output records by id (kept blocks, removals, fields). */
async function runCli(records) {
  const child = spawn(process.execPath, [join(root, 'bench', 'run-cli.mjs'), cliPath, ...cliArgs], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  const feeding = (async () => {
    for (const r of records) {
      if (!child.stdin.write(`${JSON.stringify(r)}\n`)) await new Promise((done) => child.stdin.once('drain', done));
    }
    child.stdin.end();
  })();
  const out = new Map();
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    out.set(String(r.id), {
      lang: r.lang,
      blocks: (r.blocks ?? []).map((b) => norm(b.text)),
      fields: [r.title, r.byline, r.published].filter(Boolean).map(norm),
      removed: (r.removed ?? []).map((x) => ({ reason: `${x.step} ${x.reason}`, text: norm(x.text) })),
    });
  }
  const [code] = await Promise.all([exited, feeding]);
  if (code !== 0) console.log(`decruft exited ${code}`);
  return out;
}

// ------------------------------------------------------------------------------------------- scoring

/** Whitespace-normalised; a bullet at the start is markup, which decruft takes off list items. */
function norm(text) {
  return String(text)
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^(?:[-*•·▪◦‣–])\s+(?=\S)/u, '');
}

/**
 * Scores one variant: each page's article lines are matched against its kept blocks as a multiset
 * (then against the lifted fields); cruft lines against what is left of the kept blocks.
 */
function score(name, pageList, out, lostToShow = 0) {
  const total = newTally();
  const byType = new Map();
  const lostByReason = new Map();
  const lostExamples = [];
  let missingRecords = 0;
  for (const page of pageList) {
    const r = out.get(page.id);
    if (!r) missingRecords++;
    const kept = countsOf(r?.blocks ?? []);
    const fields = countsOf(r?.fields ?? []);
    const tally = newTally();
    const lost = [];
    for (const para of page.paragraphs) {
      const lines = para.map(norm);
      const found = lines.map((line) => take(kept, line) || take(fields, line));
      // hard-wrapped lines (some answers are wrapped at 80 characters) come out joined into one block
      for (const [from, to] of joinedRuns(lines, found, kept)) for (let i = from; i <= to; i++) found[i] = 'joined';
      lines.forEach((line, i) => {
        tally.lines++;
        if (found[i]) {
          tally.kept++;
          if (found[i] === 'joined') tally.joined++;
        } else lost.push(line);
      });
    }
    for (const line of lost) {
      const reason = reasonOf(r, line);
      lostByReason.set(reason, (lostByReason.get(reason) ?? 0) + 1);
      if (lostExamples.length < lostToShow) lostExamples.push(`${page.type} ${page.id} [${reason}] ${line.slice(0, 100)}`);
    }
    for (const line of page.cruft) {
      tally.cruft++;
      if (!take(kept, norm(line))) tally.cruftRemoved++;
    }
    tally.pages = 1;
    tally.whole = tally.kept === tally.lines ? 1 : 0;
    tally.uncut = r && !r.removed.some((x) => POSITIONAL.has(x.reason)) ? 1 : 0;
    add(total, tally);
    if (!byType.has(page.type)) byType.set(page.type, newTally());
    add(byType.get(page.type), tally);
  }
  print(name, total, byType, lostByReason, missingRecords);
  for (const line of lostExamples) console.log(`  lost: ${line}`);
  return {
    ...numbers(total),
    missingRecords,
    types: Object.fromEntries([...byType].sort().map(([t, v]) => [t, numbers(v)])),
    lostByReason: Object.fromEntries([...lostByReason].sort((a, b) => b[1] - a[1])),
  };
}

/**
 * Runs of two or more consecutive lines of a paragraph, none found on its own, that are one kept
 * block joined (by a space, or without one after a hyphen, as decruft unwraps them); each block
 * used once.
 */
function joinedRuns(lines, found, kept) {
  const runs = [];
  for (let from = 0; from < lines.length; from++) {
    if (found[from]) continue;
    let text = lines[from];
    for (let to = from + 1; to < lines.length && !found[to]; to++) {
      text = /\p{L}-$/u.test(text) ? text + lines[to] : `${text} ${lines[to]}`;
      if (take(kept, text)) {
        runs.push([from, to]);
        from = to;
        break;
      }
      if (text.length > 100000) break;
    }
  }
  return runs;
}

/** Why a line is not in the output: the first removed entry with its text, else how segmentation changed it. */
function reasonOf(record, line) {
  if (!record) return 'record missing';
  const hit = record.removed.find((x) => x.text === line);
  if (hit) return hit.reason;
  if (record.removed.some((x) => x.text.includes(line))) return 'inside a longer removed block';
  return 'changed or split';
}

/** Removals by where a line stood, not what it says: a page without any was read as the article alone. */
const POSITIONAL = new Set(['strip layout.outside', 'strip layout.fragment', 'strip layout.model']);

const newTally = () => ({ pages: 0, whole: 0, uncut: 0, lines: 0, kept: 0, joined: 0, cruft: 0, cruftRemoved: 0 });
function add(into, t) {
  for (const k of Object.keys(into)) into[k] += t[k];
}
function numbers(t) {
  return {
    pages: t.pages,
    lines: t.lines,
    kept: ratio(t.kept, t.lines),
    joined: t.joined,
    pagesWhole: ratio(t.whole, t.pages),
    pagesUncut: ratio(t.uncut, t.pages),
    cruft: t.cruft,
    cruftRemoved: t.cruft ? ratio(t.cruftRemoved, t.cruft) : null,
  };
}
const ratio = (a, b) => (b ? Math.round((a / b) * 10000) / 10000 : null);

function countsOf(texts) {
  const m = new Map();
  for (const t of texts) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}
function take(counts, text) {
  const n = counts.get(text) ?? 0;
  if (!n) return false;
  counts.set(text, n - 1);
  return true;
}

function print(name, total, byType, lostByReason, missingRecords) {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(2)}%` : '–');
  console.log(`\n== ${name}: ${total.pages} pages${missingRecords ? `, ${missingRecords} records missing` : ''}`);
  console.log('type             pages   lines   lines kept   pages whole   pages uncut   cruft removed');
  const row = (label, t) =>
    console.log(
      `${label.padEnd(14)} ${String(t.pages).padStart(7)} ${String(t.lines).padStart(7)} ${pct(t.kept, t.lines).padStart(12)}` +
        ` ${pct(t.whole, t.pages).padStart(13)} ${pct(t.uncut, t.pages).padStart(13)} ${(t.cruft ? pct(t.cruftRemoved, t.cruft) : '–').padStart(15)}`,
    );
  for (const [type, t] of [...byType].sort()) row(type, t);
  row('all', total);
  if (total.joined) console.log(`(${total.joined} article lines count as kept joined into a longer kept block: hard-wrapped lines unwrapped)`);
  const lost = total.lines - total.kept;
  if (!lost) return;
  console.log(`-- ${name}: ${lost} article lines lost, by cause`);
  for (const [reason, n] of [...lostByReason].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${reason}`);
}

// ------------------------------------------------------------------------------------------- misc

/** A small seeded PRNG (mulberry32): the same cruft at the same places on every run and machine. */
function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function usageError(message) {
  console.error(`bench/cleantext: ${message}`);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------- run

/** Both variants, scored and printed. */
async function run() {
  const pages = loadPages(answersPath, sample);
  console.log(`dev set: ${answersPath} (${pages.length} pages${sample ? ', evenly spaced' : ''}), seed ${seed}`);
  console.log(`decruft: ${cliPath}, options: ${cliArgs.join(' ')}`);

  const report = { date: new Date().toISOString(), dev: resolve(opts.dev), sample: sample ?? null, seed, decruftArgs: cliArgs, variants: {} };
  const plainOut = await runCli(pages.map((p) => ({ id: p.id, text: p.text })));
  report.variants.plain = score('plain', pages, plainOut);
  const rng = mulberry32(seed);
  const withCruft = pages.map((p) => insertCruft(p, CRUFT[plainOut.get(p.id)?.lang] ?? CRUFT.en, rng));
  const cruftOut = await runCli(withCruft.map((p) => ({ id: p.id, text: p.text })));
  report.variants.cruft = score('cruft', withCruft, cruftOut, showLost);
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nnumbers written to ${opts.json}`);
  }
}

await run();
