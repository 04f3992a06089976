import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tally, thousands } from '../src/tally.js';

const counts = suite('thousands');
counts("writes counts as toLocaleString('en') does, without loading ICU's number formats", () => {
  for (const count of [0, 1, 9, 10, 999, 1000, 1001, 9999, 10000, 123456, 999999, 1000000, 1234567, 98765432, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
    assert.is(thousands(count), count.toLocaleString('en'), String(count));
  }
});
counts.run();

const summary = suite('summary');
summary('counts cleaned, empty, copies and failed records, each error code', () => {
  const tally = new Tally();
  for (const outcome of [{}, { empty: true }, { copy: true }, { copy: true }, { error: 'timeout' as const }]) tally.add(outcome);
  assert.match(tally.summary(), /^5 records read: 4 cleaned \(1 empty, 2 copies\), 1 failed \(1 timeout\) in /);
  const plain = new Tally();
  plain.add({});
  assert.match(plain.summary(), /^1 record read: 1 cleaned \(0 empty\), 0 failed in /, 'no copies: not mentioned');
});
summary.run();
