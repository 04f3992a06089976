/**
 * The block model: which blocks of a page are its main content. A boosted-trees classifier
 * (./gbdt.ts) over each block's features (./blocks.ts), trained on the WCXB and traf dev pages by
 * scripts/train/train.ts, which also reports its quality cross-validated by site. The weights ship
 * as JSON beside this file and are read on first use.
 */
import { checkFeatures, modelFile, probability, type BoostedModel } from './gbdt.js';
import { FEATURE_NAMES, type BlockFeatures } from './blocks.js';
import { PAGE_FEATURE_NAMES, SELECTION_NAMES, type PageType } from './page.js';
import { DEFAULTS, settings } from '../settings.js';

/** The block model's file: boosted trees and the threshold chosen with them. */
export interface BlockModelFile {
  version: 1;
  /** What trained it, on which data. */
  source: string;
  /**
   * Blocks the model gives at least this probability of being content are kept: chosen by the
   * training script's cross-validated page F1 (its report prints the sweep).
   */
  keepAbove: number;
  /**
   * The threshold for pages of each type (as the page-type model tells them), each chosen the same
   * way on that type's pages: cards and rows want a lower one than articles.
   */
  keepAboveByType: Partial<Record<PageType, number>>;
  /** The cross-validated page F1 the threshold reached, overall and by page type. */
  cv: { pages?: number; folds?: number; f1?: number; byType?: Record<string, number> };
  /** Each block from its own features (FEATURE_NAMES). */
  model: BoostedModel;
}

/**
 * Where the model is read from. `DECRUFT_BLOCK_MODEL` points elsewhere, for the training scripts'
 * cross-validation (each fold's pages cleaned by a model that never saw them).
 */
const MODEL_URL = new URL('./model/blocks.json', import.meta.url);

/** The block model, read and checked on first use. */
export function blockModel(): BlockModelFile {
  return modelFile<BlockModelFile>('block model', 'DECRUFT_BLOCK_MODEL', MODEL_URL, (model) => checkFeatures(model.model, FEATURE_NAMES, 'block model'));
}

/** What the model says of each block of a page: the probability that it is content. */
export function contentProbabilities(features: BlockFeatures, model = blockModel()): number[] {
  return features.rows.map((row) => probability(model.model, row));
}

/** The page models' file: one page-type model per type, and the confidence model. */
export interface PageModelFile {
  version: 1;
  source: string;
  cv: { pages?: number; typeAccuracy?: number; confidenceSpearman?: number };
  types: PageType[];
  /** One model per type in `types`, each P(page is of the type) from PAGE_FEATURE_NAMES. */
  type: BoostedModel[];
  /** The page F1 to expect, from page features, type probabilities and SELECTION_NAMES (null while training). */
  confidence: BoostedModel | null;
}

/** The default settings of this module: `pageModel` in the registry (../settings.ts), where each says why. */
export const PAGE_MODEL_DEFAULTS = DEFAULTS.pageModel;

const PAGE_MODEL_URL = new URL('./model/page.json', import.meta.url);
/** The page models, read and checked on first use. */
export function pageModel(): PageModelFile {
  return modelFile<PageModelFile>('page model', 'DECRUFT_PAGE_MODEL', PAGE_MODEL_URL, (model) => {
    model.type.forEach((m, i) => checkFeatures(m, PAGE_FEATURE_NAMES, `page model, type ${model.types[i]}`));
    const confidenceFeatures = [...PAGE_FEATURE_NAMES, ...model.types.map((t) => `type_${t}`), ...SELECTION_NAMES];
    if (model.confidence) checkFeatures(model.confidence, confidenceFeatures, 'page model, confidence');
  });
}

/** What kind of page this is, and how well the extraction is likely to have done (0 to 1). */
export function judgePage(page: Float64Array, selection: Float64Array, model = pageModel()): { pageType: PageType; confidence?: number } {
  const probs = model.type.map((m) => probability(m, page));
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  const pageType = probs[best]! >= settings().pageModel.pageTypeMinProb ? model.types[best]! : 'other';
  if (!model.confidence) return { pageType };
  const row = new Float64Array(page.length + probs.length + selection.length);
  row.set(page);
  row.set(probs, page.length);
  row.set(selection, page.length + probs.length);
  const confidence = Math.round(probability(model.confidence, row) * 1000) / 1000;
  return { pageType, confidence };
}
