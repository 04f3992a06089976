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
 * unlike elements whose end the HTML tree builder may place elsewhere.
 */
import { Parser } from 'htmlparser2';

const CUT = new Set(['script', 'style', 'iframe', 'frame', 'noembed', 'noframes', 'textarea']);
const JSON_LD = /ld\+json/iu;
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/iu;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/iu;

type Edit = [start: number, end: number, replacement: string];

export interface Precleaned {
  /** The page with scripts, styles, iframes, frames, comments and inline styles removed. */
  html: string;
  /** How deep elements nest (as htmlparser2 closes them), for guarding against pathological pages. */
  depth: number;
}

/** Removes what is never article text from a page, and measures its nesting depth. */
export function precleanHtml(html: string): Precleaned {
  const edits: Edit[] = [];
  let open: { name: string; start: number } | null = null;
  let depth = 0;
  let maxDepth = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        if (++depth > maxDepth) maxDepth = depth;
        if (open) return;
        if (CUT.has(name) && !(name === 'script' && JSON_LD.test(attributes['type'] ?? ''))) {
          open = { name, start: parser.startIndex };
          return;
        }
        const style = attributes['style'];
        if (style !== undefined) {
          const tag = html.slice(parser.startIndex, parser.endIndex + 1);
          const hidden = HIDING_STYLE.test(style) ? ' hidden' : '';
          edits.push([parser.startIndex, parser.endIndex + 1, tag.replace(STYLE_ATTRIBUTE, hidden)]);
        }
      },
      onclosetag(name) {
        depth--;
        if (open?.name !== name) return;
        edits.push([open.start, parser.endIndex + 1, '']);
        open = null;
      },
      oncomment() {
        if (!open) edits.push([parser.startIndex, parser.endIndex + 1, '']);
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  return { html: applyEdits(html, edits), depth: maxDepth };
}

function applyEdits(html: string, edits: Edit[]): string {
  if (edits.length === 0) return html;
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
