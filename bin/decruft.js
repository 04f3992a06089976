#!/usr/bin/env node
// Thin shim: all behaviour lives in src/cli.ts (built to dist/cli.js by `npm run build`).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  signals: process,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
