/**
 * Gradient-boosted trees, the inference half: a model is plain data (trees of feature/threshold
 * splits with leaf values, written by scripts/train/train.ts) and a prediction is a walk down each
 * tree. No native code, nothing loaded at run time but the JSON.
 */
import { readFileSync } from 'node:fs';

/** One tree, flattened: node `i` splits on `feature[i]` (−1 for a leaf, whose value is `value[i]`). */
export interface Tree {
  feature: number[];
  /** Rows whose feature is ≤ the threshold go left. */
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A boosted model: the sum of its trees' leaves plus `base` is the log-odds. */
export interface BoostedModel {
  /** Names of the features, in the order the rows hold them: checked against the code's own list. */
  features: string[];
  base: number;
  trees: Tree[];
}

/** The log-odds a model gives one row of features. */
export function margin(model: BoostedModel, row: ArrayLike<number>): number {
  const { roots, feature, threshold, left, right, value } = packed(model);
  let sum = model.base;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!;
    let f = feature[node]!;
    while (f >= 0) {
      node = row[f]! <= threshold[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    sum += value[node]!;
  }
  return sum;
}

/**
 * A model's trees laid end to end in typed arrays, child indexes made absolute: one walk over flat
 * memory instead of a few hundred small arrays (the line model judges every line of a text dump).
 */
interface PackedTrees {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

const packedModels = new WeakMap<BoostedModel, PackedTrees>();

function packed(model: BoostedModel): PackedTrees {
  let trees = packedModels.get(model);
  if (trees) return trees;
  const size = model.trees.reduce((n, tree) => n + tree.feature.length, 0);
  trees = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
  };
  let offset = 0;
  model.trees.forEach((tree, t) => {
    trees!.roots[t] = offset;
    for (let i = 0; i < tree.feature.length; i++) {
      trees!.feature[offset + i] = tree.feature[i]!;
      trees!.threshold[offset + i] = tree.threshold[i]!;
      trees!.left[offset + i] = offset + tree.left[i]!;
      trees!.right[offset + i] = offset + tree.right[i]!;
      trees!.value[offset + i] = tree.value[i]!;
    }
    offset += tree.feature.length;
  });
  packedModels.set(model, trees);
  return trees;
}

/** The probability a model gives one row (logistic of its margin). */
export function probability(model: BoostedModel, row: ArrayLike<number>): number {
  return 1 / (1 + Math.exp(-margin(model, row)));
}

/** Checks that a model was trained on the features the code computes, in the same order. */
export function checkFeatures(model: BoostedModel, names: readonly string[], what: string): void {
  const same = model.features.length === names.length && model.features.every((name, i) => name === names[i]);
  if (!same) {
    throw new Error(
      `${what}: the model was trained on other features than the code computes ` +
        `(${model.features.length} against ${names.length}); rebuild it with scripts/train/train.ts`,
    );
  }
}

const loaded = new Map<string, unknown>();

/**
 * A model file, read on first use and kept: from `url`, or from the file the environment variable
 * names (the training scripts' cross-validation); its version and features are checked against the
 * code's before it is used. A file that cannot be read is an error naming the model and the path.
 */
export function modelFile<T extends { version: number }>(what: string, variable: string, url: URL, check: (model: T) => void): T {
  let model = loaded.get(what) as T | undefined;
  if (model) return model;
  const path = process.env[variable] || url;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new Error(`${what}: cannot read ${path instanceof URL ? path.pathname : path}: ${(err as Error).message}`, { cause: err });
  }
  if (model.version !== 1) throw new Error(`${what}: version ${String(model.version)} is not one this decruft reads`);
  check(model);
  loaded.set(what, model);
  return model;
}
