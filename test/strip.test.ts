import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_RULES, cleanRecord, createArticle, extract, REASON_IDS, strip, stripTransform, type Rule } from '../src/index.js';
import { textArticle } from './helpers.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const SAMPLES = new URL('../samples/', import.meta.url).pathname;

/**
 * One folder per kind of cruft: input.txt or input.html, and expected.json with the fields, the
 * blocks kept and the blocks removed (with reasons) that cleaning must produce.
 */
const fixtures = suite('fixtures');
for (const dir of readdirSync(FIXTURES)) {
  fixtures(dir, () => {
    const input = readdirSync(join(FIXTURES, dir)).find((f) => f.startsWith('input.'))!;
    const expected = JSON.parse(readFileSync(join(FIXTURES, dir, 'expected.json'), 'utf8'));
    const format = input.endsWith('.html') ? 'html' : 'text';
    const article = cleanRecord(createArticle({ format, content: readFileSync(join(FIXTURES, dir, input), 'utf8') }));
    assert.is(article.error, undefined);
    for (const key of ['title', 'published', 'byline', 'lang'] as const) assert.is(article.meta[key], expected[key], key);
    assert.is(article.extractedBy, expected.extractedBy);
    assert.equal(
      article.blocks.map((b) => ({ kind: b.kind, text: b.text })),
      expected.blocks,
    );
    const removed = [...article.removed].sort((a, b) => a.index - b.index).map((r) => ({ reason: r.reason, text: r.text }));
    assert.equal(removed, expected.removed);
  });
}
fixtures.run();

const PROSE = [
  'The council approved the new cycle lanes on Tuesday after a long debate about parking in the old town.',
  'Work on the first lane will start in the spring and should be finished before the summer holidays begin.',
  'Shop owners had asked for more parking spaces, and the council promised to review the plan after one year.',
];
/** The rules at work: the line model, which has the last word on text dumps, is tested in lines.test.ts. */
const cleaned = (lines: string[]) => cleanRecord(textArticle(lines.join('\n')), { lineModel: false });
const kept = (lines: string[]) => cleaned(lines).blocks.map((b) => b.text);

const zones = suite('strip: where rules act');
zones('edge-only rules leave the body alone: a section name between paragraphs stays', () => {
  assert.ok(kept([PROSE[0]!, 'Politics', PROSE[1]!, PROSE[2]!]).includes('Politics'));
  assert.not.ok(kept(['Politics', ...PROSE]).includes('Politics'));
});
zones('without any prose there is no telling chrome from article, and short lines stay', () => {
  assert.equal(kept(['Opening hours', 'Mon to Fri', 'Sat 10 to 4']), ['Opening hours', 'Mon to Fri', 'Sat 10 to 4']);
});
zones('cruft posing as the first paragraph does not hide the head zone', () => {
  const a = cleaned(['Follow our coverage of the council on @town_daily.', 'Cycle Lanes Approved After Long Debate', ...PROSE]);
  assert.is(a.meta.title, 'Cycle Lanes Approved After Long Debate');
});
zones('a line that is only a date goes wherever it stands; a sentence with a date stays', () => {
  const a = cleaned([PROSE[0]!, PROSE[1]!, 'Updated: 12 March 2024, 10:15', PROSE[2]!, 'The vote on 12 March 2024 was close.']);
  assert.not.ok(a.blocks.some((b) => b.text.startsWith('Updated')));
  assert.ok(a.removed.some((r) => r.reason === 'meta.date' && r.text.startsWith('Updated')));
  assert.ok(a.blocks.some((b) => b.text.startsWith('The vote on 12 March')));
});
zones.run();

const headlines = suite('strip: headlines inside the body');
headlines('a long off-topic headline between paragraphs is another story, and goes', () => {
  const a = cleaned([PROSE[0]!, PROSE[1]!, 'Celebrity Chef Opens Third Restaurant Despite Soaring Rents Downtown', PROSE[2]!]);
  assert.ok(a.removed.some((r) => r.reason === 'related.headline'));
});
headlines("a long subheading on the article's own topic stays, as a heading", () => {
  const a = cleaned([PROSE[0]!, 'Why the Council Approved the Cycle Lanes Despite Parking Worries', PROSE[1]!, PROSE[2]!]);
  assert.ok(a.blocks.some((b) => b.kind === 'heading' && b.text.startsWith('Why the Council')));
});
headlines('a title given with the record removes its copies from the text', () => {
  const article = textArticle(['Cycle Lanes Approved', ...PROSE].join('\n'), {});
  article.meta.title = 'Cycle Lanes Approved';
  const out = cleanRecord(article);
  assert.equal(
    out.blocks.map((b) => b.text),
    PROSE,
  );
  assert.is(out.removed[0]?.reason, 'meta.title');
});
headlines('rows of a table or a list without bullets are no headlines dropped between paragraphs', () => {
  const rows = ['Celebrity Chef Opens Third Restaurant Despite Soaring Rents Downtown', 'Harbour Ferry Timetable Changes From Next Monday Morning'];
  const page = ['Home', 'News', 'Sport', 'Weather', 'Contact', PROSE[0]!, ...rows, PROSE[1]!, PROSE[2]!, 'Imprint', 'Privacy', 'Jobs', 'About us'];
  const a = cleaned(page);
  assert.not.ok(
    a.removed.some((r) => r.reason === 'related.headline'),
    'two rows side by side stay',
  );
  assert.ok(a.blocks.some((b) => b.text === rows[0]));
});
headlines('a contents list is two or more entries; a label repeated under every item is no contents list', () => {
  const reviews = ['Pros', 'Light enough to carry all day', PROSE[0]!, 'Pros', PROSE[1]!, PROSE[2]!];
  assert.not.ok(cleaned(reviews).removed.some((r) => r.reason === 'nav.toc'));
  const contents = ['Cycle lanes', 'Parking', PROSE[0]!, 'Cycle lanes', PROSE[1]!, 'Parking', PROSE[2]!];
  assert.equal(
    cleaned(contents)
      .removed.filter((r) => r.reason === 'nav.toc')
      .map((r) => r.text),
    ['Cycle lanes', 'Parking'],
  );
});
headlines.run();

const options = suite('strip: options and contracts');
options('custom rules replace the built-in ones', () => {
  const rule: Rule = {
    id: 'ad.label',
    why: 'house ads of one publisher',
    match: 'whole',
    phrases: { en: ['buy the paper'] },
    examples: { cruft: ['Buy the paper'], keep: [] },
  };
  const article = extract(textArticle([PROSE[0]!, 'Buy the paper', 'Advertisement', PROSE[1]!].join('\n')));
  const out = strip(article, { rules: [rule] });
  assert.equal(
    out.blocks.map((b) => b.text),
    [PROSE[0], 'Advertisement', PROSE[1]],
  );
});
options('a malformed rule is refused when the transform is built, not per record', () => {
  const bad = { id: 'ad.label', why: 'x', match: 'start', phrases: { en: ['ad'] }, examples: { cruft: [], keep: [] } } as Rule;
  assert.throws(() => stripTransform({ rules: [bad] }), /maxWords/);
  assert.throws(() => stripTransform({ rules: 'nope' as unknown as Rule[] }), /expected rules to be an array/);
});
options('every reason emitted on the samples and fixtures is a known reason id', () => {
  const known = new Set<string>(REASON_IDS);
  const inputs = [
    ...readdirSync(SAMPLES)
      .filter((f) => !f.endsWith('.ndjson'))
      .map((f) => join(SAMPLES, f)),
    ...readdirSync(FIXTURES).flatMap((d) =>
      readdirSync(join(FIXTURES, d))
        .filter((f) => f.startsWith('input.'))
        .map((f) => join(FIXTURES, d, f)),
    ),
  ];
  let seen = 0;
  for (const file of inputs) {
    const format = file.endsWith('.html') ? 'html' : 'text';
    const out = cleanRecord(createArticle({ format, content: readFileSync(file, 'utf8') }));
    for (const r of out.removed) {
      assert.ok(known.has(r.reason), `${file}: unknown reason ${r.reason}`);
      seen++;
    }
  }
  assert.ok(seen > 50, `only ${seen} removals seen`);
});
options('built-in rules are the default', () => {
  const out = strip(extract(textArticle([PROSE[0]!, 'Advertisement', PROSE[1]!].join('\n'))));
  assert.is(out.removed[0]?.reason, 'ad.label');
  assert.ok(BUILTIN_RULES.length > 30);
});
options.run();

const memo = suite('caches by text');

memo('keep no long paragraphs: a stream of records with large unique paragraphs leaves the heap where it was', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // one paragraph of about 90,000 characters a record, each its own: kept by text, 60 of them
  // would hold some 10 MB (and a worker's whole heap with paragraphs of a megabyte)
  const paragraph = (k: number) => Array.from({ length: 2000 }, (_, i) => `Sentence ${k} number ${i} says something plain.`).join(' ');
  const record = (k: number) => textArticle(`Title ${k}\n${paragraph(k)}\nMore prose follows here for record ${k} in a second paragraph.`);
  cleanRecord(record(-1));
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let k = 0; k < 60; k++) assert.ok(cleanRecord(record(k)).blocks.length > 0);
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 1e6;
  assert.ok(grown < 3, `the heap grew by ${grown.toFixed(1)} MB over 60 records`);
});

memo.run();
