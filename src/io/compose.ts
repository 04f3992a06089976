/** Stream helpers shared by the readers and the transforms. */
import * as stream from 'node:stream';
import type { Duplex } from 'node:stream';

/** stream.compose (Node 16.9+): streams piped into one Duplex. Missing from @types/node 20. */
export const compose = (stream as unknown as { compose(...streams: stream.Stream[]): Duplex }).compose;

/** A Readable over an async iterable that can be ended early; see stoppable(). */
export interface Stoppable {
  stream: stream.Readable;
  /** Ends the stream now: what it has already handed on goes on through the pipeline; nothing more is taken. */
  stop(): void;
}

/**
 * An objectMode Readable over `items` that stop() ends at once, even while the iterable is waiting
 * for input (an idle stdin): the CLI's way of finishing a run on SIGINT with every record already
 * read cleaned and written. What the iterable yields or throws after stop() is dropped.
 */
export function stoppable<T>(items: AsyncIterable<T>): Stoppable {
  const iterator = items[Symbol.asyncIterator]();
  let stopped = false;
  const readable = new stream.Readable({
    objectMode: true,
    read() {
      iterator.next().then(
        (next) => {
          if (stopped) return;
          if (next.done) this.push(null);
          else this.push(next.value);
        },
        (err: Error) => {
          if (!stopped) this.destroy(err);
        },
      );
    },
    destroy(err, callback) {
      // a failed pipeline closes the input too (its files, its listeners)
      void iterator.return?.(undefined)?.catch(() => {});
      callback(err);
    },
  });
  return {
    stream: readable,
    stop() {
      if (stopped) return;
      stopped = true;
      readable.push(null);
    },
  };
}
