/**
 * A progress line on stderr while a run goes (records, megabytes read, rates, and a time left when
 * the inputs' total size is known), redrawn in place a few times a second. Only for a terminal: the
 * CLI does not create one when stderr is a file or pipe, with --quiet or with --no-progress.
 *
 * The line never wraps: it is fitted to the terminal's width when drawn (so a resize between two
 * draws is followed), dropping the least useful parts first. The share done and the time left
 * count the bytes of the records *written*, not of those read: the reader runs ahead of the
 * cleaning by as much as the pipeline buffers, which on a small batch is all of it.
 */
import type { Writable } from 'node:stream';

/** How often the line is redrawn. */
const REDRAW_MS = 250;
/** Erases from the cursor to the end of the line (ECMA-48 EL): what a shorter line leaves behind. */
const ERASE_LINE_END = '\x1b[K';
/** Width assumed when the stream does not say (a terminal always does). */
const DEFAULT_COLUMNS = 80;

/** One part of the line; parts are dropped lowest `keep` first when the line does not fit. */
interface Part {
  text: string;
  keep: number;
}

export class Progress {
  private bytesRead = 0;
  private bytesDone = 0;
  /** Bytes read when each record was handed on, for records not yet counted as written. */
  private readonly positions: number[] = [];
  private positionsHead = 0;
  private recordsSeen = 0;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private drawn = false;

  /**
   * `records()` gives the records written so far (they must be written in the order `addRecord`
   * was told of them); `totalBytes` is the inputs' size, if known.
   */
  constructor(
    private readonly stderr: Writable & { columns?: number },
    private readonly records: () => number,
    private readonly totalBytes?: number,
  ) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  /** Bytes read from the inputs (before decompression). */
  addBytes(bytes: number): void {
    this.bytesRead += bytes;
  }

  /** A record was read: it ends where the input has been read up to now. */
  addRecord(): void {
    this.positions.push(this.bytesRead);
  }

  /** The line as it would be drawn now, fitted to `columns`. */
  line(columns = this.stderr.columns ?? DEFAULT_COLUMNS): string {
    const seconds = (performance.now() - this.started) / 1000;
    const records = this.records();
    this.catchUp(records);
    const mb = this.bytesRead / 1e6;
    const parts: Part[] = [{ text: `${records.toLocaleString('en')} records`, keep: 9 }];
    if (this.totalBytes && this.bytesDone > 0 && seconds > 1) {
      const left = ((this.totalBytes - this.bytesDone) / this.bytesDone) * seconds;
      parts.push({ text: `${Math.min(100, (100 * this.bytesDone) / this.totalBytes).toFixed(0)}%`, keep: 8 });
      parts.push({ text: `about ${clock(Math.max(0, left))} left`, keep: 7 });
    }
    parts.push({ text: `${mb.toFixed(1)} MB read`, keep: 4 });
    if (seconds > 0) {
      parts.push({ text: `${Math.round(records / seconds).toLocaleString('en')} records/s`, keep: 5 });
      parts.push({ text: `${(mb / seconds).toFixed(1)} MB/s`, keep: 3 });
    }
    return fit('decruft: ', parts, columns - 1); // the last column would wrap on some terminals
  }

  /** Moves `bytesDone` to where the last record written ended. */
  private catchUp(records: number): void {
    let head = this.positionsHead;
    while (this.recordsSeen < records && head < this.positions.length) {
      this.bytesDone = this.positions[head++]!;
      this.recordsSeen++;
    }
    if (head > 1024) {
      this.positions.splice(0, head);
      head = 0;
    }
    this.positionsHead = head;
  }

  private draw(): void {
    this.stderr.write(`\r${this.line()}${ERASE_LINE_END}`);
    this.drawn = true;
  }

  /** Stops redrawing and clears the line, so that what is printed next starts clean. */
  stop(): void {
    clearInterval(this.timer);
    if (this.drawn) this.stderr.write(`\r${ERASE_LINE_END}`);
  }
}

/** `prefix` and the parts joined by ` · `, least kept parts dropped until it fits; cut if still too long. */
function fit(prefix: string, parts: Part[], width: number): string {
  const kept = [...parts];
  let line = prefix + kept.map((p) => p.text).join(' · ');
  while (line.length > width && kept.length > 1) {
    let lowest = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i]!.keep < kept[lowest]!.keep) lowest = i;
    kept.splice(lowest, 1);
    line = prefix + kept.map((p) => p.text).join(' · ');
  }
  return line.length > width ? line.slice(0, Math.max(0, width)) : line;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}
