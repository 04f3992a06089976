/**
 * Walks an HTML tree into blocks: paragraphs, headings, list items, quotes, captions, code, tables.
 *
 * One walker serves every tree decruft reads (jsdom's DOM under Readability, htmlparser2's DOM for
 * the whole-page fallback) through a small adapter. The walk is iterative, so a page nested
 * 10,000 elements deep cannot overflow the stack.
 */
import type { Block, BlockKind } from '../record.js';

/** How the walker reads a tree. */
export interface TreeAdapter<N> {
  /** Lower-case tag name of an element; null for any other node. */
  tag(node: N): string | null;
  /** Text of a text node; null for any other node. */
  text(node: N): string | null;
  attr(node: N, name: string): string | null;
  children(node: N): ArrayLike<N>;
}

export interface WalkOptions<N = unknown> {
  /**
   * Skip page chrome (header, footer, aside and their ARIA roles) outside any `article` or `main`:
   * for walking a whole page rather than an article Readability already isolated. Navigation
   * (`nav`, role=navigation) is skipped always.
   */
  skipChrome?: boolean;
  /**
   * Filled with each block's owner, in step with the blocks: the innermost element open when its
   * text ended (for a data table, the table). The block extractor reads the page's structure from it.
   */
  owners?: N[];
  /**
   * Read `<noscript>` as markup, as a browser without scripts shows it. Some sites serve their
   * whole content there, for crawlers, under an empty shell that scripts fill.
   */
  readNoscript?: boolean;
  /** Read elements the page hides (tab panels, accordions, collapsed specs) as well. */
  readHidden?: boolean;
}

/** Elements whose content is never article text. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'video',
  'audio',
  'object',
  'embed',
  'iframe',
  'frame',
  'frameset',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'img',
  'picture',
  'source',
  'track',
  'map',
  'area',
  'dialog',
]);

/** Elements that start and end a block. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements that give the blocks inside them their kind; everything else is a paragraph. */
const KIND: Readonly<Record<string, BlockKind>> = {
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  h4: 'heading',
  h5: 'heading',
  h6: 'heading',
  li: 'list-item',
  dt: 'list-item',
  dd: 'list-item',
  blockquote: 'quote',
  figcaption: 'caption',
  caption: 'caption',
  pre: 'code',
};

const CHROME = new Set(['header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['banner', 'contentinfo', 'complementary', 'search']);
const CONTENT = new Set(['article', 'main']);
/** Inside a data table, these mean the table is a layout grid holding paragraphs. */
const LAYOUT_INSIDE_TABLE = new Set(['table', 'p', 'div', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article']);
const LINE_BREAK = '\n';

/** Walks the tree under `root` into blocks, numbering them from `firstIndex`. */
export function walkBlocks<N>(adapter: TreeAdapter<N>, root: N, options: WalkOptions<N> = {}, firstIndex = 0): Block[] {
  const owners = options.owners;
  const open: N[] = [root];
  const builder = new BlockBuilder(firstIndex, owners ? () => owners.push(open[open.length - 1]!) : undefined);
  const stack: Array<{ node: N; exit: boolean }> = [{ node: root, exit: false }];
  let contentDepth = 0;
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    const tag = adapter.tag(node);
    if (exit) {
      if (tag && CONTENT.has(tag)) contentDepth--;
      builder.leave(tag!);
      open.pop();
      continue;
    }
    if (tag === null) {
      const text = adapter.text(node);
      if (text) builder.text(text);
      continue;
    }
    if (isSkipped(tag, options) || (!options.readHidden && isHidden(adapter, node)) || isNavigation(adapter, node, tag)) continue;
    if (options.skipChrome && contentDepth === 0 && isChrome(adapter, node, tag)) continue;
    if (tag === 'br') {
      builder.lineBreak();
      continue;
    }
    if (tag === 'table' && isDataTable(adapter, node)) {
      builder.flush();
      open.push(node);
      builder.table(tableText(adapter, node));
      open.pop();
      continue;
    }
    if (CONTENT.has(tag)) contentDepth++;
    builder.enter(tag);
    open.push(node);
    stack.push({ node, exit: true });
    const children = adapter.children(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, exit: false });
  }
  builder.flush();
  return builder.blocks;
}

function isSkipped(tag: string, options: WalkOptions<unknown>): boolean {
  return SKIP.has(tag) && !(tag === 'noscript' && options.readNoscript);
}

/** Hidden by attribute. Trees are built from precleaned HTML, where a hiding inline style became `hidden`. */
function isHidden<N>(adapter: TreeAdapter<N>, node: N): boolean {
  return adapter.attr(node, 'hidden') !== null || adapter.attr(node, 'aria-hidden') === 'true';
}

/** Navigation is never article text, wherever it sits. */
function isNavigation<N>(adapter: TreeAdapter<N>, node: N, tag: string): boolean {
  return tag === 'nav' || adapter.attr(node, 'role')?.trim().toLowerCase() === 'navigation';
}

function isChrome<N>(adapter: TreeAdapter<N>, node: N, tag: string): boolean {
  if (CHROME.has(tag)) return true;
  const role = adapter.attr(node, 'role');
  return role !== null && CHROME_ROLES.has(role.trim().toLowerCase());
}

/** Marks a <br> among the text parts of a block (a character could collide with page text). */
const BREAK = Symbol('br');

/** Collects the inline text of blocks and cuts it into Block objects. */
class BlockBuilder {
  readonly blocks: Block[] = [];
  private parts: Array<string | typeof BREAK> = [];
  private linkChars = 0;
  private linkDepth = 0;
  private preDepth = 0;
  private readonly kinds: BlockKind[] = [];

  /** `pushed`: called after each block is cut, to note its owner. */
  constructor(
    private nextIndex: number,
    private readonly pushed?: () => void,
  ) {}

  enter(tag: string): void {
    if (tag === 'a') this.linkDepth++;
    if (!BLOCK.has(tag)) return;
    this.flush();
    const kind = KIND[tag];
    if (kind) this.kinds.push(kind);
    if (tag === 'pre') this.preDepth++;
  }

  leave(tag: string): void {
    if (tag === 'a') this.linkDepth--;
    if (!BLOCK.has(tag)) return;
    this.flush();
    if (KIND[tag]) this.kinds.pop();
    if (tag === 'pre') this.preDepth--;
  }

  text(text: string): void {
    this.parts.push(text);
    if (this.linkDepth > 0) this.linkChars += text.trim().length;
  }

  lineBreak(): void {
    this.parts.push(this.preDepth > 0 ? LINE_BREAK : BREAK);
  }

  table(text: string): void {
    this.flush();
    this.push('table', text);
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    const text = this.preDepth > 0 ? (parts as string[]).join('').replace(/^\s*\n|\s+$/gu, '') : joinLines(parts);
    this.push(this.kinds[this.kinds.length - 1] ?? 'paragraph', text);
  }

  private push(kind: BlockKind, text: string): void {
    const linkChars = Math.min(this.linkChars, text.length);
    this.linkChars = 0;
    if (!text) return;
    const block: Block = { kind, text, index: this.nextIndex++ };
    if (linkChars > 0) block.linkChars = linkChars;
    this.blocks.push(block);
    this.pushed?.();
  }
}

/** Text parts into lines at each <br>, whitespace collapsed inside each line, empty lines dropped. */
function joinLines(parts: Array<string | typeof BREAK>): string {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (part === BREAK) {
      lines.push(line);
      line = '';
    } else {
      line += part;
    }
  }
  lines.push(line);
  return lines
    .map((l) => l.replace(/\s+/gu, ' ').trim())
    .filter(Boolean)
    .join(LINE_BREAK);
}

/** A table of data (rows of cells holding text), not a layout grid holding paragraphs. */
function isDataTable<N>(adapter: TreeAdapter<N>, table: N): boolean {
  for (const _ of descendants(adapter, table, (tag) => LAYOUT_INSIDE_TABLE.has(tag))) return false;
  let widest = 0;
  for (const row of descendants(adapter, table, (tag) => tag === 'tr')) {
    widest = Math.max(widest, cellsOf(adapter, row).length);
  }
  return widest >= 2;
}

/** Rows as lines, non-empty cells separated by ` | `. */
function tableText<N>(adapter: TreeAdapter<N>, table: N): string {
  const lines: string[] = [];
  for (const row of descendants(adapter, table, (tag) => tag === 'tr')) {
    const cells = cellsOf(adapter, row)
      .map((cell) => inlineText(adapter, cell))
      .filter(Boolean);
    if (cells.length) lines.push(cells.join(' | '));
  }
  return lines.join(LINE_BREAK);
}

function cellsOf<N>(adapter: TreeAdapter<N>, row: N): N[] {
  const cells: N[] = [];
  const children = adapter.children(row);
  for (let i = 0; i < children.length; i++) {
    const tag = adapter.tag(children[i]!);
    if (tag === 'td' || tag === 'th') cells.push(children[i]!);
  }
  return cells;
}

/** Visible text under a node, whitespace collapsed. */
function inlineText<N>(adapter: TreeAdapter<N>, node: N): string {
  const parts: string[] = [];
  const stack: N[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    const tag = adapter.tag(current);
    if (tag === null) {
      parts.push(adapter.text(current) ?? '');
      continue;
    }
    if (SKIP.has(tag) || isHidden(adapter, current)) continue;
    if (tag === 'br') parts.push(' ');
    const children = adapter.children(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return parts.join('').replace(/\s+/gu, ' ').trim();
}

/** Elements under `root` whose tag passes `match`, in document order, not descending into matches. */
function* descendants<N>(adapter: TreeAdapter<N>, root: N, match: (tag: string) => boolean): Generator<N> {
  const stack: N[] = [];
  const push = (node: N) => {
    const children = adapter.children(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  push(root);
  while (stack.length) {
    const node = stack.pop()!;
    const tag = adapter.tag(node);
    if (tag === null) continue;
    if (match(tag)) yield node;
    else push(node);
  }
}
