/**
 * The byline a page marks up: the element that says it holds the author, found without building a
 * DOM or running Readability. The marks are the ones Readability trusts (and most templates use):
 * `rel="author"`, an `itemprop` naming the author, or a class or id naming a byline. Elements in
 * the page's comments, sidebars and footers are not looked into, since their authors are not the
 * page's; nor are elements the page hides.
 */
import { hasChildren, isTag, type AnyNode, type Element } from 'domhandler';
import { squeeze } from '../clean/features.js';
import { parseByline } from '../clean/metadata.js';
import { deepText, findFirst } from './structured.js';
import { DEFAULTS, settings } from '../settings.js';

/** The default settings of this module: `byline` in the registry (../settings.ts), where each says why. */
export const BYLINE_DEFAULTS = DEFAULTS.byline;

const MARKS = {
  /** Class or id tokens of a byline's element ("byline", "post-author", "p-author" of microformats). */
  name: /byline|author|dateline|writtenby|p-author/iu,
  /** Regions whose authors are someone else's: readers' comments, other stories, site chrome. */
  elsewhere: /comment|disqus|repl(?:y|ies)|community|footer|sidebar|related|recommend|widget|popular|newsletter|promo/iu,
  /** Class or id tokens that mark the page's main text, which a region mark beside them does not undo. */
  main: /article|content|main|body|entry|post-?body/iu,
} as const;

/** ARIA roles of regions that are not the page's content. */
const ELSEWHERE_ROLES = new Set(['complementary', 'contentinfo', 'navigation', 'menu', 'menubar', 'dialog', 'alertdialog']);
/** Elements never read for a byline. */
const SKIPPED_TAGS = new Set(['head', 'script', 'style', 'template', 'noscript', 'aside', 'footer', 'form', 'nav', 'select', 'button']);

/**
 * The first marked byline in document order under `root`, its text squeezed (when it holds an
 * `itemprop="name"`, that name's text), without a label such as "By" when it has one; null when
 * the page marks none.
 */
export function markedByline(root: AnyNode): string | null {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node)) {
      if (hasChildren(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      continue;
    }
    if (SKIPPED_TAGS.has(node.name) || isElsewhere(node)) continue;
    if (isMarked(node)) {
      const text = squeeze(deepText(findFirst(node, (e) => e.attribs['itemprop']?.toLowerCase() === 'name') ?? node));
      if (text && text.length < settings().byline.maxChars) return parseByline(text)?.name ?? text;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}

function isMarked(element: Element): boolean {
  const { attribs } = element;
  if (attribs['rel']?.toLowerCase() === 'author') return true;
  if (attribs['itemprop']?.toLowerCase().includes('author')) return true;
  return MARKS.name.test(`${attribs['class'] ?? ''} ${attribs['id'] ?? ''}`);
}

function isElsewhere(element: Element): boolean {
  const { attribs } = element;
  if (attribs['hidden'] !== undefined || attribs['aria-hidden'] === 'true') return true;
  if (ELSEWHERE_ROLES.has(attribs['role']?.toLowerCase() ?? '')) return true;
  const names = `${attribs['class'] ?? ''} ${attribs['id'] ?? ''}`;
  return MARKS.elsewhere.test(names) && !MARKS.main.test(names);
}
