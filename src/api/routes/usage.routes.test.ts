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
  let sendWith: string;

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    ({ admin, viewer, outsider } = await t.team());
    accountId = (await admin.post('/api/accounts', { name: 'Acme', externalIds: { segment: 'g-acme' } })).json().id;
    const contract = { startDate: '2025-01-01', endDate: '2025-12-31', items: [{ product: 'Platform', seats: 10, unitPrice: 100 }] };
    assert.equal((await admin.post(`/api/accounts/${accountId}/subscriptions`, contract)).statusCode, 201);
    contactId = (await admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Ada Lovelace', email: 'ada@acme.com' })).json().id;

    // Three features, in force since January: breadth counts these, never raw event names.
    const catalog = {
      features: [
        { key: 'reports', name: 'Reports', group: 'Core', events: ['Report exported'] },
        { key: 'search', name: 'Search', group: 'Core', events: ['Search'] },
        { key: 'imports', name: 'Imports', events: ['Legacy import'] },
      ],
    };
    assert.equal((await admin.put('/api/product-catalog', { catalog, effectiveFrom: '2025-01-01' })).statusCode, 200);

    const { writeKey } = (await admin.post('/api/sources', { name: 'App' })).json();
    sendWith = writeKey;
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
      featuresAvailable: 3,
      seatsPurchased: 10,
      topEventCounts: [2, 1],
    });
    assert.deepEqual(usage.daily[6], {
      day: '2025-03-10',
      activeUsers: 0,
      events: 0,
      features: 0,
      features30d: 2,
      featuresAvailable: 3,
      seatsPurchased: 10,
      topEventCounts: [0, 0],
    });
    assert.deepEqual(
      usage.features.map((f: Record<string, unknown>) => [f.key, f.lastUsedDay, f.used30d]),
      [
        ['reports', '2025-03-09', true],
        ['search', '2025-03-09', true],
        ['imports', null, false], // used on 02-01: before the 7-day series and the 30-day window
      ],
    );
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

  test('a new event name from another account is proposed, never counted; a new version counts from its day only', async () => {
    await admin.post('/api/accounts', { name: 'Globex', externalIds: { segment: 'g-globex' } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${sendWith}:`).toString('base64')}` },
      payload: {
        batch: [
          { type: 'group', userId: 'g1', groupId: 'g-globex', timestamp: '2025-03-10T08:00:00Z' },
          { type: 'track', userId: 'g1', event: 'Dashboard shared', timestamp: '2025-03-10T08:00:00Z', context: { groupId: 'g-globex' } },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    while ((await refreshUsageRollups(t.handle.db, { limit: 100 })).claimed > 0);
    const before = (await viewer.get(`/api/accounts/${accountId}/usage?days=7`)).json();
    assert.deepEqual([before.summary.featuresUsed30d, before.summary.featuresAvailable], [2, 3], 'still 2 of 3: the new name waits for review');

    const view = (await viewer.get('/api/product-catalog')).json();
    assert.equal(view.version, 1);
    assert.equal(view.activeAccounts30d, 2, 'Acme and Globex were active in 30 days');
    assert.deepEqual(
      view.features.map((f: Record<string, unknown>) => [f.key, f.accounts30d, f.adoption]),
      [
        ['reports', 1, 0.5],
        ['search', 1, 0.5],
        ['imports', 0, 0],
      ],
    );
    assert.deepEqual(
      view.eventNames.map((e: Record<string, unknown>) => [e.name, e.status, e.accounts30d, e.events30d]),
      [
        ['Dashboard shared', 'proposed', 1, 1],
        ['Legacy import', 'mapped', 0, 0],
        ['Report exported', 'mapped', 1, 3],
        ['Search', 'mapped', 1, 1],
      ],
    );

    // Accepted as a fourth feature today: today's breadth is out of 4, yesterday's stays out of 3.
    const catalog = {
      features: [...view.features.map(({ key, name, group, description, events }: Record<string, unknown>) => ({ key, name, group, description, events })),
        { key: 'dashboards', name: 'Dashboards', group: 'Core', events: ['Dashboard shared'] }],
      ignored: [],
    };
    const saved = await admin.put('/api/product-catalog', { catalog });
    assert.deepEqual(saved.json(), { version: 2, effectiveDay: '2025-03-10' });
    const after = (await viewer.get(`/api/accounts/${accountId}/usage?days=7`)).json();
    assert.deepEqual([after.summary.featuresUsed30d, after.summary.featuresAvailable], [2, 4]);
    assert.deepEqual([after.daily[5].features30d, after.daily[5].featuresAvailable], [2, 3], 'yesterday against the catalog of yesterday');
    const audit = (await admin.get('/api/audit-log?entityType=product_catalog')).json().data;
    assert.equal(audit.length, 2);
  });

  test('only leaders and admins change the catalog; bad catalogs and dates are problems that change nothing', async () => {
    const catalog = { features: [{ key: 'x', name: 'X', events: ['Search'] }] };
    assert.equal((await viewer.put('/api/product-catalog', { catalog })).statusCode, 403);
    const twice = await admin.put('/api/product-catalog', { catalog: { features: [...catalog.features, { key: 'y', name: 'Y', events: ['Search'] }] } });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(twice.body, /already belongs to/);
    const backdated = await admin.put('/api/product-catalog', { catalog, effectiveFrom: '2025-02-01' });
    assert.equal(backdated.statusCode, 400, 'not before the version in force (2025-03-10)');
    const future = await admin.put('/api/product-catalog', { catalog, effectiveFrom: '2025-04-01' });
    assert.equal(future.statusCode, 400);
    assert.equal((await viewer.get('/api/product-catalog')).json().version, 2, 'nothing saved');
    assert.equal((await outsider.get('/api/product-catalog')).json().version, 0, 'another workspace sees its own (empty) catalog');
  });
});
