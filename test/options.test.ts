import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkOptions,
  clean,
  cleanRecord,
  cleanTransform,
  dedupeTransform,
  DOMS,
  EXTRACTORS,
  extractTransform,
  FAVORS,
  OPTION_RULES,
  OptionError,
  OUTPUT_FORMATS,
  POOL_LIMITS,
  serializeTransform,
  stripAndDedupeTransform,
  stripTransform,
  type CheckedOption,
  type CleanOptions,
} from '../src/index.js';
import { textArticle } from './helpers.js';

/** For every checked option: a value it takes, a value it refuses, and the message the refusal reads. */
const CASES: { [K in CheckedOption]: [good: unknown, bad: unknown, message: string] } = {
  favor: ['recall', 'both', 'favor: expected one of precision, balanced, recall, got "both"'],
  dom: ['linkedom', 'domino', 'dom: expected one of linkedom, jsdom, got "domino"'],
  extractor: ['readability', 'boilerpipe', 'extractor: expected one of auto, readability, got "boilerpipe"'],
  format: ['markdown', 'html', 'format: expected one of jsonl, text, markdown, got "html"'],
  fields: [['id', 'text'], 'id,text', 'fields: expected an array of output key names, got "id,text"'],
  explain: [true, 'yes', 'explain: expected true or false, got "yes"'],
  blocks: [false, 0, 'blocks: expected true or false, got 0'],
  lineModel: [false, null, 'lineModel: expected true or false, got null'],
  near: [true, 1, 'near: expected true or false, got 1'],
  jobs: [2, 1.5, 'jobs: expected a whole number, 0 or more, got 1.5'],
  timeout: [0, -1, 'timeout: expected a number, 0 or more (0: no limit), got -1'],
  memory: [512, 8, `memory: expected a whole number of megabytes, at least ${POOL_LIMITS.minMemory.linkedom} (for a worker on linkedom to start), got 8`],
  maxBytes: [1024, 0, 'maxBytes: expected a whole number of bytes, at least 1, got 0'],
  nearDupes: ['drop', 'delete', 'nearDupes: expected one of mark, drop, got "delete"'],
  learnSites: [true, 'yes', 'learnSites: expected true or false, got "yes"'],
  siteMemoryFixed: [false, 'yes', 'siteMemoryFixed: expected true or false, got "yes"'],
  siteHold: [0, 2.5, 'siteHold: expected a whole number of records, 0 or more, got 2.5'],
  sitePasses: [2, 3, 'sitePasses: expected 1 or 2, got 3'],
  stories: [true, 'yes', 'stories: expected true or false, got "yes"'],
};

/** The message `run` throws with, or null. */
function refusal(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (err) {
    assert.instance(err, OptionError);
    return (err as Error).message;
  }
}

const check = suite('checkOptions');
check('every checked option has a case here, and nothing else is checked', () => {
  assert.equal(Object.keys(OPTION_RULES).sort(), Object.keys(CASES).sort());
});
check('each option takes what it says, and refuses the rest as "<option>: expected X, got Y"', () => {
  for (const [option, [good, bad, message]] of Object.entries(CASES)) {
    assert.is(
      refusal(() => checkOptions({ [option]: good } as CleanOptions)),
      null,
      option,
    );
    assert.is(
      refusal(() => checkOptions({ [option]: bad } as CleanOptions)),
      message,
      option,
    );
  }
});
check('absent options take their defaults, which are good', () => {
  checkOptions({});
  checkOptions({ favor: undefined, jobs: undefined } as CleanOptions);
});
check('the choices are the exported constants, not copies', () => {
  for (const [option, values] of [
    ['favor', FAVORS],
    ['dom', DOMS],
    ['extractor', EXTRACTORS],
    ['format', OUTPUT_FORMATS],
  ] as const) {
    assert.is(OPTION_RULES[option].expected, `one of ${values.join(', ')}`);
    for (const value of values) checkOptions({ [option]: value } as CleanOptions);
  }
});
check("the least memory is the DOM's", () => {
  const least = POOL_LIMITS.minMemory.jsdom;
  assert.match(refusal(() => checkOptions({ dom: 'jsdom', memory: least - 1 })) ?? '', new RegExp(`at least ${least} \\(for a worker on jsdom`));
  checkOptions({ memory: POOL_LIMITS.minMemory.linkedom });
});
check.run();

const builders = suite('checkOptions: every builder checks what it takes, before any record');
builders('clean, cleanTransform and cleanRecord refuse any bad option, on this thread and for workers', () => {
  for (const [option, [, bad, message]] of Object.entries(CASES)) {
    const options = { [option]: bad } as CleanOptions;
    assert.is(
      refusal(() => clean(options)),
      message,
      `clean ${option}`,
    );
    if (option !== 'jobs')
      assert.is(
        refusal(() => clean({ ...options, jobs: 1 })),
        message,
        `clean jobs ${option}`,
      );
    assert.is(
      refusal(() => cleanTransform(options)),
      message,
      `cleanTransform ${option}`,
    );
    assert.is(
      refusal(() => cleanRecord(textArticle('A line.'), options)),
      message,
      `cleanRecord ${option}`,
    );
  }
});
builders('each step Transform refuses its own options in the same words', () => {
  const steps: [string, (options: never) => unknown, CheckedOption[]][] = [
    ['extractTransform', extractTransform, ['dom', 'extractor']],
    ['stripTransform', stripTransform, ['favor', 'lineModel']],
    ['stripAndDedupeTransform', stripAndDedupeTransform, ['favor', 'lineModel', 'near']],
    ['dedupeTransform', dedupeTransform, ['near']],
    ['serializeTransform', serializeTransform, ['format', 'fields', 'explain', 'blocks']],
  ];
  for (const [name, build, options] of steps) {
    for (const option of options) {
      const [, bad, message] = CASES[option];
      assert.is(
        refusal(() => build({ [option]: bad } as never)),
        message,
        `${name} ${option}`,
      );
    }
  }
});
builders.run();
