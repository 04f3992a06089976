/**
 * Plain-text scrapes into blocks. Scrapers separate paragraphs by one newline or by blank lines,
 * and text-mode browsers (lynx, w3m) hard-wrap paragraphs at a fixed width; each case is handled:
 * every line is a block, except that lines of a hard-wrapped paragraph are joined back together.
 */
import type { Block, BlockKind } from '../record.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `text` in the registry (../settings.ts), where each says why. */
export const TEXT_DEFAULTS = DEFAULTS.text;

/**
 * C0 control characters except tab, line feed and carriage return, and DEL: NUL bytes, binary
 * garbage and terminal escapes in scrapes, `&#1;` in pages. JSON can carry them, but they are not
 * article text; extract drops them from all it outputs (./index.ts), text segmentation before it
 * looks for blank lines.
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu;

const PATTERNS = {
  newline: /\r\n?|\n|\u2028|\u2029/u,
  blankLine: /^\s*$/u,
  bullet: /^\s*(?:[-*•·▪◦‣–]|\d{1,3}[.)])\s+(?=\S)/u,
  /** A line that runs on from the one before: it starts (after an opening quote or bracket) in lower case. */
  runOn: /^["'„“‘«»([]?\p{Ll}/u,
} as const;

/** Splits a text scrape into blocks: paragraphs and list items. */
export function segmentText(text: string): Block[] {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .replace(CONTROL_CHARS, '')
    .split(PATTERNS.newline);
  const blocks: Block[] = [];
  for (const chunk of chunksOf(lines)) {
    for (const line of unwrapChunk(chunk)) {
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
 * Lines of a chunk, with the runs that are one hard-wrapped paragraph joined back together.
 *
 * Wrapping shows in two ways. A wrapping tool breaks a line where the next word would not have fitted
 * the width; a page whose HTML source was wrapped by its author breaks lines wherever the source did,
 * so the width of the visible text varies, but the break still falls inside a sentence, before a
 * lower-case word. A break joins when the line before it fills most of the chunk's width and either
 * sign is there; a run of such breaks is a paragraph when at least half of them run on into a
 * lower-case word, which a list of similar-length headlines does not do. Runs are found inside a
 * chunk, so a heading or a short line above a wrapped paragraph does not keep it apart.
 */
function unwrapChunk(chunk: string[]): string[] {
  if (chunk.length < 2) return chunk;
  let width = 0; // the longest line that could be wrapped (a loop: a spread of a chunk's lines overflows the stack)
  for (const l of chunk) if (l.length <= settings().text.wrapWidthMax && l.length > width) width = l.length;
  if (width < settings().text.wrapWidthMin) return chunk;
  const out: string[] = [];
  let run = [chunk[0]!];
  let runOn = 0;
  const flush = () => {
    if (run.length > 1 && runOn * 2 >= run.length - 1) out.push(joinLines(run));
    else for (const line of run) out.push(line);
    run = [];
    runOn = 0;
  };
  for (let i = 0; i + 1 < chunk.length; i++) {
    const line = chunk[i]!;
    const next = chunk[i + 1]!.trim();
    const lower = PATTERNS.runOn.test(next);
    const fits = line.length + 1 + next.split(/\s/u, 1)[0]!.length <= width;
    const joins = line.length >= width * settings().text.wrapFill && line.length <= width && !PATTERNS.bullet.test(next) && (lower || !fits);
    if (joins) {
      if (lower) runOn++;
    } else {
      flush();
    }
    run.push(chunk[i + 1]!);
  }
  flush();
  return out;
}

/** Joins the lines of a hard-wrapped paragraph (a line ending in a hyphen joins without a space). */
function joinLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    text = !text ? line : /\p{L}-$/u.test(text) ? text + line : `${text} ${line}`;
  }
  return text;
}
