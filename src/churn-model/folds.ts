import { createUniform, shuffled } from './random.js';

/**
 * Stratified k-fold split: each class is shuffled with the seeded generator and dealt round
 * the folds in turn, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c. Returns
 * the test rows of each fold (ascending); the training rows are the rest.
 * Example: stratifiedFolds([0,0,0,0,1,1], 2, 0) → two folds of two 0s and one 1.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): number[][] {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError('folds must be an integer of at least 2');
  const uniform = createUniform(seed);
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i);
    // Continue dealing where the previous class stopped, so fold sizes differ by one at most.
    for (const row of shuffled(rows, uniform)) {
      out[next]!.push(row);
      next = (next + 1) % folds;
    }
  }
  return out.map((rows) => rows.sort((a, b) => a - b));
}

/** The rows of 0…n−1 not in `test` (ascending). */
export function complementRows(n: number, test: readonly number[]): number[] {
  const inTest = new Uint8Array(n);
  for (const row of test) inTest[row] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!inTest[i]) out.push(i);
  return out;
}

/**
 * A stratified hold-out: about `fraction` of each class goes to `validation`.
 * `rows` are indices into `labels`; both parts come back ascending.
 */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  rows: readonly number[],
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const uniform = createUniform(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [0, 1]) {
    const classRows = shuffled(
      rows.filter((row) => labels[row] === label),
      uniform,
    );
    const cut = Math.round(classRows.length * fraction);
    validation.push(...classRows.slice(0, cut));
    train.push(...classRows.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
