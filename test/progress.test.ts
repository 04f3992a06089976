/**
 * The progress line: fitted to the terminal's width (it must never wrap, or every redraw stacks a
 * new line), and its share done and time left counted from the records written, not read.
 */
import { Writable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress } from '../src/io/progress.js';

/** A terminal-like stderr of the given width that keeps what is written. */
function terminal(columns: number): Writable & { columns: number; text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { columns: number; text: string };
  stream.columns = columns;
  stream.text = '';
  return stream;
}

/** Waits until `ms` have passed on the clock the line reads. */
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const progress = suite('Progress');

progress('the line fits the terminal: the least useful parts go first, and nothing reaches the last column', async () => {
  let written = 0;
  const wide = terminal(200);
  const line = new Progress(wide, () => written, 10_000_000);
  for (let i = 0; i < 100; i++) {
    line.addBytes(100_000);
    line.addRecord();
  }
  written = 40;
  await wait(1100);
  const full = line.line(200);
  assert.match(full, /^decruft: 40 records · 40% · about 0:0\d left · 10\.0 MB read · \d+ records\/s · [\d.]+ MB\/s$/);
  for (const columns of [80, 60, 40, 20, 5]) {
    const fitted = line.line(columns);
    assert.ok(fitted.length <= columns - 1, `${columns} columns: ${JSON.stringify(fitted)}`);
  }
  assert.match(line.line(60), /^decruft: 40 records · 40% · about 0:0\d left/);
  assert.is(line.line(20), 'decruft: 40 records');
  line.stop();
});

progress('share done and time left follow the records written, not the bytes read ahead of them', async () => {
  let written = 0;
  const line = new Progress(terminal(120), () => written, 1000);
  for (let i = 0; i < 10; i++) {
    line.addBytes(100);
    line.addRecord();
  }
  await wait(1100);
  written = 1; // everything read, one record of ten written
  assert.match(line.line(), / 10% · about 0:\d\d left/);
  assert.not.match(line.line(), /about 0:00 left/);
  written = 10;
  assert.match(line.line(), / 100% · about 0:00 left/);
  line.stop();
});

progress('each redraw rewrites the line in place and stop() erases it', async () => {
  const stderr = terminal(60);
  const line = new Progress(stderr, () => 3);
  await wait(600);
  line.stop();
  const draws = stderr.text.split('\r').filter(Boolean);
  assert.ok(draws.length >= 2, stderr.text);
  for (const draw of draws.slice(0, -1)) assert.match(draw, /^decruft: 3 records.*\x1b\[K$/);
  assert.is(draws.at(-1), '\x1b[K');
  assert.not.match(stderr.text, /\n/);
});

progress.run();
