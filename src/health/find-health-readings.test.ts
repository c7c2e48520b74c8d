import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { findHealthReadings } from './find-health-points.js';
import { upsertHistoryDay } from './health.repository.js';

describe('findHealthReadings: many accounts, a few days', () => {
  let database: TestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    database = await createTestDatabase();
    const { db } = database;
    workspaceId = (await createWorkspace(db, 'Readings')).id;
    otherWorkspaceId = (await createWorkspace(db, 'Elsewhere')).id;
    for (const name of ['Atlas', 'Birch']) {
      ids[name] = (await db.insertInto('accounts').values({ workspace_id: workspaceId, name }).returning('id').executeTakeFirstOrThrow()).id;
    }
    ids.Other = (await db.insertInto('accounts').values({ workspace_id: otherWorkspaceId, name: 'Other' }).returning('id').executeTakeFirstOrThrow()).id;
    // Atlas: weekly points, one of them across the turn of the month; Birch: one point long ago.
    for (const [day, score, band] of [['2026-09-24', 55, 'red'], ['2026-09-30', 72, 'yellow'], ['2026-10-07', 88, 'green']] as const) {
      await upsertHistoryDay(db, { workspaceId, day, rows: [{ accountId: ids.Atlas!, score, band }] });
    }
    await upsertHistoryDay(db, { workspaceId, day: '2026-08-01', rows: [{ accountId: ids.Birch!, score: 40, band: 'red' }] });
    await upsertHistoryDay(db, { workspaceId: otherWorkspaceId, day: '2026-10-03', rows: [{ accountId: ids.Other!, score: 90, band: 'green' }] });
  });
  after(() => database.close());

  test('a reading is the newest point within the tolerance before the day, across months; none when the points are older', async () => {
    const readings = await findHealthReadings(database.db, {
      workspaceId,
      accountIds: [ids.Atlas!, ids.Birch!, ids.Other!],
      days: ['2026-10-03', '2026-10-07', '2026-10-20'],
      toleranceDays: 7,
    });
    // 10-03 looks back to 09-26: the 09-30 point (in September's row), not 09-24 (eight days back).
    assert.deepEqual(readings.on(ids.Atlas!, '2026-10-03'), { day: '2026-09-30', score: 72, band: 'yellow' });
    assert.deepEqual(readings.on(ids.Atlas!, '2026-10-07'), { day: '2026-10-07', score: 88, band: 'green' });
    // 10-20 looks back to 10-13: the 10-07 point is too old.
    assert.equal(readings.on(ids.Atlas!, '2026-10-20'), null);
    assert.equal(readings.on(ids.Birch!, '2026-10-03'), null);
    // A day nobody asked about has no reading, and another workspace's history is never read.
    assert.equal(readings.on(ids.Atlas!, '2026-10-04'), null);
    assert.equal(readings.on(ids.Other!, '2026-10-03'), null);
  });
});
