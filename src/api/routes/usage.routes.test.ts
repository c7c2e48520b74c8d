import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { refreshUsageRollups } from '../../usage/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/** GET /api/accounts/{id}/usage over events sent to /v1, rolled up by the worker's step. */
describe('usage API', () => {
  const NOW = new Date('2025-03-10T12:00:00Z');
  let t: ApiTest;
  let admin: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let accountId: string;
  let contactId: string;

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    ({ admin, viewer, outsider } = await t.team());
    accountId = (await admin.post('/api/accounts', { name: 'Acme', externalIds: { segment: 'g-acme' } })).json().id;
    const contract = { startDate: '2025-01-01', endDate: '2025-12-31', items: [{ product: 'Platform', seats: 10, unitPrice: 100 }] };
    assert.equal((await admin.post(`/api/accounts/${accountId}/subscriptions`, contract)).statusCode, 201);
    contactId = (await admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Ada Lovelace', email: 'ada@acme.com' })).json().id;

    const { writeKey } = (await admin.post('/api/sources', { name: 'App' })).json();
    const track = (userId: string, event: string, timestamp: string) => ({ type: 'track', userId, event, timestamp, context: { groupId: 'g-acme' } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          { type: 'identify', userId: 'u1', traits: { email: 'ada@acme.com' }, timestamp: '2025-03-09T08:00:00Z' },
          { type: 'group', userId: 'u1', groupId: 'g-acme', timestamp: '2025-03-09T08:00:00Z' },
          track('u1', 'Report exported', '2025-03-09T09:00:00Z'),
          track('u1', 'Report exported', '2025-03-09T10:00:00Z'),
          track('u1', 'Search', '2025-03-09T11:00:00Z'),
          track('u2', 'Report exported', '2025-03-02T09:00:00Z'),
          track('u3', 'Legacy import', '2025-02-01T09:00:00Z'),
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    while ((await refreshUsageRollups(t.handle.db, { limit: 100 })).claimed > 0);
  });
  after(() => t.close());

  test('summary, daily series, top events and users, hand-computed', async () => {
    const res = await viewer.get(`/api/accounts/${accountId}/usage?days=7`);
    assert.equal(res.statusCode, 200, res.body);
    const usage = res.json();
    assert.equal(usage.from, '2025-03-04');
    assert.equal(usage.to, '2025-03-10');
    assert.deepEqual(usage.summary, {
      activeUsers7d: 1,
      activeUsers30d: 2,
      seatsUsed: 2,
      seatsPurchased: 10,
      featuresUsed30d: 2,
      featuresAvailable: 3,
      breadth: 2 / 3,
      lastSeenAt: '2025-03-09T11:00:00.000Z',
    });
    assert.deepEqual(usage.topEvents, [
      { name: 'Report exported', count: 2 },
      { name: 'Search', count: 1 },
    ]);
    assert.equal(usage.daily.length, 7);
    assert.deepEqual(usage.daily[5], {
      day: '2025-03-09',
      activeUsers: 1,
      events: 3,
      features: 2,
      features30d: 2,
      seatsPurchased: 10,
      topEventCounts: [2, 1],
    });
    assert.deepEqual(usage.daily[6], { day: '2025-03-10', activeUsers: 0, events: 0, features: 0, features30d: 2, seatsPurchased: 10, topEventCounts: [0, 0] });
    assert.deepEqual(
      usage.users.map((u: Record<string, unknown>) => [u.userKey, u.contactName, u.lastSeenAt, u.activeDays30d, u.events30d]),
      [
        ['u1', 'Ada Lovelace', '2025-03-09T11:00:00.000Z', 1, 3],
        ['u2', null, '2025-03-02T09:00:00.000Z', 1, 1],
        ['u3', null, '2025-02-01T09:00:00.000Z', 0, 0],
      ],
    );
    assert.equal(usage.users[0].contactId, contactId);
  });

  test('defaults to 90 days and refuses a window out of range', async () => {
    assert.equal((await viewer.get(`/api/accounts/${accountId}/usage`)).json().daily.length, 90);
    const res = await viewer.get(`/api/accounts/${accountId}/usage?days=3`);
    assert.equal(res.statusCode, 400);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
  });

  test("another workspace's account, or none, is not found", async () => {
    assert.equal((await outsider.get(`/api/accounts/${accountId}/usage`)).statusCode, 404);
    assert.equal((await viewer.get('/api/accounts/00000000-0000-4000-8000-000000000000/usage')).statusCode, 404);
  });
});
