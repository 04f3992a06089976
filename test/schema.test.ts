import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/cli.js';
import {
  ARTICLE_KEYS,
  BLOCK_KINDS,
  ERRORS,
  REASON_IDS,
  cleanRecord,
  parseNdjson,
  toOutput,
  type Extractor,
  type OutputArticle,
  type OutputFailure,
  type StepName,
} from '../src/index.js';
import { Collector, line } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const SAMPLE_FILES = readdirSync(SAMPLES)
  .sort()
  .map((f) => join(SAMPLES, f));
const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';

interface Schema {
  [key: string]: unknown;
  $defs: Record<string, any>;
}
const schema = JSON.parse(readFileSync(join(ROOT, 'schema/record.schema.json'), 'utf8')) as Schema;
// Ajv's strict mode, less two checks that refuse valid schemas: `not: {required: [...]}` naming keys
// the branch does not define (which is the point) and `type: ["string", "null"]`.
const validate = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(schema);

function assertValid(record: unknown, label: string): void {
  if (!validate(record)) assert.unreachable(`${label} does not match the schema: ${JSON.stringify(validate.errors)}\n${JSON.stringify(record).slice(0, 500)}`);
}

async function cliRecords(argv: string[], stdin = ''): Promise<Array<Record<string, unknown>>> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await main(['--quiet', '--jobs', '0', ...argv], { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  assert.is(code, 0, stderr.text);
  return stdout.records;
}

const sorted = (values: readonly unknown[]) => [...values].map(String).sort();

// The schema lists steps and extractors by hand (the code has them only as types): these fail to
// compile when a new one is added to the code and not here.
const STEPS = ['extract', 'strip', 'dedupe', 'sites'] as const satisfies readonly StepName[];
const EXTRACTORS = ['structured', 'blocks', 'readability', 'page', 'text'] as const satisfies readonly Extractor[];
const allSteps: [Exclude<StepName, (typeof STEPS)[number]>] extends [never] ? true : false = true;
const allExtractors: [Exclude<Extractor, (typeof EXTRACTORS)[number]>] extends [never] ? true : false = true;

const enums = suite('schema: enums match the code');
enums('block kinds, reason ids and error codes are the code’s, so neither can drift', () => {
  assert.equal(sorted(schema.$defs['block'].properties.kind.enum), sorted(BLOCK_KINDS));
  assert.equal(sorted(schema.$defs['reason'].enum), sorted(REASON_IDS));
  assert.equal(sorted(schema.$defs['error'].properties.code.enum), sorted(Object.keys(ERRORS)));
});
enums('steps and extractors are the union types’ members', () => {
  assert.ok(allSteps && allExtractors);
  assert.equal(sorted(schema.$defs['removal'].properties.step.enum), sorted(STEPS));
  assert.equal(sorted(schema.$defs['article'].properties.extractedBy.enum.filter((e: unknown) => e !== null)), sorted(EXTRACTORS));
});
enums('OutputRecord has the schema’s keys: the article’s properties, and the failure’s error', () => {
  // the named keys of each type (its index signature, for passthrough fields, left out)
  type Named<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
  const articleKeys: [Exclude<Named<OutputArticle>, (typeof ARTICLE_KEYS)[number] | 'error'>] extends [never] ? true : false = true;
  const failureKeys: [Exclude<Named<OutputFailure>, 'error'>] extends [never] ? true : false = true;
  assert.ok(articleKeys && failureKeys);
  assert.equal(sorted(Object.keys(schema.$defs['article'].properties)), sorted(ARTICLE_KEYS));
  assert.equal(sorted(Object.keys(schema.$defs['failure'].properties)), ['error']);
  assert.equal(sorted(schema.$defs['error'].required), ['code', 'message']);
});
enums.run();

const cli = suite('schema: every record the CLI writes validates');
const BAD_LINES = ['nope\n', '[1]\n', line({ id: 'no-content' }), line({ id: 'wrong', html: 5 }), line({ id: 'empty', text: '' })].join('');
cli('the samples and bad stdin lines, plain and with --explain', async () => {
  for (const explain of [[], ['--explain']]) {
    const records = await cliRecords(
      [...explain, ...SAMPLE_FILES, '-'],
      BAD_LINES + line({ id: 'ok', url: 'https://x.example/a', batch: 7, text: `Share\n${PROSE}` }),
    );
    assert.ok(records.length >= SAMPLE_FILES.length + 5);
    assert.ok(records.some((r) => r['error']) && records.some((r) => !r['error']));
    if (explain.length) assert.ok(records.some((r) => Array.isArray(r['removed']) && r['removed'].length > 0));
    for (const [i, record] of records.entries()) assertValid(record, `record ${i}${explain.length ? ' (--explain)' : ''}`);
  }
});
cli('records over --max-bytes (error with file and line)', async () => {
  const records = await cliRecords(['--max-bytes', '200', ...SAMPLE_FILES]);
  const tooLarge = records.filter((r) => (r['error'] as { code?: string } | undefined)?.code === 'too-large');
  assert.ok(tooLarge.length > 0);
  for (const [i, record] of records.entries()) assertValid(record, `record ${i}`);
});
cli.run();

const options = suite('schema: fields and blocks: false');
const mixed = readFileSync(join(SAMPLES, 'mixed.ndjson'), 'utf8').split('\n').filter(Boolean);
const cleaned = mixed.map((text, i) => cleanRecord(parseNdjson(text, i + 1)));
options('any selection of fields, with or without blocks and explain, still validates', () => {
  const selections = [[], ['id'], ['id', 'url', 'text'], ['title', 'blocks', 'removed'], ['error'], ['no-such-field']];
  for (const record of cleaned) {
    for (const fields of [undefined, ...selections]) {
      for (const explain of [false, true]) {
        const output = toOutput(record, { fields, explain, blocks: false });
        assert.not.ok('blocks' in output);
        assertValid(output, `fields ${JSON.stringify(fields)}`);
        assertValid(toOutput(record, { fields, explain }), `fields ${JSON.stringify(fields)} with blocks`);
      }
    }
  }
  assert.ok(cleaned.some((r) => r.error) && cleaned.some((r) => !r.error));
});
options.run();

const invalid = suite('schema: records decruft never writes do not validate');
const ARTICLE = {
  id: 1,
  title: 'T',
  byline: null,
  published: null,
  site: null,
  lang: 'en',
  excerpt: null,
  text: 'A',
  blocks: [{ kind: 'paragraph', text: 'A' }],
};
const FAILURE = { id: 1, error: { code: 'wrong-type', message: 'm', line: 3 } };
invalid('the valid shapes these are made from validate', () => {
  assertValid(ARTICLE, 'article');
  assertValid(FAILURE, 'failure');
  assertValid(
    { ...ARTICLE, extractedBy: null, removed: [{ reason: 'duplicate', step: 'dedupe', index: 0, text: 'A', detail: { ratio: 0.9, rule: 'x', near: true } }] },
    'explained',
  );
  assertValid({ ...ARTICLE, removed: [{ reason: 'custom.promo-code', step: 'strip', index: 0, text: 'Use code X' }] }, 'a rules-file reason');
});
invalid('wrong types, unknown kinds, reasons and codes, and mixed shapes', () => {
  const cases: Array<[string, unknown]> = [
    ['not an object', [ARTICLE]],
    ['a number title', { ...ARTICLE, title: 3 }],
    ['text null', { ...ARTICLE, text: null }],
    ['an unknown block kind', { ...ARTICLE, blocks: [{ kind: 'sidebar', text: 'A' }] }],
    ['a block without text', { ...ARTICLE, blocks: [{ kind: 'paragraph' }] }],
    ['a block with an extra key', { ...ARTICLE, blocks: [{ kind: 'paragraph', text: 'A', index: 0 }] }],
    ['an unknown reason', { ...ARTICLE, removed: [{ reason: 'nav.bogus', step: 'strip', index: 0, text: 'x' }] }],
    ['a custom reason without a name', { ...ARTICLE, removed: [{ reason: 'custom.', step: 'strip', index: 0, text: 'x' }] }],
    ['a custom reason in capitals', { ...ARTICLE, removed: [{ reason: 'custom.Promo', step: 'strip', index: 0, text: 'x' }] }],
    ['an unknown step', { ...ARTICLE, removed: [{ reason: 'duplicate', step: 'polish', index: 0, text: 'x' }] }],
    ['a removal without index', { ...ARTICLE, removed: [{ reason: 'duplicate', step: 'dedupe', text: 'x' }] }],
    ['a negative index', { ...ARTICLE, removed: [{ reason: 'duplicate', step: 'dedupe', index: -1, text: 'x' }] }],
    ['an object in detail', { ...ARTICLE, removed: [{ reason: 'duplicate', step: 'dedupe', index: 0, text: 'x', detail: { a: {} } }] }],
    ['an unknown extractor', { ...ARTICLE, extractedBy: 'magic' }],
    ['an unknown error code', { error: { code: 'oops', message: 'm' } }],
    ['an error without message', { error: { code: 'internal' } }],
    ['an error line 0', { error: { code: 'internal', message: 'm', line: 0 } }],
    ['an error with an extra key', { error: { code: 'internal', message: 'm', stack: 's' } }],
    ['an error that is a string', { error: 'internal' }],
    ['a failure with text', { ...FAILURE, text: '' }],
    ['a failure with a title', { ...FAILURE, title: null }],
  ];
  for (const [label, record] of cases) assert.not.ok(validate(record), `${label} should not validate`);
});
invalid.run();
