// Loaded with `node --import` by test/lazy.test.ts: appends the path of every module file the
// process loads to the file named by DECRUFT_TEST_LOADED, one a line: ES modules through a loader
// hook (which runs on its own thread, so it writes the file itself), CommonJS and require()d ES
// modules through Module._load. What a require()d ES module imports is loaded with it, past the
// hook (Node 20): of a lazily loaded module, only the module itself shows.
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';

const log = process.env.DECRUFT_TEST_LOADED;
const hook = `import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, fileURLToPath(url) + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    appendFileSync(log, Module._resolveFilename(request, parent, isMain) + '\n');
  } catch {
    // a built-in, or not resolvable: Module._load itself says so
  }
  return load.apply(this, arguments);
};
