import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClock } from '../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createJobRunner } from '../jobs/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { healthNightlyJob, healthRecomputeJob, healthStaleSweepJob } from './health-jobs.js';
import { insertStaleAccounts } from './health.repository.js';
import { recomputeHealth } from './recompute-health.js';

describe('health jobs', () => {
  let handle: TestDatabase;
  const clock = createTestClock(new Date('2026-12-05T02:00:00Z'));
  const scored = async () =>
    (await handle.db.selectFrom('health_scores').select(['workspace_id', 'account_id', 'as_of']).orderBy('as_of').execute()).map((row) => row.as_of);

  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());

  test('the nightly pass scores every account of every workspace, as of the clock’s day', async () => {
    for (const name of ['Acme CS', 'Globex CS']) {
      const workspace = await createWorkspace(handle.db, name);
      await handle.db.insertInto('accounts').values({ workspace_id: workspace.id, name: `${name} customer` }).execute();
    }
    const runner = createJobRunner({ db: handle.db, handlers: [healthNightlyJob, healthRecomputeJob], clock });
    await runner.scheduleRecurring();
    clock.advance(24 * 3_600_000);
    await runner.runDue();
    await runner.runDue();
    assert.deepEqual(await scored(), ['2026-12-06', '2026-12-06']);
  });

  test('the sweep drains stale marks that no job picked up', async () => {
    const account = await handle.db.selectFrom('accounts').select(['id', 'workspace_id']).executeTakeFirstOrThrow();
    clock.advance(24 * 3_600_000);
    await insertStaleAccounts(handle.db, { workspaceId: account.workspace_id, accountIds: [account.id], now: clock.now() });
    const runner = createJobRunner({ db: handle.db, handlers: [healthStaleSweepJob], clock });
    await runner.scheduleRecurring();
    clock.advance(30_000);
    await runner.runDue();
    assert.deepEqual(await scored(), ['2026-12-06', '2026-12-07']);
    assert.equal((await handle.db.selectFrom('health_stale_accounts').selectAll().execute()).length, 0);
  });
});

describe('score changes as domain events', () => {
  let handle: TestDatabase;
  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());

  const changeEvents = async () =>
    (await handle.db.selectFrom('domain_events').select(['account_id', 'payload']).where('type', '=', 'health.changed').orderBy('id').execute()).map(
      (row) => ({ accountId: row.account_id, ...(row.payload as { scoreBefore: number | null; asOf: string }) }),
    );

  test('a first score and a changed score write health.changed; scoring again unchanged writes nothing', async () => {
    const workspace = await createWorkspace(handle.db, 'Initech CS');
    const account = await handle.db
      .insertInto('accounts')
      .values({ workspace_id: workspace.id, name: 'Initrode' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date('2026-12-05T02:00:00Z');
    await recomputeHealth(handle.db, { workspaceId: workspace.id, asOf: '2026-12-05', now });
    const first = await changeEvents();
    assert.equal(first.length, 1);
    assert.equal(first[0]!.accountId, account.id);
    assert.equal(first[0]!.scoreBefore, null);
    assert.equal(first[0]!.asOf, '2026-12-05');

    await recomputeHealth(handle.db, { workspaceId: workspace.id, asOf: '2026-12-05', now });
    assert.equal((await changeEvents()).length, 1, 'the same score again is no change');

    await recomputeHealth(handle.db, { workspaceId: workspace.id, asOf: '2026-12-04', now, current: true, history: false });
    assert.equal((await changeEvents()).length, 1, 'an older day does not replace the current score');
  });
});
