import { parseDocument } from 'htmlparser2';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discourseThread, isDiscourse, readDiscourse, readStructured, STRUCTURED_DEFAULTS } from '../src/extract/structured.js';

/** JSON-LD as pages write it: `</` escaped, so that HTML inside cannot end the script. */
const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value).replace(/<\//gu, '<\\/')}</script>`;
const page = (head: string, body = '<p>Nothing structured here.</p>') => parseDocument(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);

/** A Yoast-style @graph: the article names its author and publisher by @id. */
const GRAPH = {
  '@context': 'https://schema.org',
  '@graph': [
    {
      '@type': 'WebPage',
      '@id': 'https://ex.test/p#page',
      name: 'Tide pools at dawn - Shore Notes',
      inLanguage: 'en-GB',
    },
    {
      '@type': 'Article',
      '@id': 'https://ex.test/p#article',
      headline: 'Tide pools at dawn',
      author: { '@id': 'https://ex.test/#/person/1' },
      publisher: { '@id': 'https://ex.test/#org' },
      datePublished: '2024-03-05T06:40:00+00:00',
      description: 'What the low tide leaves behind.',
    },
    { '@type': 'Person', '@id': 'https://ex.test/#/person/1', name: 'Mara Quill' },
    { '@type': 'Organization', '@id': 'https://ex.test/#org', name: 'Shore Notes' },
    { '@type': 'BreadcrumbList', itemListElement: [] },
  ],
};

const read = suite('readStructured');

read('flattens @graph, follows @id references, reads the main item', () => {
  const s = readStructured(page(ld(GRAPH)));
  assert.equal(s.types, ['webpage', 'article', 'person', 'organization', 'breadcrumblist']);
  assert.is(s.headline, 'Tide pools at dawn');
  assert.is(s.author, 'Mara Quill');
  assert.is(s.site, 'Shore Notes');
  assert.is(s.published, '2024-03-05T06:40:00+00:00');
  assert.is(s.description, 'What the low tide leaves behind.');
  assert.is(s.inLanguage, 'en-GB', 'from the web page item, which the article belongs to');
  assert.is(s.main?.['@type'], 'Article');
  assert.is(s.skipped, 0);
});

read('broken JSON-LD is skipped; comment and CDATA wrappers, semicolons and raw line breaks are not', () => {
  const broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>';
  const script = (text: string) => `<script type="application/ld+json">${text}</script>`;
  const wrapped = script('<!--\n{"@type": "NewsArticle", "headline": "Kelp\nforests"};\n-->');
  const cdata = script('//<![CDATA[\n{"@type": "Product", "name": "Rock pool net"}\n//]]>');
  const s = readStructured(page(broken + wrapped + cdata));
  assert.is(s.skipped, 1);
  assert.equal(s.types, ['newsarticle', 'product']);
  assert.is(s.headline, 'Kelp forests');
});

read('authors: arrays joined, an organisation named like the publisher left out, strings taken as names', () => {
  const article = {
    '@type': 'BlogPosting',
    headline: 'Barnacles',
    author: [{ '@type': 'Person', name: 'Ana Reef' }, 'Bo Strand', { '@type': 'Organization', name: 'Shore Notes' }],
    publisher: { '@type': 'Organization', name: 'Shore Notes' },
  };
  assert.is(readStructured(page(ld(article))).author, 'Ana Reef, Bo Strand');
  const alone = { ...article, author: { '@type': 'Person', givenName: 'Cy', familyName: 'Tidewell' } };
  assert.is(readStructured(page(ld(alone))).author, 'Cy Tidewell');
});

read('HTML in articleBody: tags stripped, entities decoded, one paragraph per block', () => {
  const article = {
    '@type': 'NewsArticle',
    headline: 'Crabs &amp; limpets',
    articleBody: '<p>Crabs hide under &quot;rocks&quot;.</p>\n<p>Limpets   hold on<br>tight.</p><script>x()</script>',
  };
  const s = readStructured(page(ld(article)));
  assert.is(s.headline, 'Crabs & limpets');
  assert.is(s.body, 'Crabs hide under "rocks".\n\nLimpets hold on\n\ntight.');
});

read('the main item: the longest body wins, then the higher kind', () => {
  const items = [
    { '@type': 'WebPage', name: 'Page' },
    { '@type': 'Article', headline: 'Teaser', articleBody: 'Short.' },
    { '@type': ['Article', 'NewsArticle'], headline: 'Full story', articleBody: 'A much longer body of text.' },
  ];
  assert.is(readStructured(page(ld(items))).headline, 'Full story');
  assert.is(readStructured(page(ld([items[0], { '@type': 'Product', name: 'Net' }]))).headline, 'Net');
});

read('forum postings and Q&A pages: the replies join the body, each its own paragraph, in order', () => {
  const posting = {
    '@type': 'DiscussionForumPosting',
    headline: 'Which bucket for rock pooling?',
    text: 'Plastic or metal?',
    comment: [
      { '@type': 'Comment', text: 'Plastic, it floats.' },
      { '@type': 'Comment', text: '<p>Metal rusts.</p>' },
    ],
  };
  assert.is(readStructured(page(ld(posting))).body, 'Plastic or metal?\n\nPlastic, it floats.\n\nMetal rusts.');
  const qa = {
    '@type': 'QAPage',
    mainEntity: {
      '@type': 'Question',
      name: 'Why do anemones close?',
      text: 'They close at low tide.',
      acceptedAnswer: { '@type': 'Answer', text: 'To keep water in.' },
      suggestedAnswer: [{ '@type': 'Answer', text: 'Also when touched.' }],
    },
  };
  const s = readStructured(page(ld(qa)));
  assert.equal(s.types, ['qapage', 'question']);
  assert.is(s.body, 'They close at low tide.\n\nTo keep water in.\n\nAlso when touched.');
});

read('a product description is kept apart', () => {
  const product = { '@type': 'Product', name: 'Tide clock', description: 'Shows <b>high</b> and low tide.' };
  const s = readStructured(page(ld(product)));
  assert.is(s.productDescription, 'Shows high and low tide.');
  assert.is(s.body, null);
});

read('microdata: body elements (not their text) and item types; og:type', () => {
  const head = '<meta property="og:type" content="Article"><meta itemprop="description" content="not a body">';
  const body = `<div itemscope itemtype="https://schema.org/NewsArticle">
    <h1 itemprop="headline">Seals</h1><div itemprop="articleBody"><p>Seals bask.</p></div>
    <div itemprop="review" itemscope itemtype="http://schema.org/Review">
      <p itemprop="reviewBody">Loud.</p>
    </div></div>`;
  const s = readStructured(page(head, body));
  assert.is(s.ogType, 'article');
  assert.equal(s.itemtypes, ['newsarticle', 'review']);
  assert.equal(
    s.itempropBodies.map((e) => e.name),
    ['div', 'p'],
  );
});

read('a page with nothing structured', () => {
  const s = readStructured(page('<title>Plain</title>'));
  assert.equal(s.items, []);
  assert.equal(s.types, []);
  assert.is(s.ogType, null);
  assert.is(s.main, null);
  assert.is(s.headline, null);
  assert.is(s.body, null);
  assert.equal(s.itempropBodies, []);
  assert.is(discourseThread(page('<title>Plain</title>')), null);
});

read('caps: items past maxItems and JSON past maxJsonChars are not read', () => {
  const many = Array.from({ length: 5_000 }, (_, i) => ({ '@type': 'Thing', name: `thing ${i}` }));
  const s = readStructured(page(ld(many)));
  assert.is(s.items.length, STRUCTURED_DEFAULTS.maxItems);
  const huge = { '@type': 'Article', headline: 'Big', articleBody: 'word '.repeat(500_000) };
  const big = readStructured(page(ld(huge)));
  assert.is(big.skipped, 1, 'over 2 MB of JSON: not parsed at all');
  assert.is(big.headline, null);
  const levels = 10_000;
  const deep = '{"@type": "WebPage", "mainEntity": '.repeat(levels) + '{"@type": "Article"}' + '}'.repeat(levels);
  const nested = readStructured(page(`<script type="application/ld+json">${deep}</script>`));
  assert.ok(nested.items.length <= STRUCTURED_DEFAULTS.maxDepth + 1, 'nesting followed only so deep');
  assert.is(readStructured(page(ld(huge)), { maxJsonChars: 3_000_000 }).headline, 'Big', 'settings override per call');
});

read('hostile text stays linear: runs of spaces and unclosed tags in JSON-LD', () => {
  const spaces = ' '.repeat(300_000);
  const hostile = {
    '@type': 'Article',
    headline: `<a${spaces}`.repeat(3),
    articleBody: `x${spaces}x`,
    datePublished: spaces,
  };
  const script = `<script type="application/ld+json">${JSON.stringify(hostile)}${spaces};x</script>`;
  const started = performance.now();
  readStructured(page(script));
  readStructured(page(ld(hostile)));
  assert.ok(performance.now() - started < 2_000, 'quadratic scans would take minutes');
});

read('settings are checked', () => {
  assert.throws(() => readStructured(page(''), { maxItems: -1 }), /maxItems: expected number/u);
});

// Discourse ------------------------------------------------------------------------------------

const GENERATOR = '<meta name="generator" content="Discourse 3.4.0 - https://example.test">';

/** The crawler view as Discourse renders it inside <noscript>; names and text invented. */
const CRAWLER = `<noscript data-path="/t/kelp-drying/42">
<header><a href="/">Shore Forum</a></header>
<div id="main-outlet" class="wrap" role="main">
  <div id="topic-title"><h1><a href="/t/kelp-drying/42">How long does kelp take to dry?</a></h1></div>
  <div itemscope itemtype="http://schema.org/DiscussionForumPosting">
    <meta itemprop="headline" content="How long does kelp take to dry?">
    <div id="post_1" class="topic-body crawler-post">
      <div class="crawler-post-meta">
        <span class="creator" itemprop="author" itemscope itemtype="http://schema.org/Person">
          <a itemprop="url" href="/u/wrack"><span itemprop="name">wrack</span></a>
        </span>
        <span class="crawler-post-infos">
          <time datetime="2024-06-01T09:15:00Z" class="post-time">June 1, 2024,  9:15am</time>
          <span itemprop="position">1</span>
        </span>
      </div>
      <div class="post" itemprop="text"><p>I hang kelp on a line. How long until it is dry?</p></div>
      <div itemprop="interactionStatistic"><span class="post-likes">2 Likes</span></div>
    </div>
    <div id="post_2" itemprop="comment" itemscope itemtype="http://schema.org/Comment" class="topic-body crawler-post">
      <div class="crawler-post-meta">
        <span class="creator" itemprop="author"><a href="/u/holdfast"><span itemprop="name">holdfast</span></a></span>
        <span class="crawler-post-infos">
          <time datetime="2024-06-01T11:02:00Z" class="post-time">June 1, 2024, 11:02am</time>
        </span>
      </div>
      <div class="post" itemprop="text">
        <aside class="quote"><div class="title">wrack:</div>
          <blockquote><p>How long until it is dry?</p></blockquote></aside>
        <p>Two sunny days, turned once.</p>
        <div class="lightbox-wrapper"><a class="lightbox" href="/up/kelp.jpg"><img src="/up/kelp.jpg" alt="kelp">
          <div class="meta"><span class="filename">kelp.jpg</span>
            <span class="informations">800×600 90 KB</span></div>
        </a></div>
      </div>
    </div>
    <div role="navigation" itemscope itemtype="http://schema.org/SiteNavigationElement"
      class="topic-body crawler-post">
      <span itemprop="name"><a rel="next" href="/t/kelp-drying/42?page=2">next page →</a></span>
    </div>
  </div>
</div>
<footer><p class="powered-by-link">Powered by Discourse</p></footer>
</noscript>`;

/** The same thread as Discourse preloads it: JSON whose `topic_<id>` value is itself JSON. */
function preloadedAttribute(): string {
  const topic = {
    title: 'How long does kelp take to dry?',
    post_stream: {
      posts: [
        { id: 1, username: 'wrack', created_at: '2024-06-01T09:15:00.123Z', post_type: 1, cooked: '<p>I hang kelp on a line. How long until it is dry?</p>' },
        { id: 2, username: 'system', created_at: '2024-06-01T10:00:00Z', post_type: 3, action_code: 'closed.enabled', cooked: '' },
        { id: 3, username: 'holdfast', created_at: '2024-06-01T23:02:00Z', post_type: 1, cooked: '<p>Two sunny days, <b>turned once</b>.</p><div><p>unclosed' },
      ],
      stream: [1, 2, 3],
    },
  };
  const data = { topic_42: JSON.stringify(topic), siteSettings: JSON.stringify({ title: 'Shore Forum' }) };
  return JSON.stringify(data).replace(/&/gu, '&amp;').replace(/"/gu, '&quot;');
}
const PRELOADED = `<discourse-assets-json>
  <div class="hidden" id="data-preloaded" data-preloaded="${preloadedAttribute()}"></div>
  </discourse-assets-json><section id="main"></section>`;

const textOf = (html: string) => {
  const words: string[] = [];
  const stack = [parseDocument(html) as import('domhandler').AnyNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') words.push((node as import('domhandler').Text).data);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return words.join(' ').replace(/\s+/gu, ' ').trim();
};

const discourse = suite('discourseThread');

discourse('the crawler view in <noscript>: one article a post, author and date first, no quotes or sizes', () => {
  const doc = page(GENERATOR, CRAWLER);
  assert.ok(isDiscourse(doc));
  const thread = readDiscourse(doc);
  assert.is(thread?.from, 'crawler');
  assert.is(thread?.posts, 2, 'the next-page link is no post');
  const html = thread!.html;
  assert.is((html.match(/<article/gu) ?? []).length, 2);
  assert.ok(html.includes('<time datetime="2024-06-01T09:15:00Z">June 1, 2024, 9:15am</time>'));
  assert.is(
    textOf(html),
    'wrack June 1, 2024, 9:15am I hang kelp on a line. How long until it is dry? ' + 'holdfast June 1, 2024, 11:02am Two sunny days, turned once.',
  );
  assert.ok(html.includes('<img src="/up/kelp.jpg" alt="kelp">'), 'images stay');
  assert.not.ok(html.includes('Likes') || html.includes('Powered by') || html.includes('next page'));
  assert.ok(readDiscourse(doc, { dropQuotes: false })!.html.includes('<aside class="quote">'));
});

discourse('only data-preloaded JSON: regular posts, dates as the crawler view shows them, balanced HTML', () => {
  const doc = page(GENERATOR, PRELOADED);
  const thread = readDiscourse(doc);
  assert.is(thread?.from, 'preloaded');
  assert.is(thread?.posts, 2, 'the "closed the topic" action is no post');
  assert.is(
    textOf(thread!.html),
    'wrack June 1, 2024, 9:15am I hang kelp on a line. How long until it is dry? ' + 'holdfast June 1, 2024, 11:02pm Two sunny days, turned once . unclosed',
  );
  assert.ok(thread!.html.endsWith('<p>unclosed</p></div></div></article>\n'), 'the unclosed post is closed');
});

discourse('detected without the generator tag, by its markup', () => {
  assert.ok(discourseThread(page('', PRELOADED)));
  assert.ok(discourseThread(page('', CRAWLER)));
});

discourse('a shell page with neither: the description, an excerpt of the first post', () => {
  const head = `${GENERATOR}<meta property="og:description" content="I hang kelp on a line &amp; wait…">`;
  const shell = '<div class="hidden" id="data-preloaded"></div><section id="main"></section>';
  const thread = readDiscourse(page(head, shell));
  const post = '<p>I hang kelp on a line &amp; wait…</p>';
  const html = `<article class="post"><div class="post-content">${post}</div></article>\n`;
  assert.equal(thread, { from: 'description', posts: 1, html });
});

discourse('broken preloaded JSON and caps', () => {
  const broken = '<div id="data-preloaded" data-preloaded="{&quot;topic_1&quot;: ">';
  assert.is(discourseThread(page(GENERATOR, broken)), null);
  const thread = readDiscourse(page(GENERATOR, CRAWLER), { maxPosts: 1 });
  assert.is(thread?.posts, 1);
  assert.is(readDiscourse(page(GENERATOR, PRELOADED), { maxPreloadedChars: 100 }), null);
  const posts = Array.from({ length: 2_000 }, (_, i) => ({
    username: `u${i}`,
    created_at: '2024-01-01T00:00:00Z',
    cooked: `<p>post ${i}</p>`,
  }));
  const data = JSON.stringify({ topic_7: JSON.stringify({ post_stream: { posts } }) });
  const shell = page(GENERATOR, `<div id="data-preloaded" data-preloaded="${data.replace(/"/gu, '&quot;')}"></div>`);
  assert.is(readDiscourse(shell)?.posts, STRUCTURED_DEFAULTS.maxPosts);
  const small = readDiscourse(shell, { maxThreadChars: 1_000 });
  assert.ok(small!.html.length <= 1_000 && small!.posts > 0);
});

read.run();
discourse.run();
