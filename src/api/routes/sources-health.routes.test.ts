import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const DAY_MS = 86_400_000;
const TODAY_NOON = Date.parse('2026-03-20T12:00:00Z');

describe('GET /api/sources/health', () => {
  let t: ApiTest;
  let clock = TODAY_NOON;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;

  const sendAt = async (writeKey: string, daysAgo: number, count: number) => {
    clock = TODAY_NOON - daysAgo * DAY_MS;
    const batch = Array.from({ length: count }, (_, index) => ({ type: 'track', userId: 'u1', event: 'Ping', messageId: `d${daysAgo}-${index}` }));
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch },
    });
    assert.equal(response.statusCode, 200, response.body);
  };
  const createSource = async (name: string) => (await admin.post('/api/sources', { name })).json() as { id: string; writeKey: string };

  before(async () => {
    t = await startApiTest({ now: () => new Date(clock) });
    ({ admin, leader, csm, viewer, outsider } = await t.team());
    const steady = await createSource('Steady');
    const dropped = await createSource('Dropped');
    const quiet = await createSource('Quiet');
    await createSource('Never sent');
    const revoked = await createSource('Revoked');
    for (let daysAgo = 9; daysAgo >= 1; daysAgo -= 1) {
      await sendAt(steady.writeKey, daysAgo, 20);
      await sendAt(dropped.writeKey, daysAgo, daysAgo === 1 ? 3 : 20);
      if (daysAgo >= 3) await sendAt(quiet.writeKey, daysAgo, 20);
    }
    await sendAt(steady.writeKey, 0, 5);
    await sendAt(revoked.writeKey, 0, 1);
    clock = TODAY_NOON;
    assert.equal((await admin.delete(`/api/sources/${revoked.id}`)).statusCode, 204);
  });
  after(() => t.close());

  test('flags each source from its own history, for every role of the workspace', async () => {
    for (const caller of [admin, leader, csm, viewer]) {
      const response = await caller.get('/api/sources/health');
      assert.equal(response.statusCode, 200, response.body);
      const byName = Object.fromEntries(
        response.json().data.map((source: { name: string; health: { status: string } }) => [source.name, source.health.status]),
      );
      assert.deepEqual(byName, { Steady: 'healthy', Dropped: 'dropped', Quiet: 'quiet', 'Never sent': 'no_data', Revoked: 'revoked' });
    }
  });

  test('tells the facts behind a flag and never the write key', async () => {
    const response = await viewer.get('/api/sources/health');
    const sources = response.json().data as Array<{ name: string; writeKeyPrefix: string; lastReceivedAt: string | null; health: Record<string, unknown> }>;
    const dropped = sources.find((source) => source.name === 'Dropped')!;
    assert.deepEqual(dropped.health.lastDay, { day: '2026-03-19', received: 3 });
    assert.equal(dropped.health.trailingMedian, 20);
    assert.equal(dropped.health.usualGapDays, 1);
    assert.match(String(dropped.health.detail), /3 events, 15% of the usual 20/);
    const quiet = sources.find((source) => source.name === 'Quiet')!;
    assert.equal(quiet.lastReceivedAt, new Date(TODAY_NOON - 3 * DAY_MS).toISOString());
    assert.match(String(quiet.health.detail), /No events for 3 days/);
    assert.ok(!/bwk_[A-Za-z0-9_-]{43}/.test(response.body), 'no full write key');
  });

  test('another workspace sees none of them; anonymous callers get 401', async () => {
    const response = await outsider.get('/api/sources/health');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().data, []);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/sources/health' })).statusCode, 401);
  });

  test('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/sources/health'].get);
  });
});
