import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanRecord, parseNdjson, serialize, toOutput } from '../src/index.js';

const PROSE = 'The ferry service resumed on Friday after engineers finished repairing the storm-damaged pier.';
const MORE = 'Islanders had relied on a small emergency boat for three weeks while the repairs went on.';

const out = suite('serialize');
out('passthrough fields first, then metadata, text and blocks', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ id: 'a', url: 'https://x.example/a', batch: 3, text: `Advertisement\n${PROSE}\n${MORE}` })));
  const json = JSON.parse(serialize(record));
  assert.equal(Object.keys(json), ['id', 'url', 'batch', 'title', 'byline', 'published', 'site', 'lang', 'excerpt', 'text', 'blocks']);
  assert.is(json.text, `${PROSE}\n\n${MORE}`);
  assert.equal(json.blocks[0], { kind: 'paragraph', text: PROSE });
  assert.is(json.site, 'x.example');
});
out('explain adds every removed block, in page order, with its reason, and the extractor', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ text: `Skip to content\n${PROSE}\n${PROSE}\nShare` })));
  const json = toOutput(record, { explain: true }) as { removed: Array<{ reason: string; index: number; step: string }>; extractedBy: string };
  assert.equal(json.removed.map((r) => [r.index, r.reason, r.step]), [[0, 'nav.skip-link', 'strip'], [2, 'duplicate', 'dedupe'], [3, 'social.share', 'strip']]);
  assert.is(json.extractedBy, 'text');
});
out('a failed record is its fields and the error', () => {
  const json = JSON.parse(serialize(parseNdjson('{"id":"x","html":5}', 4)));
  assert.equal(json, { id: 'x', error: { code: 'wrong-type', message: '"html" must be a string, got a number', line: 4 } });
});
out('never throws, even for fields a library caller made unencodable', () => {
  const record = parseNdjson('{"text":"a"}', 9);
  record.fields['big'] = 10n;
  const json = JSON.parse(serialize(record));
  assert.is(json.error.code, 'internal');
  assert.is(json.error.line, 9);
});
out('lone surrogates and control characters come out as valid JSON', () => {
  const record = cleanRecord(parseNdjson(JSON.stringify({ text: `${PROSE} \ud800 \u0007` })));
  assert.ok(JSON.parse(serialize(record)).text.startsWith('The ferry'));
});
out.run();
