/**
 * extract: a record's raw page (`source`) into blocks and metadata. HTML goes through the
 * Readability sieve (./html.ts), text through segmentation (./text.ts). Metadata the input record
 * already carried (its `title`, `lang`…) is kept: extraction only fills what is unknown.
 */
import { DETECT_SAMPLE_CHARS, detectLanguage, primaryLanguage } from '../lang.js';
import { METADATA_KEYS, type Article, type Block, type Metadata } from '../record.js';
import { extractHtml, type HtmlOptions } from './html.js';
import { segmentText } from './text.js';

export type ExtractOptions = HtmlOptions;

/** Turns `article.source` into `article.blocks` and metadata; records that failed pass untouched. */
export function extract(article: Article, options: ExtractOptions = {}): Article {
  if (article.error || !article.source) return article;
  const { format, content } = article.source;
  delete article.source; // the raw page is the biggest thing a record holds; let it go early
  const url = typeof article.fields['url'] === 'string' ? article.fields['url'] : undefined;
  let meta: Partial<Metadata> = {};
  let declaredLang: string | null = null;
  if (format === 'html') {
    const found = extractHtml(content, url, options);
    article.blocks = found.blocks;
    article.extractedBy = found.extractedBy;
    meta = found.meta;
    declaredLang = found.declaredLang;
  } else {
    article.blocks = segmentText(content);
    article.extractedBy = 'text';
  }
  for (const key of METADATA_KEYS) article.meta[key] ??= meta[key] ?? null;
  article.meta.lang = primaryLanguage(article.meta.lang) ?? languageOf(article.blocks) ?? primaryLanguage(declaredLang);
  article.meta.site ??= hostOf(url);
  return article;
}

/**
 * The language the article is written in, detected from its longest blocks: a page flattened to
 * text opens with menus, and sometimes with a paragraph of spam in another language, while the
 * article is where the long paragraphs are. Detection from the text wins over the page's declared
 * `lang`: templates declare one language for every page (German sites declaring `en` are common).
 */
function languageOf(blocks: readonly Block[]): string | null {
  const longest = [...blocks].sort((a, b) => b.text.length - a.text.length);
  let sample = '';
  for (const block of longest) {
    if (sample.length >= DETECT_SAMPLE_CHARS) break;
    sample += block.text + '\n';
  }
  return detectLanguage(sample);
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return host ? host.replace(/^www\./u, '') : null;
  } catch {
    return null;
  }
}
