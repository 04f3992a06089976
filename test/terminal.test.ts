/**
 * The progress line in a real terminal: a tmux pane 60 columns wide runs the CLI, and its screen is
 * captured while the run goes. A line wider than the pane would wrap, and every redraw would then
 * stack one more line on the screen; a fake TTY cannot show that. Skipped, saying so, where tmux is
 * not installed (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = fileURLToPath(new URL('../bin/decruft.js', import.meta.url));
const COLUMNS = 60;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';

/** Runs `args` in a detached tmux pane COLUMNS wide; returns the screens captured until it ended. */
async function screens(args: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decruft-terminal-'));
  const input = join(dir, 'many.ndjson');
  writeFileSync(input, Array.from({ length: 6000 }, (_, i) => JSON.stringify({ id: i, text: `${PROSE} Item ${i}.` }) + '\n').join(''));
  const session = `decruft-test-${process.pid}-${Date.now()}`;
  const quoted = [process.execPath, BIN, ...args, '-o', join(dir, 'out.jsonl'), input].map((a) => `'${a}'`).join(' ');
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', String(COLUMNS), '-y', '12', `${quoted}; echo DONE; sleep 60`]);
  const captured: string[] = [];
  try {
    for (const started = Date.now(); Date.now() - started < 60_000;) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
      captured.push(screen);
      if (screen.includes('DONE')) break;
    }
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
  return captured;
}

const nonEmpty = (screen: string) => screen.split('\n').filter((l) => l.trim() !== '');

const terminal = suite(`the progress line in a tmux pane ${COLUMNS} columns wide`);

if (!hasTmux) {
  console.log('terminal.test.ts: skipped: tmux is not installed (apt-get install -y tmux)');
} else {
  terminal('while the run goes, the progress is one line that fits; the summary replaces it', async () => {
    const shots = await screens(['--jobs', '1']);
    // while it runs: before the summary (which may land a capture before DONE does)
    const during = shots.filter((s) => s.includes('decruft:') && !s.includes('records read'));
    assert.ok(during.length >= 2, `progress seen in ${during.length} captures`);
    for (const screen of during) {
      const lines = nonEmpty(screen);
      assert.is(lines.length, 1, `one line on the screen while running:\n${screen}`);
      assert.match(lines[0]!, /^decruft: [\d,]+ records/);
      assert.ok(lines[0]!.length < COLUMNS, lines[0]);
    }
    const last = nonEmpty(shots.at(-1)!).join(' ');
    assert.match(last, /^decruft: 6,000 records read: 6,000 cleaned/);
    assert.not.match(last, /records · /); // the progress line was erased, not left above the summary
  });

  terminal('--no-progress draws nothing while the run goes, and the summary still comes', async () => {
    const shots = await screens(['--jobs', '1', '--no-progress']);
    for (const screen of shots.filter((s) => !s.includes('records read'))) assert.is(nonEmpty(screen).length, 0, screen);
    assert.match(nonEmpty(shots.at(-1)!).join(' '), /^decruft: 6,000 records read/);
  });
}

terminal.run();
