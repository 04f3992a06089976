// The learned models are data beside their code (src/extract/model/); tsc copies only code.
import { cpSync } from 'node:fs';
cpSync(new URL('../src/extract/model/', import.meta.url), new URL('../dist/extract/model/', import.meta.url), { recursive: true });
