import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { readMeasureInputs } from './measure-readings.js';

let handle: TestDatabase;
let workspaceId: string;
let accountId: string;

before(async () => {
  handle = await createTestDatabase();
  workspaceId = (await createWorkspace(handle.db, 'Experience')).id;
  accountId = (await handle.db.insertInto('accounts').values({ workspace_id: workspaceId, name: 'Initech', created_at: new Date('2026-01-01T00:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
  const moment = (at: string, outcome: 'positive' | 'negative', intensity: number) => ({
    workspace_id: workspaceId, account_id: accountId, occurred_at: at, kind: 'other', team: 'support', channel: 'ticket', outcome, intensity, title: 't', reason: 'r',
  });
  // At the very end of 2026-03-01, and a good one after 2026-05-30 that must not count before it happens.
  await handle.db.insertInto('experience_moments').values([moment('2026-03-01T23:59:59.999Z', 'negative', 1), moment('2026-06-10T12:00:00Z', 'positive', 3)]).execute();
});
after(() => handle?.close());

const scoreOn = async (asOf: string) => readMeasureInputs((await findMeasureFacts(handle.db, { workspaceId, asOf }))[0]!, asOf).experience_score;

test('health reads the running experience score as of a past day, from the moments by then', async () => {
  assert.deepEqual(await scoreOn('2026-02-28'), { value: null, flag: 'no_data' });
  // −3 (a negative moment weighs 3) → 100 / (1 + e^0.75) = 32.1
  assert.deepEqual(await scoreOn('2026-03-01'), { value: 32.1, flag: null });
  // 90 days later, half: −1.5 → 100 / (1 + e^0.375) = 40.7
  assert.deepEqual(await scoreOn('2026-05-30'), { value: 40.7, flag: null });
});

test('the workspace’s parameters change what health reads', async () => {
  await handle.db.insertInto('experience_settings').values({ workspace_id: workspaceId, params: JSON.stringify({ negativeWeight: 2 }), updated_by: null, updated_at: new Date() }).execute();
  // −2 → 100 / (1 + e^0.5) = 37.8
  assert.deepEqual(await scoreOn('2026-03-01'), { value: 37.8, flag: null });
});
