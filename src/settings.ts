/**
 * The settings registry: every threshold of cleaning and extraction in one place, keyed by the area
 * that reads it, each with where its number came from. The defaults here are what decruft does;
 * every value can be overridden per call with the `settings` option (a deep partial of this
 * object, checked once when a step is built; see resolveSettings), and from the command line with
 * `--settings FILE.json` and `--set area.key=value`, so a benchmark can sweep a value without
 * editing source.
 *
 * How a step reads them: a step resolves its overrides once (when it is built, or on its first
 * record for the function forms, then from a cache) into a full settings object, and while it
 * cleans one record makes that object the current one (withSettings); code below it reads
 * `settings().area.key`. Every step is synchronous, so the current settings are never those of
 * another call. Reading them costs a property lookup, never a merge.
 *
 * A few settings are registry-only (FIXED): written here with their reasons like the rest, but
 * refused as overrides, because answers found with them are kept across calls. The trained models
 * read some settings as features (`blockTree.*` but `noscriptBelowWords`, `pageModel.longBlockMinWords`,
 * `lines.*`): another value there measures a model on inputs it was not trained on; retrain
 * (npm run train) to judge it fairly. `favor` (./clean/span.ts, FAVOR_PROFILES) moves a few `span`
 * values; a `span` setting given explicitly wins over it.
 *
 * Not here: the I/O around the cleaning (POOL_DEFAULTS, INPUT_DEFAULTS, DECODE_DEFAULTS,
 * SERIALIZE_DEFAULTS) stays beside its options (`timeout`, `memory`, `maxBytes`, `format`…), which
 * already override it per call; the sizes of caches that change no output stay beside the caches;
 * the words of each language are data in ./lexicon.ts, the cruft phrases rules in ./clean/rules/.
 */

/** Every setting's default, by area. The `*_DEFAULTS` objects the modules export are these areas. */
export const DEFAULTS = {
  lang: {
    /** Characters of text handed to the language detector: enough for a stable answer, bounded cost. */
    detectSampleChars: 2000,
    /**
     * Below this much evidence the detector guesses; we report nothing instead. Evidence is letters,
     * with a Chinese, Japanese or Korean character counting three (each says as much as a short word).
     */
    detectMinEvidence: 40,
    /**
     * Shorter stop-word lists miss too many function words for their share to mean much: Ukrainian's
     * 73 words cover about a tenth of the words of running text, Russian's 559 about a third.
     */
    minCountableStopwords: 150,
  },
  text: {
    /** Hard-wrapped text is wrapped at a width in this range (72–80 is usual; some tools use 60–100). */
    wrapWidthMin: 40,
    wrapWidthMax: 110,
    /** A wrapped line fills at least this share of the wrap width (the last line of a paragraph excepted). */
    wrapFill: 0.7,
  },
  html: {
    /** Readability bylines longer than this are article text it mistook for a byline. */
    bylineMaxChars: 120,
    /**
     * Readability's cost grows steeply with nesting (measured: depth 100 → 0.3 s, 300 → 1.6 s,
     * 1,000 → 39 s, 2,000 → 5 min) while real pages stay shallow (dev set: p99 30, max 42).
     * Deeper pages skip straight to the whole-page rung: judged before any DOM is built (from
     * preclean's estimate), and again on the DOM Readability would read.
     */
    readabilityMaxDepth: 200,
    /**
     * Formatting elements a page leaves open are copied by HTML5 into every later paragraph (see
     * ./extract/nesting.ts): up to this many copies per element of markup the page goes to Readability, past
     * it to the whole-page rung, without a DOM. Dev set: at most 11 copies on a page (of 95 to 4,000
     * elements); a page of 1,000 `<p><b class=k>text</p>` asks for 500,000, 1 per element would
     * have doubled it.
     */
    readabilityMaxReopenedPerElement: 1,
    /**
     * Readability often leaves out the lead (the standfirst under the headline sits outside the
     * container it picks). Up to this many page blocks right before its first block are looked at,
     * and the prose among them is taken back (dev set: recall 0.902 -> 0.911, precision unchanged).
     */
    leadMaxBlocks: 3,
    /**
     * Further up, an intro or standfirst in a box of its own is often left out too: paragraphs that
     * are plainly running text (at least `recoverMinWords` words, a sentence end, less than
     * `recoverMaxLinkShare` link text) up to this many page blocks before Readability's first block
     * are put back; strip's rules still judge them like any block. Dev set: recall 0.910 -> 0.923,
     * precision 0.946 -> 0.942 (window 8: recall 0.915; 15, 25 and 40 all 0.921-0.923). Paragraphs
     * Readability dropped between its own blocks were tried too: they were as often cruft it had
     * rightly cleaned (F1 -0.001).
     */
    recoverMaxBlocksBefore: 20,
    recoverMinWords: 15,
    recoverMaxLinkShare: 0.5,
    /** An `<h1>` longer than this is not a headline (titles are held to 30 words as well: `metadata.titleMaxWords`). */
    headlineMaxWords: 30,
    /**
     * When the block model keeps fewer words than this, the text the page declares in JSON-LD
     * (articleBody, a product's description) stands in, if it says more: pages whose visible text
     * is filled by scripts, and bare product pages. The page's description does not: it is the
     * `excerpt` already, and on the dev pages whose body is empty it stood for no main text as often
     * as it stood for some (as text: 5 forum threads gained 0.06 F1 each, 4 pages with no main text
     * lost 1.0).
     */
    structuredBelowWords: 30,
  },
  blockTree: {
    /**
     * Ancestors looked at per block for names and places. Dev pages nest content 10–30 deep; the
     * names that tell content from chrome sit within a few levels of the text.
     */
    maxAncestors: 40,
    /** Class/id names of this many nearest ancestors count (a page's outer wrappers say little). */
    nameAncestors: 6,
    /** Repeated structures (cards, posts, rows) are looked for this many ancestors up. */
    repeatAncestors: 8,
    /** Siblings sharing a tag and class make a repeated group from this many, each with ≥ 2 blocks. */
    repeatMinMembers: 3,
    /**
     * Pages whose visible text has fewer words than this are read again with `<noscript>` as markup:
     * shells filled by scripts (Discourse forums serve the whole thread there for crawlers).
     */
    noscriptBelowWords: 50,
    /**
     * How many of a page's most frequent words count as its function words (a block-model feature).
     * Prose is made of them in every language (the, der, и, の…); menus, names and titles hardly use
     * them. Taking them from the page itself, rather than from word lists, works for languages no
     * list covers.
     */
    commonWords: 20,
    /** Members of a repeated group hold at least this many blocks each (a lone link repeats in every menu). */
    repeatMemberMinBlocks: 2,
    /**
     * A block's container (a block-model feature, as Readability's candidate would be) is its nearest
     * ancestor holding at least this share of the page's words or `containerMinWords` words, in at
     * least `containerMinBlocks` blocks. The block model was trained on these numbers: change them
     * and retrain (npm run train).
     */
    containerMinShare: 0.1,
    containerMinWords: 50,
    containerMinBlocks: 2,
  },
  pageModel: {
    /**
     * A page type is given when its model says at least this; below, the page is `other`. The type
     * models are one against the rest, so their probabilities need not add up to 1.
     */
    pageTypeMinProb: 0.35,
    /**
     * A page feature: the share of the page's words in blocks of at least this many words (long
     * paragraphs are what articles have and listings lack). The page models were trained on it.
     */
    longBlockMinWords: 40,
  },
  structured: {
    /**
     * JSON-LD items kept per page. Real pages declare a handful (a Yoast @graph: 5–10; a product
     * listing: one per product, rarely past 100); past this a page is padding, not describing itself.
     */
    maxItems: 200,
    /**
     * JSON-LD text parsed per page, all scripts together; scripts past it are skipped. Parsing 2 MB
     * of JSON takes a few milliseconds; a real article's JSON-LD is a few kB, a whole article body
     * inside it rarely past 100 kB.
     */
    maxJsonChars: 2_000_000,
    /** How deep arrays, `@graph` and `mainEntity` are followed: real nesting is 2–3 levels. */
    maxDepth: 8,
    /** Comments and answers taken into a forum item's body, after its own text. */
    maxReplies: 500,
    /** Posts rebuilt from a Discourse thread (a crawler-view page shows 20, preloaded JSON the same). */
    maxPosts: 500,
    /** Characters of HTML `discourseThread` writes; posts past it are left out. */
    maxThreadChars: 2_000_000,
    /**
     * Size of a `data-preloaded` attribute read at all. On the dev pages it is 40–400 kB (site
     * settings, the first posts); a larger one is not parsed.
     */
    maxPreloadedChars: 4_000_000,
    /**
     * Leave out quotes of earlier posts (`<aside class="quote">`) from Discourse posts: they repeat
     * text already in the thread, and readers (and the dev answers) skip them. WCXB dev, 18 crawler
     * view threads: P 0.835 -> 0.858, R 0.997 -> 0.988, F1 0.881 -> 0.889 (means over pages).
     */
    dropQuotes: true,
  },
  byline: {
    /** A marked element with this much text or more is a box about the author, not a byline. */
    maxChars: 100,
  },
  features: {
    /** Prose needs at least this many words: one-line captions, labels and headlines rarely reach it. */
    proseMinWords: 8,
    /**
     * Prose uses stop words: in running text of the languages stopwords-iso covers, a third to half
     * of the words are; lists of names, places and titles stay well under this.
     */
    proseMinStopwordDensity: 0.2,
    /** Stems are word prefixes this long, so inflected forms (tension/tensions, Russia/Russia's) meet. */
    stemLength: 5,
    /** Words shorter than this carry little topic and are skipped when measuring overlap. */
    stemMinWordLength: 3,
    /**
     * A line is headline-shaped up to this many words, where the caller gives no bound of its own
     * (subheadings, related headlines; titles are held to `metadata.titleMaxWords`).
     */
    headlineMaxWords: 25,
  },
  span: {
    /** Every block that is not prose costs at least this much (in characters of prose)… */
    chromeMinCost: 40,
    /** …or this share of its own length, whichever is more: long non-prose is lists and link rows. */
    chromeCostPerChar: 0.5,
    /** Short headline-shaped lines inside an article are its subheadings: they cost little. */
    headingCost: 10,
    /** Prose that is mostly link text is a teaser for another page. */
    linkedProseShare: 0.5,
    /** A short line ending like a sentence is article text too short to count for much. */
    sentenceMinWords: 3,
    /** A line this long is text even without a full stop (a list entry, a caption). */
    textMinWords: 8,
    /** A label opening another part of the page costs as much as this much prose. */
    sectionLabelCost: 400,
    /**
     * Pages run article first, then related stories, comments, consent dialogs: once this much prose
     * has gone by, each such label discounts the prose after it by this factor, so a long comment
     * thread or consent text does not outweigh the shorter article above it.
     */
    sectionDiscountAfterChars: 300,
    sectionDiscount: 0.7,
    /**
     * The discounts stop here: a menu that repeats "Imprint" and "Privacy" in every drop-down, or a
     * cookie dialog above the article, must not discount the article below it to nothing.
     */
    sectionDiscountFloor: 0.3,
    /**
     * Where the page repeats its headline (or a shortened copy of it), the article starts: that
     * block weighs like this much prose, drawing the span to the lead and byline right after it.
     */
    headlineWeight: 150,
    /** Shortened headlines keep at least this many words. */
    headlineMinWords: 3,
    /**
     * Text that is already the article (another extractor's output, a feed's body) has no span to
     * find: every line is article, and cutting by position loses its title, its lists and its tables.
     * What gives a whole page away is its menus: runs of short labels, above and below the article
     * above all. A text is whole when no run of menu entries between its lines of prose is longer
     * than this… (WCXB dev set: in the median page dump there are 24 menu entries above the first
     * line of prose, in the median answer text none. With these two settings 98% of the article
     * answers, 89% of all answers, and 2.5% of the WCXB and traf page dumps read as whole; the
     * dumps that do have short menus and lose nothing on the dev sets' scores, which are unchanged)
     */
    wholeMaxMenuRun: 8,
    /** …and it has at most this many menu entries before its first and after its last line of prose. */
    wholeMaxEdgeMenus: 3,
    /** A menu entry is a label of at most this many words (see isMenuEntry in ./clean/span.ts). */
    menuEntryMaxWords: 4,
  },
  structure: {
    /** Subheadings are short; a longer line without a full stop is a headline or a caption. */
    subheadingMaxWords: 15,
    /**
     * Inserted headlines of other stories are full headlines (7+ words, 45+ characters); shorter
     * subheadings name their section in two or three words that need not recur in it.
     */
    relatedMinWords: 7,
    relatedMinChars: 45,
    /** Below this share of its topic words used elsewhere in the article, a headline is off-topic… */
    relatedMaxOverlap: 0.5,
    /** …when the paragraphs on either side also use less than this share of them. */
    relatedMaxLocalOverlap: 0.25,
    /** A block that is this much link text is a link to somewhere else. */
    linkedShare: 0.9,
    /** Fragments of chrome at the edges: labels, counters, lone names; three words or fewer. */
    fragmentMaxWords: 3,
    /** A table of contents lists at least this many of the headings below it. */
    tocMinEntries: 2,
  },
  metadata: {
    /** A headline has at least this many words (section labels and kickers have fewer). */
    titleMinWords: 3,
    titleMaxWords: 30,
    /** Share of a headline's topic words the body must use; teasers for other stories score lower. */
    titleMinOverlap: 0.34,
    /** A truncated copy of the headline keeps at least this many words of it. */
    titleFragmentMinWords: 2,
    /** "Headline | Site name": at most this many words may follow a copy of the headline. */
    titleSuffixMaxWords: 6,
    /** Bylines and contact lines are short. */
    bylineMaxWords: 12,
    bylineNameMaxWords: 8,
    /** A dateline then a byline ("Published 17 May 2025 by Jane Doe") may have this many words more than a byline. */
    datedBylineExtraWords: 6,
    /** A name found without a label or a reporter title ("Jane Doe | 28 Nov") has at least this many words. */
    unlabelledNameMinWords: 2,
  },
  dates: {
    /** Datelines are short; longer lines are sentences that mention a date. */
    maxChars: 100,
    /** Share of the line (label removed) the date must cover to make the line a dateline. */
    minCoverage: 0.7,
    /**
     * Meta lines join the date to other short facts with separators ("21.04.2022 | Press releases",
     * "Friday | 14 June 2019 | 15:49 | 0 comments"): such a line is a dateline when one part is and
     * every other part has at most this many words.
     */
    segmentMaxWords: 8,
    /**
     * Share of a date from page metadata (`article:published_time`, JSON-LD) the parsed date must
     * cover: such a value is meant to be a date, so a looser bound than a line's `minCoverage`.
     */
    metaMinCoverage: 0.5,
    /** A parse covering this share of the line is taken at once, without asking the other languages' parsers. */
    sureCoverage: 0.95,
  },
  dedupe: {
    /** Shorter repeats are labels and buttons: strip's business, and sometimes legitimately repeated. */
    minChars: 20,
    /** Near-duplicates are judged on blocks of at least this many words (shorter ones differ too much per word). */
    nearMinWords: 8,
    /** Word n-grams compared for near-duplicates. */
    shingleSize: 3,
    /**
     * Share of n-grams two blocks must have in common (Jaccard) to count as the same block. One word
     * changed in n words leaves (n-5)/(n+1) of the trigrams shared: 0.67 at 17 words, 0.81 at 30;
     * so this allows about one changed word in every 17.
     */
    nearMinSimilarity: 0.65,
    /** A truncated copy keeps at least this many characters of the block it cuts short. */
    truncatedMinChars: 30,
  },
  sites: {
    /**
     * Site memory (../across/sites.ts, opt-in). A block is site chrome when its frame was on at least
     * this many pages of its site: two pages share a block by chance (a quote, a shared intro), and
     * the issue (18) asks for 3.
     */
    minPages: 3,
    /** …and on at least this share of the site's pages seen: a menu or footer is on nearly every page. */
    minShare: 0.3,
    /**
     * Blocks of at least this many words are prose: a page whose every prose block is repeated keeps
     * them (a page that is all repeats is a copy, not chrome), and `longProseWords` below protects more.
     */
    proseMinWords: 8,
    /**
     * A repeated paragraph of at least this many words standing before the page's last own block is
     * the article's own standing part (a series' intro, a recurring explainer), kept unless it is on
     * `nearlyAllShare` of the site's pages; a trailing one (disclaimer, author box) is judged as chrome.
     */
    longProseWords: 25,
    /** Share of a site's pages past which even a long paragraph inside the article is the template's. */
    nearlyAllShare: 0.9,
    /**
     * Frames counted per site. Past this, the frames seen on the fewest pages (mostly the articles'
     * own text, seen once) are forgotten first. A full site measured 81 KB of heap (Node 20: its
     * 53-bit hashes are heap numbers), and its saved state about 27 bytes a frame.
     */
    maxFramesPerSite: 1500,
    /** Sites remembered; past this the least recently learned is forgotten (LRU): all full, about 81 MB. */
    maxSites: 1000,
    /**
     * The one-pass Transform decides a record once this many more records have been read (or the
     * input ends), so it holds at most this many records; output stays in input order.
     */
    holdRecords: 1000,
  },
  lines: {
    /** Neighbourhood (lines either side) whose shape is averaged into a line's features. */
    window: 3,
    /** Distances to the nearest kept line are capped here: beyond, far is far. */
    maxDistance: 20,
    /** The page's common words: its this-many most frequent tokens. */
    commonWords: 30,
    /** Lines of at least this many words count as prose for the `long_run` feature. */
    proseWords: 10,
  },
  copies: {
    /**
     * Two records are copies when the share of their text's shingles they have in common (Jaccard,
     * estimated from their MinHash signatures) is at least this. A page fetched twice or a wire story
     * with its headline and a few words changed keeps well above it (one changed word costs 5
     * shingles, about 1% of a 500-word story); the first half of a story alone is 0.5, and separate
     * write-ups of one event share a few names, not runs of five words (well under 0.1).
     */
    threshold: 0.8,
    /** Words a shingle spans (characters, in Chinese, Japanese and Thai): 5 is the usual size for near-duplicate web text. */
    shingleWords: 5,
    /**
     * Records with fewer words than this are never grouped: shared boilerplate (a "page not found",
     * a cookie wall, a one-line teaser) is all a short record has, and two short ones match by chance.
     */
    minWords: 20,
    /**
     * MinHash values per record. The estimate of Jaccard J has a standard deviation of
     * sqrt(J(1 - J)/n): 0.035 at 0.8 with 128, so a pair of 0.7 passes 0.8 in under 1% of cases, and
     * a pair of 0.5 (6.8 deviations away) practically never.
     */
    signatureSize: 128,
    /**
     * Share of pairs at exactly the threshold that LSH hands to verification; the band layout follows
     * from it (see bandLayout in ./across/copies.ts): with 0.8 and 128 values, 21 bands of 6 rows,
     * comparing a pair with probability 1 - (1 - J^6)^21: 0.998 at J = 0.8, 0.28 at 0.5, 0.015 at
     * 0.3. Pairs further above the threshold are found more surely still; comparing is only a cost.
     */
    lshRecall: 0.99,
    /**
     * Signatures held: the most recent records that are no copy themselves; the oldest leaves first
     * (by record order). Each takes about 0.9 KB of typed arrays (its 512-byte signature, its band
     * keys and chain links, its share of the buckets): measured with 200,000 distinct texts, a
     * window of 50,000 held 98 MB of RSS over Node's own, 100,000 held 172 MB (the arrays, and
     * those the last doubling left to collect). At 50,000 a whole run with site memory and copies
     * stays under 300 MB (292 MB measured, two workers); a copy further back is not found.
     */
    windowRecords: 50_000,
  },
  stories: {
    /**
     * A record joins the story whose first record's term vector has at least this cosine with its
     * own. Measured with these weights (shipped df, 100 terms, both boosts): the five seed write-ups
     * of one Reuters report score 0.47 to 0.66 with each other, and at most 0.24 against any of the
     * 1,955 cleaned dev pages; 0.35 sits in that gap. Dev pages above it are pages of one site
     * sharing a template or a product line, or pages found for one search query (146 of 1.9 million pairs).
     */
    threshold: 0.35,
    /**
     * Of that cosine, at least this much must be carried by terms that are names or numbers in both
     * records. Write-ups of one event share who, where and how many; pages on one topic (ten sites'
     * "best electric cars" guides) share the topic's common nouns. Measured against the shipped
     * table: the five seed write-ups 0.40 to 0.52 with the first, the two same-event pairs of the
     * traf dev pages 0.27; the 105 pairs of WCXB dev HTML pages joined without this gate, median
     * 0.18. At 0.3 the traf pairs part; at 0.25 the WCXB HTML stories of two or more go from 38 to 12
     * (with the page types and dates as below).
     */
    namesThreshold: 0.25,
    /**
     * Records whose published dates are both known join a story only within this many days of its
     * first record: an event is written up within days, a topic is written about for years (the
     * dated dev pairs at 0.35 were 50 to 1,786 days apart).
     */
    maxDaysApart: 7,
    /** Records with fewer words than this get no story: a teaser or an error page has too few terms to tell. */
    minWords: 50,
    /**
     * Terms kept per record, the heaviest first: the vector compared, indexed and saved. 100 holds
     * the names, places and numbers of a news story; longer texts lose only terms with little weight.
     * Measured on the seeds against the dev pages: 50 terms, seed pairs 0.49–0.68 and the nearest dev
     * page 0.28; 100, 0.47–0.66 and 0.24; 200, 0.46–0.62 and 0.21 at twice the memory.
     */
    termsPerRecord: 100,
    /**
     * Weight multiplier for a term written with a capital where no sentence starts (a name, a
     * place): such words are what separate write-ups of one event share. Measured with `numberBoost`
     * (1.5 both against 1 both): seed pairs 0.39–0.55 → 0.47–0.66, dev pairs at or above 0.3
     * 307 → 258, the nearest dev page to a seed 0.195 → 0.236.
     */
    entityBoost: 1.5,
    /** Weight multiplier for a term with a digit (amounts, years, scores, dates). */
    numberBoost: 1.5,
    /**
     * Records a story stays open for and the stream's own document frequencies cover: the last this
     * many records, by position; the oldest leaves first. Measured over 3,913 cleaned dev records:
     * 3.7 KB of heap held per record (its 100 term hashes, a story's weights, the postings and the
     * window's counts of its terms; 825 bytes of it in the state file), so 20,000 is about 75 MB.
     */
    windowRecords: 20_000,
    /**
     * A record is compared with the open stories that share one of its terms, except terms that this
     * many open stories use: such a term is a common word of the stream (1% of the window), which
     * would put nearly every story up for comparison. Stories found by other terms still count it.
     * Without the bound a stream of pages sharing one vocabulary is quadratic (30,000 generated
     * pages of 16 words each: 47 s against 6 s without the step). No dev group changed with it.
     */
    storiesPerTerm: 200,
  },
  rules: {
    /**
     * A `label` rule's label ("Share:", "Tags |") is at most this long; a longer text before a
     * separator is a sentence, not a label. Registry-only (see FIXED): strip keeps the rules'
     * answers by block text across calls.
     */
    labelMaxChars: 40,
  },
} as const;

type Defaults = typeof DEFAULTS;
type Widen<T> = T extends boolean ? boolean : T extends number ? number : T;

/** A full set of settings: every area, every key (what resolveSettings returns). */
export type Settings = { readonly [A in keyof Defaults]: { readonly [K in keyof Defaults[A]]: Widen<Defaults[A][K]> } };

/** Overrides of some settings: any areas, any of their keys (`{ span: { textMinWords: 6 } }`). */
export type SettingsOverrides = { readonly [A in keyof Settings]?: Partial<Settings[A]> };

/** The option every cleaning step takes. */
export interface SettingsOption {
  /**
   * Overrides of the settings registry (see DEFAULTS in ./settings.ts), such as
   * `{ span: { textMinWords: 6 } }`. Unknown areas and keys, and values of the wrong type, are refused.
   */
  settings?: SettingsOverrides;
}

/** The areas, in registry order. */
export const SETTING_AREAS = Object.keys(DEFAULTS) as ReadonlyArray<keyof Defaults>;

for (const area of SETTING_AREAS) Object.freeze(DEFAULTS[area]);
Object.freeze(DEFAULTS);

/**
 * Settings that are in the registry but cannot be overridden per call, and why: their answers are
 * kept across calls by text alone, so another value would meet answers found with the default.
 */
export const FIXED: Readonly<Record<string, string>> = {
  'rules.labelMaxChars': "strip keeps the rules' answers by block text across calls (see RuleSet in ./clean/rule.ts)",
};

const resolved = new WeakMap<object, Settings>();

/**
 * The full settings for `overrides`: the defaults with the overrides on top, checked. Throws a
 * TypeError naming the setting ("settings.span.textMinWords: expected a number, got string") for
 * an unknown area or key or a value of the wrong type; a setting whose default is a whole number
 * (a count of words, characters, blocks) takes whole numbers, every number is finite and not
 * negative. The answer is kept for the same overrides object, so checking per record costs a lookup.
 */
export function resolveSettings(overrides: SettingsOverrides | undefined): Settings {
  if (overrides === undefined) return DEFAULTS;
  const known = typeof overrides === 'object' && overrides !== null ? resolved.get(overrides) : undefined;
  if (known) return known;
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    const areas = SETTING_AREAS.join(', ');
    throw new TypeError(`settings: expected an object of areas (${areas}), got ${describe(overrides)}`);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const area of SETTING_AREAS) out[area] = DEFAULTS[area];
  for (const [area, values] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULTS, area)) {
      throw new TypeError(`settings.${area}: unknown area (known: ${SETTING_AREAS.join(', ')})`);
    }
    if (values === undefined) continue;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new TypeError(`settings.${area}: expected an object of settings, got ${describe(values)}`);
    }
    const defaults = DEFAULTS[area as keyof Defaults] as Readonly<Record<string, unknown>>;
    const merged: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (!Object.hasOwn(defaults, key)) {
        throw new TypeError(`settings.${area}.${key}: unknown setting (known: ${Object.keys(defaults).join(', ')})`);
      }
      if (value === undefined) continue;
      const fixed = FIXED[`${area}.${key}`];
      if (fixed !== undefined) throw new TypeError(`settings.${area}.${key}: cannot be overridden per call: ${fixed}`);
      checkValue(`settings.${area}.${key}`, value, defaults[key]);
      merged[key] = value;
    }
    out[area] = Object.freeze(merged);
  }
  const settings = Object.freeze(out) as unknown as Settings;
  resolved.set(overrides, settings);
  return settings;
}

function checkValue(path: string, value: unknown, fallback: unknown): void {
  if (typeof fallback === 'boolean') {
    if (typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean, got ${describe(value)}`);
    return;
  }
  if (typeof value !== 'number') throw new TypeError(`${path}: expected a number, got ${describe(value)}`);
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`${path}: expected a finite number, 0 or more, got ${value}`);
  }
  if (Number.isInteger(fallback) && !Number.isInteger(value)) {
    throw new TypeError(`${path}: expected a whole number, got ${value}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `string ${JSON.stringify(value)}` : typeof value;
}

let current: Settings = DEFAULTS;

/** The settings of the step running now: the defaults, or what withSettings made current. */
export function settings(): Settings {
  return current;
}

/**
 * The settings a step given `overrides` runs with: those, resolved; without any, the current ones,
 * so that a step another step calls (dedupe inside stripAndDedupe) runs with its caller's.
 */
export function settingsFor(overrides: SettingsOverrides | undefined): Settings {
  return overrides === undefined ? current : resolveSettings(overrides);
}

/** Runs `run` (synchronous) with `resolved` as the current settings, and restores the ones before. */
export function withSettings<T>(resolved: Settings, run: () => T): T {
  if (resolved === current) return run();
  const before = current;
  current = resolved;
  try {
    return run();
  } finally {
    current = before;
  }
}

/**
 * Reads `--set` assignments (`span.textMinWords=6`) into overrides, on top of `base` (a settings
 * file's): the value is JSON where it parses as JSON (numbers, booleans), else the string it is,
 * which resolveSettings then refuses with the setting's name. Throws a TypeError for an assignment
 * without `area.key=`.
 */
export function parseAssignments(assignments: readonly string[], base: SettingsOverrides = {}): SettingsOverrides {
  // no prototype: an area or key named __proto__ must reach resolveSettings, which refuses it
  const out: Record<string, Record<string, unknown>> = Object.create(null);
  for (const [area, values] of Object.entries(base)) out[area] = Object.assign(Object.create(null), values);
  for (const assignment of assignments) {
    const match = /^([^.=\s]+)\.([^.=\s]+)=(.*)$/su.exec(assignment);
    if (!match) throw new TypeError(`--set ${assignment}: expected area.key=value, such as span.textMinWords=6`);
    const [, area, key, text] = match as unknown as [string, string, string, string];
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the string itself
    }
    (out[area] ??= Object.create(null) as Record<string, unknown>)[key] = value;
  }
  return out as SettingsOverrides;
}
