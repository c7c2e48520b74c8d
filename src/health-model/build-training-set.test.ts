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
 * (2026-03-01). Features are read 90 days before each, on the exact day (grid 1).
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
    // A's cut is 2026-01-01 − 90 days = 2025-10-03. One vendor review inside the 90 days
    // before the cut counts; a layoff after the cut must not.
    await db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Vendor review', occurred_at: at('2025-09-20') },
      { workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-10-10') },
    ]).execute();
    // Another workspace's churn never shows here.
    const other = await account(db, otherWorkspaceId, 'Other', { start: '2025-01-01', end: '2025-12-31', status: 'cancelled' });
    await movement(db, otherWorkspaceId, other, 'churn', '2026-01-01', 500, 0);
  });
  after(() => handle.close());

  const build = (decidedBy: string) => buildTrainingSet(handle.db, { workspaceId, decidedBy, leadDays: 90, gridDays: 1 });

  test('one row per renewal decision, labelled lost (churn, contraction) or renewed, cut 90 days before', async () => {
    const rows = await build('2026-06-30');
    assert.deepEqual(
      rows.map((r) => ({ account: r.accountId, decision: r.decisionDay, cut: r.cutDay, label: r.label })),
      [
        { account: a.id, decision: '2026-01-01', cut: '2025-10-03', label: 1 },
        { account: b.id, decision: '2026-02-01', cut: '2025-11-03', label: 0 },
        { account: c.id, decision: '2026-03-01', cut: '2025-12-01', label: 1 },
      ],
    );
    const aRow = rows.find((r) => r.accountId === a.id)!;
    assert.equal(aRow.features.negative_signals, 1);
    assert.equal(aRow.features.segment, 'smb');
    // Never touched by a CSM: counted from the account's creation (2025-01-01) to 2025-10-03.
    assert.equal(aRow.features.days_since_csm_touch, 275);
  });

  test('an event after the cut does not change the features', async () => {
    const before = (await build('2026-06-30')).find((r) => r.accountId === a.id)!.features;
    await handle.db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Second review', occurred_at: at('2025-10-04') },
      { workspace_id: workspaceId, account_id: a.id, type: 'funding', title: 'Funding round', occurred_at: at('2025-12-01') },
    ]).execute();
    await handle.db.insertInto('timeline_entries').values({ workspace_id: workspaceId, account_id: a.id, kind: 'meeting', team: 'customer_success', title: 'Rescue call', occurred_at: at('2025-11-15') }).execute();
    const afterwards = (await build('2026-06-30')).find((r) => r.accountId === a.id)!.features;
    assert.deepEqual(afterwards, before);
    // The same kind of event on the cut day itself does count.
    await handle.db.insertInto('signals').values({ workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-10-03') }).execute();
    assert.equal((await build('2026-06-30')).find((r) => r.accountId === a.id)!.features.negative_signals, 2);
  });

  test('only decisions made by the day asked for', async () => {
    assert.deepEqual((await build('2026-02-15')).map((r) => r.accountId), [a.id, b.id]);
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
