import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { buildTrainingSet, planTrainingCuts, type TrainingRow } from './build-training-set.js';
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
 * Four accounts with hand-set contracts: A churns when its first term ends (2026-01-01), B
 * renews flat into a second term (2026-02-01, no ledger movement), C contracts at its renewal
 * (2026-03-01), D signs a half-year term on 2025-06-01 and churns at its end (2025-12-01).
 * Cuts fall on the 28-day grid (…, 2025-09-25, 2025-10-23, 2025-11-20, 2025-12-18, 2026-01-15,
 * 2026-02-12, …) up to a year before each decision; the horizon is 90 days.
 */
describe('point-in-time training set', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let a: { id: string; subscriptionId: string };
  let b: { id: string; subscriptionId: string };
  let c: { id: string; subscriptionId: string };
  let d: { id: string; subscriptionId: string };

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
    d = await account(db, workspaceId, 'D', { start: '2025-06-01', end: '2025-11-30', status: 'cancelled' });
    await movement(db, workspaceId, d, 'new', '2025-06-01', 0, 500);
    await movement(db, workspaceId, d, 'churn', '2025-12-01', 500, 0);
    // A's cut of 2025-09-25 sees the vendor review of 2025-09-20; the layoff after it must not count there.
    await db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Vendor review', occurred_at: at('2025-09-20') },
      { workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-10-10') },
    ]).execute();
    // Another workspace's churn never shows here.
    const other = await account(db, otherWorkspaceId, 'Other', { start: '2025-01-01', end: '2025-12-31', status: 'cancelled' });
    await movement(db, otherWorkspaceId, other, 'churn', '2026-01-01', 500, 0);
  });
  after(() => handle.close());

  const build = (decidedBy: string) => buildTrainingSet(handle.db, { workspaceId, decidedBy, horizonDays: 90, leadDays: 365, gridDays: 28 });
  const cutsOf = (rows: TrainingRow[], accountId: string) => rows.filter((r) => r.accountId === accountId).map((r) => `${r.cutDay}:${r.label}`);

  test('a row on every grid day of the year before each decision, lost when the loss falls within 90 days', async () => {
    const rows = await build('2026-06-30');
    // A: 2025-01-16 … 2025-12-18; 2026-01-01 is 90 days after 2025-10-03, so three cuts are lost.
    assert.deepEqual(cutsOf(rows, a.id), [
      '2025-01-16:0', '2025-02-13:0', '2025-03-13:0', '2025-04-10:0', '2025-05-08:0', '2025-06-05:0', '2025-07-03:0',
      '2025-07-31:0', '2025-08-28:0', '2025-09-25:0', '2025-10-23:1', '2025-11-20:1', '2025-12-18:1',
    ]);
    // B renewed: thirteen cuts, none lost. C contracted 2026-03-01: lost from 2025-12-01 on.
    assert.deepEqual(cutsOf(rows, b.id).map((cut) => cut.slice(-1)).join(''), '0000000000000');
    assert.deepEqual(cutsOf(rows, c.id).slice(-4), ['2025-11-20:0', '2025-12-18:1', '2026-01-15:1', '2026-02-12:1']);
    // D had no ARR before 2025-06-01: its year reaches back to 2024-12-01, but its cuts start on 2025-06-05.
    assert.deepEqual(cutsOf(rows, d.id), ['2025-06-05:0', '2025-07-03:0', '2025-07-31:0', '2025-08-28:0', '2025-09-25:1', '2025-10-23:1', '2025-11-20:1']);
    assert.equal(rows.length, 13 + 13 + 13 + 7);

    const aSeptember = rows.find((r) => r.accountId === a.id && r.cutDay === '2025-09-25')!.features;
    assert.equal(aSeptember.negative_signals, 1);
    assert.equal(aSeptember.segment, 'smb');
    // The term ends 2025-12-31: 97 days after the cut.
    assert.equal(aSeptember.days_to_renewal, 97);
    // Never touched by a CSM: counted from the account's creation (2025-01-01) to 2025-09-25.
    assert.equal(aSeptember.days_since_csm_touch, 267);
    // B's second term is its only stored one: before it, days to renewal is blank, not zero.
    assert.equal(rows.find((r) => r.accountId === b.id && r.cutDay === '2026-01-15')!.features.days_to_renewal, null);
  });

  test('an event after the cut does not change the features', async () => {
    const september = async () => (await build('2026-06-30')).find((r) => r.accountId === a.id && r.cutDay === '2025-09-25')!.features;
    const before = await september();
    await handle.db.insertInto('signals').values([
      { workspace_id: workspaceId, account_id: a.id, type: 'vendor_review', title: 'Second review', occurred_at: at('2025-09-26') },
      { workspace_id: workspaceId, account_id: a.id, type: 'funding', title: 'Funding round', occurred_at: at('2025-12-01') },
    ]).execute();
    await handle.db.insertInto('timeline_entries').values({ workspace_id: workspaceId, account_id: a.id, kind: 'meeting', team: 'customer_success', title: 'Rescue call', occurred_at: at('2025-11-15') }).execute();
    assert.deepEqual(await september(), before);
    // The same kind of event on the cut day itself does count.
    await handle.db.insertInto('signals').values({ workspace_id: workspaceId, account_id: a.id, type: 'layoff', title: 'Layoffs', occurred_at: at('2025-09-25') }).execute();
    assert.equal((await september()).negative_signals, 2);
  });

  test('only decisions made by the day asked for', async () => {
    assert.deepEqual([...new Set((await build('2026-02-15')).map((r) => r.accountId))].sort(), [a.id, b.id, d.id].sort());
    assert.deepEqual(await build('2025-11-30'), []);
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

test('a cut is lost when any decision within the horizon after it lost, not only the next one', () => {
  const cuts = planTrainingCuts(
    [
      { account_id: 'x', day: '2026-01-20', lost: false },
      { account_id: 'x', day: '2026-03-01', lost: true },
    ],
    { leadDays: 60, gridDays: 28, horizonDays: 90 },
  );
  // 2025-12-18 comes before the renewal of 2026-01-20, and the contraction of 2026-03-01 is 73 days after it.
  assert.deepEqual(
    cuts.map((cut) => [cut.cutDay, cut.decisionDay, cut.label]),
    [
      ['2025-12-18', '2026-01-20', 1],
      ['2026-01-15', '2026-01-20', 1],
      ['2026-02-12', '2026-03-01', 1],
    ],
  );
  const shorter = planTrainingCuts([{ account_id: 'x', day: '2026-01-20', lost: false }, { account_id: 'x', day: '2026-03-01', lost: true }], { leadDays: 60, gridDays: 28, horizonDays: 30 });
  assert.deepEqual(shorter.map((cut) => cut.label), [0, 0, 1]);
});
