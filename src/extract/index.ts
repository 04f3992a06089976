/**
 * extract: a record's raw page (`source`) into blocks and metadata. HTML goes through the
 * Readability sieve (./html.ts), text through segmentation (./text.ts). Metadata the input record
 * already carried (its `title`, `lang`…) is kept: extraction only fills what is unknown.
 */
import { squeeze } from '../clean/features.js';
import { detectLanguage, primaryLanguage } from '../lang.js';
import { lazy } from '../lazy.js';
import { METADATA_KEYS, type Article, type Block, type Metadata } from '../record.js';
import type { HtmlOptions } from './html.js';
import { CONTROL_CHARS, segmentText } from './text.js';
import { settings, settingsFor, withSettings, type SettingsOption } from '../settings.js';

export type ExtractOptions = HtmlOptions & SettingsOption;

/** The HTML extractor and its parsers (about 0.4 s to load), loaded by the first HTML record. */
const html = lazy<typeof import('./html.js')>(import.meta.url, './html.js');

/** Turns `article.source` into `article.blocks` and metadata; records that failed pass untouched. */
export function extract(article: Article, options: ExtractOptions = {}): Article {
  if (article.error || !article.source) return article;
  return withSettings(settingsFor(options.settings), () => extractWith(article, article.source!, options));
}

function extractWith(article: Article, source: NonNullable<Article['source']>, options: ExtractOptions): Article {
  const { format, content } = source;
  delete article.source; // the raw page is the biggest thing a record holds; let it go early
  const url = typeof article.fields['url'] === 'string' ? article.fields['url'] : undefined;
  let meta: Partial<Metadata> = {};
  let declaredLang: string | null = null;
  if (format === 'html') {
    const found = html().extractHtml(content, url, options);
    article.blocks = withoutControls(found.blocks);
    article.extractedBy = found.extractedBy;
    if (found.pageType !== undefined) article.pageType = found.pageType;
    if (found.confidence !== undefined) article.confidence = found.confidence;
    if (found.dropped) article.removed.push(...found.dropped);
    meta = found.meta;
    declaredLang = found.declaredLang;
  } else {
    article.blocks = segmentText(content);
    article.extractedBy = 'text'; // segmentText drops control characters itself
  }
  for (const key of METADATA_KEYS) article.meta[key] = textWithoutControls(article.meta[key] ?? meta[key] ?? null);
  article.meta.lang = primaryLanguage(article.meta.lang) ?? languageOf(article.blocks) ?? primaryLanguage(declaredLang);
  article.meta.site ??= hostOf(url);
  return article;
}

/**
 * Blocks from HTML with control characters (see CONTROL_CHARS) dropped: they come through the DOM
 * (`&#1;`, raw bytes). Blocks left empty go; the rest keep their place (`index`) in the page.
 */
function withoutControls(blocks: Block[]): Block[] {
  if (!blocks.some((b) => b.text.search(CONTROL_CHARS) !== -1)) return blocks;
  const kept: Block[] = [];
  for (const block of blocks) {
    let text = block.text.replace(CONTROL_CHARS, '');
    // what stood between two spaces leaves two; code keeps its spacing
    if (block.kind !== 'code')
      text = text
        .split('\n')
        .map((line) => line.replace(/[^\S\n]+/gu, ' ').trim())
        .filter(Boolean)
        .join('\n');
    if (!text.trim()) continue;
    const cleaned: Block = { ...block, text };
    if (cleaned.linkChars !== undefined) cleaned.linkChars = Math.min(cleaned.linkChars, text.length);
    kept.push(cleaned);
  }
  return kept;
}

function textWithoutControls(value: string | null): string | null {
  if (value === null || value.search(CONTROL_CHARS) === -1) return value;
  return squeeze(value.replace(CONTROL_CHARS, '')) || null;
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
    if (sample.length >= settings().lang.detectSampleChars) break;
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
