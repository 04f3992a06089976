import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { extractHtml, RUNGS, shownHeadline, withLead, withoutSiteName, type Rung } from '../src/extract/html.js';
import { DOMS, EXTRACTORS } from '../src/record.js';

const para = (n: number) =>
  `<p>Paragraph ${n} of the story explains at some length what the council decided, why it matters to the town, and what happens next.</p>`;
const page = (body: string, head = '<title>Test page</title>') => `<!DOCTYPE html><html lang="en"><head>${head}</head><body>${body}</body></html>`;

/** Readability's pick, as `--extractor readability` gives it (the walker is the same for every rung). */
const READABILITY = { extractor: 'readability' } as const;

const blocks = suite('extractHtml: blocks');

blocks('walks the article into blocks of each kind', () => {
  const html = page(`<article>
    ${para(1)}
    <h2>What changes</h2>
    ${para(2)}
    <ul><li>First item of the list</li><li>Second item of the list</li></ul>
    <blockquote><p>A quotation from the mayor, given in full.</p></blockquote>
    <figure><img src="x.jpg"><figcaption>The town hall at dusk.</figcaption></figure>
    <pre><code>line one
  indented line two</code></pre>
    <table><tr><th>Group</th><th>Votes</th></tr><tr><td>Alliance</td><td></td><td>6</td></tr></table>
    ${para(3)}
  </article>`);
  const found = extractHtml(html, undefined, READABILITY);
  assert.is(found.extractedBy, 'readability');
  const kinds = found.blocks.map((b) => [b.kind, b.text]);
  assert.ok(kinds.some(([k, t]) => k === 'heading' && t === 'What changes'));
  assert.ok(kinds.some(([k, t]) => k === 'list-item' && t === 'Second item of the list'));
  assert.ok(kinds.some(([k, t]) => k === 'quote' && t === 'A quotation from the mayor, given in full.'));
  assert.ok(kinds.some(([k, t]) => k === 'caption' && t === 'The town hall at dusk.'));
  assert.ok(
    kinds.some(([k, t]) => k === 'code' && t === 'line one\n  indented line two'),
    'pre keeps its whitespace',
  );
  assert.ok(
    kinds.some(([k, t]) => k === 'table' && t === 'Group | Votes\nAlliance | 6'),
    'tables as rows of cells',
  );
  assert.equal(
    found.blocks.map((b) => b.index),
    found.blocks.map((_, i) => i),
  );
});

blocks('a <br> breaks a line inside a block; whitespace is collapsed', () => {
  const found = extractHtml(
    page(`<article>${para(1)}<p>First   line<br>second
     line</p>${para(2)}</article>`),
    undefined,
    READABILITY,
  );
  assert.ok(found.blocks.some((b) => b.text === 'First line\nsecond line'));
});

blocks('hidden elements and navigation inside the article are skipped', () => {
  const found = extractHtml(
    page(`<article>${para(1)}
    <p hidden>hidden by attribute</p><p aria-hidden="true">hidden from readers</p>
    <p style="display:none">hidden by style</p><nav><a href="/">Home</a> <a href="/next">Next</a></nav>${para(2)}</article>`),
    undefined,
    READABILITY,
  );
  const text = found.blocks.map((b) => b.text).join(' ');
  assert.not.ok(/hidden|Home/.test(text), text);
});

blocks('counts link text per block, so link-only lines can be recognised', () => {
  const found = extractHtml(page(`<article>${para(1)}<p><a href="/other">Another story entirely</a></p>${para(2)}</article>`), undefined, READABILITY);
  const linked = found.blocks.find((b) => b.text === 'Another story entirely');
  assert.is(linked?.linkChars, 'Another story entirely'.length);
});

blocks('the lead Readability leaves outside its container is taken back; chrome before it is not', () => {
  const lead = 'The council voted on Tuesday to close the old bridge to cars for good, after engineers found cracks in two of its piers.';
  const html = page(`<div class="masthead"><p>Home › Local news</p><h1>Old bridge to close to cars</h1><p class="standfirst">${lead}</p></div>
    <div class="story-body">${[1, 2, 3, 4, 5].map(para).join('')}</div>`);
  const found = extractHtml(html, undefined, READABILITY);
  assert.is(found.extractedBy, 'readability');
  const texts = found.blocks.map((b) => b.text);
  assert.is(texts[0], lead, texts.join('\n'));
  assert.not.ok(texts.includes('Home › Local news'));
  assert.equal(
    found.blocks.map((b) => b.index),
    found.blocks.map((_, i) => i),
    'renumbered in order',
  );
});

blocks('running text further up is taken back too, but not short lines or link-heavy teasers', () => {
  const intro = 'Engineers had warned for years that the piers were failing, and a survey in the spring found cracks wider than a thumb in two of them.';
  const teaser = 'Ferry timetable changes for the summer season, with more sailings at weekends and a later last boat on Fridays.';
  const menu = Array.from({ length: 6 }, (_, i) => `<p>Section ${i + 1}</p>`).join('');
  const html =
    page(`<div class="masthead"><h1>Old bridge to close to cars</h1><p class="standfirst">${intro}</p></div>${menu}<p><a href="/ferry">${teaser}</a></p>
    <div class="story-body">${[1, 2, 3, 4, 5].map(para).join('')}</div>`);
  const texts = extractHtml(html, undefined, READABILITY).blocks.map((b) => b.text);
  assert.ok(texts.includes(intro), texts.join('\n'));
  assert.not.ok(texts.includes(teaser));
  assert.not.ok(texts.some((t) => t.startsWith('Section')));
});

blocks('withLead leaves the blocks alone when the page has nothing before them', () => {
  const only = [{ kind: 'paragraph' as const, text: 'Paragraph 1 of the story.', index: 0 }];
  assert.equal(withLead(only, [{ kind: 'paragraph', text: 'Paragraph 1 of the story.', index: 0 }]), only);
});
blocks.run();

const meta = suite('extractHtml: metadata');
meta('takes title, byline, date, site, excerpt and declared language from the page', () => {
  const head = `<title>Council Votes on Bridge | Valley Times</title>
    <meta property="og:site_name" content="Valley Times">
    <meta name="description" content="The council voted on the bridge.">
    <meta property="article:published_time" content="2025-04-02T18:30:00.000+01:00">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Person","name":"Priya Natarajan"}}</script>`;
  const found = extractHtml(page(`<article>${para(1)}${para(2)}</article>`, head).replace('lang="en"', 'lang="en-GB"'));
  assert.is(found.meta.title, 'Council Votes on Bridge');
  assert.is(found.meta.site, 'Valley Times');
  assert.is(found.meta.byline, 'Priya Natarajan');
  assert.is(found.meta.published, '2025-04-02T18:30:00+01:00');
  assert.is(found.meta.excerpt, 'The council voted on the bridge.');
  assert.is(found.declaredLang, 'en-GB');
});
meta('withoutSiteName strips the site name on either side of the headline', () => {
  assert.is(withoutSiteName('Headline here | Valley Times', 'Valley Times'), 'Headline here');
  assert.is(withoutSiteName('Valley Times - Headline here', 'Valley Times'), 'Headline here');
  assert.is(withoutSiteName('Headline: with a colon', 'Valley Times'), 'Headline: with a colon');
  assert.is(withoutSiteName('Headline', null), 'Headline');
});
for (const dom of DOMS) {
  meta(`on ${dom}, the headline the page shows is the title where it says more than <title>, on both rungs`, async () => {
    const body = (h1: string) => `<header><a href="/">Harbour Post</a></header><main>${h1}<div>${para(1)}${para(2)}</div></main>`;
    const longer = '<h1>Ferry Service Resumes After Storm Repairs</h1>';
    const cases: Array<[string, string, string]> = [
      ['<title>Ferry Service Resumes</title>', longer, 'Ferry Service Resumes After Storm Repairs'],
      ['', longer, 'Ferry Service Resumes After Storm Repairs'],
      ['<title>Ferry Service Resumes After Storm Repairs | Harbour Post</title>', longer, 'Ferry Service Resumes After Storm Repairs'],
      ['<title>Ferry Service Resumes After Storm Repairs</title>', '<h1>Harbour Post</h1>', 'Ferry Service Resumes After Storm Repairs'],
    ];
    for (const [head, h1, title] of cases) {
      assert.is(extractHtml(page(body(h1), head), undefined, { dom }).meta.title, title, head || 'no <title>');
      const wholePage = extractHtml(
        page(body(h1), head),
        undefined,
        { dom },
        RUNGS.readability.filter((r) => r.name === 'page'),
      );
      assert.is(wholePage.meta.title, title, `whole page: ${head || 'no <title>'}`);
    }
  });
}
meta('shownHeadline: an <h1> replaces the title only when it extends it or the title is it plus a suffix', () => {
  assert.is(shownHeadline('Ferry Resumes', 'Ferry Resumes After Repairs'), 'Ferry Resumes After Repairs');
  assert.is(shownHeadline(null, 'Ferry Resumes'), 'Ferry Resumes');
  assert.is(shownHeadline('Ferry Resumes – Harbour Post', 'Ferry Resumes'), 'Ferry Resumes');
  assert.is(shownHeadline('Ferry Resumes', 'Harbour Post'), 'Ferry Resumes');
  assert.is(shownHeadline('Ferry Resumes', 'Ferry'), 'Ferry Resumes'); // a shorter <h1> says less
  assert.is(shownHeadline('Ferry Resumes', `Ferry Resumes ${'and more '.repeat(20)}`), 'Ferry Resumes'); // not a headline
  assert.is(shownHeadline('Ferry Resumes', null), 'Ferry Resumes');
});
meta.run();

const sieve = suite('extractHtml: the sieve');
sieve('falls back to the whole page, chrome skipped, when Readability finds nothing', () => {
  const found = extractHtml(
    page(`<header><nav><a href="/">Home</a></nav><p>Site banner text</p></header>
    <main><aside>${para(1)}${para(2)}</aside></main><footer><p>Footer text of the site</p></footer>`),
    undefined,
    READABILITY,
  );
  assert.is(found.extractedBy, 'page');
  assert.equal(found.blocks.length, 2);
});
sieve('a rung that throws hands the page to the next one', () => {
  const failing: Rung = {
    name: 'readability',
    accepts: () => true,
    run: () => {
      throw new Error('jsdom rejected it');
    },
  };
  const found = extractHtml(page(`<article>${para(1)}</article>`), undefined, {}, [failing, RUNGS.readability[1]!]);
  assert.is(found.extractedBy, 'page');
  assert.is(found.blocks.length, 1);
});
sieve('malformed CSS in styles and style attributes does not break jsdom', () => {
  const html = page(`<article><p style="width: calc(100% - $gutter)">${para(1)}</p>${para(2)}</article>`, '<style>.a { width: calc(100% - $gutter) }</style>');
  assert.is(extractHtml(html, undefined, READABILITY).extractedBy, 'readability');
});
sieve('pages nested thousands deep skip Readability and still come out, quickly', () => {
  const deep = '<div>'.repeat(10_000) + para(1) + para(2) + '</div>'.repeat(10_000);
  const found = extractHtml(page(deep), undefined, READABILITY);
  assert.is(found.extractedBy, 'page');
  assert.is(found.blocks.length, 2);
  const judged = extractHtml(page(deep));
  assert.is(judged.extractedBy, 'blocks', 'the block model reads it without Readability');
  assert.is(judged.blocks.length, 2);
});
sieve('by default the block model picks the content, and Readability gives the metadata', () => {
  const found = extractHtml(
    page(
      `<header><p>Site banner text</p></header><main>${para(1)}${para(2)}${para(3)}</main>
    <footer><p>Footer text of the site</p></footer>`,
      '<title>Test page</title><meta name="author" content="Jane Doe">',
    ),
  );
  assert.is(found.extractedBy, 'blocks');
  assert.equal(
    found.blocks.map((b) => b.text),
    [1, 2, 3].map((n) => para(n).slice(3, -4)),
  );
  assert.is(found.meta.byline, 'Jane Doe');
  assert.ok(found.confidence !== undefined && found.confidence >= 0 && found.confidence <= 1);
  assert.ok(found.pageType !== undefined);
});
sieve('an empty page, or one with no text, gives no blocks', () => {
  assert.equal(extractHtml('').blocks, []);
  assert.equal(extractHtml(page('<img src="x.png">')).blocks, []);
});
sieve('auto: the headline the page shows is the title when its JSON-LD declares the same headline', () => {
  const head = '<meta property="og:title" content="Ten quick bike fixes | Spokes">';
  const ld = '<script type="application/ld+json">{"@type": "Article", "headline": "How to true a wheel at home"}</script>';
  const body = `<article><h1>How to true a wheel at home</h1>${para(1)}${para(2)}${para(3)}</article>`;
  assert.is(extractHtml(page(body, head + ld)).meta.title, 'How to true a wheel at home');
  assert.is(extractHtml(page(body, head)).meta.title, 'Ten quick bike fixes | Spokes', 'without it, the head’s title stays');
});
sieve('a page with no text still gives its title and language (a shell its scripts would fill)', () => {
  for (const extractor of EXTRACTORS) {
    const found = extractHtml(
      '<html lang="de"><head><title>Welches Teleskop für den Anfang?</title></head><body><section id="main"></section></body></html>',
      undefined,
      { extractor },
    );
    assert.equal(found.blocks, []);
    assert.is(found.meta.title, 'Welches Teleskop für den Anfang?', extractor);
    assert.is(found.declaredLang, 'de', extractor);
  }
});
sieve.run();

for (const dom of DOMS) {
  const safety = suite(`extractHtml on ${dom}: nothing runs, nothing is fetched`);

  safety('scripts in the page never run', () => {
    const found = extractHtml(
      page(
        `<article>${para(1)}${para(2)}</article>
    <script>document.title = 'hijacked'; document.body.innerHTML = '<p>pwned pwned pwned</p>';</script>
    <img src="x" onerror="document.body.innerHTML='pwned'">`,
        '<title>Original title of the page</title>',
      ),
      undefined,
      { dom },
    );
    assert.is(found.meta.title, 'Original title of the page');
    assert.not.ok(found.blocks.some((b) => b.text.includes('pwned')));
  });

  safety('no request leaves the process for scripts, images, styles, frames or base tricks', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.end('document.title = "fetched"');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const html = page(
        `<article>${para(1)}${para(2)}
        <img src="${origin}/img.png"><iframe src="${origin}/frame"></iframe><object data="${origin}/obj"></object>
        <video src="${origin}/v.mp4"></video><audio src="${origin}/a.mp3"></audio>
        <script src="${origin}/s.js"></script><script>fetch("${origin}/fetch"); new Image().src = "${origin}/beacon";</script>
      </article>`,
        `<base href="${origin}/"><link rel="stylesheet" href="${origin}/style.css"><link rel="preload" href="${origin}/p.js">
       <meta http-equiv="refresh" content="0; url=${origin}/refresh"><title>Safe</title>`,
      );
      extractHtml(html, `${origin}/article`, { dom });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.is(hits, 0);
    } finally {
      server.close();
    }
  });
  safety.run();
}

const doms = suite('DOMs: linkedom (built by parse5) reads pages as jsdom does');

/** Markup where a DOM without HTML5 tree construction goes wrong (each seen on real pages). */
const MALFORMED: Record<string, string> = {
  'text before <html>': `stray text<!DOCTYPE html><html><head><title>T</title></head><body><article>${para(1)}${para(2)}</article></body></html>`,
  'no <html>, <head> or <body>': `<title>Bare page</title><article>${para(1)}${para(2)}</article>`,
  'a <meta> before <head>': `<!DOCTYPE html><meta charset="utf-8"><html><head><title>T</title></head><body><article>${para(1)}${para(2)}</article></body></html>`,
  'nested links': page(
    `<article>${para(1)}<p>Read <a href="/a">the first <a href="/b">and second</a> report</a> in full, as the committee asked every member to do.</p>${para(2)}</article>`,
  ),
  'a heading inside an unclosed heading': page(`<article><h1>Main headline<h4>Kicker</h4>${para(1)}${para(2)}</article>`),
  'a <div> inside a <p>': page(`<article><p>Opening words <div>of a paragraph split by a block</div> and its end.</p>${para(1)}${para(2)}</article>`),
  'upper-case tags and attributes': `<HTML><HEAD><TITLE>Shouting page</TITLE><META NAME="author" CONTENT="Jane Doe"></HEAD><BODY><ARTICLE><P>${para(1).slice(3, -4)}</P><P>${para(2).slice(3, -4)}</P></ARTICLE></BODY></HTML>`,
  'CRLF line ends in <pre>': page(`<article>${para(1)}<pre>line one\r\nline two\r\n</pre>${para(2)}</article>`),
};

for (const [name, html] of Object.entries(MALFORMED)) {
  doms(name, () => {
    const reference = extractHtml(html, 'https://news.example/story', { ...READABILITY, dom: 'jsdom' });
    const fast = extractHtml(html, 'https://news.example/story', { ...READABILITY, dom: 'linkedom' });
    assert.ok(reference.blocks.length > 0, 'jsdom finds the article');
    assert.equal(fast.blocks, reference.blocks);
    assert.equal(fast.meta, reference.meta);
    assert.is(fast.extractedBy, reference.extractedBy);
  });
}

doms('an unknown DOM is refused when a pipeline is built', async () => {
  const { cleanRecord, clean } = await import('../src/index.js');
  const { createArticle } = await import('../src/record.js');
  assert.throws(
    () => cleanRecord(createArticle({ format: 'html', content: '<p>x</p>' }), { dom: 'domino' as never }),
    /dom: expected one of linkedom, jsdom, got "domino"/,
  );
  assert.throws(() => clean({ dom: 'happy-dom' as never }), /dom: expected one of linkedom, jsdom, got "happy-dom"/);
});

doms.run();
