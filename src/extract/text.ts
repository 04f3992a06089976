/**
 * Plain-text scrapes into blocks. Scrapers separate paragraphs by one newline or by blank lines,
 * and text-mode browsers (lynx, w3m) hard-wrap paragraphs at a fixed width; each case is handled:
 * every line is a block, except that lines of a hard-wrapped paragraph are joined back together.
 */
import type { Block, BlockKind } from '../record.js';

export const TEXT_DEFAULTS = {
  /** Hard-wrapped text is wrapped at a width in this range (72–80 is usual; some tools use 60–100). */
  wrapWidthMin: 40,
  wrapWidthMax: 110,
  /** A wrapped line fills at least this share of the wrap width (the last line of a paragraph excepted). */
  wrapFill: 0.7,
} as const;

const PATTERNS = {
  newline: /\r\n?|\n|\u2028|\u2029/u,
  blankLine: /^\s*$/u,
  bullet: /^\s*(?:[-*•·▪◦‣–]|\d{1,3}[.)])\s+(?=\S)/u,
  control: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu,
} as const;

/** Splits a text scrape into blocks: paragraphs and list items. */
export function segmentText(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/u, '').replace(PATTERNS.control, '').split(PATTERNS.newline);
  const blocks: Block[] = [];
  for (const chunk of chunksOf(lines)) {
    for (const line of isHardWrapped(chunk) ? unwrap(chunk) : chunk) {
      const text = line.replace(/\s+/gu, ' ').trim();
      if (text) blocks.push(blockOf(text, blocks.length));
    }
  }
  return blocks;
}

/** A bulleted line is a list item without its bullet; a numbered one keeps its number ("3. Stir"). */
function blockOf(text: string, index: number): Block {
  const bullet = PATTERNS.bullet.exec(text);
  const kind: BlockKind = bullet ? 'list-item' : 'paragraph';
  const numbered = bullet !== null && /\d/u.test(bullet[0]);
  return { kind, text: bullet && !numbered ? text.slice(bullet[0].length) : text, index };
}

/** Runs of non-blank lines. */
function* chunksOf(lines: string[]): Generator<string[]> {
  let chunk: string[] = [];
  for (const line of lines) {
    if (PATTERNS.blankLine.test(line)) {
      if (chunk.length) yield chunk;
      chunk = [];
    } else {
      chunk.push(line.trimEnd());
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * A chunk is hard-wrapped when its lines behave like greedy wrapping at one width: every line but
 * the last fills most of the width, and the next line's first word would not have fitted on it.
 * That alone also fits a list of similar-length headlines, so the breaks must also fall inside
 * sentences: at least half of the lines must run on into a lower-case word.
 */
function isHardWrapped(chunk: string[]): boolean {
  if (chunk.length < 2) return false;
  const width = Math.max(...chunk.map((l) => l.length));
  if (width < TEXT_DEFAULTS.wrapWidthMin || width > TEXT_DEFAULTS.wrapWidthMax) return false;
  let runOn = 0;
  for (let i = 0; i + 1 < chunk.length; i++) {
    const line = chunk[i]!;
    const next = chunk[i + 1]!.trim();
    const nextWord = next.split(/\s/u, 1)[0]!.length;
    if (line.length < width * TEXT_DEFAULTS.wrapFill || line.length + 1 + nextWord <= width) return false;
    if (PATTERNS.bullet.test(next)) return false;
    if (/^\p{Ll}/u.test(next)) runOn++;
  }
  return runOn * 2 >= chunk.length - 1;
}

/** Joins the lines of a hard-wrapped paragraph (a line ending in a hyphen joins without a space). */
function unwrap(chunk: string[]): string[] {
  let text = '';
  for (const raw of chunk) {
    const line = raw.trim();
    text = !text ? line : /\p{L}-$/u.test(text) ? text + line : `${text} ${line}`;
  }
  return [text];
}
