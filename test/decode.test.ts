import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeBytes, DECODE_DEFAULTS, type DecodeHints } from '../src/io/decode.js';
import { CASES, encode, TEXTS } from './encodings.js';

/** An HTML page around `body`, with `head` (a declaration, or nothing) first in its head. */
function page(body: string, head = ''): string {
  return `<!DOCTYPE html>\n<html>\n<head>\n${head}<title>Test page</title>\n</head>\n<body>\n<p>${body}</p>\n</body>\n</html>\n`;
}
const metaCharset = (label: string) => `<meta charset="${label}">\n`;
const httpEquiv = (label: string) => `<meta http-equiv="Content-Type" content="text/html; charset=${label}">\n`;
const html = (contentType?: string): DecodeHints => (contentType === undefined ? { kind: 'html' } : { kind: 'html', contentType });

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Array<Uint8Array | readonly number[]>) => Uint8Array.from(parts.flatMap((p) => [...p]));

const decode = suite('decodeBytes');

decode('the test encoder round-trips every test text (the tests below rely on it)', () => {
  // Node's own windows-1252 decoder is wrong for 0x80-0x9F (see decode.ts), so that one by hand
  for (const c of CASES.filter((c) => c.name !== 'windows-1252')) assert.is(new TextDecoder(c.label).decode(encode(c.text, c.label)), c.text, c.name);
  assert.is(encode('é’€œ', 'windows-1252').join(), '233,146,128,156');
  // and the bytes really are not UTF-8, so no case passes by being plain UTF-8
  for (const c of CASES) assert.not.ok(isUtf8(encode(page(c.text), c.label)), c.name);
});

for (const c of CASES) {
  decode(`${c.name}: declared by <meta charset>`, () => {
    const got = decodeBytes(encode(page(c.text, metaCharset(c.label)), c.label), html());
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: c.declared, source: 'meta' });
    assert.is(got.text, page(c.text, metaCharset(c.label)));
  });
  decode(`${c.name}: declared by <meta http-equiv>`, () => {
    const got = decodeBytes(encode(page(c.text, httpEquiv(c.label)), c.label), html());
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: c.declared, source: 'meta' });
    assert.is(got.text, page(c.text, httpEquiv(c.label)));
  });
  decode(`${c.name}: declared by the HTTP Content-Type`, () => {
    const got = decodeBytes(encode(page(c.text), c.label), html(`text/html; charset=${c.label}`));
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: c.declared, source: 'http' });
    assert.is(got.text, page(c.text));
  });
  decode(`${c.name}: undeclared, detected`, () => {
    const got = decodeBytes(encode(page(c.text), c.label), html());
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: c.detected, source: 'detected' });
    assert.is(got.text, page(c.text));
  });
  decode(`${c.name}: undeclared text file, detected`, () => {
    const got = decodeBytes(encode(c.text, c.label), { kind: 'text' });
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: c.detected, source: 'detected' });
    assert.is(got.text, c.text);
  });
}

decode('windows-1252 0x80-0x9F decode as the Encoding standard says, whatever the label (Node 20.18.3+ decodes them as C1 controls)', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const expected = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
  for (const label of ['windows-1252', 'iso-8859-1', 'latin1', 'us-ascii']) {
    assert.equal(
      decodeBytes(bytes, { kind: 'text', contentType: `text/plain; charset=${label}` }),
      { text: expected, encoding: 'windows-1252', source: 'http' },
      label,
    );
  }
  // other single-byte encodings keep their own C1 range
  assert.is(decodeBytes(Uint8Array.of(0x80), { kind: 'text', contentType: 'text/plain; charset=iso-8859-2' }).text, '\u0080');
});

decode('a UTF-8 BOM decides, and is not left in the text', () => {
  const got = decodeBytes(concat([0xef, 0xbb, 0xbf], utf8(page(TEXTS.french))), html());
  assert.equal(got, { text: page(TEXTS.french), encoding: 'utf-8', source: 'bom' });
});
decode('a UTF-16LE BOM decides, and is not left in the text', () => {
  const got = decodeBytes(concat([0xff, 0xfe], Buffer.from(page(TEXTS.japanese), 'utf16le')), html());
  assert.equal(got, { text: page(TEXTS.japanese), encoding: 'utf-16le', source: 'bom' });
});
decode('a UTF-16BE BOM decides, and is not left in the text', () => {
  const bytes = Buffer.from(page(TEXTS.korean), 'utf16le').swap16();
  const got = decodeBytes(concat([0xfe, 0xff], bytes), { kind: 'text' });
  assert.equal(got, { text: page(TEXTS.korean), encoding: 'utf-16be', source: 'bom' });
});

decode('conflicting declarations: a BOM beats HTTP and <meta>', () => {
  const got = decodeBytes(concat([0xef, 0xbb, 0xbf], utf8(page(TEXTS.russian, metaCharset('koi8-r')))), html('text/html; charset=windows-1251'));
  assert.equal(got, { text: page(TEXTS.russian, metaCharset('koi8-r')), encoding: 'utf-8', source: 'bom' });
});
decode('conflicting declarations: HTTP beats <meta>', () => {
  const source = page(TEXTS.russian, metaCharset('windows-1251'));
  const got = decodeBytes(encode(source, 'koi8-r'), html('text/html; charset=koi8-r'));
  assert.equal(got, { text: source, encoding: 'koi8-r', source: 'http' });
});
decode('a declaration beats detection, even when the bytes are valid UTF-8 (as browsers do)', () => {
  const got = decodeBytes(utf8(page('Un café', metaCharset('windows-1252'))), html());
  assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'windows-1252', source: 'meta' });
  assert.match(got.text, 'Un cafÃ©');
});
decode('the HTTP charset is found however the header is written', () => {
  const bytes = encode(page(TEXTS.japanese), 'shift_jis');
  for (const contentType of ['text/html;charset="Shift_JIS"', 'text/html; Charset = sjis', 'text/html; q=1; charset=shift_jis; x=y']) {
    const got = decodeBytes(bytes, html(contentType));
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'shift_jis', source: 'http' }, contentType);
  }
});

decode('an unknown label falls through to the next step instead of throwing', () => {
  const bytes = encode(page(TEXTS.japanese, metaCharset('shift_jis')), 'shift_jis');
  assert.is(decodeBytes(bytes, html('text/html; charset=x-no-such-encoding')).source, 'meta');
  const undeclared = encode(page(TEXTS.russian, metaCharset('no-such-charset')), 'koi8-r');
  const got = decodeBytes(undeclared, html('text/html; charset=x-no-such-encoding'));
  assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'koi8-r', source: 'detected' });
  assert.is(got.text, page(TEXTS.russian, metaCharset('no-such-charset')));
});
decode('labels Node cannot decode (iso-8859-16, x-user-defined, the replacement encoding) fall through', () => {
  const bytes = encode(page(TEXTS.german), 'iso-8859-1');
  for (const label of ['iso-8859-16', 'x-user-defined', 'iso-2022-kr', 'hz-gb-2312']) {
    const got = decodeBytes(bytes, html(`text/html; charset=${label}`));
    assert.equal({ text: got.text, source: got.source }, { text: page(TEXTS.german), source: 'detected' }, label);
  }
});
decode('an empty charset in <meta http-equiv> (which throws in html-encoding-sniffer) falls through', () => {
  for (const content of ['text/html; charset=', 'text/html; charset']) {
    const source = page(TEXTS.russian, `<meta http-equiv="Content-Type" content="${content}">\n`);
    const got = decodeBytes(encode(source, 'koi8-r'), html());
    assert.equal(got, { text: source, encoding: 'koi8-r', source: 'detected' }, content);
  }
});
decode('<meta charset="utf-16"> means UTF-8 (the HTML standard: the bytes could not have been read otherwise)', () => {
  const source = page(TEXTS.chinese, metaCharset('utf-16'));
  assert.equal(decodeBytes(utf8(source), html()), { text: source, encoding: 'utf-8', source: 'meta' });
});
decode('a <meta> is looked for only in the first 1024 bytes', () => {
  const padding = (n: number) => `<!-- ${'x'.repeat(n)} -->\n`;
  const head = (n: number) => padding(n) + metaCharset('koi8-r');
  const inside = page(TEXTS.french, head(1024 - 200 - 22));
  const beyond = page(TEXTS.french, head(1024));
  assert.ok(inside.indexOf('<meta') + metaCharset('koi8-r').length < 1024);
  assert.equal(decodeBytes(encode(inside, 'windows-1252'), html()).source, 'meta');
  const got = decodeBytes(encode(beyond, 'windows-1252'), html());
  assert.equal(got, { text: beyond, encoding: 'windows-1252', source: 'detected' });
});
decode('a text file is not prescanned for <meta>, but honours a BOM and the HTTP charset', () => {
  const source = `${metaCharset('koi8-r')}${TEXTS.french}`;
  const bytes = encode(source, 'windows-1252');
  assert.equal(decodeBytes(bytes, { kind: 'text' }), { text: source, encoding: 'windows-1252', source: 'detected' });
  assert.is(decodeBytes(bytes, { kind: 'html' }).encoding, 'koi8-r');
  assert.equal(decodeBytes(encode(TEXTS.russian, 'koi8-r'), { kind: 'text', contentType: 'text/plain; charset=koi8-r' }).source, 'http');
  assert.equal(decodeBytes(concat([0xef, 0xbb, 0xbf], utf8(source)), { kind: 'text' }).source, 'bom');
});

decode('undeclared valid UTF-8 is UTF-8, however short', () => {
  for (const text of ['Plain ASCII.', 'é', 'Привет', '日本', page(TEXTS.german)]) {
    assert.equal(decodeBytes(utf8(text), html()), { text, encoding: 'utf-8', source: 'detected' }, text);
  }
});
decode('undeclared UTF-8 with a stray byte stays UTF-8: one U+FFFD, not a page of mojibake', () => {
  const bytes = utf8(page(TEXTS.french));
  const damaged = concat(bytes.subarray(0, 200), [0xe9], bytes.subarray(200));
  const got = decodeBytes(damaged, html());
  assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'utf-8', source: 'detected' });
  assert.is(got.text, new TextDecoder().decode(damaged));
  assert.is(got.text.split('\uFFFD').length, 2);
});
decode("undeclared UTF-8 cut inside its last character stays UTF-8 (a crawler's byte limit)", () => {
  // the first has so few multibyte characters that the cut one alone is a third of them
  for (const text of ['It’s the “last” one — or is it?', TEXTS.japanese]) {
    const bytes = utf8(page(text));
    const cut = bytes.subarray(0, bytes.findLastIndex((b) => b >= 0xe0) + 2); // two bytes of the last 3-byte character
    const got = decodeBytes(cut, html());
    assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'utf-8', source: 'detected' }, text);
    assert.ok(got.text.endsWith('\uFFFD'));
    assert.is(got.text.slice(0, -1), new TextDecoder().decode(cut).slice(0, -1));
  }
});
decode('undeclared bytes that are not UTF-8 are not decoded as UTF-8', () => {
  assert.equal(decodeBytes(encode('Un café crème.', 'windows-1252'), { kind: 'text' }), {
    text: 'Un café crème.',
    encoding: 'windows-1252',
    source: 'detected',
  });
  assert.equal(decodeBytes(encode('Café', 'windows-1252'), { kind: 'text' }).text, 'Café');
});
decode('the UTF-8 check covers the whole input, not just the detection sample', () => {
  const ascii = 'All plain ASCII here. '.repeat(Math.ceil((DECODE_DEFAULTS.detectSampleBytes * 2) / 22));
  const latin = encode(`${ascii}${TEXTS.german}`, 'windows-1252');
  assert.ok(decodeBytes(latin, { kind: 'text' }).text === `${ascii}${TEXTS.german}`, 'the German past the sample decodes');
  const late = `${ascii}${TEXTS.russian}`;
  const got = decodeBytes(encode(late, 'koi8-r'), { kind: 'text' });
  assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'koi8-r', source: 'detected' });
  assert.ok(got.text === late, 'the Russian past the sample decodes');
});
decode('undeclared bytes no detector answer can decode fall to the default, windows-1252', () => {
  // UTF-32LE without a BOM: chardet recognises it, TextDecoder cannot decode it
  const utf32 = concat(
    ...[...'Größe: 12 Äpfel. '.repeat(20)].map((c) => {
      const n = c.codePointAt(0)!;
      return [n & 0xff, n >> 8, 0, 0];
    }),
  );
  const got = decodeBytes(utf32, { kind: 'text' });
  assert.equal({ encoding: got.encoding, source: got.source }, { encoding: 'windows-1252', source: 'default' });
});
decode('empty input', () => {
  for (const hints of [html(), { kind: 'text' } as const, html('text/html; charset=shift_jis')]) {
    const got = decodeBytes(new Uint8Array(0), hints);
    assert.is(got.text, '');
  }
  assert.equal(decodeBytes(new Uint8Array(0), html('text/html; charset=shift_jis')), { text: '', encoding: 'shift_jis', source: 'http' });
});
decode('never throws, never leaves a BOM, whatever the bytes and header (property)', () => {
  const label = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('utf-8', 'utf-16', 'x-user-defined', 'iso-2022-kr', 'iso-8859-16', 'shift_jis', ''));
  const content = fc.oneof(
    fc.string({ maxLength: 60 }),
    label.map((l) => `text/html; charset=${l}`),
    fc.constantFrom('charset', 'charset=', 'text/html; charset = ', 'charset="x'),
  );
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], []), fc.uint8Array({ maxLength: 200 })).map(([a, b]) => concat(a, b)),
    fc
      .tuple(content, label, fc.uint8Array({ maxLength: 200 }))
      .map(([c, l, tail]) => concat(utf8(`<meta http-equiv="content-type" content="${c}"><meta charset=${l}>`), tail)),
  );
  const hints = fc.record({ kind: fc.constantFrom('html' as const, 'text' as const), contentType: fc.option(content, { nil: undefined }) });
  fc.assert(
    fc.property(bytes, hints, (b, h) => {
      const got = decodeBytes(b, h);
      return typeof got.text === 'string' && !got.text.startsWith('\uFEFF') && typeof got.encoding === 'string';
    }),
    { numRuns: 1000 },
  );
});

decode.run();
