import type { CompiledTree } from './gbdt.js';

type PathElement = { feature: number; zero: number; one: number; weight: number };

// The three helpers follow Lundberg, Erion & Lee (2018), "Consistent individualized feature
// attribution for tree ensembles", Algorithm 2, as in the shap package's tree_shap.h
// (extend_path, unwind_path, unwound_path_sum), with 0-based indices.
function extendPath(path: PathElement[], depth: number, zero: number, one: number, feature: number): void {
  path[depth] = { feature, zero, one, weight: depth === 0 ? 1 : 0 };
  for (let i = depth - 1; i >= 0; i--) {
    path[i + 1]!.weight += (one * path[i]!.weight * (i + 1)) / (depth + 1);
    path[i]!.weight = (zero * path[i]!.weight * (depth - i)) / (depth + 1);
  }
}

function unwindPath(path: PathElement[], depth: number, index: number): void {
  const { one, zero } = path[index]!;
  let nextOne = path[depth]!.weight;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const previous = path[i]!.weight;
      path[i]!.weight = (nextOne * (depth + 1)) / ((i + 1) * one);
      nextOne = previous - (path[i]!.weight * zero * (depth - i)) / (depth + 1);
    } else {
      path[i]!.weight = (path[i]!.weight * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    const next = path[i + 1]!;
    path[i] = { ...path[i]!, feature: next.feature, zero: next.zero, one: next.one };
  }
}

function unwoundPathSum(path: PathElement[], depth: number, index: number): number {
  const { one, zero } = path[index]!;
  let nextOne = path[depth]!.weight;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const part = (nextOne * (depth + 1)) / ((i + 1) * one);
      total += part;
      nextOne = path[i]!.weight - (part * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += path[i]!.weight / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/**
 * Exact TreeSHAP (path-dependent): adds to `phi[f]` each feature's Shapley value for one row
 * of one tree, where a feature left out of a coalition is integrated out by following both
 * branches in proportion to their training cover. `goesLeft(node)` routes the row at a split.
 * Σ phi over features = the row's leaf value − the tree's cover-weighted mean leaf value.
 */
export function treeShap(tree: CompiledTree, goesLeft: (node: number) => boolean, phi: Float64Array): void {
  const recurse = (
    node: number,
    parentPath: PathElement[],
    depthIn: number,
    zero: number,
    one: number,
    feature: number,
  ) => {
    const path = parentPath.slice(0, depthIn + 1).map((element) => ({ ...element }));
    let depth = depthIn;
    extendPath(path, depth, zero, one, feature);
    const current = tree.nodes[node]!;
    if (!('feature' in current)) {
      for (let i = 1; i <= depth; i++) {
        const weight = unwoundPathSum(path, depth, i);
        const element = path[i]!;
        phi[element.feature]! += weight * (element.one - element.zero) * current.value;
      }
      return;
    }
    const [hot, cold] = goesLeft(node) ? [current.left, current.right] : [current.right, current.left];
    const cover = current.cover;
    const hotZero = tree.nodes[hot]!.cover / cover;
    const coldZero = tree.nodes[cold]!.cover / cover;
    let incomingZero = 1;
    let incomingOne = 1;
    const seen = path.findIndex((element, i) => i <= depth && element.feature === current.feature);
    if (seen >= 0) {
      incomingZero = path[seen]!.zero;
      incomingOne = path[seen]!.one;
      unwindPath(path, depth, seen);
      depth -= 1;
    }
    recurse(hot, path, depth + 1, hotZero * incomingZero, incomingOne, current.feature);
    recurse(cold, path, depth + 1, coldZero * incomingZero, 0, current.feature);
  };
  recurse(0, [], 0, 1, 1, -1);
}

/** A tree's expected output: its leaf values weighted by training cover. */
export function treeExpectedValue(tree: CompiledTree): number {
  const visit = (node: number): number => {
    const current = tree.nodes[node]!;
    if (!('feature' in current)) return current.value;
    return (
      (tree.nodes[current.left]!.cover * visit(current.left) +
        tree.nodes[current.right]!.cover * visit(current.right)) /
      current.cover
    );
  };
  return visit(0);
}
