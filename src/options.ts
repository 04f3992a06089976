/**
 * One check of the cleaning options, shared by the library's builders (clean, cleanTransform and the
 * step Transforms) and the CLI: what each option takes is written here once, with the constants
 * that list the choices. A bad option is the caller's bug: it is refused when a step is built, as
 * "<option>: expected X, got Y", never on the first record.
 */
import { FAVORS } from './clean/span.js';
import { OUTPUT_FORMATS } from './io/serialize.js';
import { checkJsdom } from './optional.js';
import { POOL_LIMITS } from './pool.js';
import { COPY_MODES, DOMS, EXTRACTORS, type DomName } from './record.js';
import { resolveSettings } from './settings.js';
import type { CleanOptions } from './transforms.js';

/** A bad option: which, what it takes, and what it was given. */
export class OptionError extends TypeError {
  override name = 'OptionError';
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${option}: expected ${expected}, got ${describe(got)}`);
  }
}

/** What an option takes: `expected` says it (it may depend on the other options), `ok` tests a value. */
export interface OptionRule {
  expected: string | ((options: CleanOptions) => string);
  ok(value: unknown, options: CleanOptions): boolean;
}

const oneOf = (values: readonly string[]): OptionRule => ({
  expected: `one of ${values.join(', ')}`,
  ok: (value) => values.includes(value as string),
});
const flag: OptionRule = { expected: 'true or false', ok: (value) => typeof value === 'boolean' };
const leastMemory = (dom: DomName | undefined): number => POOL_LIMITS.minMemory[dom ?? 'linkedom'] ?? POOL_LIMITS.minMemory.jsdom;

/** Every checked option and what it takes. */
export const OPTION_RULES = {
  favor: oneOf(FAVORS),
  dom: oneOf(DOMS),
  extractor: oneOf(EXTRACTORS),
  format: oneOf(OUTPUT_FORMATS),
  fields: { expected: 'an array of output key names', ok: (value) => Array.isArray(value) && value.every((f) => typeof f === 'string') },
  explain: flag,
  blocks: flag,
  lineModel: flag,
  near: flag,
  jobs: { expected: 'a whole number, 0 or more', ok: (value) => Number.isInteger(value) && (value as number) >= 0 },
  timeout: { expected: 'a number, 0 or more (0: no limit)', ok: (value) => typeof value === 'number' && value >= 0 },
  memory: {
    expected: (options) => `a whole number of megabytes, at least ${leastMemory(options.dom)} (for a worker on ${options.dom ?? 'linkedom'} to start)`,
    ok: (value, options) => Number.isInteger(value) && (value as number) >= leastMemory(options.dom),
  },
  nearDupes: oneOf(COPY_MODES),
  learnSites: flag,
  sitePasses: { expected: '1 or 2', ok: (value) => value === 1 || value === 2 },
  siteMemoryFixed: flag,
  siteHold: { expected: 'a whole number of records, 0 or more', ok: (value) => Number.isInteger(value) && (value as number) >= 0 },
  stories: flag,
  maxBytes: { expected: 'a whole number of bytes, at least 1', ok: (value) => Number.isInteger(value) && (value as number) >= 1 },
} satisfies Partial<Record<keyof CleanOptions, OptionRule>>;

export type CheckedOption = keyof typeof OPTION_RULES;

/** What `option` takes, worded for `options` (the least memory depends on the DOM). */
export function expectedOf(option: CheckedOption, options: CleanOptions = {}): string {
  const { expected } = OPTION_RULES[option] as OptionRule;
  return typeof expected === 'string' ? expected : expected(options);
}

/**
 * Checks the options given (absent ones take their defaults, which are good); throws an
 * OptionError for the first bad one, says how to install jsdom when `dom: 'jsdom'` lacks it, and
 * refuses unknown or mistyped `settings` (see ./settings.ts).
 */
export function checkOptions(options: CleanOptions): void {
  for (const option of Object.keys(OPTION_RULES) as CheckedOption[]) {
    const value = options[option];
    if (value !== undefined && !(OPTION_RULES[option] as OptionRule).ok(value, options)) {
      throw new OptionError(option, expectedOf(option, options), value);
    }
  }
  if (options.dom === 'jsdom') checkJsdom();
  // a TypeError naming the setting: "settings.span.textMinWords: expected a number, got string"
  if (options.settings !== undefined) resolveSettings(options.settings);
}

/** A value as an error message shows it: strings quoted, arrays by what they hold. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array holding ${value.map((v) => typeof v).join(', ') || 'nothing'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  return typeof value;
}
