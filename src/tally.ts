/**
 * Accounting: what became of each record written out. The CLI prints the tally at the end of a
 * run, and `--strict` turns any failed record into exit status 1.
 */
import { Transform } from 'node:stream';
import type { Article, ErrorCode } from './record.js';

/** What became of one record: failed (with its error code), or cleaned, possibly to nothing. */
export interface Outcome {
  error?: ErrorCode;
  /** Cleaned without error, but no block of text was left. */
  empty?: boolean;
  /** A later copy of an earlier record (--near-dupes): marked, or written as a stub. */
  copy?: boolean;
}

/** The outcome of a record that has been through the pipeline. */
export function outcomeOf(article: Article): Outcome {
  if (article.error) return { error: article.error.code };
  const outcome: Outcome = article.blocks.length === 0 ? { empty: true } : {};
  if (article.copy) outcome.copy = true;
  return outcome;
}

/** Counts of records by outcome; `read` = `cleaned` + `failed`, and `empty` and `copies` are among `cleaned`. */
export class Tally {
  read = 0;
  cleaned = 0;
  empty = 0;
  copies = 0;
  failed = 0;
  readonly errors = new Map<ErrorCode, number>();
  /** Input records that are not pages (WARC requests, metadata…), by why: read, but no output. */
  readonly skipped = new Map<string, number>();
  /** Files found in folders that are not read (FIFOs, sockets, dangling links), by what they are. */
  readonly passedOver = new Map<string, number>();
  private readonly started = performance.now();

  add(outcome: Outcome): void {
    this.read++;
    if (outcome.error) {
      this.failed++;
      this.errors.set(outcome.error, (this.errors.get(outcome.error) ?? 0) + 1);
    } else {
      this.cleaned++;
      if (outcome.empty) this.empty++;
      if (outcome.copy) this.copies++;
    }
  }

  /** A file found while walking a folder and not read: a FIFO, a socket, a device, a dangling link. */
  passOver(what: string): void {
    this.passedOver.set(what, (this.passedOver.get(what) ?? 0) + 1);
  }

  /** An input record that gives no output record (a WARC record that is not an HTML response). */
  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  /**
   * One line for people: `1,204 records read: 1,190 cleaned (12 empty), 14 failed (9 invalid-json,
   * 5 timeout) in 3.2 s, 376 records/s`, error codes (and WARC skips) most frequent first; with
   * copies found, `(12 empty, 30 copies)`.
   */
  summary(): string {
    const n = thousands;
    const seconds = (performance.now() - this.started) / 1000;
    const byCount = (counts: Map<string, number>) =>
      [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([name, count]) => `${n(count)} ${name}`)
        .join(', ');
    const failed = this.errors.size ? ` (${byCount(this.errors)})` : '';
    const perSecond = Math.round(this.read / seconds);
    const rate = seconds > 0 ? `, ${n(perSecond)} record${perSecond === 1 ? '' : 's'}/s` : '';
    let total = 0;
    for (const count of this.skipped.values()) total += count;
    const skipped = total ? `; ${n(total)} WARC record${total === 1 ? '' : 's'} skipped (${byCount(this.skipped)})` : '';
    let files = 0;
    for (const count of this.passedOver.values()) files += count;
    const passed = files ? `; ${n(files)} file${files === 1 ? '' : 's'} in folders passed over (${byCount(this.passedOver)})` : '';
    const copies = this.copies ? `, ${n(this.copies)} cop${this.copies === 1 ? 'y' : 'ies'}` : '';
    return (
      `${n(this.read)} record${this.read === 1 ? '' : 's'} read: ${n(this.cleaned)} cleaned (${n(this.empty)} empty${copies}), ` +
      `${n(this.failed)} failed${failed}${skipped}${passed} in ${seconds.toFixed(1)} s${rate}`
    );
  }
}

/**
 * A count with commas between thousands, as `toLocaleString('en')` writes it, whose first call
 * loads ICU's number formats: 27 ms of every run's end, here.
 */
export function thousands(count: number): string {
  return String(count).replace(/\B(?=(?:\d{3})+$)/gu, ',');
}

/** An objectMode pass-through Transform adding every record's outcome to `tally`. */
export function tallyTransform(tally: Tally): Transform {
  return new Transform({
    objectMode: true,
    transform(article: Article, _encoding, done) {
      tally.add(outcomeOf(article));
      done(null, article);
    },
  });
}
