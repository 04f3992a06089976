/**
 * Raw page bytes (a saved HTML or text file, a WARC payload) into a string, choosing the encoding
 * the way the HTML standard's encoding sniffing algorithm, and so browsers, do: a byte order mark
 * first, then the charset of the HTTP Content-Type, then (HTML only) a `<meta>` declaration within
 * the first 1024 bytes, then detection from the bytes, then a default. A declared label that cannot
 * be decoded here falls through to the next step; decoding never throws (bad bytes become U+FFFD).
 */
import { isUtf8 } from 'node:buffer';
import { lazy } from '../lazy.js';

/** Which step decided the encoding. */
export type EncodingSource = 'bom' | 'http' | 'meta' | 'detected' | 'default';

/** A page's text, and which encoding was used and why. */
export interface Decoded {
  /** Without a byte order mark; bytes invalid in the encoding are U+FFFD. */
  text: string;
  /** The WHATWG name of the encoding used, as TextDecoder reports it: `windows-1252`, `shift_jis`, `utf-8`. */
  encoding: string;
  source: EncodingSource;
}

/** What is known about the bytes besides themselves. */
export interface DecodeHints {
  /** Only HTML has its bytes prescanned for a `<meta>` charset declaration. */
  kind: 'html' | 'text';
  /** An HTTP Content-Type header value (as from a WARC response record), e.g. `text/html; charset=EUC-KR`. */
  contentType?: string;
}

/** The numbers detection works with (not options: each is a measured choice, documented here). */
export const DECODE_DEFAULTS = {
  /**
   * The encoding used when nothing is declared and detection has no answer that can be decoded:
   * windows-1252, the HTML standard's suggested default for most locales (including `en`). It maps
   * every byte to a character, so nothing is lost that another guess would have kept.
   */
  encoding: 'windows-1252',
  /**
   * Most bytes the detector looks at: 16 KiB, thousands of characters, far more than chardet needs
   * to settle. chardet costs about 0.5 ms a KiB (27 recognisers over every byte): 64 KiB took 20 to
   * 35 ms, a whole 1 MB page 350 to 580 ms. The UTF-8 check still reads everything (0.1 ms a MB).
   */
  detectSampleBytes: 16 * 1024,
  /**
   * ASCII kept in front of the first non-ASCII byte, where the sample starts: 64 bytes, the words
   * around it for chardet's letter statistics. More dilutes them: the tens of kilobytes of script
   * and markup that open many pages tell nothing, and 1 KiB of English in front of a KOI8-R
   * paragraph made chardet answer ISO-8859-1 (62 to KOI8-R's 27; with 64 bytes, KOI8-R 39 to 11).
   */
  detectContextBytes: 64,
  /**
   * Non-ASCII characters that must decode as UTF-8 for each one that does not, for bytes that are
   * not valid UTF-8 to be taken as UTF-8 with damage (a stray byte from a Latin-1 template, a cut
   * character): 10. In legacy encodings most non-ASCII bytes are invalid UTF-8 (every lone accented
   * letter of windows-1252; most EUC-KR, GBK and Shift_JIS pairs), so their ratio is far below 10;
   * chardet, asked instead, called a French UTF-8 page with one stray byte windows-1252 (72 to 25).
   */
  mostlyUtf8Ratio: 10,
} as const;

/** Leading bytes that name an encoding, and the encoding they name; checked in this order. */
const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

const REGEXPS = {
  /** The charset parameter of a MIME type: `; charset=x` or `; charset="x"`. */
  charsetParam: /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/iu,
  /** C1 control characters, which a broken windows-1252 decoder leaves in place of 0x80-0x9F. */
  c1: /[\u0080-\u009f]/gu,
} as const;

/**
 * html-encoding-sniffer (jsdom's) for the `<meta>` prescan: the HTML standard's algorithm, with its
 * rules that a `utf-16` declaration means UTF-8 and `x-user-defined` means windows-1252. It ships
 * no types and is CommonJS, hence the require. Given no BOM and no transport label it can only
 * answer from a `<meta>`, or with the default we pass, which is how "nothing found" is told apart.
 */
type Sniffer = (bytes: Uint8Array, options: { defaultEncoding: string }) => string;
/** Loaded by the first page that needs decoding, as is chardet: NDJSON input is JSON, UTF-8 by definition. */
const sniffHtmlEncoding = lazy<Sniffer>(import.meta.url, 'html-encoding-sniffer');
const chardet = lazy<typeof import('chardet')>(import.meta.url, 'chardet');
const NOT_FOUND = '\0none';

/**
 * windows-1252's characters for bytes 0x80-0x9F (the Encoding standard's index; 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D stay C1 controls). Node 20.18.3+ and 22.13.0+ decode windows-1252, and so every
 * latin1 / iso-8859-1 / ascii label, as ISO-8859-1, turning € ’ “ ” – — … œ into invisible C1
 * controls (nodejs/node#56542, #60888); a page's curly quotes and dashes are exactly those bytes.
 * Where the runtime is wrong, its output is mapped through this table: only these bytes can give
 * U+0080-U+009F in windows-1252, so the mapping is exact.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const windows1252Broken = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== WINDOWS_1252_C1[0];

/** For counting how much of a sample is valid UTF-8 (bad bytes become U+FFFD). */
const utf8Lenient = new TextDecoder('utf-8');

/** Decodes page bytes to a string; see the module comment for how the encoding is chosen. Never throws. */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints): Decoded {
  const bom = bomOf(bytes);
  if (bom) return decodeWith(decoderFor(bom.encoding)!, bytes.subarray(bom.length), 'bom');
  const http = decoderFor(charsetOf(hints.contentType));
  if (http) return decodeWith(http, bytes, 'http');
  const meta = hints.kind === 'html' ? decoderFor(metaCharsetOf(bytes)) : null;
  if (meta) return decodeWith(meta, bytes, 'meta');
  const detected = detect(bytes);
  if (detected) return decodeWith(detected, bytes, 'detected');
  return decodeWith(decoderFor(DECODE_DEFAULTS.encoding)!, bytes, 'default');
}

function decodeWith(decoder: TextDecoder, bytes: Uint8Array, source: EncodingSource): Decoded {
  let text = decoder.decode(bytes);
  if (decoder.encoding === 'windows-1252' && windows1252Broken) text = text.replace(REGEXPS.c1, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
  return { text, encoding: decoder.encoding, source };
}

function bomOf(bytes: Uint8Array): { encoding: string; length: number } | null {
  for (const { bytes: mark, encoding } of BOMS) {
    if (mark.every((b, i) => bytes[i] === b)) return { encoding, length: mark.length };
  }
  return null;
}

/**
 * Decoders by label, built once: decoding without `stream` keeps no state between calls. Only
 * labels TextDecoder knows are kept (a finite set), so pages declaring made-up ones cannot grow it.
 */
const decoders = new Map<string, TextDecoder>();

/**
 * A decoder for an encoding label, or null for a label TextDecoder does not know: a misspelling,
 * or an encoding Node's ICU lacks (iso-8859-16, x-user-defined) or that the Encoding standard
 * decodes to a single U+FFFD (`replacement`: iso-2022-kr, hz-gb-2312), which would lose the page.
 */
function decoderFor(label: string | null | undefined): TextDecoder | null {
  if (!label) return null;
  const key = label.trim().toLowerCase();
  let decoder = decoders.get(key);
  if (!decoder) {
    try {
      decoder = new TextDecoder(key);
    } catch {
      return null; // a label TextDecoder does not know: the next step decides
    }
    decoders.set(key, decoder);
  }
  return decoder;
}

function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const match = REGEXPS.charsetParam.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** The encoding a `<meta>` in the first 1024 bytes declares, or null. */
function metaCharsetOf(bytes: Uint8Array): string | null {
  try {
    const found = sniffHtmlEncoding()(bytes, { defaultEncoding: NOT_FOUND });
    return found === NOT_FOUND ? null : found;
  } catch {
    // html-encoding-sniffer 6.0.0 throws on a content attribute ending at `charset` or `charset=`
    // (`content="text/html; charset="`, an empty template variable): treat it as undeclared
    return null;
  }
}

/**
 * Bytes that are valid UTF-8 are UTF-8: by far the most common encoding, and valid UTF-8 is
 * vanishingly unlikely by accident in any other encoding with bytes over 0x7F, while detectors
 * often misname short UTF-8. So is a sample that is nearly all valid UTF-8 (see mostlyUtf8Ratio).
 * Otherwise chardet's best guess, if TextDecoder can decode it (its names are Encoding-standard
 * labels; UTF-32 and ISO-2022-KR/CN are not decodable here, and fall to the default), and if it
 * has one: for a few stray bytes it may have none.
 */
function detect(bytes: Uint8Array): TextDecoder | null {
  if (isUtf8(bytes)) return utf8Lenient;
  const sample = detectionSample(bytes);
  if (isMostlyUtf8(sample)) return utf8Lenient;
  try {
    // whether it is UTF-8 was settled above, better than chardet does (it counts a cut character
    // as fine, and calls four bytes "Caf\xE9" UTF-8); it only chooses among the other encodings
    const best = chardet()
      .analyse(sample)
      .find((m) => m.name !== 'UTF-8' && m.confidence > 0);
    return decoderFor(best?.name);
  } catch {
    return null;
  }
}

/** Up to detectSampleBytes, from shortly before the first non-ASCII byte. */
function detectionSample(bytes: Uint8Array): Uint8Array {
  let first = 0;
  while (first < bytes.length && bytes[first]! < 0x80) first++;
  const start = Math.max(0, first - DECODE_DEFAULTS.detectContextBytes);
  return bytes.subarray(start, start + DECODE_DEFAULTS.detectSampleBytes);
}

/** At least mostlyUtf8Ratio non-ASCII characters decode as UTF-8 for each that does not. */
function isMostlyUtf8(sample: Uint8Array): boolean {
  const text = utf8Lenient.decode(withoutCutCharacter(sample));
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if (c >= 0x80) valid++;
  }
  return valid > 0 && valid >= invalid * DECODE_DEFAULTS.mostlyUtf8Ratio;
}

/**
 * The bytes without a UTF-8 sequence cut short at the end: the sample's end, or a crawler's byte
 * limit, can fall inside a character, which is no evidence against UTF-8.
 */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
