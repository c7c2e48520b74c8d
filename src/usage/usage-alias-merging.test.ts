import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createSource, ingestTrackingRequest, type SourceRef } from '../ingest/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { rebuildUsageRollups, refreshUsageRollups } from './index.js';
import { findWorkspaceRollups } from './usage.repository.js';

/**
 * An anonymous visitor who signs up, a user who is aliased to a new id, and a shared device
 * that is identified as someone else: each person counts once per day, under the end of
 * their alias chain, whether the alias came before or after the days were rolled up.
 */
describe('usage rollups merge aliases into their user', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let source: SourceRef;

  const send = async (batch: object[]) => {
    const result = await ingestTrackingRequest(handle.db, { source, endpoint: 'batch', body: { batch }, receivedAt: new Date('2025-04-05T00:00:00Z') });
    assert.equal(result.status, 'stored');
  };
  /** A track call inside Acme (the group rides along in the context). */
  const track = (messageId: string, who: { userId?: string; anonymousId?: string }, event: string, timestamp: string) => ({
    type: 'track',
    messageId,
    ...who,
    event,
    timestamp,
    context: { groupId: 'g-acme' },
  });
  const drain = async () => {
    for (;;) {
      const step = await refreshUsageRollups(handle.db, { limit: 2 });
      if (step.claimed === 0 && step.aliasedUsers === 0) return;
    }
  };
  /** [day, active users, events] per account-day and [day, user, events, features] per user-day. */
  const snapshot = async () => {
    const rollups = await findWorkspaceRollups(handle.db, workspaceId);
    return {
      accountDays: rollups.accountDays.map((row) => [row.day, row.active_users, row.events]),
      userDays: rollups.userDays.map((row) => [row.day, row.user_key, row.events, row.features]),
    };
  };

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Aliases')).id;
    source = { id: (await createSource(handle.db, systemActor(workspaceId), { name: 'App' })).source.id, workspaceId, kind: 'browser' };
    await createAccount(handle.db, systemActor(workspaceId), { name: 'Acme', externalIds: { segment: 'g-acme' } });
  });
  after(() => handle.close());

  test('before any alias, an anonymous visitor and a user are two people', async () => {
    await send([
      // The group call makes g-acme known as Acme; it is not activity.
      { type: 'group', messageId: 'g1', userId: 'ann', groupId: 'g-acme', timestamp: '2025-04-01T09:00:00Z' },
      track('a1', { anonymousId: 'anon-1' }, 'Pricing viewed', '2025-04-01T10:00:00Z'),
      track('a2', { anonymousId: 'anon-1' }, 'Signup started', '2025-04-01T10:05:00Z'),
      track('u1', { userId: 'ann' }, 'Report exported', '2025-04-01T12:00:00Z'),
      track('o1', { userId: 'ann-old' }, 'Invite sent', '2025-04-02T09:00:00Z'),
      track('u2', { userId: 'ann' }, 'Report exported', '2025-04-02T11:00:00Z'),
    ]);
    await drain();
    assert.deepEqual(await snapshot(), {
      accountDays: [
        ['2025-04-01', 2, 3],
        ['2025-04-02', 2, 2],
      ],
      userDays: [
        ['2025-04-01', 'ann', 1, 1],
        ['2025-04-01', 'anon-1', 2, 2],
        ['2025-04-02', 'ann', 1, 1],
        ['2025-04-02', 'ann-old', 1, 1],
      ],
    });
  });

  test('identify ties the anonymous visitor to the user, and alias ties a previous id: days already rolled up are recounted', async () => {
    await send([
      { type: 'identify', messageId: 'i1', userId: 'ann', anonymousId: 'anon-1', timestamp: '2025-04-03T08:00:00Z' },
      { type: 'alias', messageId: 'al1', previousId: 'ann-old', userId: 'ann', timestamp: '2025-04-03T08:01:00Z' },
    ]);
    await drain();
    assert.deepEqual(await snapshot(), {
      accountDays: [
        ['2025-04-01', 1, 3],
        ['2025-04-02', 1, 2],
      ],
      userDays: [
        ['2025-04-01', 'ann', 3, 3],
        ['2025-04-02', 'ann', 2, 2],
      ],
    });
  });

  test('a chain of aliases ends at the latest id, and events sent later under an old id count there too', async () => {
    await send([
      { type: 'alias', messageId: 'al2', previousId: 'ann', userId: 'ann@acme.io', timestamp: '2025-04-03T09:00:00Z' },
      track('a3', { anonymousId: 'anon-1' }, 'Report exported', '2025-04-03T10:00:00Z'),
      track('u3', { userId: 'ann@acme.io' }, 'Invite sent', '2025-04-03T11:00:00Z'),
    ]);
    await drain();
    assert.deepEqual(await snapshot(), {
      accountDays: [
        ['2025-04-01', 1, 3],
        ['2025-04-02', 1, 2],
        ['2025-04-03', 1, 2],
      ],
      userDays: [
        ['2025-04-01', 'ann@acme.io', 3, 3],
        ['2025-04-02', 'ann@acme.io', 2, 2],
        ['2025-04-03', 'ann@acme.io', 2, 2],
      ],
    });
  });

  test('a shared device identified as someone else moves its events to that person', async () => {
    await send([{ type: 'identify', messageId: 'i2', userId: 'bob', anonymousId: 'anon-1', timestamp: '2025-04-04T08:00:00Z' }]);
    await drain();
    assert.deepEqual(await snapshot(), {
      accountDays: [
        ['2025-04-01', 2, 3],
        ['2025-04-02', 1, 2],
        ['2025-04-03', 2, 2],
      ],
      userDays: [
        ['2025-04-01', 'ann@acme.io', 1, 1],
        ['2025-04-01', 'bob', 2, 2],
        ['2025-04-02', 'ann@acme.io', 2, 2],
        ['2025-04-03', 'ann@acme.io', 1, 1],
        ['2025-04-03', 'bob', 1, 1],
      ],
    });
  });

  test('a rebuild gives the incremental result', async () => {
    const incremental = await snapshot();
    await rebuildUsageRollups(handle.db, { workspaceId, chunkSize: 1 });
    assert.deepEqual(await snapshot(), incremental);
  });
});
