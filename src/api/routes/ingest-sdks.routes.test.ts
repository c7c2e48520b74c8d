import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import type { LightMyRequestResponse } from 'fastify';
import { refreshUsageRollups } from '../../usage/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * /v1 as SDKs nobody on this project wrote call it (issue 16, items 1–3): RudderStack's Node
 * SDK itself against a listening server (gzip, form content type), and analytics-python's
 * request and error handling reproduced from its source (segment/analytics/request.py and
 * consumer.py): gzip=True bodies, `payload["code"]` / `payload["message"]` read from errors,
 * and only 408, 410, 429, 460 and 5xx retried.
 */
describe('/v1 with real SDK request shapes', () => {
  let t: ApiTest;
  let admin: Caller;
  let viewer: Caller;
  let baseUrl: string;

  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const newSource = async (name: string) => {
    const res = await admin.post('/api/sources', { name, kind: 'server' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; writeKey: string };
  };
  const eventsOf = (sourceId: string) =>
    t.handle.db.selectFrom('events').select(['type', 'event', 'user_id']).where('source_id', '=', sourceId).orderBy('message_id').execute();
  const rejectedRequests = async (sourceId: string) =>
    Number(
      (
        await t.handle.db
          .selectFrom('source_daily_stats')
          .select((eb) => eb.fn.sum<number>('rejected_requests').as('n'))
          .where('source_id', '=', sourceId)
          .executeTakeFirstOrThrow()
      ).n ?? 0,
    );

  /** analytics-python's post(): JSON, `sentAt` and `writeKey` in the body, Basic auth, gzip when asked. */
  const pythonPost = (writeKey: string, batch: unknown[], options: { gzip: boolean }) => {
    const data = Buffer.from(JSON.stringify({ batch, sentAt: '2026-12-05T10:00:00.123456+00:00', writeKey }), 'utf8');
    return t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'analytics-python/2.3.4',
        authorization: basic(writeKey),
        ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      payload: options.gzip ? gzipSync(data) : data,
    });
  };
  /** What analytics-python's consumer does with an error response: read code and message, retry or give up. */
  const pythonReadsError = (res: LightMyRequestResponse) => {
    const payload = res.json() as Record<string, unknown>;
    assert.equal(typeof payload.code, 'string', 'payload["code"] must exist, or the SDK raises KeyError');
    assert.equal(typeof payload.message, 'string', 'payload["message"] must exist, or the SDK raises KeyError');
    const status = res.statusCode;
    const retried = status >= 400 && status < 500 ? [408, 410, 429, 460].includes(status) : status >= 500 && ![501, 505].includes(status);
    return { code: payload.code, message: payload.message, retried };
  };
  const pythonTrack = (userId: string, event: string, messageId: string) => ({
    type: 'track',
    userId,
    event,
    properties: {},
    context: { library: { name: 'analytics-python', version: '2.3.4' } },
    timestamp: '2026-12-05T09:59:59.000000+00:00',
    messageId,
  });

  before(async () => {
    t = await startApiTest();
    ({ admin, viewer } = await t.team());
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  test("RudderStack's Node SDK (gzip by default, form content type) stores its batch", async () => {
    const source = await newSource('Node backend (RudderStack)');
    const client = new RudderAnalytics(source.writeKey, { dataPlaneUrl: baseUrl, flushAt: 100, logLevel: 'error' });
    client.identify({ userId: 'rs-user-1', traits: { email: 'ada@rudder.example', name: 'Ada' } });
    client.track({ userId: 'rs-user-1', event: 'Report Exported', properties: { format: 'csv' } });
    await client.flush();
    assert.deepEqual(
      (await eventsOf(source.id)).map((row) => [row.type, row.event, row.user_id]).sort(),
      [
        ['identify', null, 'rs-user-1'],
        ['track', 'Report Exported', 'rs-user-1'],
      ],
    );
  });

  test('identify, group and track of a new user in one batch: usage lists the user with their contact at once', async () => {
    const accountId = (await admin.post('/api/accounts', { name: 'Initech', externalIds: { segment: 'grp-initech' } })).json().id;
    const source = await newSource('Node backend, one batch');
    const client = new RudderAnalytics(source.writeKey, { dataPlaneUrl: baseUrl, flushAt: 100, logLevel: 'error' });
    client.identify({ userId: 'rs-peter', traits: { email: 'peter@initech.example', name: 'Peter Gibbons' } });
    client.group({ userId: 'rs-peter', groupId: 'grp-initech' });
    client.track({ userId: 'rs-peter', event: 'TPS Report Filed' });
    client.track({ userId: 'rs-peter', event: 'TPS Report Filed' });
    await client.flush();
    while ((await refreshUsageRollups(t.handle.db, { limit: 100 })).claimed > 0);
    const contact = await t.handle.db.selectFrom('contacts').select(['id', 'name']).where('email', '=', 'peter@initech.example').executeTakeFirstOrThrow();
    const usage = (await viewer.get(`/api/accounts/${accountId}/usage?days=7`)).json();
    assert.deepEqual(
      usage.users.map((user: Record<string, unknown>) => [user.userKey, user.contactId, user.contactName]),
      [['rs-peter', contact.id, 'Peter Gibbons']],
    );
    // Every event of the batch, those stored before the contact existed included, carries it.
    const unlinked = await t.handle.db.selectFrom('events').select('id').where('source_id', '=', source.id).where('contact_id', 'is', null).execute();
    assert.deepEqual(unlinked, []);
  });

  test('the RudderStack SDK gets a readable 400 for a batch it cannot fix, and does not retry it', async () => {
    const source = await newSource('Node backend, broken events');
    const errors: Array<{ status: number; body: { code: string; message: string } }> = [];
    const client = new RudderAnalytics(source.writeKey, {
      dataPlaneUrl: baseUrl,
      flushAt: 100,
      logLevel: 'error',
      errorHandler: (error: { response: { status: number; data: { code: string; message: string } } }) => {
        errors.push({ status: error.response.status, body: error.response.data });
      },
    });
    // An event name over 500 characters: the SDK sends it, /v1 refuses the batch.
    client.track({ userId: 'rs-user-2', event: 'x'.repeat(501) });
    await client.flush();
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.status, 400);
    assert.equal(errors[0]!.body.code, 'validation_failed');
    assert.match(errors[0]!.body.message, /batch\[0\]\.event must be at most 500 characters/);
    // axios-retry retried nothing: one refused request reached the source's counters.
    assert.equal(await rejectedRequests(source.id), 1);
  });

  test('analytics-python with gzip=True: the compressed batch is stored', async () => {
    const source = await newSource('Python worker');
    const res = await pythonPost(source.writeKey, [pythonTrack('py-1', 'Seat Added', 'py-m1'), pythonTrack('py-1', 'Seat Added', 'py-m2')], {
      gzip: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { success: true });
    assert.equal((await eventsOf(source.id)).length, 2);
  });

  test('analytics-python reads code and message from a 401 and gives up instead of retrying ten times', async () => {
    const res = await pythonPost('bwk_not-a-key', [pythonTrack('py-2', 'Seat Added', 'py-m3')], { gzip: true });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(pythonReadsError(res), { code: 'unauthenticated', message: 'The write key is unknown or revoked.', retried: false });
    // Still a problem document for everyone else.
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().detail, 'The write key is unknown or revoked.');
  });

  test('deflate bodies, zlib-wrapped or raw, are read; so is JSON sent with any content type', async () => {
    const source = await newSource('Other senders');
    const body = (messageId: string) => Buffer.from(JSON.stringify({ userId: 'd-1', event: 'Opened', messageId }));
    const bodies: Array<[encoding: string | undefined, contentType: string, payload: Buffer]> = [
      ['deflate', 'application/json', deflateSync(body('d-zlib'))],
      ['deflate', 'application/json', deflateRawSync(body('d-raw'))],
      ['x-gzip', 'application/octet-stream', gzipSync(body('d-xgzip'))],
      [undefined, 'application/x-www-form-urlencoded', body('d-form')],
    ];
    for (const [encoding, contentType, payload] of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { 'content-type': contentType, authorization: basic(source.writeKey), ...(encoding ? { 'content-encoding': encoding } : {}) },
        payload,
      });
      assert.equal(res.statusCode, 200, `${encoding} ${contentType}: ${res.body}`);
    }
    assert.equal((await eventsOf(source.id)).length, 4);
  });

  test('refused whole: limits apply to the decompressed body, the ratio is capped, each refusal is counted and flags the source', async () => {
    const source = await newSource('Misconfigured sender');
    const send = (payload: Buffer | string, headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basic(source.writeKey), ...headers }, payload });
    // 3 MiB of JSON (hex digits gzip about 2:1) that is 1.5 MiB on the wire: over the 2 MiB limit once inflated.
    const pad = randomBytes(1.5 * 1024 * 1024).toString('hex');
    const huge = gzipSync(Buffer.from(JSON.stringify({ batch: [{ type: 'track', userId: 'z', event: 'E', properties: { pad } }] })));
    // 1 MiB of zeros: 1000× smaller compressed, a bomb's shape even under the size limit.
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x30));
    const refusals: Array<[payload: Buffer | string, headers: Record<string, string>, status: number, message: RegExp]> = [
      [huge, { 'content-encoding': 'gzip' }, 413, /decompresses to over 2097152 bytes/],
      [bomb, { 'content-encoding': 'gzip' }, 413, /over 100 times its compressed size/],
      [Buffer.from('{"batch": ['), { 'content-encoding': 'gzip' }, 400, /not valid gzip data/],
      ['{"batch": [', { 'content-type': 'application/json' }, 400, /not valid JSON/],
      ['{}', { 'content-encoding': 'br' }, 400, /Content-Encoding "br" is not supported/],
    ];
    for (const [payload, headers, status, message] of refusals) {
      const res = await send(payload, headers);
      assert.equal(res.statusCode, status, res.body);
      const read = pythonReadsError(res);
      assert.match(read.message as string, message);
      assert.equal(read.retried, false);
    }
    assert.equal(await rejectedRequests(source.id), 5);
    const health = (await viewer.get('/api/sources/health')).json().data as Array<{
      id: string;
      lastRejection: { reason: string } | null;
      health: { status: string; detail: string };
    }>;
    const ours = health.find((row) => row.id === source.id)!;
    assert.equal(ours.health.status, 'rejecting');
    assert.match(ours.health.detail, /^5 requests refused since \d{4}-\d\d-\d\d \(UTC\); the last at .* UTC: Content-Encoding "br" is not supported/);
    assert.match(ours.lastRejection!.reason, /Content-Encoding "br"/);
    // A request without a known write key cannot be attributed to any source.
    const anonymous = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: '{"batch": [' });
    assert.equal(anonymous.statusCode, 400);
    assert.equal(await rejectedRequests(source.id), 5);
  });
});
