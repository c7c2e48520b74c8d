import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csmBooks, modelOf, suggestRebalancing, type BookAccount, type CapacityConfig } from './capacity.js';

// Small targets so books are easy to count: a high-touch CSM carries 2, a low-touch one 4.
const CONFIG: CapacityConfig = {
  targets: { 'high-touch': 2, 'low-touch': 4, 'tech-touch': null },
  segmentModels: { enterprise: 'high-touch', smb: 'low-touch', 'self-serve': 'tech-touch' },
  defaultModel: 'low-touch',
  maxMoves: 50,
};
let n = 0;
const acct = (ownerId: string | null, segment: string, arr: number): BookAccount => ({ id: `a${++n}`, name: `Acct ${n}`, segment, ownerId, arrCents: arr * 100 });

describe('CS capacity', () => {
  test('segments map to engagement models, case-insensitively, unknown ones to the default', () => {
    assert.equal(modelOf('Enterprise', CONFIG), 'high-touch');
    assert.equal(modelOf('Partners', CONFIG), 'low-touch');
    assert.equal(modelOf(null, CONFIG), 'low-touch');
  });

  test('books: ARR, accounts, load against targets; tech-touch adds no load; unowned listed apart', () => {
    const accounts = [acct('ann', 'Enterprise', 50_000), acct('ann', 'Enterprise', 40_000), acct('ann', 'SMB', 5_000), acct('ann', 'Self-serve', 500), acct('bob', 'SMB', 6_000), acct(null, 'SMB', 7_000)];
    const { books, unowned } = csmBooks(accounts, CONFIG);
    // Ann: 2 × ½ + ¼ + 0 = 1.25; Bob: ¼.
    assert.deepEqual(books.map((b) => [b.ownerId, b.accounts, b.arrCents / 100, b.load]), [['ann', 4, 95_500, 1.25], ['bob', 1, 6_000, 0.25]]);
    assert.deepEqual(books[0]!.segments.map((s) => [s.segment, s.model, s.target, s.accounts]), [['Enterprise', 'high-touch', 2, 2], ['Self-serve', 'tech-touch', null, 1], ['SMB', 'low-touch', 4, 1]]);
    assert.deepEqual(unowned.map((a) => a.arrCents / 100), [7_000]);
  });

  test('rebalancing moves the smallest accounts from the overloaded CSM to colleagues of the same segment', () => {
    n = 0;
    // Ann: 4 enterprise (load 2.0). Bob: 1 enterprise (0.5). Cy: 2 SMB (0.5), never an enterprise account.
    const accounts = [acct('ann', 'Enterprise', 90_000), acct('ann', 'Enterprise', 30_000), acct('ann', 'Enterprise', 60_000), acct('ann', 'Enterprise', 20_000), acct('bob', 'Enterprise', 70_000), acct('cy', 'SMB', 5_000), acct('cy', 'SMB', 5_000)];
    const moves = suggestRebalancing(accounts, CONFIG);
    // One move: Ann 2.0 → 1.5, Bob 0.5 → 1.0; a second would leave Bob (1.5) as loaded as Ann (1.5).
    assert.deepEqual(moves.map((m) => [m.accountName, m.arrCents / 100, m.fromOwnerId, m.toOwnerId]), [['Acct 4', 20_000, 'ann', 'bob']]);
  });

  test('no moves when nobody is over a full book', () => {
    assert.deepEqual(suggestRebalancing([acct('ann', 'Enterprise', 1), acct('ann', 'Enterprise', 1), acct('bob', 'SMB', 1)], CONFIG), []);
  });
});
