import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { precleanHtml as preclean2 } from '../src/extract/preclean.js';

const precleanHtml = (html: string) => preclean2(html).html;

const preclean = suite('precleanHtml');
preclean('cuts scripts, styles, iframes, frames and comments', () => {
  const out = precleanHtml('<p>a</p><script>x()</script><style>p{}</style><iframe src="//x"></iframe><frame src=y><!-- note --><p>b</p>');
  assert.is(out, '<p>a</p><p>b</p>');
});
preclean('keeps JSON-LD, which carries the article metadata', () => {
  const ld = '<script type="application/ld+json">{"headline":"x"}</script>';
  assert.is(precleanHtml(ld + '<p>a</p>'), ld + '<p>a</p>');
});
preclean('a <script> written inside a comment or an attribute is not taken for one', () => {
  assert.is(precleanHtml('<!-- <script> --><p>kept</p>'), '<p>kept</p>');
  assert.is(precleanHtml('<p title="<script>">kept</p>'), '<p title="<script>">kept</p>');
});
preclean('script text containing tags does not end the script early', () => {
  assert.is(precleanHtml('<script>if (a < b) document.write("<p>x</p>")</script><p>kept</p>'), '<p>kept</p>');
});
preclean('an unclosed script swallows the rest, as in a browser', () => {
  assert.is(precleanHtml('<p>a</p><script>never closed <p>b</p>'), '<p>a</p>');
});
preclean('inline styles go; styles that hide an element become the hidden attribute', () => {
  assert.is(precleanHtml('<p style="width: calc(100% - $gutter)" class=a>x</p>'), '<p class=a>x</p>');
  assert.is(precleanHtml("<div style='display: none'>x</div><p>y</p>"), '<p>y</p>', 'and, closed, the element goes whole');
  assert.is(precleanHtml("<div style='display: none'>x"), '<div hidden>x', 'unclosed: only marked');
});
preclean('SVG, MathML and menus go whole: icons, charts and navigation are never article text', () => {
  assert.is(precleanHtml('<nav><ul><li><a href="/">Home</a></li></ul></nav><p>kept</p>'), '<p>kept</p>');
  assert.is(precleanHtml('<p>a<svg viewBox="0 0 9 9"><title>Share</title><path d="M0"/><g><path d="M1"></path></g></svg>b</p>'), '<p>ab</p>');
  assert.is(precleanHtml('<p>x <math><mi>a</mi></math> y</p>'), '<p>x  y</p>');
});
preclean('an SVG that HTML5 would end early (an HTML element inside it) or that is never closed stays', () => {
  const breakout = '<svg><title>t</title><p>A paragraph the HTML5 parser puts after the SVG.</p></svg>';
  assert.is(precleanHtml(breakout), breakout);
  assert.is(precleanHtml('<svg><path d="M0">'), '<svg><path d="M0">');
});
preclean('elements the page hides go whole when it closes them; lazy-image fallbacks stay', () => {
  assert.is(precleanHtml('<div hidden><p>Modal text</p></div><p>kept</p>'), '<p>kept</p>');
  assert.is(precleanHtml('<nav aria-hidden="true"><a>Menu</a></nav><p>kept</p>'), '<p>kept</p>');
  assert.is(precleanHtml('<div aria-hidden="false"><p>kept</p></div>'), '<div aria-hidden="false"><p>kept</p></div>');
  const fallback = '<figure aria-hidden="true" class="fallback-image"><img src="a.jpg"></figure>';
  assert.is(precleanHtml(fallback), fallback);
  assert.is(precleanHtml('<div hidden><div><p>nested</p></div></div><p>kept</p>'), '<p>kept</p>');
  assert.is(
    precleanHtml('<section hidden><p style="color:red">x</p><!-- c --></section><p>kept</p>'),
    '<p>kept</p>',
    'edits inside a cut element do not survive it',
  );
});
preclean('keepHidden: hidden elements stay, marked hidden, for the block model to judge', () => {
  const keep = (html: string) => preclean2(html, { keepHidden: true }).html;
  assert.is(keep('<div hidden><p>Specs</p></div><p>kept</p>'), '<div hidden><p>Specs</p></div><p>kept</p>');
  assert.is(keep("<div style='display: none'>x</div><p>y</p>"), '<div hidden>x</div><p>y</p>');
  assert.is(keep('<nav><a href="/">Home</a></nav><p>kept</p>'), '<p>kept</p>', 'menus still go');
});
preclean('text that looks like an attribute is left alone', () => {
  assert.is(precleanHtml('<p>style="kept"</p>'), '<p>style="kept"</p>');
});
preclean('a stray <![CDATA[ in HTML ends at the first ">", as browsers end it, and hides nothing after it', () => {
  assert.is(precleanHtml('<body><![CDATA[ theme marker ><p>First post</p><p>Reply ]]> here</p>'), '<body><p>First post</p><p>Reply ]]> here</p>');
  assert.is(
    precleanHtml('<![CDATA[><p>a</p><![CDATA[><p>b</p>'),
    '<p>a</p><p>b</p>',
    'a second one, hidden by the first from htmlparser2, is found on the next pass',
  );
  assert.is(
    precleanHtml('<p>a</p><script>//<![CDATA[\nvar b = 1; //]]></script><p>c</p>'),
    '<p>a</p><p>c</p>',
    'inside a script it is script text, cut with the script',
  );
});
preclean('measures how deep elements nest', () => {
  assert.is(preclean2('<div><p><b>x</b></p><br><img src=x></div>').depth, 3);
  assert.is(preclean2('<div>'.repeat(500)).depth, 500);
});
preclean.run();
