/**
 * Cuts what can never be article text out of raw HTML before any DOM is built: scripts (except
 * JSON-LD, which carries the article's metadata), styles, iframes and frames, and comments; and
 * replaces inline `style` attributes by a `hidden` attribute where they hide the element.
 *
 * Why before the DOM: jsdom builds a whole window for every iframe (27 ms each; one page with 393
 * iframes took 7–12 s), and jsdom 27.4–29.1.1 throws from its constructor on malformed CSS, in a
 * <style> block or in a style attribute (SCSS left in `calc()`). Scripts are never run either way;
 * cutting them saves parse time. Visibility is all Readability and the walker want from inline
 * styles, and `hidden` says it without any CSS to parse.
 *
 * htmlparser2's tokenizer finds the elements, so a `<script>` inside a comment or an attribute is
 * not mistaken for one. Only raw-text elements and void elements are cut: their extent is exact,
 * unlike elements whose end the HTML tree builder may place elsewhere. Where htmlparser2's tokenizer
 * and HTML5's differ, HTML5's is followed, since it builds the DOM: a script ends where HTML5 ends it
 * (see `scriptEnd`), and `<xmp>` and `<plaintext>`, whose content HTML5 reads as text, become `<pre>`
 * with that text escaped (linkedom serializes their text escaped and reads it back raw, so
 * Readability's retries on linkedom turned "<b>" into "&lt;b&gt;").
 */
import { Parser } from 'htmlparser2';
import { NestingGauge } from './nesting.js';

const CUT = new Set(['script', 'style', 'iframe', 'frame', 'noembed', 'noframes', 'textarea']);
/** Elements whose content HTML5 reads as plain text; rewritten as `<pre>` holding that text. */
const AS_TEXT = new Set(['xmp', 'plaintext']);
const JSON_LD = /ld\+json/iu;
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/iu;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/iu;

/**
 * Elements cut whole, when the page closes them itself: SVG and MathML (icons, charts: never article
 * text, and about a tenth of what is left of a typical page), `<nav>` (menus: another tenth; the
 * walker never reads them either), and elements the page hides (the `hidden` attribute,
 * `aria-hidden="true"`, an inline style that hides), which Readability would drop anyway, after
 * building them. On the dev pages this changed the output of 11 pages in 500 (hidden "about the
 * author" boxes no longer glued into bylines, menus no longer in whole-page fallbacks), F1 the same.
 *
 * Their extent is what htmlparser2 says it is, which is what the HTML5 tree builder says too when
 * the close tag is there and nothing inside breaks out (an HTML element such as <p> or <div> inside
 * <svg> ends the SVG in HTML5): elements without their close tag, or broken out of, are left in.
 */
const FOREIGN = new Set(['svg', 'math']);
/** Elements that end foreign content (SVG, MathML) in HTML5 parsing, when they appear inside it. */
const BREAKOUT = new Set([
  'b',
  'big',
  'blockquote',
  'body',
  'br',
  'center',
  'code',
  'dd',
  'div',
  'dl',
  'dt',
  'em',
  'embed',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'hr',
  'i',
  'img',
  'li',
  'listing',
  'menu',
  'meta',
  'nobr',
  'ol',
  'p',
  'pre',
  'ruby',
  's',
  'small',
  'span',
  'strong',
  'strike',
  'sub',
  'sup',
  'table',
  'tt',
  'u',
  'ul',
  'var',
  'font',
]);
/** Readability keeps `aria-hidden` images that are lazy-loading fallbacks; so do we. */
const FALLBACK_IMAGE = /fallback-image/u;

type Edit = [start: number, end: number, replacement: string];

export interface Precleaned {
  /** The page with scripts, styles, iframes, frames, comments, SVG, menus, hidden elements and inline styles removed. */
  html: string;
  /**
   * How deep elements nest (as htmlparser2 closes them, plus the formatting elements HTML5 reopens:
   * see ./nesting.ts), for guarding against pathological pages.
   */
  depth: number;
  /** Elements in the markup. */
  elements: number;
  /** Formatting elements HTML5 will reopen as copies, beyond the markup's own elements (./nesting.ts). */
  reopened: number;
}

/**
 * A `<![CDATA[` outside SVG and MathML is a bogus comment in HTML5, ending at the first `>`, but
 * htmlparser2 reads it as CDATA up to a `]]>`, hiding the rest of the page from every parser built on
 * it, linkedom included: one forum theme writes a stray `<![CDATA[` right after `<body>`, and its
 * threads came out empty. Each pass of precleanHtml that meets one cuts it as HTML5 does and reads the
 * page again, since what htmlparser2 hid may hold more; after this many passes the rest stays as it is.
 */
const BOGUS_CDATA_PASSES = 4;
const BOGUS_CDATA = '<![CDATA[';

/** Removes what is never article text from a page, and measures its nesting depth. */
export function precleanHtml(html: string, options: { keepHidden?: boolean } = {}): Precleaned {
  return precleanPass(html, options, 1);
}

function precleanPass(html: string, options: { keepHidden?: boolean }, pass: number): Precleaned {
  const edits: Edit[] = [];
  // the bogus comments (see BOGUS_CDATA_PASSES) met in this pass, as HTML5 ends them
  const bogus: Edit[] = [];
  let foreign = 0; // SVG and MathML elements open
  // the raw-text element being cut or rewritten; `end`: where HTML5 ends it, when it knows better
  let open: { name: string; start: number; contentStart: number; end: number } | null = null;
  // the outermost element being considered for cutting whole (see FOREIGN)
  let whole: { name: string; start: number; depth: number; foreign: boolean; brokenOut: boolean } | null = null;
  const nesting = new NestingGauge();
  // how far htmlparser2's events have covered the page: what lies between two is ignored end tags
  let seen = 0;
  const advance = () => {
    if (parser.startIndex > seen && !open) nesting.ignored(html.slice(seen, parser.startIndex));
    seen = Math.max(seen, parser.endIndex + 1);
  };
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        advance();
        nesting.open(name, attributes);
        if (open) return;
        if (FOREIGN.has(name)) foreign++;
        if ((CUT.has(name) && !(name === 'script' && JSON_LD.test(attributes['type'] ?? ''))) || AS_TEXT.has(name)) {
          const contentStart = parser.endIndex + 1;
          open = { name, start: parser.startIndex, contentStart, end: name === 'script' ? scriptEnd(html, contentStart) : 0 };
          return;
        }
        if (whole?.foreign && BREAKOUT.has(name)) whole.brokenOut = true;
        const style = attributes['style'];
        const hidingStyle = style !== undefined && HIDING_STYLE.test(style);
        const hidden = !options.keepHidden && (hidingStyle || hides(attributes));
        if (!whole && (FOREIGN.has(name) || name === 'nav' || hidden)) {
          // (a <nav> is not foreign: nothing inside it ends it early)
          whole = { name, start: parser.startIndex, depth: nesting.depth, foreign: FOREIGN.has(name), brokenOut: false };
        }
        if (style !== undefined) {
          const tag = html.slice(parser.startIndex, parser.endIndex + 1);
          edits.push([parser.startIndex, parser.endIndex + 1, tag.replace(STYLE_ATTRIBUTE, hidingStyle ? ' hidden' : '')]);
        }
      },
      onclosetag(name, isImplied) {
        advance();
        if (FOREIGN.has(name) && foreign > 0) foreign--;
        if (whole && nesting.depth === whole.depth) {
          if (!isImplied && name === whole.name && !whole.brokenOut) edits.push([whole.start, parser.endIndex + 1, '']);
          whole = null;
        }
        nesting.close(name, isImplied);
        if (open?.name !== name) return;
        if (AS_TEXT.has(name)) {
          // (implied: by the end of the page, which the text runs to)
          const text = html.slice(open.contentStart, isImplied ? html.length : parser.startIndex);
          edits.push([open.start, isImplied ? html.length : parser.endIndex + 1, `<pre>${escapeText(text)}</pre>`]);
        } else {
          edits.push([open.start, Math.max(parser.endIndex + 1, open.end), '']);
        }
        open = null;
      },
      ontext() {
        advance();
        if (!open) nesting.text();
      },
      oncomment() {
        advance();
        if (open) return;
        if (foreign === 0 && html.startsWith(BOGUS_CDATA, parser.startIndex)) {
          bogus.push([parser.startIndex, tagEnd(html, parser.startIndex), '']);
        } else {
          edits.push([parser.startIndex, parser.endIndex + 1, '']);
        }
      },
      onprocessinginstruction: advance,
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  if (bogus.length > 0 && pass < BOGUS_CDATA_PASSES) return precleanPass(applyEdits(html, bogus), options, pass + 1);
  edits.push(...bogus);
  return { html: applyEdits(html, edits), depth: nesting.maxDepth, elements: nesting.elements, reopened: nesting.reopened };
}

/**
 * Where HTML5 ends a script whose content starts at `from`: the index after its `</script>`. HTML5
 * and htmlparser2 both end a script at the first `</script>`, except after `<!--` and then
 * `<script`, where HTML5 reads a `</script>` as part of the script (old pages wrote
 * `<script><!-- document.write('<script src=…></script>'); //--></script>`; cut at the first
 * `</script>`, the rest of the script showed as text). The states are HTML5's script data states.
 */
export function scriptEnd(html: string, from: number): number {
  let state = ScriptState.Data;
  let i = from;
  while (i < html.length) {
    const c = html[i];
    if (state === ScriptState.Data) {
      if (c !== '<') {
        // nothing but `<` matters here: skip to the next one
        i = html.indexOf('<', i);
        if (i === -1) break;
        continue;
      }
      if (html[i + 1] === '/' && isScriptTag(html, i + 2)) return tagEnd(html, i);
      if (html.startsWith('<!--', i)) {
        state = ScriptState.EscapedDashDash;
        i += 4;
        continue;
      }
    } else if (state <= ScriptState.EscapedDashDash) {
      if (c === '-') state = state === ScriptState.Escaped ? ScriptState.EscapedDash : ScriptState.EscapedDashDash;
      else if (c === '>' && state === ScriptState.EscapedDashDash) state = ScriptState.Data;
      else if (c === '<' && html[i + 1] === '/' && isScriptTag(html, i + 2)) return tagEnd(html, i);
      else if (c === '<' && isScriptTag(html, i + 1)) {
        state = ScriptState.DoubleEscaped;
        i += 7;
        continue;
      } else state = ScriptState.Escaped;
    } else {
      if (c === '-') state = state === ScriptState.DoubleEscaped ? ScriptState.DoubleEscapedDash : ScriptState.DoubleEscapedDashDash;
      else if (c === '>' && state === ScriptState.DoubleEscapedDashDash) state = ScriptState.Data;
      else if (c === '<' && html[i + 1] === '/' && isScriptTag(html, i + 2)) {
        state = ScriptState.Escaped;
        i += 8;
        continue;
      } else state = ScriptState.DoubleEscaped;
    }
    i++;
  }
  return html.length;
}

const enum ScriptState {
  Data,
  Escaped,
  EscapedDash,
  EscapedDashDash,
  DoubleEscaped,
  DoubleEscapedDash,
  DoubleEscapedDashDash,
}

/** "script" at `at`, case-insensitively, followed by what ends a tag name (whitespace, `/`, `>`). */
function isScriptTag(html: string, at: number): boolean {
  return html.slice(at, at + 6).toLowerCase() === 'script' && /^[\t\n\f\r />]/u.test(html[at + 6] ?? '');
}

/** The index after the `>` closing the tag that starts at `at` (the end of the page if none). */
function tagEnd(html: string, at: number): number {
  const close = html.indexOf('>', at);
  return close === -1 ? html.length : close + 1;
}

function escapeText(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** `hidden`, or `aria-hidden="true"` (except on the lazy-loading fallbacks Readability keeps). */
function hides(attributes: Record<string, string>): boolean {
  if (attributes['hidden'] !== undefined) return true;
  return attributes['aria-hidden'] === 'true' && !FALLBACK_IMAGE.test(attributes['class'] ?? '');
}

function applyEdits(html: string, edits: Edit[]): string {
  if (edits.length === 0) return html;
  // an element cut whole is recorded at its end, after the edits inside it: put it first
  edits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: string[] = [];
  let from = 0;
  for (const [start, end, replacement] of edits) {
    if (start < from) continue; // inside an element already cut
    kept.push(html.slice(from, start), replacement);
    from = end;
  }
  kept.push(html.slice(from));
  return kept.join('');
}
