/**
 * Gradient-boosted trees, the training half (inference: src/extract/gbdt.ts). Histogram boosting
 * with logistic loss, as LightGBM and XGBoost's `hist` do it, small enough to read: features are cut
 * into at most `bins` quantile bins once, each tree grows level by level to `depth`, splits are
 * chosen by the second-order gain with L2 regularisation, and every tree sees a seeded random half
 * of the rows. The same seed and data give the same model, byte for byte.
 */
import type { BoostedModel, Tree } from '../../src/extract/gbdt.js';

export interface BoostOptions {
  trees: number;
  depth: number;
  learningRate: number;
  /** Smallest sum of hessians (weighted p(1−p)) a leaf may hold. */
  minHessian: number;
  /** L2 regularisation of leaf values. */
  lambda: number;
  subsample: number;
  bins: number;
  seed: number;
}

export const BOOST_DEFAULTS: BoostOptions = {
  trees: 200,
  depth: 5,
  learningRate: 0.1,
  minHessian: 5,
  lambda: 1,
  subsample: 0.5,
  bins: 32,
  seed: 16,
};

/** Rows of features in one flat array, `width` values a row. */
export interface Dataset {
  X: Float64Array;
  width: number;
  y: Float64Array;
  w: Float64Array;
}

/** A seeded PRNG (mulberry32): reproducible row samples. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains a boosted model of P(y = 1) on a dataset. */
export function boost(data: Dataset, names: string[], options: Partial<BoostOptions> = {}): BoostedModel {
  const o = { ...BOOST_DEFAULTS, ...options };
  const n = data.y.length;
  const F = data.width;
  const cuts = binCuts(data, o.bins);
  // binned features, column-major: a histogram pass reads one column at a time
  const binned = new Uint8Array(n * F);
  for (let f = 0; f < F; f++) {
    const c = cuts[f]!;
    for (let i = 0; i < n; i++) binned[f * n + i] = binOf(c, data.X[i * F + f]!);
  }
  let wy = 0;
  let wt = 0;
  for (let i = 0; i < n; i++) {
    wy += data.w[i]! * data.y[i]!;
    wt += data.w[i]!;
  }
  const prior = Math.min(Math.max(wy / wt, 1e-6), 1 - 1e-6);
  const base = Math.log(prior / (1 - prior));
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const rand = random(o.seed);
  const trees: Tree[] = [];
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-score[i]!));
      g[i] = (p - data.y[i]!) * data.w[i]!;
      h[i] = Math.max(p * (1 - p), 1e-6) * data.w[i]!;
    }
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (rand() < o.subsample) rows.push(i);
    const tree = growTree(binned, n, F, cuts, g, h, Uint32Array.from(rows), o);
    // every row moves by its leaf, sampled or not
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        node = data.X[i * F + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      }
      score[i] = score[i]! + tree.value[node]!;
    }
    trees.push(tree);
  }
  return { features: names, base, trees };
}

/** Quantile cut points of each feature (at most `bins` − 1), from the distinct values seen. */
function binCuts(data: Dataset, bins: number): Float64Array[] {
  const n = data.y.length;
  const F = data.width;
  const step = Math.max(1, Math.floor(n / 50000));
  const cuts: Float64Array[] = [];
  for (let f = 0; f < F; f++) {
    const values: number[] = [];
    for (let i = 0; i < n; i += step) values.push(data.X[i * F + f]!);
    values.sort((a, b) => a - b);
    const chosen: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = values[Math.floor((b * values.length) / bins)]!;
      if (v !== chosen[chosen.length - 1] && v < values[values.length - 1]!) chosen.push(v);
    }
    cuts.push(Float64Array.from(chosen));
  }
  return cuts;
}

/** The bin of a value: the first cut it is ≤ to, or past the last. */
function binOf(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function growTree(binned: Uint8Array, n: number, F: number, cuts: Float64Array[], g: Float64Array, h: Float64Array, rows: Uint32Array, o: BoostOptions): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const addLeaf = (G: number, H: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + o.lambda)) * o.learningRate);
    return tree.feature.length - 1;
  };
  type Pending = { node: number; rows: Uint32Array; depth: number; G: number; H: number; hist: Float64Array | null };
  let G0 = 0;
  let H0 = 0;
  for (const i of rows) {
    G0 += g[i]!;
    H0 += h[i]!;
  }
  // histograms of every feature, (g, h) pairs per bin, laid out feature after feature
  const stride = o.bins * 2;
  const histogram = (list: Uint32Array) => {
    const hist = new Float64Array(F * stride);
    for (let f = 0; f < F; f++) {
      const offset = f * n;
      const base = f * stride;
      for (const i of list) {
        const b = base + binned[offset + i]! * 2;
        hist[b] = hist[b]! + g[i]!;
        hist[b + 1] = hist[b + 1]! + h[i]!;
      }
    }
    return hist;
  };
  const queue: Pending[] = [{ node: addLeaf(G0, H0), rows, depth: 0, G: G0, H: H0, hist: null }];
  while (queue.length) {
    const job = queue.shift()!;
    if (job.depth >= o.depth || job.H < 2 * o.minHessian) continue;
    const hist = job.hist ?? histogram(job.rows);
    const parentGain = (job.G * job.G) / (job.H + o.lambda);
    let best = { gain: 1e-9, feature: -1, bin: -1, GL: 0, HL: 0 };
    for (let f = 0; f < F; f++) {
      const nb = cuts[f]!.length + 1;
      if (nb < 2) continue;
      let GL = 0;
      let HL = 0;
      for (let b = 0; b < nb - 1; b++) {
        GL += hist[f * stride + b * 2]!;
        HL += hist[f * stride + b * 2 + 1]!;
        const HR = job.H - HL;
        if (HL < o.minHessian || HR < o.minHessian) continue;
        const GR = job.G - GL;
        const gain = (GL * GL) / (HL + o.lambda) + (GR * GR) / (HR + o.lambda) - parentGain;
        if (gain > best.gain) best = { gain, feature: f, bin: b, GL, HL };
      }
    }
    if (best.feature < 0) continue;
    const offset = best.feature * n;
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (const i of job.rows) (binned[offset + i]! <= best.bin ? leftRows : rightRows).push(i);
    const GR = job.G - best.GL;
    const HR = job.H - best.HL;
    const left = addLeaf(best.GL, best.HL);
    const right = addLeaf(GR, HR);
    tree.feature[job.node] = best.feature;
    tree.threshold[job.node] = cuts[best.feature]![best.bin]!;
    tree.left[job.node] = left;
    tree.right[job.node] = right;
    tree.value[job.node] = 0;
    const L = Uint32Array.from(leftRows);
    const R = Uint32Array.from(rightRows);
    let histL: Float64Array | null = null;
    let histR: Float64Array | null = null;
    if (job.depth + 1 < o.depth) {
      // the smaller child's histogram is counted, the larger one's is the parent's minus it
      const small = histogram(L.length <= R.length ? L : R);
      const large = new Float64Array(hist.length);
      for (let j = 0; j < hist.length; j++) large[j] = hist[j]! - small[j]!;
      [histL, histR] = L.length <= R.length ? [small, large] : [large, small];
    }
    queue.push({ node: left, rows: L, depth: job.depth + 1, G: best.GL, H: best.HL, hist: histL });
    queue.push({ node: right, rows: R, depth: job.depth + 1, G: GR, H: HR, hist: histR });
  }
  return tree;
}
