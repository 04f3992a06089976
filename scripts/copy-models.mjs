// The learned models and the stories' document frequencies are data beside their code; tsc copies only code.
import { cpSync } from 'node:fs';
cpSync(new URL('../src/extract/model/', import.meta.url), new URL('../dist/extract/model/', import.meta.url), { recursive: true });
cpSync(new URL('../src/across/df.json', import.meta.url), new URL('../dist/across/df.json', import.meta.url));
