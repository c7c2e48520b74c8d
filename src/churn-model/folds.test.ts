import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { complementRows, stratifiedFolds, stratifiedHoldout } from './folds.js';

const labels = [...Array(23).fill(0), ...Array(7).fill(1)];

describe('stratifiedFolds', () => {
  test('every row lands in exactly one fold, with each class spread evenly', () => {
    const folds = stratifiedFolds(labels, 5, 0);
    assert.deepEqual(
      folds.flat().sort((a, b) => a - b),
      labels.map((_, i) => i),
    );
    for (const fold of folds) {
      assert.equal(fold.length, 6); // 30 / 5
      const positives = fold.filter((row) => labels[row] === 1).length;
      assert.ok(positives === 1 || positives === 2, `fold has ${positives} positives`); // 7 / 5
    }
    assert.equal(
      folds.map((fold) => fold.filter((row) => labels[row] === 1).length).reduce((a, b) => a + b),
      7,
    );
  });

  test('the same seed gives the same folds; another seed others', () => {
    assert.deepEqual(stratifiedFolds(labels, 3, 7), stratifiedFolds(labels, 3, 7));
    assert.notDeepEqual(stratifiedFolds(labels, 3, 7), stratifiedFolds(labels, 3, 8));
  });

  test('refuses fewer than two folds', () => {
    assert.throws(() => stratifiedFolds(labels, 1, 0), RangeError);
  });
});

test('complementRows lists the training rows of a fold', () => {
  assert.deepEqual(complementRows(6, [4, 1]), [0, 2, 3, 5]);
});

test('stratifiedHoldout takes the share of each class from the given rows only', () => {
  const rows = labels.map((_, i) => i).filter((i) => i % 3 !== 0); // 15 negatives of 23, 5 positives of 7
  const { train, validation } = stratifiedHoldout(labels, rows, 0.2, 1);
  assert.deepEqual(
    [...train, ...validation].sort((a, b) => a - b),
    rows,
  );
  assert.equal(
    validation.filter((row) => labels[row] === 0).length,
    Math.round(rows.filter((r) => labels[r] === 0).length * 0.2),
  );
  assert.equal(validation.filter((row) => labels[row] === 1).length, 1);
});

test('stratifiedHoldout with groups keeps every group on one side', () => {
  // Three rows cut from each of ten accounts; accounts 0–3 were lost at some cut.
  const groups = Array.from({ length: 30 }, (_, i) => `account-${Math.floor(i / 3)}`);
  const grouped = groups.map((group, i) => (Number(group.slice(8)) < 4 && i % 3 === 2 ? 1 : 0));
  const rows = groups.map((_, i) => i);
  const { train, validation } = stratifiedHoldout(grouped, rows, 0.25, 7, groups);
  const side = new Map<string, Set<string>>();
  for (const [part, list] of [['train', train], ['validation', validation]] as const)
    for (const row of list) side.set(groups[row]!, (side.get(groups[row]!) ?? new Set()).add(part));
  assert.ok([...side.values()].every((parts) => parts.size === 1), 'no account on both sides');
  // round(4 × 0.25) = 1 lost account and round(6 × 0.25) = 2 others held out, three rows each.
  assert.equal(validation.length, 9);
  assert.equal(validation.filter((row) => grouped[row] === 1).length, 1);
});

test('stratifiedHoldout with a distinct group per row is the ungrouped split', () => {
  const rows = labels.map((_, i) => i);
  assert.deepEqual(
    stratifiedHoldout(labels, rows, 0.2, 3, rows.map((row) => `id-${row}`)),
    stratifiedHoldout(labels, rows, 0.2, 3),
  );
});
