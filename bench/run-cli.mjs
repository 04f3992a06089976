// Runs the decruft CLI of any build, as bin/decruft.js runs this repository's: node run-cli.mjs CLI_JS [options].
// bench/quality uses it to measure another build's dist/ (--dist) with the same script.
import { pathToFileURL } from 'node:url';

const { main } = await import(pathToFileURL(process.argv[2]).href);
process.exitCode = await main(process.argv.slice(3), {
  signals: process,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
