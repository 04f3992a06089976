/**
 * A progress line on stderr while a run goes (records, megabytes read, rates, and a time left when
 * the inputs' total size is known), redrawn in place a few times a second. Only for a terminal: the
 * CLI does not create one when stderr is a file or pipe, or with --quiet.
 */
import type { Writable } from 'node:stream';

/** How often the line is redrawn. */
const REDRAW_MS = 250;

export class Progress {
  private bytes = 0;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private width = 0;

  /** `records()` gives the records written so far; `totalBytes` is the inputs' size, if known. */
  constructor(
    private readonly stderr: Writable,
    private readonly records: () => number,
    private readonly totalBytes?: number,
  ) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  /** Bytes read from the inputs (before decompression). */
  addBytes(bytes: number): void {
    this.bytes += bytes;
  }

  /** The line as it would be drawn now. */
  line(): string {
    const seconds = (performance.now() - this.started) / 1000;
    const records = this.records();
    const mb = this.bytes / 1e6;
    const parts = [`${records.toLocaleString('en')} records`, `${mb.toFixed(1)} MB`];
    if (seconds > 0) parts.push(`${Math.round(records / seconds).toLocaleString('en')} records/s`, `${(mb / seconds).toFixed(1)} MB/s`);
    if (this.totalBytes && this.bytes > 0 && seconds > 1) {
      const left = ((this.totalBytes - this.bytes) / this.bytes) * seconds;
      parts.push(`${Math.min(100, (100 * this.bytes) / this.totalBytes).toFixed(0)}%`, `about ${clock(Math.max(0, left))} left`);
    }
    return `decruft: ${parts.join(' · ')}`;
  }

  private draw(): void {
    const line = this.line();
    this.stderr.write(`\r${line.padEnd(this.width)}`);
    this.width = line.length;
  }

  /** Stops redrawing and clears the line, so that what is printed next starts clean. */
  stop(): void {
    clearInterval(this.timer);
    if (this.width > 0) this.stderr.write(`\r${' '.repeat(this.width)}\r`);
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}
