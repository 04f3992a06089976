/**
 * The DOM Readability runs on. Two are offered:
 *
 * - `linkedom` (default): parse5, the HTML5 parser jsdom itself uses, builds the tree straight into
 *   linkedom's lightweight nodes. The tree is the one jsdom builds (malformed markup repaired the
 *   same way), so Readability sees the same page: on the 500 dev pages, blocks and metadata came out
 *   byte for byte the same as on jsdom, at about 4× the speed and with no window, no CSS engine and
 *   nothing to close.
 * - `jsdom`: the reference DOM, loaded on first use only (it costs a worker thread about 20 MB
 *   and half a second to load). Its window is built without `runScripts` (scripts never run) and
 *   without `resources` (nothing is fetched), with its console going nowhere, and closed after use.
 *
 * linkedom on its own parser (htmlparser2) was measured too: 97% of dev pages the same, because it
 * has no HTML5 tree construction (a page with text before `<html>` lost its body, nested `<a>`
 * and misnested blocks came out elsewhere).
 */
import { createRequire } from 'node:module';
import type { DefaultTreeAdapterMap, html as HTML, TreeAdapter, TreeAdapterTypeMap, Token } from 'parse5';

import { lazy } from '../lazy.js';
import type { DomName } from '../record.js';
import { checkJsdom } from '../optional.js';

/**
 * linkedom and parse5 (0.2 s to load here, with what they import), loaded when a page is first
 * parsed into a DOM: with the default extractor only pages the block model keeps nothing of are.
 */
const linkedom = lazy<typeof import('linkedom')>(import.meta.url, 'linkedom');
const parse5 = lazy<typeof import('parse5')>(import.meta.url, 'parse5');

/** A parsed page: the document Readability reads, and how to let it go. */
export interface ParsedPage {
  document: Document;
  close(): void;
}

/** Parses a page into a document on the named DOM. `url` (http(s) only) is the page's address. */
export function parsePage(html: string, url: string | undefined, dom: DomName = 'linkedom'): ParsedPage {
  return dom === 'jsdom' ? withJsdom(html, url) : withLinkedom(html);
}

// ---------------------------------------------------------------------------------------------
// linkedom, built by parse5

/** The parts of linkedom's nodes the tree builder touches. */
interface LNode {
  nodeType: number;
  data: string;
  localName: string;
  name: string;
  parentNode: LNode | null;
  firstChild: LNode | null;
  lastChild: LNode | null;
  previousSibling: LNode | null;
  childNodes: LNode[];
  attributes: ArrayLike<{ name: string; value: string }>;
  appendChild(node: LNode): void;
  insertBefore(node: LNode, ref: LNode | null): void;
  removeChild(node: LNode): void;
  remove(): void;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  getElementsByTagName(name: string): ArrayLike<LNode>;
  closest(selector: string): LNode | null;
  textContent: string;
  [NAMESPACE]?: string;
}

interface LDocument extends LNode {
  createElement(name: string): LNode;
  createElementNS(namespace: string, name: string): LNode;
  createComment(data: string): LNode;
  createTextNode(data: string): LNode;
  createDocumentFragment(): LNode;
}

type LinkedomTypes = TreeAdapterTypeMap<LNode, LNode, LNode, LDocument, LNode, LNode, LNode, LNode, LNode, LNode>;

const NAMESPACE = Symbol('namespace');
const TEXT_NODE = 3;

function withLinkedom(html: string): ParsedPage {
  const document = linkedom().parseHTML('').document as unknown as LDocument;
  for (const node of [...document.childNodes]) node.remove();
  parse5().parse(html, { scriptingEnabled: false, treeAdapter: treeBuilder(document) as unknown as TreeAdapter<DefaultTreeAdapterMap> });
  shim(document);
  return { document: document as unknown as Document, close: () => {} };
}

/** parse5's tree adapter, building into one linkedom document. */
function treeBuilder(document: LDocument): TreeAdapter<LinkedomTypes> {
  const { NS, DOCUMENT_MODE } = parse5().html;
  const templates = new WeakMap<LNode, LNode>();
  let mode: HTML.DOCUMENT_MODE = DOCUMENT_MODE.NO_QUIRKS;
  return {
    createDocument: () => document,
    createDocumentFragment: () => document.createDocumentFragment(),
    createElement(tagName: string, namespaceURI: HTML.NS, attrs: Token.Attribute[]) {
      const element = namespaceURI === NS.HTML ? document.createElement(tagName) : document.createElementNS(namespaceURI, tagName);
      element[NAMESPACE] = namespaceURI;
      for (const a of attrs) element.setAttribute(a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value);
      return element;
    },
    createCommentNode: (data: string) => document.createComment(data),
    createTextNode: (value: string) => document.createTextNode(value),
    appendChild: (parent: LNode, node: LNode) => void parent.appendChild(node),
    insertBefore: (parent: LNode, node: LNode, ref: LNode) => void parent.insertBefore(node, ref),
    setTemplateContent: (template: LNode, content: LNode) => void templates.set(template, content),
    getTemplateContent: (template: LNode) => templates.get(template)!,
    setDocumentType: () => {},
    setDocumentMode: (_document: LDocument, value: HTML.DOCUMENT_MODE) => void (mode = value),
    getDocumentMode: () => mode,
    detachNode: (node: LNode) => void node.parentNode?.removeChild(node),
    // text arrives in pieces (at every entity); one Text node per run, as the HTML5 spec builds it
    insertText(parent: LNode, text: string) {
      const last = parent.lastChild;
      if (last && last.nodeType === TEXT_NODE) last.data += text;
      else parent.appendChild(document.createTextNode(text));
    },
    insertTextBefore(parent: LNode, text: string, ref: LNode) {
      const before = ref.previousSibling;
      if (before && before.nodeType === TEXT_NODE) before.data += text;
      else parent.insertBefore(document.createTextNode(text), ref);
    },
    adoptAttributes(element: LNode, attrs: Token.Attribute[]) {
      for (const a of attrs) if (!element.hasAttribute(a.name)) element.setAttribute(a.name, a.value);
    },
    getFirstChild: (node: LNode) => node.firstChild,
    getChildNodes: (node: LNode) => node.childNodes,
    getParentNode: (node: LNode) => node.parentNode,
    getAttrList: (element: LNode) => Array.from(element.attributes, (a) => ({ name: a.name, value: a.value })),
    getTagName: (element: LNode) => element.localName,
    getNamespaceURI: (element: LNode) => (element[NAMESPACE] ?? NS.HTML) as HTML.NS,
    getTextNodeContent: (node: LNode) => node.data,
    getCommentNodeContent: (node: LNode) => node.data,
    getDocumentTypeNodeName: (node: LNode) => node.name,
    getDocumentTypeNodePublicId: () => '',
    getDocumentTypeNodeSystemId: () => '',
    isTextNode: (node: LNode): node is LNode => node.nodeType === TEXT_NODE,
    isCommentNode: (node: LNode): node is LNode => node.nodeType === 8,
    isDocumentTypeNode: (node: LNode): node is LNode => node.nodeType === 10,
    isElementNode: (node: LNode): node is LNode => node.nodeType === 1,
    setNodeSourceCodeLocation: () => {},
    getNodeSourceCodeLocation: () => undefined,
    updateNodeSourceCodeLocation: () => {},
  } as unknown as TreeAdapter<LinkedomTypes>;
}

/**
 * Where linkedom's document API differs from an HTML document's in ways Readability notices:
 * - `createElement('P')` keeps the upper-case name (Readability creates "P" and "DIV"; then
 *   getElementsByTagName('p') and our walker miss them);
 * - `document.title` is the raw text of `<title>`; the spec collapses its whitespace (Readability
 *   splits the title on separators and compares it with headings).
 */
function shim(document: LDocument): void {
  const create = document.createElement.bind(document);
  document.createElement = (name: string) => create(String(name).toLowerCase());
  Object.defineProperty(document, 'title', {
    configurable: true,
    get() {
      const title = Array.from(document.getElementsByTagName('title')).find((t) => !t.closest('svg'));
      return title ? title.textContent.replace(/[\t\n\f\r ]+/g, ' ').trim() : '';
    },
  });
}

// ---------------------------------------------------------------------------------------------
// jsdom

type Jsdom = typeof import('jsdom');
let jsdom: { module: Jsdom; quiet: InstanceType<Jsdom['VirtualConsole']> } | null = null;
const require = createRequire(import.meta.url);

function withJsdom(html: string, url: string | undefined): ParsedPage {
  if (!jsdom) {
    checkJsdom();
    const module = require('jsdom') as Jsdom;
    jsdom = { module, quiet: new module.VirtualConsole() };
  }
  const dom = new jsdom.module.JSDOM(html, { url: httpUrl(url), contentType: 'text/html', virtualConsole: jsdom.quiet });
  return { document: dom.window.document, close: () => dom.window.close() };
}

/** jsdom only gets the page's URL when it is http(s); anything else would be rejected or unsafe. */
function httpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
