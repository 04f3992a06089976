import { parseDocument } from 'htmlparser2';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { markedByline } from '../src/extract/byline.js';
import { extractHtml } from '../src/extract/html.js';

const byline = (body: string) => markedByline(parseDocument(`<html><body>${body}</body></html>`));
const PROSE = '<p>The ferry to the island runs again from Monday, after three weeks of repairs to the pier and its ramp.</p>';

const marked = suite('markedByline');

marked('finds the element marked as the author, by rel, itemprop or class', () => {
  assert.is(byline(`<article><a rel="author" href="/u/jd">Jane Doe</a>${PROSE}</article>`), 'Jane Doe');
  assert.is(byline(`<span itemprop="author" itemscope><span itemprop="name">Tomás Ruiz</span> · Staff writer</span>`), 'Tomás Ruiz');
  assert.is(byline(`<div class="post-byline">Von Jonas Weber</div>${PROSE}`), 'Jonas Weber', 'its label goes');
  assert.is(byline(`<p id="author">Amara Okafor</p>`), 'Amara Okafor');
});

marked('the first in page order wins', () => {
  assert.is(byline(`<div class="byline">Ana Lima</div><div class="byline">Rui Costa</div>`), 'Ana Lima');
});

marked('comments, sidebars, footers and hidden elements are someone else’s', () => {
  assert.is(byline(`${PROSE}<section class="comments"><span class="comment-author">Troll99</span></section>`), null);
  assert.is(byline(`<aside><span class="author">Sidebar Author</span></aside>${PROSE}`), null);
  assert.is(byline(`<div class="footer-widget"><a rel="author">Site Owner</a></div>`), null);
  assert.is(byline(`<div hidden><span class="author">Hidden Name</span></div>`), null);
  assert.is(
    byline(`<div class="article-content sidebar-layout"><span class="byline">Lea Park</span>${PROSE}</div>`),
    'Lea Park',
    'a main-content mark beside a region mark is the content',
  );
});

marked('a box about the author is not a byline; no mark, no byline', () => {
  const bio = `<div class="author-bio">${'Jane has written about ferries and harbours for twenty years. '.repeat(3)}</div>`;
  assert.is(byline(bio), null);
  assert.is(byline(PROSE), null);
});

const page = (head: string, body: string) =>
  `<html><head>${head}</head><body><article>${body}${PROSE}${PROSE.replace('ferry', 'boat')}${PROSE.replace('pier', 'quay')}</article></body></html>`;

marked('extractHtml (auto): the page head’s author first, then the marked element', () => {
  assert.is(extractHtml(page('<meta name="author" content="Mira Sand">', '<span class="byline">By Other Name</span>')).meta.byline, 'Mira Sand');
  assert.is(
    extractHtml(page('<meta property="article:author" content="https://example.org/people/mira">', '<span class="byline">By Ida Berg</span>')).meta.byline,
    'Ida Berg',
    'a profile address is not a name',
  );
});

marked.run();
