import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClock } from '../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { saveProductCatalog } from '../usage/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { readMeasureInputs } from './measure-readings.js';

const reporting = { key: 'reporting', name: 'Reporting', events: ['report_viewed', 'report_exported'] };
const dashboards = { key: 'dashboards', name: 'Dashboards', events: ['dashboard_viewed'] };
const assistant = { key: 'assistant', name: 'Assistant', events: ['ai_summary'] };

/**
 * Issue 15 item 2: health's feature breadth (the most catalog features used on one day of the
 * last 28) counts with the catalog as it stood on each day. Hand-computed, two accounts:
 *   A 06-20: report_viewed, report_exported, dashboard_viewed → 3 names, 2 features (v1)
 *   A 06-29: dashboard_viewed, ai_summary                     → ai_summary not in v1: 1 feature
 *   B 06-29: ai_summary, report_viewed                        → 1 feature
 *   B 07-01: ai_summary, report_viewed                        → v2 (from 07-01) knows ai_summary: 2
 */
describe('feature breadth in catalog features', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  const clock = createTestClock(new Date('2026-06-30T09:00:00Z'));
  const breadthOn = async (asOf: string) =>
    Object.fromEntries((await findMeasureFacts(handle.db, { workspaceId, asOf })).map((facts) => [facts.account_id, facts.feature_breadth]));
  let a: string;
  let b: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Acme CS')).id;
    const actor = { workspaceId, role: 'admin' as const, userId: null, tokenId: null, viaSession: false };
    [a, b] = await Promise.all(
      ['Initech', 'Hooli'].map(async (name) => (await handle.db.insertInto('accounts').values({ workspace_id: workspaceId, name }).returning('id').executeTakeFirstOrThrow()).id),
    ) as [string, string];
    const day = (accountId: string, on: string, names: string[]) => ({
      workspace_id: workspaceId, account_id: accountId, day: on, active_users: 1, events: names.length, features: names.length,
      event_counts: JSON.stringify(Object.fromEntries(names.map((name) => [name, 1]))), last_seen_at: new Date(`${on}T12:00:00Z`),
    });
    await handle.db.insertInto('usage_account_days').values([
      day(a, '2026-06-20', ['report_viewed', 'report_exported', 'dashboard_viewed']),
      day(a, '2026-06-29', ['dashboard_viewed', 'ai_summary']),
      day(b, '2026-06-29', ['ai_summary', 'report_viewed']),
      day(b, '2026-07-01', ['ai_summary', 'report_viewed']),
    ]).execute();
    await saveProductCatalog(handle.db, actor, { catalog: { features: [reporting, dashboards] }, effectiveFrom: '2026-06-01' }, clock);
    clock.set(new Date('2026-07-01T09:00:00Z'));
    // ai_summary is accepted into the catalog from 07-01 on.
    await saveProductCatalog(handle.db, actor, { catalog: { features: [reporting, dashboards, assistant] } }, clock);
  });
  after(() => handle.close());

  test('a new event name changes no breadth until the catalog accepts it', async () => {
    assert.deepEqual(await breadthOn('2026-06-30'), { [a]: 2, [b]: 1 }, 'raw names would say 3 and 2');
  });

  test('accepting it counts from its day on and leaves history as it was', async () => {
    // A's ai_summary of 06-29 stays uncounted (v1 was in force then); B's day under v2 counts 2.
    assert.deepEqual(await breadthOn('2026-07-01'), { [a]: 2, [b]: 2 });
    assert.deepEqual(await breadthOn('2026-06-30'), { [a]: 2, [b]: 1 });
  });

  test('before any catalog, breadth is not measured rather than zero', async () => {
    const [facts] = await findMeasureFacts(handle.db, { workspaceId, asOf: '2026-05-31', accountIds: [a] });
    assert.equal(facts!.feature_breadth, null);
  });

  test('with a catalog, an account quiet for 28 days reads 0 features', async () => {
    const asOf = '2026-07-30'; // window 07-03..07-30
    const [facts] = await findMeasureFacts(handle.db, { workspaceId, asOf, accountIds: [a] });
    assert.equal(facts!.feature_breadth, 0);
    const sending = { ...facts!, workspace_last_usage_day: asOf };
    assert.deepEqual(readMeasureInputs(sending, asOf).feature_breadth, { value: 0, flag: null });
    assert.deepEqual(readMeasureInputs({ ...sending, feature_breadth: null }, asOf).feature_breadth, { value: null, flag: 'not_filled' });
  });
});
