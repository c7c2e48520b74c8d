import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/** Issue 15 item 9: a rejected event says exactly why, to the admin, on the source and via the API. */
describe('GET /api/sources/{id}/rejections', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let source: { id: string; writeKey: string };

  const send = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/${path}`,
      headers: { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}`, ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, viewer, outsider } = await t.team());
    source = (await admin.post('/api/sources', { name: 'Web app' })).json();
  });
  after(() => t.close());

  test('each faulty message of a refused batch is explained; the good ones are counted as refused with it', async () => {
    const batch = {
      batch: [
        { type: 'track', userId: 'u1', event: 'Report exported', messageId: 'm-good' },
        { type: 'track', userId: 'u2', messageId: 'm-no-name' },
        { type: 'page', anonymousId: 'anon-9', name: 'Pricing', timestamp: 'yesterday', messageId: 'm-bad-time' },
      ],
    };
    assert.equal((await send('batch', batch)).statusCode, 400);
    const response = await admin.get(`/api/sources/${source.id}/rejections`);
    assert.equal(response.statusCode, 200, response.body);
    const { data, nextBefore, keptPerSource } = response.json();
    assert.equal(nextBefore, null);
    assert.equal(keptPerSource, 200);
    assert.equal(data.length, 2, 'one row per faulty message, none for the good one');
    const [time, name] = data; // newest first: inserted in batch order, so the later index comes first
    assert.deepEqual(
      { index: name.messageIndex, id: name.messageId, type: name.messageType, user: name.userKey, reason: name.reason, with: name.requestMessages },
      { index: 1, id: 'm-no-name', type: 'track', user: 'u2', reason: 'event is required for track calls', with: 3 },
    );
    assert.deepEqual(name.issues, [{ path: 'batch[1].event', message: 'is required for track calls' }]);
    assert.equal(name.endpoint, 'batch');
    assert.equal(name.kind, 'invalid');
    assert.deepEqual(JSON.parse(name.excerpt), batch.batch[1]);
    assert.deepEqual(
      { index: time.messageIndex, type: time.messageType, event: time.event, user: time.userKey, reason: time.reason },
      { index: 2, type: 'page', event: 'Pricing', user: 'anon-9', reason: 'timestamp must be an ISO-8601 date string' },
    );
    const stats = (await admin.get(`/api/sources/${source.id}/stats`)).json();
    assert.equal(stats.rejected, 3, 'the counters still count the whole batch');
  });

  test('a single call, an oversized message and an unreadable body say why too', async () => {
    assert.equal((await send('track', { userId: 'u3' })).statusCode, 400);
    assert.equal((await send('identify', { userId: 'u4', traits: { bio: 'x'.repeat(33 * 1024) } })).statusCode, 413);
    assert.equal((await send('track', '{"userId": "u5", "event": ', { 'content-type': 'application/json' })).statusCode, 400);
    const [unreadable, large, single] = (await admin.get(`/api/sources/${source.id}/rejections?limit=3`)).json().data;
    assert.deepEqual(
      { endpoint: single.endpoint, type: single.messageType, index: single.messageIndex, reason: single.reason },
      { endpoint: 'track', type: 'track', index: 0, reason: 'event is required for track calls' },
    );
    assert.equal(large.kind, 'too_large');
    assert.equal(large.messageType, 'identify');
    assert.match(large.reason, /is \d+ bytes, more than 32768/);
    assert.ok(large.excerpt.length <= 2001, 'the excerpt is cut');
    assert.equal(unreadable.kind, 'unreadable');
    assert.equal(unreadable.endpoint, 'track');
    assert.equal(unreadable.messageIndex, null);
    assert.match(unreadable.reason, /JSON/);
  });

  test('pages back with before; bad paging input is a problem', async () => {
    const first = (await admin.get(`/api/sources/${source.id}/rejections?limit=2`)).json();
    assert.equal(first.data.length, 2);
    assert.ok(first.nextBefore);
    const rest = (await admin.get(`/api/sources/${source.id}/rejections?limit=50&before=${first.nextBefore}`)).json();
    assert.equal(rest.data.length, 3);
    assert.ok(rest.data.every((row: { id: string }) => BigInt(row.id) < BigInt(first.nextBefore)));
    const bad = await admin.get(`/api/sources/${source.id}/rejections?before=abc`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('only admins read them; another workspace gets 404', async () => {
    for (const caller of [leader, csm, viewer]) {
      assert.equal((await caller.get(`/api/sources/${source.id}/rejections`)).statusCode, 403);
    }
    assert.equal((await outsider.get(`/api/sources/${source.id}/rejections`)).statusCode, 404);
  });

  test('keeps the newest 200 per source, and the first 100 faulty messages of a request', async () => {
    const broken = { batch: Array.from({ length: 150 }, (_, index) => ({ type: 'track', userId: `u${index}`, messageId: `m${index}` })) };
    for (let request = 0; request < 3; request += 1) assert.equal((await send('batch', broken)).statusCode, 400);
    const rows: Array<{ messageIndex: number }> = [];
    let before: string | null = null;
    do {
      const page: { data: unknown[]; nextBefore: string | null } = (await admin.get(`/api/sources/${source.id}/rejections?limit=200${before ? `&before=${before}` : ''}`)).json();
      rows.push(...(page.data as Array<{ messageIndex: number }>));
      before = page.nextBefore;
    } while (before);
    assert.equal(rows.length, 200);
    assert.deepEqual(rows.slice(0, 2).map((row: { messageIndex: number }) => row.messageIndex), [99, 98], 'indexes 0–99 of the newest request');
    assert.equal(rows[199]?.messageIndex, 0, 'the second newest request, whole');
  });
});
