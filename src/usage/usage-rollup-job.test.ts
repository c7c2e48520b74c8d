import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { createTestClock } from '../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createSource, ingestTrackingRequest } from '../ingest/index.js';
import { createJobRunner, listJobs } from '../jobs/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { usageRollupJob } from './index.js';
import { countDirtyDays, findWorkspaceRollups } from './usage.repository.js';

let handle: TestDatabase;
before(async () => {
  handle = await createTestDatabase();
});
after(() => handle.close());

test('the recurring usage.rollup job drains dirty days into rollups, then runs again ten seconds later', async () => {
  const workspace = await createWorkspace(handle.db, 'Rollup job');
  const actor = systemActor(workspace.id);
  await createAccount(handle.db, actor, { name: 'Acme', externalIds: { segment: 'g-acme' } });
  const created = await createSource(handle.db, actor, { name: 'Web' });
  const source = { id: created.source.id, workspaceId: workspace.id };
  const batch = [
    { type: 'group', messageId: 'g1', userId: 'u1', groupId: 'g-acme', timestamp: '2025-03-04T10:00:00Z' },
    { type: 'track', messageId: 'm1', userId: 'u1', event: 'Report Run', timestamp: '2025-03-04T10:01:00Z', context: { groupId: 'g-acme' } },
    { type: 'track', messageId: 'm2', userId: 'u2', event: 'Report Run', timestamp: '2025-03-04T11:00:00Z', context: { groupId: 'g-acme' } },
  ];
  const stored = await ingestTrackingRequest(handle.db, { source, endpoint: 'batch', body: { batch }, receivedAt: new Date('2025-03-05T00:00:00Z') });
  assert.equal(stored.status, 'stored');
  assert.ok((await countDirtyDays(handle.db)) > 0, 'ingestion marked a dirty day');

  const clock = createTestClock(new Date('2025-03-05T00:00:00Z'));
  const runner = createJobRunner({ db: handle.db, handlers: [usageRollupJob], clock });
  await runner.scheduleRecurring();
  assert.equal((await runner.runDue()).done, 1);
  assert.equal(await countDirtyDays(handle.db), 0);
  const rollups = await findWorkspaceRollups(handle.db, workspace.id);
  assert.deepEqual(
    rollups.accountDays.map((row) => [row.day, row.active_users, row.events]),
    [['2025-03-04', 2, 2]],
  );

  assert.equal((await runner.runDue()).claimed, 0, 'the next run waits ten seconds');
  clock.advance(10_000);
  assert.equal((await runner.runDue()).done, 1);
  const { jobs } = await listJobs(handle.db, { kind: 'operator' }, { state: 'queued' });
  assert.deepEqual(jobs.map((job) => [job.type, job.runAt]), [['usage.rollup', '2025-03-05T00:00:20.000Z']]);
});
