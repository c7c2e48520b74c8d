import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createLogger } from '../../core/logger.js';
import { createEventPublisher, type EventPublisher } from '../../event-stream/index.js';
import { countTestStreamMessages, deleteTestStream, natsSkipReason, testNatsConfig } from '../../event-stream/testing/nats-test.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const silent = createLogger('silent');
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function scaleOutApi(publisher: EventPublisher) {
  const t = await startApiTest({ eventPublisher: publisher });
  const team = await t.team();
  const created = (await team.admin.post('/api/sources', { name: 'Web app' })).json() as { id: string; writeKey: string };
  const send = (path: string, body: unknown): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'POST', url: `/v1/${path}`, headers: { authorization: basic(created.writeKey) }, payload: body as object });
  const stats = async (caller: Caller) => {
    const { received, accepted, duplicates, rejected } = (await caller.get(`/api/sources/${created.id}/stats`)).json();
    return { received, accepted, duplicates, rejected };
  };
  const eventCount = async () =>
    Number((await t.handle.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { t, viewer: team.viewer, send, stats: () => stats(team.viewer), eventCount };
}

const track = (messageId: string) => ({ type: 'track', event: 'Report Exported', userId: 'u1', messageId });

describe('/v1 in scale-out mode, NATS unreachable', () => {
  let t: ApiTest;
  let api: Awaited<ReturnType<typeof scaleOutApi>>;
  // Port 1 on loopback: nothing listens, the connect is refused at once.
  const publisher = createEventPublisher({ nats: testNatsConfig({ url: 'nats://127.0.0.1:1' }), log: silent });

  before(async () => {
    api = await scaleOutApi(publisher);
    t = api.t;
  });
  after(async () => {
    await publisher.close();
    await t.close();
  });

  test('a valid batch is answered 503 problem+json and nothing is stored or counted', async () => {
    const res = await api.send('batch', { batch: [track('m1'), track('m2')] });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(res.json().detail, /event stream cannot be reached; nothing was stored/);
    assert.equal(await api.eventCount(), 0);
    assert.deepEqual(await api.stats(), { received: 0, accepted: 0, duplicates: 0, rejected: 0 });
  });

  test('an invalid batch is still refused with 400 and counted as rejected', async () => {
    const res = await api.send('batch', { batch: [track('m3'), { type: 'track', userId: 'u1' }] });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().detail, /batch\[1\]/);
    assert.deepEqual(await api.stats(), { received: 2, accepted: 0, duplicates: 0, rejected: 2 });
  });
});

const skip = await natsSkipReason({ ci: process.env.CI === 'true' });

describe('/v1 in scale-out mode', { skip }, () => {
  const nats = testNatsConfig();
  let publisher: EventPublisher;
  let api: Awaited<ReturnType<typeof scaleOutApi>>;

  before(async () => {
    publisher = createEventPublisher({ nats, log: silent });
    api = await scaleOutApi(publisher);
  });
  after(async () => {
    await publisher?.close();
    await api?.t.close();
    if (!skip) await deleteTestStream(nats);
  });

  const streamMessages = () => countTestStreamMessages(nats);

  test('200 once JetStream has the request: one message in the stream, nothing in the database yet', async () => {
    const res = await api.send('batch', { batch: [track('m1'), track('m2')] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { success: true });
    assert.equal(await streamMessages(), 1);
    assert.equal(await api.eventCount(), 0);
  });

  test('validation is the same as without NATS: a refused request is counted and never published', async () => {
    const res = await api.send('track', { type: 'track', userId: 'u1' });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(await streamMessages(), 1);
    assert.deepEqual(await api.stats(), { received: 1, accepted: 0, duplicates: 0, rejected: 1 });
  });
});
