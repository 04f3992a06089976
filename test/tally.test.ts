import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { thousands } from '../src/tally.js';

const counts = suite('thousands');
counts("writes counts as toLocaleString('en') does, without loading ICU's number formats", () => {
  for (const count of [0, 1, 9, 10, 999, 1000, 1001, 9999, 10000, 123456, 999999, 1000000, 1234567, 98765432, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
    assert.is(thousands(count), count.toLocaleString('en'), String(count));
  }
});
counts.run();
