import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binColumns, binCount, compileTree, fitGbdt, type CompiledTree } from './gbdt.js';
import { createUniform } from './random.js';
import type { FeatureColumn } from './table.js';
import { treeExpectedValue, treeShap } from './tree-shap.js';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

/** E[tree(x) | the features in `known` equal x's], features outside `known` integrated out by cover. */
function conditionalValue(
  tree: CompiledTree,
  goesLeft: (node: number) => boolean,
  known: Set<number>,
  node = 0,
): number {
  const current = tree.nodes[node]!;
  if (!('feature' in current)) return current.value;
  if (known.has(current.feature))
    return conditionalValue(tree, goesLeft, known, goesLeft(node) ? current.left : current.right);
  const left = tree.nodes[current.left]!.cover;
  const right = tree.nodes[current.right]!.cover;
  return (
    (left * conditionalValue(tree, goesLeft, known, current.left) +
      right * conditionalValue(tree, goesLeft, known, current.right)) /
    current.cover
  );
}

/** Shapley values by their definition: every coalition, weighted |S|! (M − |S| − 1)! / M!. */
function bruteForceShapley(tree: CompiledTree, goesLeft: (node: number) => boolean, features: number): number[] {
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  return Array.from({ length: features }, (_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << features; mask++) {
      if (mask & (1 << i)) continue;
      const known = new Set(Array.from({ length: features }, (_, f) => f).filter((f) => mask & (1 << f)));
      const weight = (factorial(known.size) * factorial(features - known.size - 1)) / factorial(features);
      const without = conditionalValue(tree, goesLeft, known);
      known.add(i);
      phi += weight * (conditionalValue(tree, goesLeft, known) - without);
    }
    return phi;
  });
}

test('TreeSHAP equals the Shapley values by definition and sums to the leaf minus the expected value', () => {
  // Deep trees on 4 features, one of them categorical, so paths split on the same feature twice.
  const uniform = createUniform(21);
  const n = 400;
  const a = Array.from({ length: n }, () => uniform());
  const b = Array.from({ length: n }, () => (uniform() < 0.1 ? NaN : uniform()));
  const c = Array.from({ length: n }, () => ['x', 'y', 'z'][Math.floor(uniform() * 3)]!);
  const d = Array.from({ length: n }, () => uniform());
  const features: FeatureColumn[] = [
    { name: 'a', kind: 'numeric', values: Float64Array.from(a) },
    { name: 'b', kind: 'numeric', values: Float64Array.from(b) },
    {
      name: 'c',
      kind: 'categorical',
      levels: ['x', 'y', 'z'],
      codes: Int32Array.from(c, (level) => ['x', 'y', 'z'].indexOf(level)),
    },
    { name: 'd', kind: 'numeric', values: Float64Array.from(d) },
  ];
  const labels = Uint8Array.from({ length: n }, (_, i) =>
    uniform() < (a[i]! > 0.5 !== b[i]! > 0.3 ? 0.8 : 0.2) * (c[i] === 'z' ? 1 : 0.7) ? 1 : 0,
  );
  const model = fitGbdt(
    features,
    labels,
    Array.from({ length: n }, (_, i) => i),
    {
      maxDepth: 5,
      maxTrees: 5,
      minSamplesLeaf: 5,
      validationFraction: 0,
      learningRate: 0.5,
    },
  );
  const bins = binColumns(model.bins, features);
  const nBins = model.bins.map(binCount);
  let checked = 0;
  for (const nodes of model.trees) {
    const tree = compileTree(nodes, nBins);
    const expected = treeExpectedValue(tree);
    for (const row of [0, 1, 2, 3, 17, 99]) {
      const goesLeft = (node: number) =>
        tree.goesLeft[node]![bins[(tree.nodes[node] as { feature: number }).feature]![row]!] === 1;
      const phi = new Float64Array(4);
      treeShap(tree, goesLeft, phi);
      const reference = bruteForceShapley(tree, goesLeft, 4);
      reference.forEach((value, f) => close(phi[f]!, value));
      const leaf = conditionalValue(tree, goesLeft, new Set([0, 1, 2, 3]));
      close(
        phi.reduce((sum, value) => sum + value, 0),
        leaf - expected,
      );
      checked++;
    }
  }
  assert.equal(checked, 30);
  // Some path splits twice on one feature: the case TreeSHAP's unwinding exists for.
  const repeats = (nodes: (typeof model.trees)[number], node: number, seen: number[]): boolean => {
    const current = nodes[node]!;
    if (!('feature' in current)) return false;
    if (seen.includes(current.feature)) return true;
    return (
      repeats(nodes, current.left, [...seen, current.feature]) ||
      repeats(nodes, current.right, [...seen, current.feature])
    );
  };
  assert.ok(model.trees.some((nodes) => repeats(nodes, 0, [])));
});
