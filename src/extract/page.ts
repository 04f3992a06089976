/**
 * Page-level evidence: what kind of page this is (article, forum, product, collection, listing,
 * documentation, service) and how sure the extraction can be of its result. Read from the URL, the
 * structured data the page declares, and the block tree's aggregates; the models that weigh it are
 * in ./model.ts, trained by scripts/train/train.ts.
 */
import type { BlockFeatures, BlockTree } from './blocks.js';
import { FEATURE_NAMES } from './blocks.js';
import type { Structured } from './structured.js';
import { settings } from '../settings.js';

/** The page types decruft tells apart (WCXB's seven), and `other` when it cannot tell. */
export type PageType = 'article' | 'forum' | 'product' | 'collection' | 'listing' | 'documentation' | 'service' | 'other';
export const PAGE_TYPES: readonly Exclude<PageType, 'other'>[] = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service'];

/**
 * Words in a URL's path that tell a kind of page, on any site: the conventions of CMSs, shops,
 * forum and documentation software.
 */
const URL_FAMILIES = {
  forum: /\b(?:forums?|threads?|topics?|t|community|discuss(?:ion)?s?|viewtopic|showthread|questions?|answers|board|r)\b/u,
  docs: /\b(?:docs?|documentation|reference|api|guides?|manual|wiki|learn|tutorials?|handbook|kb|knowledge-?base|help)\b/u,
  product: /\b(?:products?|p|dp|item|sku|buy|shop\/p)\b/u,
  collection: /\b(?:collections?|categor(?:y|ies)|c|tags?|archives?|brands?|departments?|shop|store|recipes)\b/u,
  listing: /\b(?:search|jobs?|careers|listings?|results|events|directory|properties|homes|rentals|classifieds|find)\b/u,
  news: /\b(?:news|blog|articles?|story|stories|posts?|opinion|\d{4}\/\d{2})\b/u,
  service: /\b(?:pricing|plans|features|solutions|services?|about|contact|company|enterprise|platform|why|teams?)\b/u,
} as const;
type UrlFamily = keyof typeof URL_FAMILIES;
const URL_KEYS = Object.keys(URL_FAMILIES) as UrlFamily[];

/** JSON-LD `@type`s and `og:type`s grouped by what they say about the page. */
const TYPE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  article: [
    'article',
    'newsarticle',
    'blogposting',
    'reportagearticle',
    'opinionnewsarticle',
    'analysisnewsarticle',
    'liveblogposting',
    'techarticle',
    'scholarlyarticle',
  ],
  forum: ['discussionforumposting', 'qapage', 'question', 'answer', 'comment', 'socialmediaposting'],
  product: ['product', 'productgroup', 'offer', 'aggregateoffer', 'aggregaterating', 'individualproduct'],
  collection: ['collectionpage', 'itemlist', 'offercatalog'],
  listing: ['searchresultspage', 'jobposting', 'event', 'realestatelisting', 'residence', 'accommodation'],
  docs: ['techarticle', 'howto', 'softwaresourcecode', 'apireference'],
  service: ['organization', 'corporation', 'localbusiness', 'service', 'softwareapplication', 'faqpage', 'webapplication', 'aboutpage', 'contactpage'],
};
const TYPE_KEYS = Object.keys(TYPE_FAMILIES);

const FEATURE = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<string, number>;
/** Block features whose page-wide, word-weighted mean says something about the page's kind. */
const MEANS = [
  'link_density',
  'common_words',
  'ends_sentence',
  'in_repeat',
  'in_main',
  'in_article',
  'in_form',
  'in_table',
  'in_list',
  'name_post',
  'name_product',
  'name_card',
  'name_content',
  'price',
  'date',
  'key_value',
  'kind_heading',
  'kind_list-item',
  'kind_code',
  'kind_table',
];

/** Names of the page features, in order: the contract with the page-type model. */
export const PAGE_FEATURE_NAMES: readonly string[] = [
  ...URL_KEYS.map((k) => `url_${k}`),
  'url_depth',
  'url_slug_words',
  'url_query',
  'url_ends_number',
  ...TYPE_KEYS.map((k) => `ld_${k}`),
  'og_article',
  'og_product',
  'og_website',
  'log_words',
  'log_blocks',
  'repeat_word_share',
  'max_repeat_members',
  'log_prices',
  'log_dates',
  'log_headings',
  'log_code',
  'log_tables',
  'long_paragraph_share',
  'noscript',
  ...MEANS.map((m) => `mean_${m}`),
];

/** The page's features for the page-type and confidence models (PAGE_FEATURE_NAMES order). */
export function pageFeatures(tree: BlockTree, features: BlockFeatures, url: string | undefined, structured: Structured | null): Float64Array {
  const row = new Float64Array(PAGE_FEATURE_NAMES.length);
  let k = 0;
  const put = (v: number) => (row[k++] = Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);
  const path = pathOf(url);
  for (const key of URL_KEYS) put(URL_FAMILIES[key].test(path.text) ? 1 : 0);
  put(Math.min(path.depth, 8) / 8);
  put(Math.min(path.slugWords, 12) / 12);
  put(path.query ? 1 : 0);
  put(path.endsNumber ? 1 : 0);
  const types = new Set([...(structured?.types ?? []), ...(structured?.itemtypes ?? [])]);
  for (const key of TYPE_KEYS) put(TYPE_FAMILIES[key]!.some((t) => types.has(t)) ? 1 : 0);
  const og = structured?.ogType ?? '';
  put(og === 'article' ? 1 : 0);
  put(og.includes('product') ? 1 : 0);
  put(og === 'website' ? 1 : 0);

  const { words, blocks } = tree;
  const rows = features.rows;
  let total = 0;
  for (const w of words) total += w + 1;
  const at = (name: string) => FEATURE[name]!;
  const count = (name: string) => rows.reduce((s, r) => s + (r[at(name)]! > 0 ? 1 : 0), 0);
  const weighted = (name: string) => (total ? rows.reduce((s, r, i) => s + r[at(name)]! * (words[i]! + 1), 0) / total : 0);
  put(Math.log1p(total));
  put(Math.log1p(blocks.length));
  put(weighted('in_repeat'));
  put(rows.reduce((m, r) => Math.max(m, r[at('log_repeat_members')]!), 0));
  put(Math.log1p(count('price')));
  put(Math.log1p(count('date')));
  put(Math.log1p(count('kind_heading')));
  put(Math.log1p(count('kind_code')));
  put(Math.log1p(count('kind_table')));
  const long = settings().pageModel.longBlockMinWords;
  put(total ? words.reduce((s, w) => s + (w >= long ? w : 0), 0) / total : 0);
  put(tree.noscript ? 1 : 0);
  for (const name of MEANS) put(weighted(name));
  return row;
}

/**
 * What the block model's verdict looks like on this page, for the confidence model: how much it
 * kept, how sure it was of what it kept and of what it left.
 */
export const SELECTION_NAMES: readonly string[] = [
  'kept_log_words',
  'kept_word_share',
  'kept_mean_p',
  'unsure_word_share',
  'dropped_mean_p',
  'structured_source',
];

/** The selection features of a page (SELECTION_NAMES order). */
export function selectionFeatures(p: readonly number[], words: readonly number[], keepAbove: number, structuredSource: boolean): Float64Array {
  let kept = 0;
  let all = 0;
  let keptP = 0;
  let unsure = 0;
  let dropped = 0;
  let droppedP = 0;
  for (let i = 0; i < p.length; i++) {
    const w = words[i]! + 1;
    all += w;
    if (p[i]! >= 0.3 && p[i]! <= 0.7) unsure += w;
    if (p[i]! >= keepAbove) {
      kept += w;
      keptP += p[i]! * w;
    } else {
      dropped += w;
      droppedP += p[i]! * w;
    }
  }
  const row = Float64Array.of(
    Math.log1p(kept),
    all ? kept / all : 0,
    kept ? keptP / kept : 0,
    all ? unsure / all : 0,
    dropped ? droppedP / dropped : 0,
    structuredSource ? 1 : 0,
  );
  for (let i = 0; i < row.length; i++) row[i] = Math.round(row[i]! * 1e4) / 1e4;
  return row;
}

function pathOf(url: string | undefined): {
  text: string;
  depth: number;
  slugWords: number;
  query: boolean;
  endsNumber: boolean;
} {
  let parsed: URL | null;
  try {
    parsed = url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed) return { text: '', depth: 0, slugWords: 0, query: false, endsNumber: false };
  const path = decodeSafely(parsed.pathname).toLowerCase();
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  return {
    text: `${parsed.hostname.toLowerCase()} ${path}`,
    depth: segments.length,
    slugWords: last.split(/[-_]/u).filter(Boolean).length,
    query: parsed.search.length > 1,
    endsNumber: /\d+(?:\.html?)?$/u.test(last),
  };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
