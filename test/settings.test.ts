import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  clean,
  cleanRecord,
  cleanTransform,
  dedupe,
  dedupeTransform,
  extractTransform,
  stripAndDedupeTransform,
  stripTransform,
  DEFAULT_SETTINGS as DEFAULTS,
  SETTING_AREAS,
  STRUCTURED_DEFAULTS,
  resolveSettings,
  type SettingsOverrides,
} from '../src/index.js';
import { FIXED, parseAssignments, settings, withSettings } from '../src/settings.js';
import { parseDateline } from '../src/clean/dates.js';
import { FAVOR_PROFILES, SPAN_DEFAULTS } from '../src/clean/span.js';
import { favorProfile, withSpanSettings } from '../src/clean/strip.js';
import { Collector, line, runSerial, textArticle } from './helpers.js';

const PROSE = [
  'The council approved the new cycle lanes on Tuesday after a long debate about parking in the old town.',
  'Work on the first lane will start in the spring and should be finished before the summer holidays begin.',
  'Shop owners had asked for more parking spaces, and the council promised to review the plan after one year.',
];
/** A seven-word sentence after the article: short of prose (8 words by default), so outside the span. */
const SHORT = 'The vote passed by nine to four.';
/** A page, not text that is already the article: a site's menu below it (see isWhole). */
const PAGE = ['Cycle lanes approved', ...PROSE, 'Menu', SHORT, 'Home', 'News', 'Sport', 'Contact us'].join('\n');
const kept = (overrides?: SettingsOverrides) => {
  const options = overrides ? { lineModel: false, settings: overrides } : { lineModel: false };
  return cleanRecord(textArticle(PAGE), options).blocks.map((b) => b.text);
};

const resolving = suite('resolveSettings');

resolving('no overrides: the defaults themselves, frozen', () => {
  assert.is(resolveSettings(undefined), DEFAULTS);
  assert.ok(Object.isFrozen(DEFAULTS) && SETTING_AREAS.every((area) => Object.isFrozen(DEFAULTS[area])));
});

resolving('overrides on top of the defaults; areas not given stay the defaults (same object)', () => {
  const resolved = resolveSettings({ span: { textMinWords: 6 } });
  assert.is(resolved.span.textMinWords, 6);
  assert.is(resolved.span.chromeMinCost, DEFAULTS.span.chromeMinCost);
  assert.is(resolved.dates, DEFAULTS.dates);
  assert.is(DEFAULTS.span.textMinWords, 8, 'the defaults are not changed');
});

resolving('the same overrides object resolves once', () => {
  const overrides = { features: { proseMinWords: 5 } };
  assert.is(resolveSettings(overrides), resolveSettings(overrides));
});

resolving('bad overrides are refused, naming the setting', () => {
  const refused = (overrides: unknown, message: string) =>
    assert.throws(
      () => resolveSettings(overrides as SettingsOverrides),
      (err: Error) => err instanceof TypeError && err.message === message,
    );
  refused({ span: { textMinWords: '6' } }, 'settings.span.textMinWords: expected a number, got string "6"');
  refused({ span: { textMinWords: 6.5 } }, 'settings.span.textMinWords: expected a whole number, got 6.5');
  const share = 'settings.span.chromeCostPerChar: expected a finite number, 0 or more, got';
  refused({ span: { chromeCostPerChar: -0.1 } }, `${share} -0.1`);
  refused({ span: { chromeCostPerChar: Number.NaN } }, `${share} NaN`);
  refused({ structured: { dropQuotes: 1 } }, 'settings.structured.dropQuotes: expected a boolean, got number');
  const spanKeys = Object.keys(DEFAULTS.span).join(', ');
  refused({ span: { minWords: 3 } }, `settings.span.minWords: unknown setting (known: ${spanKeys})`);
  const areas = SETTING_AREAS.join(', ');
  refused({ spans: {} }, `settings.spans: unknown area (known: ${areas})`);
  refused({ span: 3 }, 'settings.span: expected an object of settings, got number');
  refused([], `settings: expected an object of areas (${areas}), got an array`);
  refused(JSON.parse('{"__proto__": {"x": 1}}'), `settings.__proto__: unknown area (known: ${areas})`);
  refused(JSON.parse('{"span": {"__proto__": 1}}'), `settings.span.__proto__: unknown setting (known: ${spanKeys})`);
});

resolving('every default is a non-negative finite number or a boolean, and passes its own check', () => {
  for (const area of SETTING_AREAS) {
    for (const [key, value] of Object.entries(DEFAULTS[area])) {
      assert.ok(typeof value === 'boolean' || (Number.isFinite(value) && value >= 0), `${area}.${key}`);
    }
    const free = Object.fromEntries(Object.entries(DEFAULTS[area]).filter(([key]) => !(`${area}.${key}` in FIXED)));
    resolveSettings({ [area]: free });
  }
});

resolving('a registry-only setting is refused with the reason', () => {
  assert.ok(Object.keys(FIXED).length >= 1);
  for (const [path, why] of Object.entries(FIXED)) {
    const [area, key] = path.split('.') as [string, string];
    const overrides = { [area]: { [key]: 1 } } as SettingsOverrides;
    assert.throws(
      () => resolveSettings(overrides),
      (err: Error) => err.message === `settings.${path}: cannot be overridden per call: ${why}`,
    );
  }
});

resolving("the modules' exported *_DEFAULTS are the registry's areas", () => {
  assert.is(STRUCTURED_DEFAULTS, DEFAULTS.structured);
  assert.is(SPAN_DEFAULTS, DEFAULTS.span);
  assert.is(FAVOR_PROFILES.balanced.params, DEFAULTS.span);
});

resolving.run();

const scope = suite('withSettings');

scope('makes settings current while it runs, and restores the ones before, even on a throw', () => {
  const mine = resolveSettings({ dedupe: { minChars: 5 } });
  assert.is(settings(), DEFAULTS);
  assert.is(
    withSettings(mine, () => settings().dedupe.minChars),
    5,
  );
  assert.throws(() =>
    withSettings(mine, () => {
      throw new Error('boom');
    }),
  );
  assert.is(settings(), DEFAULTS);
});

scope("a step given no settings inside another runs with its caller's", () => {
  const article = textArticle(['A short repeated label', 'A short repeated label'].join('\n'));
  article.blocks = [
    { kind: 'paragraph', text: 'Short repeat', index: 0 },
    { kind: 'paragraph', text: 'Short repeat', index: 1 },
  ];
  withSettings(resolveSettings({ dedupe: { minChars: 5 } }), () => dedupe(article));
  assert.is(article.blocks.length, 1, 'a 12-character repeat counts with minChars 5');
});

scope.run();

const behaviour = suite('settings change behaviour');

behaviour('defaults unchanged: the same output as no settings at all', () => {
  assert.equal(kept({}), kept());
  assert.equal(kept({ features: { ...DEFAULTS.features } }), kept());
});

behaviour('a lower prose threshold keeps a line the default drops', () => {
  assert.not.ok(kept().includes(SHORT));
  assert.ok(kept({ features: { proseMinWords: 5 } }).includes(SHORT));
});

behaviour("span settings given explicitly win over the favor's; the favor keeps its other changes", () => {
  const { params } = withSpanSettings(favorProfile('precision'), { span: { textMinWords: 6, headingCost: 11 } });
  assert.is(params.textMinWords, 6);
  assert.is(params.headingCost, 11);
  assert.is(params.chromeMinCost, FAVOR_PROFILES.precision.params.chromeMinCost);
  assert.is.not(params.chromeMinCost, DEFAULTS.span.chromeMinCost);
  assert.is(withSpanSettings(favorProfile('recall'), { dates: { maxChars: 80 } }), FAVOR_PROFILES.recall);
});

behaviour('datelines already parsed are parsed again under other date settings', () => {
  const text = '28 November 2024 | Local news and more';
  assert.ok(parseDateline(text, 'en'));
  const strict = resolveSettings({ dates: { segmentMaxWords: 2 } });
  assert.is(
    withSettings(strict, () => parseDateline(text, 'en')),
    null,
  );
  assert.ok(parseDateline(text, 'en'));
});

behaviour('every step factory refuses bad settings when it is built', () => {
  const bad = { settings: { span: { textMinWords: 'six' } } } as unknown as { settings: SettingsOverrides };
  const message = /^settings\.span\.textMinWords: expected a number, got string "six"$/;
  assert.throws(() => extractTransform(bad), message);
  assert.throws(() => stripTransform(bad), message);
  assert.throws(() => dedupeTransform(bad), message);
  assert.throws(() => stripAndDedupeTransform(bad), message);
  assert.throws(() => cleanTransform(bad), message);
  assert.throws(() => clean(bad), message);
  assert.throws(() => clean({ ...bad, jobs: 1 }), message);
  assert.throws(() => cleanRecord(textArticle(PAGE), bad), message);
});

behaviour('settings reach the worker threads', async () => {
  const input = line({ id: 1, text: PAGE });
  const run = async (jobs: number) => {
    const out = new Collector();
    const settings = { features: { proseMinWords: 5 } };
    await pipeline(Readable.from([input]), clean({ jobs, lineModel: false, settings }), out);
    return JSON.parse(out.text) as { text: string };
  };
  const [serial, pooled] = [await run(0), await run(1)];
  assert.ok(serial.text.includes(SHORT));
  assert.equal(pooled, serial);
});

behaviour.run();

const assignments = suite('parseAssignments');

assignments('area.key=value, the value read as JSON where it is, over a base', () => {
  const base = { span: { chromeMinCost: 30 }, dates: { maxChars: 90 } };
  const out = parseAssignments(['span.textMinWords=6', 'structured.dropQuotes=false', 'span.headingCost=abc'], base);
  assert.equal(JSON.parse(JSON.stringify(out)), {
    span: { chromeMinCost: 30, textMinWords: 6, headingCost: 'abc' },
    dates: { maxChars: 90 },
    structured: { dropQuotes: false },
  });
});

assignments('an assignment without area.key= is refused', () => {
  assert.throws(() => parseAssignments(['span=6']), /--set span=6: expected area\.key=value/);
  assert.throws(() => parseAssignments(['textMinWords=6']), /expected area\.key=value/);
});

assignments('__proto__ reaches resolveSettings, which refuses it, and pollutes nothing', () => {
  const out = parseAssignments(['__proto__.polluted=1']);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.throws(() => resolveSettings(out), /settings\.__proto__: unknown area/);
});

assignments.run();

const cli = suite('cli --set and --settings');

cli('--set changes the output; a bad one is a usage error naming the setting', async () => {
  const input = line({ id: 1, text: PAGE });
  const plain = await runSerial([], { stdin: input });
  const lowered = await runSerial(['--set', 'features.proseMinWords=5'], { stdin: input });
  assert.is(lowered.code, 0);
  assert.not.ok((plain.records[0] as { text: string }).text.includes(SHORT));
  assert.ok((lowered.records[0] as { text: string }).text.includes(SHORT));
  const bad = await runSerial(['--set', 'features.proseMinWords=five'], { stdin: input });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'settings.features.proseMinWords: expected a number, got string "five"');
  const unknown = await runSerial(['--set', 'features.proseWords=5'], { stdin: input });
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, 'settings.features.proseWords: unknown setting');
});

cli('--settings reads a JSON file, --set goes over it; a bad file is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-settings-'));
  const input = line({ id: 1, text: PAGE });
  try {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ features: { proseMinWords: 5 } }));
    const lowered = await runSerial(['--settings', file], { stdin: input });
    assert.is(lowered.code, 0);
    assert.ok((lowered.records[0] as { text: string }).text.includes(SHORT));
    const over = await runSerial(['--settings', file, '--set', 'features.proseMinWords=8'], { stdin: input });
    assert.not.ok((over.records[0] as { text: string }).text.includes(SHORT));
    writeFileSync(file, JSON.stringify({ features: { proseMinWords: 'five' } }));
    const bad = await runSerial(['--settings', file], { stdin: input });
    assert.is(bad.code, 2);
    const message = `--settings ${file} settings.features.proseMinWords: expected a number, got string "five"`;
    assert.match(bad.stderr, message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

cli.run();
