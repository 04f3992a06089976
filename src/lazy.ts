/**
 * Modules loaded when a record first needs them instead of when decruft is imported. Loading is
 * most of what one small record costs: on this 2-core machine importing everything took 0.73 s,
 * cleaning a small text record 10 ms. A text record needs no HTML parser, a line without a date
 * no date parser, a page Readability is not run on no linkedom.
 *
 * Loading is synchronous, so every step stays a plain function: require(), which on every Node
 * decruft supports (20.19+, 22.13+) loads ES modules too, without a warning, and shares them with
 * any `import` of the same file. No module in decruft uses top-level await, which that needs.
 *
 * One catch, in tests only: tsx runs a require()d TypeScript module as a module of its own, apart
 * from the one `import` gives. A test that changes something inside a lazily loaded module (say
 * html.ts's RUNGS) and then cleans through extract() must change it in the require()d one.
 */
import { createRequire } from 'node:module';

/**
 * A function returning the module `specifier` (resolved from `base`, the caller's
 * `import.meta.url`), which it loads on its first call.
 */
export function lazy<T>(base: string, specifier: string): () => T {
  let module: T | undefined;
  return () => (module ??= createRequire(base)(specifier) as T);
}
