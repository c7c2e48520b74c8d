import { frequentLevels, rowSlots, specOf, type FeatureSpec } from './encoding.js';
import { stratifiedHoldout } from './folds.js';
import { createUniform } from './random.js';
import { sigmoid } from './logistic.js';
import type { FeatureColumn } from './table.js';

/**
 * How a feature's values become histogram bins. Bin 0 is always the blank. Numeric: value v
 * goes to bin 1 + (number of edges < v), so bin k holds (edges[k−2], edges[k−1]].
 * Categorical: bins 1…K are the kept levels, K + 1 all other levels (rare or unseen).
 */
export type BinMapper = { kind: 'numeric'; edges: number[] } | { kind: 'categorical'; levels: string[] };

/**
 * A tree node. A split sends a row left when its bin of `feature` is in `leftBins`
 * (covering both threshold splits, with blanks on the side that fitted better, and
 * category-set splits). `cover` is the number of training rows that reached the node; TreeSHAP
 * uses it as the probability of each branch.
 */
export type GbdtNode =
  | { feature: number; leftBins: number[]; left: number; right: number; cover: number; gain: number }
  | { value: number; cover: number };

export type GbdtModel = {
  kind: 'gbdt';
  features: FeatureSpec[];
  bins: BinMapper[];
  /** Log-odds every row starts from: the training positive rate. */
  base: number;
  trees: GbdtNode[][];
  params: Required<GbdtParams>;
};

export type GbdtParams = {
  learningRate?: number;
  maxDepth?: number;
  /** Fewest training rows in a leaf. */
  minSamplesLeaf?: number;
  /** Smallest hessian sum (p(1−p) over its rows) in a leaf. */
  minChildWeight?: number;
  /** L2 penalty on leaf values: a leaf's value is −G / (H + λ) × learning rate. */
  lambda?: number;
  /** Share of the fitting rows each tree is grown on (drawn without replacement). */
  subsample?: number;
  maxBins?: number;
  maxTrees?: number;
  /** Stop when the validation log-loss has not improved for this many trees. */
  patience?: number;
  /** Share of the training rows held out (stratified) for early stopping. */
  validationFraction?: number;
  minLevelCount?: number;
  seed?: number;
};

export const GBDT_DEFAULTS: Required<GbdtParams> = {
  learningRate: 0.05,
  maxDepth: 3,
  minSamplesLeaf: 20,
  minChildWeight: 1,
  lambda: 1,
  subsample: 0.8,
  maxBins: 64,
  maxTrees: 1000,
  patience: 50,
  validationFraction: 0.15,
  minLevelCount: 10,
  seed: 0,
};

/** Quantile edges of the training values: at most maxBins − 1 value bins, one per distinct value when few. */
export function numericEdges(values: Float64Array, rows: readonly number[], maxBins: number): number[] {
  const present = rows.map((row) => values[row]!).filter((value) => !Number.isNaN(value));
  present.sort((a, b) => a - b);
  const distinct = present.filter((value, i) => i === 0 || value !== present[i - 1]);
  const valueBins = maxBins - 1;
  if (distinct.length <= valueBins) return distinct.slice(0, -1).map((value, i) => (value + distinct[i + 1]!) / 2);
  const edges: number[] = [];
  for (let k = 1; k < valueBins; k++) {
    const at = Math.floor((k * present.length) / valueBins);
    const lower = present[at - 1]!;
    const upper = present[at]!;
    if (lower === upper) {
      // Many rows share this value: cut just above it so it keeps a bin of its own.
      const next = distinct.find((value) => value > lower);
      if (next !== undefined) edges.push((lower + next) / 2);
    } else edges.push((lower + upper) / 2);
  }
  return [...new Set(edges)].sort((a, b) => a - b);
}

function binOfValue(edges: readonly number[], value: number): number {
  if (Number.isNaN(value)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export const binCount = (mapper: BinMapper): number =>
  mapper.kind === 'numeric' ? mapper.edges.length + 2 : mapper.levels.length + 2;

/** Bins of every row of the table, one Uint8Array per feature (a model's bins never exceed 256). */
export function binColumns(mappers: readonly BinMapper[], features: readonly FeatureColumn[]): Uint8Array[] {
  return mappers.map((mapper, f) => {
    const column = features[f]!;
    if (mapper.kind === 'numeric' && column.kind === 'numeric')
      return Uint8Array.from(column.values, (value) => binOfValue(mapper.edges, value));
    if (mapper.kind === 'categorical' && column.kind === 'categorical')
      return Uint8Array.from(rowSlots(column, mapper.levels));
    throw new RangeError(`Column "${column.name}" is ${column.kind}; the model binned it as ${mapper.kind}`);
  });
}

export function fitBinMappers(
  features: readonly FeatureColumn[],
  rows: readonly number[],
  params: Pick<Required<GbdtParams>, 'maxBins' | 'minLevelCount'>,
): BinMapper[] {
  return features.map((column) =>
    column.kind === 'numeric'
      ? { kind: 'numeric', edges: numericEdges(column.values, rows, Math.min(params.maxBins, 255)) }
      : {
          kind: 'categorical',
          levels: frequentLevels(column, rows, params.minLevelCount, Math.min(params.maxBins, 254)),
        },
  );
}

type Split = { feature: number; gain: number; leftBins: number[] };

type GrowContext = {
  bins: Uint8Array[];
  kinds: ('numeric' | 'categorical')[];
  nBins: number[];
  offsets: number[];
  totalBins: number;
  gradient: Float64Array;
  hessian: Float64Array;
  params: Required<GbdtParams>;
};

/** Histogram of (gradient, hessian, count) per feature bin over `rows`, flat: 3 numbers per bin. */
function buildHistogram(context: GrowContext, rows: Uint32Array): Float64Array {
  const histogram = new Float64Array(context.totalBins * 3);
  const { gradient, hessian } = context;
  context.bins.forEach((bins, f) => {
    const offset = context.offsets[f]! * 3;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const at = offset + bins[row]! * 3;
      histogram[at]! += gradient[row]!;
      histogram[at + 1]! += hessian[row]!;
      histogram[at + 2]! += 1;
    }
  });
  return histogram;
}

const score = (g: number, h: number, lambda: number) => (g * g) / (h + lambda);

/** The best split of a node from its histogram, or undefined when none gains or respects the leaf limits. */
function bestSplit(
  context: GrowContext,
  histogram: Float64Array,
  G: number,
  H: number,
  count: number,
): Split | undefined {
  const { lambda, minSamplesLeaf, minChildWeight } = context.params;
  const parentScore = score(G, H, lambda);
  let best: Split | undefined;
  const allowed = (h: number, c: number) => c >= minSamplesLeaf && h >= minChildWeight;
  const consider = (feature: number, gl: number, hl: number, cl: number, leftBins: () => number[]) => {
    const gr = G - gl;
    const hr = H - hl;
    const cr = count - cl;
    if (!allowed(hl, cl) || !allowed(hr, cr)) return;
    const gain = (score(gl, hl, lambda) + score(gr, hr, lambda) - parentScore) / 2;
    if (gain > 1e-12 && (!best || gain > best.gain)) best = { feature, gain, leftBins: leftBins() };
  };
  context.kinds.forEach((kind, f) => {
    const offset = context.offsets[f]! * 3;
    const nBins = context.nBins[f]!;
    const g = (bin: number) => histogram[offset + bin * 3]!;
    const h = (bin: number) => histogram[offset + bin * 3 + 1]!;
    const c = (bin: number) => histogram[offset + bin * 3 + 2]!;
    if (kind === 'numeric') {
      // Thresholds between value bins; blanks (bin 0) tried on each side.
      const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let t = 1; t < nBins - 1; t++) {
        gl += g(t);
        hl += h(t);
        cl += c(t);
        if (c(t) === 0) continue; // same split as the previous threshold
        consider(f, gl, hl, cl, () => range(1, t));
        if (c(0) > 0) consider(f, gl + g(0), hl + h(0), cl + c(0), () => [0, ...range(1, t)]);
      }
      // Blank against every value.
      if (c(0) > 0) consider(f, g(0), h(0), c(0), () => [0]);
      return;
    }
    // Categories ordered by their mean gradient ratio, then scanned like a threshold
    // (Fisher 1958; LightGBM's many-vs-many split): the best binary partition for a convex loss.
    const present = Array.from({ length: nBins }, (_, bin) => bin).filter((bin) => c(bin) > 0);
    present.sort((a, b) => g(a) / (h(a) + lambda) - g(b) / (h(b) + lambda));
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let k = 0; k < present.length - 1; k++) {
      const bin = present[k]!;
      gl += g(bin);
      hl += h(bin);
      cl += c(bin);
      consider(f, gl, hl, cl, () => present.slice(0, k + 1).sort((a, b) => a - b));
    }
  });
  return best;
}

function growTree(context: GrowContext, rows: Uint32Array): GbdtNode[] {
  const nodes: GbdtNode[] = [];
  const { lambda, learningRate, maxDepth } = context.params;
  const grow = (nodeRows: Uint32Array, histogram: Float64Array, depth: number): number => {
    const index = nodes.length;
    let G = 0;
    let H = 0;
    for (let i = 0; i < nodeRows.length; i++) {
      G += context.gradient[nodeRows[i]!]!;
      H += context.hessian[nodeRows[i]!]!;
    }
    const leaf = { value: (-G / (H + lambda)) * learningRate, cover: nodeRows.length };
    nodes.push(leaf);
    if (depth >= maxDepth) return index;
    const split = bestSplit(context, histogram, G, H, nodeRows.length);
    if (!split) return index;
    const goesLeft = new Uint8Array(context.nBins[split.feature]!);
    for (const bin of split.leftBins) goesLeft[bin] = 1;
    const bins = context.bins[split.feature]!;
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < nodeRows.length; i++) (goesLeft[bins[nodeRows[i]!]!] ? left : right).push(nodeRows[i]!);
    const leftRows = Uint32Array.from(left);
    const rightRows = Uint32Array.from(right);
    // Histogram subtraction: build the smaller child's, the larger one's is parent − smaller.
    const smallIsLeft = leftRows.length <= rightRows.length;
    const small = buildHistogram(context, smallIsLeft ? leftRows : rightRows);
    const large = histogram.map((value, k) => value - small[k]!);
    const node = {
      feature: split.feature,
      leftBins: split.leftBins,
      left: -1,
      right: -1,
      cover: nodeRows.length,
      gain: split.gain,
    };
    nodes[index] = node;
    node.left = grow(leftRows, smallIsLeft ? small : large, depth + 1);
    node.right = grow(rightRows, smallIsLeft ? large : small, depth + 1);
    return index;
  };
  grow(rows, buildHistogram(context, rows), 0);
  return nodes;
}

/** A tree with a lookup table per split, for fast routing of binned rows. */
type CompiledTree = { nodes: GbdtNode[]; goesLeft: (Uint8Array | undefined)[] };

function compileTree(nodes: GbdtNode[], nBins: readonly number[]): CompiledTree {
  return {
    nodes,
    goesLeft: nodes.map((node) => {
      if (!('feature' in node)) return undefined;
      const table = new Uint8Array(nBins[node.feature]!);
      for (const bin of node.leftBins) table[bin] = 1;
      return table;
    }),
  };
}

function leafOf(tree: CompiledTree, bins: readonly Uint8Array[], row: number): number {
  let index = 0;
  for (;;) {
    const node = tree.nodes[index]!;
    if (!('feature' in node)) return index;
    index = tree.goesLeft[index]![bins[node.feature]![row]!] ? node.left : node.right;
  }
}

const logLossOf = (labels: Uint8Array, margins: Float64Array, rows: readonly number[]) =>
  rows.reduce((total, row) => {
    const z = margins[row]!;
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    return total + softplus - labels[row]! * z;
  }, 0) / rows.length;

/**
 * Gradient-boosted trees for binary log-loss on `rows` of the table: quantile-binned
 * histogram splits, blanks routed to the better side, category-set splits, shrinkage, depth
 * and leaf limits, L2 on leaf values, seeded row subsampling, and early stopping on a
 * stratified validation part of `rows` (the trees after the best validation loss are dropped),
 * whole `groups` at a time when given (see `stratifiedHoldout`).
 */
export function fitGbdt(
  features: readonly FeatureColumn[],
  labels: Uint8Array,
  rows: readonly number[],
  options: GbdtParams = {},
  groups?: ArrayLike<string>,
): GbdtModel {
  const params = { ...GBDT_DEFAULTS, ...options };
  const mappers = fitBinMappers(features, rows, params);
  const nBins = mappers.map(binCount);
  const offsets = nBins.map((_, f) => nBins.slice(0, f).reduce((sum, n) => sum + n, 0));
  const bins = binColumns(mappers, features);
  const { train, validation } =
    params.validationFraction > 0
      ? stratifiedHoldout(labels, rows, params.validationFraction, params.seed + 7919, groups)
      : { train: rows.slice(), validation: [] as number[] };
  const positives = train.reduce((sum, row) => sum + labels[row]!, 0);
  const base = Math.log((positives + 0.5) / (train.length - positives + 0.5));
  const margins = new Float64Array(labels.length).fill(base);
  const context: GrowContext = {
    bins,
    kinds: features.map((column) => column.kind),
    nBins,
    offsets,
    totalBins: nBins.reduce((sum, n) => sum + n, 0),
    gradient: new Float64Array(labels.length),
    hessian: new Float64Array(labels.length),
    params,
  };
  const uniform = createUniform(params.seed);
  const trees: GbdtNode[][] = [];
  let bestLoss = Infinity;
  let bestCount = 0;
  const sampleSize = Math.max(1, Math.round(train.length * params.subsample));
  const pool = Uint32Array.from(train);
  for (let t = 0; t < params.maxTrees; t++) {
    for (const row of train) {
      const p = sigmoid(margins[row]!);
      context.gradient[row] = p - labels[row]!;
      context.hessian[row] = Math.max(p * (1 - p), 1e-16);
    }
    let sample = pool;
    if (sampleSize < pool.length) {
      // Partial Fisher–Yates: the first sampleSize entries become a uniform sample.
      for (let i = 0; i < sampleSize; i++) {
        const j = i + Math.floor(uniform() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      sample = pool.slice(0, sampleSize).sort();
    }
    const nodes = growTree(context, sample);
    const compiled = compileTree(nodes, nBins);
    trees.push(nodes);
    for (const row of train) margins[row]! += (nodes[leafOf(compiled, bins, row)] as { value: number }).value;
    if (validation.length === 0) {
      bestCount = trees.length;
      continue;
    }
    for (const row of validation) margins[row]! += (nodes[leafOf(compiled, bins, row)] as { value: number }).value;
    const loss = logLossOf(labels, margins, validation);
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      bestCount = trees.length;
    } else if (trees.length - bestCount >= params.patience) break;
  }
  return {
    kind: 'gbdt',
    features: features.map(specOf),
    bins: mappers,
    base,
    trees: trees.slice(0, bestCount),
    params,
  };
}

/** Log-odds of the positive class for `rows` (columns in the model's feature order). */
export function gbdtMargins(
  model: GbdtModel,
  features: readonly FeatureColumn[],
  rows: readonly number[],
): Float64Array {
  const bins = binColumns(model.bins, features);
  const nBins = model.bins.map(binCount);
  const compiled = model.trees.map((nodes) => compileTree(nodes, nBins));
  return Float64Array.from(rows, (row) => {
    let z = model.base;
    for (const tree of compiled) z += (tree.nodes[leafOf(tree, bins, row)] as { value: number }).value;
    return z;
  });
}

export { compileTree, leafOf, type CompiledTree };
