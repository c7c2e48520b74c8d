import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { buildTrainingSet } from './build-training-set.js';
import { findBacktestOutcomes } from './health-model.repository.js';

const at = (day: string) => new Date(`${day}T12:00:00Z`);

async function account(db: Kysely<Database>, workspaceId: string, name: string, sub: { start: string; end: string; status: 'active' | 'cancelled' }) {
  const { id } = await db.insertInto('accounts').values({ workspace_id: workspaceId, name, segment: 'smb', created_at: at('2025-01-01') }).returning('id').executeTakeFirstOrThrow();
  const s = await db
    .insertInto('subscriptions')
    .values({ workspace_id: workspaceId, account_id: id, status: sub.status, start_date: sub.start, end_date: sub.end, auto_renew: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, subscriptionId: s.id };
}

async function movement(db: Kysely<Database>, workspaceId: string, a: { id: string; subscriptionId: string }, kind: 'new' | 'churn' | 'contraction', day: string, before: number, after: number) {
  await db
    .insertInto('arr_movements')
    .values({ workspace_id: workspaceId, account_id: a.id, subscription_id: a.subscriptionId, kind, amount: after - before, arr_before: before, arr_after: after, occurred_on: day })
    .execute();
}

/**
 * Three accounts with hand-set contracts: A churns when its first term ends (2026-01-01), B
 * renews flat into a second term (2026-02-01, no ledger movement), C contracts at its renewal
 * (2026-03-01). Each term is cut on the 28-day grid (… 2025-09-25, 2025-10-23, 2025-11-20,
 * 2025-12-18, 2026-01-15, 2026-02-12), a row lost when the loss came within 90 days.
 */
describe('point-in-time training set', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let a: { id: string; subscriptionId: string };
  let b: { id: string; subscriptionId: string };
  let c: { id: string; subscriptionId: string };

  before(async () => {
    handle = await createTestDatabase();
    const { db } = handle;
    workspaceId = (await createWorkspace(db, 'Training')).id;
    otherWorkspaceId = (await createWorkspace(db, 'Elsewhere')).id;
    a = await account(db, workspaceId, 'A', { start: '2025-01-01', end: '2025-12-31', status: 'cancelled' });
    await movement(db, workspaceId, a, 'new', '2025-01-01', 0, 1000);
    await movement(db, workspaceId, a, 'churn', '2026-01-01', 1000, 0);
    b = await account(db, workspaceId, 'B', { start: '2026-02-01', end: '2027-01-31', status: 'active' });
    await movement(db, workspaceId, b, 'new', '2025-02-01', 0, 2000);
    c = await account(db, workspaceId, 'C', { start: '2026-03-01', end: '2027-02-28', status: 'active' });
    await movement(db, workspaceId, c, 'new', '2025-03-01', 0, 3000);
    await movement(db, workspaceId, c, 'contraction', '2026-03-01', 3000, 2000);
    // A vendor review on 2025-09-20 is inside the 90 days before A's cuts of 2025-09-25 and
    // 2025-10-23; a layoff on 2025-10-10 only before the second.
    await db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Vendor review', occurred_at: at('2025-09-20') },
      { workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-10-10') },
    ]).execute();
    // Another workspace's churn never shows here.
    const other = await account(db, otherWorkspaceId, 'Other', { start: '2025-01-01', end: '2025-12-31', status: 'cancelled' });
    await movement(db, otherWorkspaceId, other, 'churn', '2026-01-01', 500, 0);
  });
  after(() => handle.close());

  const build = (decidedBy: string) => buildTrainingSet(handle.db, { workspaceId, decidedBy, horizonDays: 90, strideDays: 28 });
  const rowOf = async (accountId: string, cutDay: string, decidedBy = '2026-06-30') => (await build(decidedBy)).find((r) => r.accountId === accountId && r.cutDay === cutDay)!;

  test('a row per grid day of each ended term, lost when the churn or contraction came within the horizon', async () => {
    const rows = await build('2026-06-30');
    const summary = (id: string) => {
      const own = rows.filter((r) => r.accountId === id);
      return { rows: own.length, firstCut: own[0]!.cutDay, lastCut: own.at(-1)!.cutDay, lostFrom: own.find((r) => r.label === 1)?.cutDay ?? null };
    };
    // A: 13 cuts from its start to its churn; those from 2025-10-23 (70 days before) are lost.
    assert.deepEqual(summary(a.id), { rows: 13, firstCut: '2025-01-16', lastCut: '2025-12-18', lostFrom: '2025-10-23' });
    assert.deepEqual(summary(b.id), { rows: 13, firstCut: '2025-02-13', lastCut: '2026-01-15', lostFrom: null });
    // C's contraction on 2026-03-01: cuts from 2025-12-18 (73 days before) are lost.
    assert.deepEqual(summary(c.id), { rows: 13, firstCut: '2025-03-13', lastCut: '2026-02-12', lostFrom: '2025-12-18' });
    const aRow = rows.find((r) => r.accountId === a.id && r.cutDay === '2025-09-25')!;
    assert.equal(aRow.features.negative_signals, 1);
    assert.equal(aRow.features.segment, 'smb');
    // 2025-12-31 is the term's last day: 97 days after the cut.
    assert.equal(aRow.features.days_to_renewal, 97);
    // Never touched by a CSM: counted from the account's creation (2025-01-01) to 2025-09-25.
    assert.equal(aRow.features.days_since_csm_touch, 267);
    assert.equal((await rowOf(a.id, '2025-10-23')).features.negative_signals, 2);
  });

  test('an event after the cut does not change the features', async () => {
    const before = (await rowOf(a.id, '2025-09-25')).features;
    await handle.db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Second review', occurred_at: at('2025-09-26') },
      { workspace_id: workspaceId, account_id: a.id, type: 'funding', title: 'Funding round', occurred_at: at('2025-12-01') },
    ]).execute();
    await handle.db.insertInto('timeline_entries').values({ workspace_id: workspaceId, account_id: a.id, kind: 'meeting', team: 'customer_success', title: 'Rescue call', occurred_at: at('2025-11-15') }).execute();
    assert.deepEqual((await rowOf(a.id, '2025-09-25')).features, before);
    // The same kind of event on the cut day itself does count.
    await handle.db.insertInto('signals').values({ workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-09-25') }).execute();
    assert.equal((await rowOf(a.id, '2025-09-25')).features.negative_signals, 2);
  });

  test('only terms ended by the day asked for', async () => {
    assert.deepEqual([...new Set((await build('2026-02-15')).map((r) => r.accountId))], [a.id, b.id]);
    assert.deepEqual(await build('2025-12-31'), []);
  });

  test('backtest outcomes: accounts with ARR on the day, lost if churned or contracted in the horizon', async () => {
    const outcomes = await findBacktestOutcomes(handle.db, { workspaceId, asOf: '2025-12-15', until: '2026-02-15' });
    assert.deepEqual(
      outcomes.map((o) => [o.account_id, o.lost]).sort(),
      [[a.id, true], [b.id, false], [c.id, false]].sort(),
    );
    // After A's churn it has no ARR and is no longer scored.
    const later = await findBacktestOutcomes(handle.db, { workspaceId, asOf: '2026-01-01', until: '2026-06-30' });
    assert.deepEqual(later.map((o) => [o.account_id, o.lost]).sort(), [[b.id, false], [c.id, true]].sort());
  });
});
