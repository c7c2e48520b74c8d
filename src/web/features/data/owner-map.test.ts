import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chosenOwnerMap, mergeUnmatchedOwners } from './owner-map.js';

describe('owner map of the import screen', () => {
  test('a dry run adds owners past the preview and raises their row counts; mapped owners stay listed', () => {
    const fromPreview = [
      { owner: 'Jordan Smith', rows: 2 },
      { owner: 'Gavin B', rows: 1 },
    ];
    // The dry run read the whole file with Gavin B mapped, so it lists only the others.
    const fromDryRun = [
      { owner: 'jordan smith', rows: 40 },
      { owner: 'Erlich B', rows: 3 },
    ];
    assert.deepEqual(mergeUnmatchedOwners(fromPreview, fromDryRun), [
      { owner: 'Jordan Smith', rows: 40 },
      { owner: 'Erlich B', rows: 3 },
      { owner: 'Gavin B', rows: 1 },
    ]);
  });

  test('only owners given a member are sent', () => {
    assert.deepEqual(chosenOwnerMap({ 'Jordan Smith': 'u1', 'Gavin B': '' }), { 'Jordan Smith': 'u1' });
    assert.equal(chosenOwnerMap({ 'Gavin B': '' }), undefined);
  });
});
