import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount, deleteAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createSource, ingestTrackingRequest, type SourceRef } from '../ingest/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { rebuildUsageRollups, refreshUsageRollups } from './index.js';
import { countDirtyDays, findWorkspaceRollups } from './usage.repository.js';

/**
 * Events in through the real ingestion path (duplicates, a late-matched group, a deleted
 * account); the incremental rollups must equal hand-computed numbers and a rebuild.
 */
describe('usage rollups: incremental equals rebuild equals hand-computed', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let source: SourceRef;
  let acmeId: string;
  let lateId: string;

  const send = async (batch: object[]) => {
    const result = await ingestTrackingRequest(handle.db, { source, endpoint: 'batch', body: { batch }, receivedAt: new Date('2025-03-05T00:00:00Z') });
    assert.equal(result.status, 'stored');
  };
  const track = (messageId: string, userId: string, event: string, timestamp: string, groupId?: string) => ({
    type: 'track',
    messageId,
    userId,
    event,
    timestamp,
    ...(groupId ? { context: { groupId } } : {}),
  });
  /** Runs the worker's step until nothing is dirty; returns how many pairs it claimed. */
  const drain = async () => {
    let total = 0;
    for (;;) {
      const { claimed } = await refreshUsageRollups(handle.db, { limit: 2 });
      if (claimed === 0) return total;
      total += claimed;
    }
  };
  /** Rollup rows in a comparable shape (names instead of ids, ISO times). */
  const snapshot = async () => {
    const rollups = await findWorkspaceRollups(handle.db, workspaceId);
    const name = (id: string) => (id === acmeId ? 'acme' : id === lateId ? 'late' : id);
    return {
      accountDays: rollups.accountDays.map((r) => ({
        account: name(r.account_id),
        day: r.day,
        activeUsers: r.active_users,
        events: r.events,
        features: r.features,
        eventCounts: r.event_counts,
        lastSeenAt: r.last_seen_at.toISOString(),
      })),
      userDays: rollups.userDays.map((r) => [name(r.account_id), r.day, r.user_key, r.events, r.features, r.last_seen_at.toISOString()]),
      features: rollups.features.map((f) => [f.name, f.first_seen_day]),
    };
  };

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Usage')).id;
    source = { id: (await createSource(handle.db, systemActor(workspaceId), { name: 'App' })).source.id, workspaceId, kind: 'browser' };
    acmeId = (await createAccount(handle.db, systemActor(workspaceId), { name: 'Acme', externalIds: { segment: 'g-acme' } })).id;
  });
  after(() => handle.close());

  test('events of a known account are rolled up per account and user day', async () => {
    await send([
      { type: 'group', messageId: 'g1', userId: 'u1', groupId: 'g-acme', timestamp: '2025-03-01T08:00:00Z' },
      track('m1', 'u1', 'Report exported', '2025-03-01T09:00:00Z'),
      track('m2', 'u1', 'Report exported', '2025-03-01T10:00:00Z'),
      { type: 'page', messageId: 'm3', userId: 'u1', name: 'Dashboard', timestamp: '2025-03-01T11:00:00Z' },
      track('m4', 'u1', 'Invite sent', '2025-03-02T23:59:59Z'),
    ]);
    // A retried message is stored once; u2 belongs to Acme through the event's groupId.
    await send([track('m1', 'u1', 'Report exported', '2025-03-01T09:00:00Z'), track('m5', 'u2', 'Report exported', '2025-03-01T12:00:00Z', 'g-acme')]);
    // u3's group has no account yet: these events wait unmatched.
    await send([
      { type: 'group', messageId: 'g2', userId: 'u3', groupId: 'g-late', timestamp: '2025-03-01T07:00:00Z' },
      track('m6', 'u3', 'Report exported', '2025-03-01T07:30:00Z'),
      track('m7', 'u3', 'Search', '2025-03-03T00:00:00Z'),
    ]);
    assert.equal(await countDirtyDays(handle.db), 2, 'Acme on 1 and 2 March; unmatched events mark nothing');
    assert.equal(await drain(), 2);

    const state = await snapshot();
    assert.deepEqual(state.accountDays, [
      { account: 'acme', day: '2025-03-01', activeUsers: 2, events: 4, features: 1, eventCounts: { 'Report exported': 3 }, lastSeenAt: '2025-03-01T12:00:00.000Z' },
      { account: 'acme', day: '2025-03-02', activeUsers: 1, events: 1, features: 1, eventCounts: { 'Invite sent': 1 }, lastSeenAt: '2025-03-02T23:59:59.000Z' },
    ]);
    assert.deepEqual(state.userDays, [
      ['acme', '2025-03-01', 'u1', 3, 1, '2025-03-01T11:00:00.000Z'],
      ['acme', '2025-03-01', 'u2', 1, 1, '2025-03-01T12:00:00.000Z'],
      ['acme', '2025-03-02', 'u1', 1, 1, '2025-03-02T23:59:59.000Z'],
    ]);
    assert.deepEqual(state.features, [
      ['Invite sent', '2025-03-02'],
      ['Report exported', '2025-03-01'],
    ]);
  });

  test('events attached when their account appears move into its rollup', async () => {
    lateId = (await createAccount(handle.db, systemActor(workspaceId), { name: 'Late', externalIds: { segment: 'g-late' } })).id;
    assert.equal(await drain(), 2);
    const state = await snapshot();
    assert.deepEqual(
      state.accountDays.filter((row) => row.account === 'late'),
      [
        { account: 'late', day: '2025-03-01', activeUsers: 1, events: 1, features: 1, eventCounts: { 'Report exported': 1 }, lastSeenAt: '2025-03-01T07:30:00.000Z' },
        { account: 'late', day: '2025-03-03', activeUsers: 1, events: 1, features: 1, eventCounts: { Search: 1 }, lastSeenAt: '2025-03-03T00:00:00.000Z' },
      ],
    );
    assert.deepEqual(state.features, [
      ['Invite sent', '2025-03-02'],
      ['Report exported', '2025-03-01'],
      ['Search', '2025-03-03'],
    ]);
  });

  test('a rebuild gives the incremental result, and repairs damaged rows', async () => {
    const incremental = await snapshot();
    await handle.db.updateTable('usage_account_days').set({ events: 999 }).execute();
    await handle.db.deleteFrom('usage_user_days').where('user_key', '=', 'u2').execute();
    await handle.db.deleteFrom('usage_features').execute();
    const progress: number[] = [];
    const result = await rebuildUsageRollups(handle.db, { workspaceId, chunkSize: 1, progress: ({ accounts }) => progress.push(accounts) });
    assert.deepEqual(result, { accounts: 2, accountDays: 4 });
    assert.deepEqual(progress, [1, 2]);
    assert.deepEqual(await snapshot(), incremental);
  });

  test('a later event on a rolled-up day is recomputed, not added twice', async () => {
    await send([track('m8', 'u2', 'Invite sent', '2025-03-02T05:00:00Z', 'g-acme')]);
    await drain();
    await drain(); // nothing left: a second run changes nothing
    const march2 = (await snapshot()).accountDays.find((row) => row.account === 'acme' && row.day === '2025-03-02');
    assert.deepEqual(march2, {
      account: 'acme',
      day: '2025-03-02',
      activeUsers: 2,
      events: 2,
      features: 1,
      eventCounts: { 'Invite sent': 2 },
      lastSeenAt: '2025-03-02T23:59:59.000Z',
    });
  });

  test('deleted events leave the rollup', async () => {
    await handle.db.deleteFrom('events').where('user_id', '=', 'u2').execute();
    assert.equal(await drain(), 2);
    const acme = (await snapshot()).accountDays.filter((row) => row.account === 'acme');
    assert.deepEqual(
      acme.map((row) => [row.day, row.activeUsers, row.events, row.eventCounts]),
      [
        ['2025-03-01', 1, 3, { 'Report exported': 2 }],
        ['2025-03-02', 1, 1, { 'Invite sent': 1 }],
      ],
    );
  });

  test('a deleted account takes its rollups along (its features stay known) and leaves no dirty days', async () => {
    await deleteAccount(handle.db, systemActor(workspaceId), lateId);
    await drain();
    const state = await snapshot();
    assert.deepEqual([...new Set(state.accountDays.map((row) => row.account))], ['acme']);
    assert.equal(await countDirtyDays(handle.db), 0);
    await rebuildUsageRollups(handle.db, { workspaceId });
    assert.deepEqual(await snapshot(), state);
  });
});
