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
 * `rows` are indices into `labels`; both parts come back ascending. With `groups` (a key per
 * row, e.g. the account several training rows were cut from), whole groups go to one side,
 * stratified by whether a group holds a positive row: rows of one account on both sides
 * would let a model be chosen for remembering accounts rather than for predicting.
 * With a distinct key per row this is the same split as without groups.
 */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  rows: readonly number[],
  fraction: number,
  seed: number,
  groups?: ArrayLike<string>,
): { train: number[]; validation: number[] } {
  const uniform = createUniform(seed);
  const members = new Map<string | number, number[]>();
  for (const row of rows) {
    const key = groups ? groups[row]! : row;
    const list = members.get(key);
    if (list) list.push(row);
    else members.set(key, [row]);
  }
  const groupLabel = (list: readonly number[]) => (list.some((row) => labels[row] === 1) ? 1 : 0);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [0, 1]) {
    const classGroups = shuffled(
      [...members.values()].filter((list) => groupLabel(list) === label),
      uniform,
    );
    const cut = Math.round(classGroups.length * fraction);
    validation.push(...classGroups.slice(0, cut).flat());
    train.push(...classGroups.slice(cut).flat());
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
