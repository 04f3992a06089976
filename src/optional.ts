/**
 * Optional peer dependencies: packages decruft uses only when asked to, and does not install.
 * Checked when the option that needs one is given, so a missing package is one clear message up
 * front rather than a failure in every record.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * jsdom, the reference DOM (`dom: 'jsdom'`, `--dom jsdom`): 27 MB and 35 packages that only this
 * option needs. Throws an error saying how to install it when it cannot be found; resolving it
 * costs nothing, loading it does.
 */
export function checkJsdom(): void {
  try {
    require.resolve('jsdom');
  } catch {
    throw new Error('--dom jsdom needs the jsdom package, an optional peer dependency of decruft: npm install jsdom');
  }
}
