import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { buildApp, type App } from '../api/index.js';
import { startApiTest, type ApiTest } from '../api/testing/api-test.js';
import type { NatsConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { storeQueuedRequests } from '../ingest/index.js';
import { createEventPublisher, startEventWorker, type EventPublisher, type EventWorker } from './index.js';
import { ensureWorkerConsumer, openEventStream } from './jetstream.js';
import { decodeQueuedRequest, encodeQueuedRequest, eventSubject } from './queued-message.js';
import { deleteTestStream, lateNats, natsSkipReason, testNatsConfig } from './testing/nats-test.js';

const silent = createLogger('silent');
const skip = await natsSkipReason({ ci: process.env.CI === 'true' });
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const track = (messageId: string) => ({ type: 'track', event: 'Report Exported', userId: `u-${messageId.slice(-2)}`, messageId });

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The worker side of scale-out mode against the nats-server at 127.0.0.1:4222: each test
 * has its own stream and consumer, deleted afterwards.
 */
describe('event worker', { skip }, () => {
  let t: ApiTest;
  let source: { id: string; workspaceId: string; writeKey: string };
  let nats: NatsConfig;
  let publisher: EventPublisher;
  let workers: EventWorker[] = [];

  before(async () => {
    t = await startApiTest();
    const team = await t.team();
    const created = (await team.admin.post('/api/sources', { name: 'Web app' })).json() as { id: string; writeKey: string };
    source = { ...created, workspaceId: team.workspace.id };
  });
  after(async () => {
    await t?.close();
  });
  afterEach(async () => {
    for (const worker of workers) await worker.stop();
    workers = [];
    await publisher.close();
    await deleteTestStream(nats);
  });

  /** A fresh stream and an app that publishes to it (what `boomerang start` does with NATS_URL). */
  const useStream = async (overrides: Partial<NatsConfig> = {}) => {
    nats = testNatsConfig(overrides);
    publisher = createEventPublisher({ nats, log: silent });
    return buildApp({ db: t.handle.db, logger: false, eventPublisher: publisher });
  };
  const startWorker = async (options: { batchSize?: number; ackWaitMs?: number; url?: string } = {}) => {
    const { url, ...rest } = options;
    const worker = await startEventWorker({ db: t.handle.db, nats: { ...nats, url: url ?? nats.url }, log: silent, maxWaitMs: 1000, ...rest });
    workers.push(worker);
    return worker;
  };
  const sendBatch = async (api: App, messageIds: string[]) => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(source.writeKey) },
      payload: { batch: messageIds.map(track) },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const storedCounts = async (prefix: string) => {
    const row = await t.handle.db
      .selectFrom('events')
      .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('message_id').distinct().as('distinct')])
      .where('source_id', '=', source.id)
      .where('message_id', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow();
    return { rows: Number(row.rows), distinct: Number(row.distinct) };
  };
  const totals = async () => {
    const row = await t.handle.db
      .selectFrom('source_daily_stats')
      .select((eb) => [eb.fn.sum<number>('received').as('received'), eb.fn.sum<number>('accepted').as('accepted'), eb.fn.sum<number>('duplicates').as('duplicates')])
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    return { received: Number(row.received ?? 0), accepted: Number(row.accepted ?? 0), duplicates: Number(row.duplicates ?? 0) };
  };
  const consumerState = async () => {
    const stream = await openEventStream(nats, { name: 'test' });
    try {
      const info = await stream.jsm.consumers.info(nats.stream, nats.consumer);
      return { pending: info.num_pending, unacked: info.num_ack_pending };
    } finally {
      await stream.nc.close();
    }
  };

  test('published requests are stored once; a client retry counts as duplicates, not new events', async () => {
    const api = await useStream();
    const prefix = `p1-${randomUUID()}-`;
    const ids = Array.from({ length: 50 }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
    const before = await totals();
    await sendBatch(api, ids);
    await sendBatch(api, ids.slice(0, 10));
    assert.deepEqual(await storedCounts(prefix), { rows: 0, distinct: 0 }, 'nothing is stored before a worker runs');

    const worker = await startWorker();
    await waitFor('both requests stored', async () => worker.totals().requests === 2);
    assert.deepEqual(await storedCounts(prefix), { rows: 50, distinct: 50 });
    const now = await totals();
    assert.deepEqual(
      { received: now.received - before.received, accepted: now.accepted - before.accepted, duplicates: now.duplicates - before.duplicates },
      { received: 60, accepted: 50, duplicates: 10 },
    );
    await waitFor('every message acked', async () => (await consumerState()).unacked === 0);
    await api.close();
  });

  test('a worker started before NATS is up keeps trying, then stores what was queued meanwhile', async () => {
    const api = await useStream();
    const prefix = `p5-${randomUUID()}-`;
    const late = await lateNats();
    try {
      const worker = await startWorker({ url: late.url });
      await sendBatch(api, [`${prefix}01`, `${prefix}02`]);
      await sleep(1500);
      assert.equal(worker.totals().requests, 0, 'nothing is stored while the worker cannot reach NATS');

      await late.open();
      await waitFor('the queued request stored', async () => worker.totals().requests === 1, 30_000);
      assert.deepEqual(await storedCounts(prefix), { rows: 2, distinct: 2 });
    } finally {
      for (const worker of workers) await worker.stop();
      workers = [];
      await late.close();
    }
    await api.close();
  });

  test('a worker that never reaches NATS still stops at once', async () => {
    await useStream();
    const worker = await startEventWorker({ db: t.handle.db, nats: { ...nats, url: 'nats://127.0.0.1:1' }, log: silent });
    // By now it has failed twice (waiting 1 s, then 2 s) and waits 4 s before its third try.
    await sleep(3200);
    const stopping = Date.now();
    await worker.stop();
    assert.ok(Date.now() - stopping < 3000, 'stop() does not wait out the retry delay');
    assert.deepEqual(worker.totals().requests, 0);
  });

  test('two workers share one durable consumer: 10,000 events stored exactly once, both did work', async () => {
    const api = await useStream();
    const prefix = `p2-${randomUUID()}-`;
    const before = await totals();
    for (let request = 0; request < 100; request += 1) {
      await sendBatch(api, Array.from({ length: 100 }, (_, i) => `${prefix}${request * 100 + i}`));
    }
    const [first, second] = [await startWorker({ batchSize: 10 }), await startWorker({ batchSize: 10 })];
    await waitFor('all 100 requests stored', async () => first!.totals().requests + second!.totals().requests === 100, 120_000);

    assert.deepEqual(await storedCounts(prefix), { rows: 10_000, distinct: 10_000 });
    assert.ok(first!.totals().requests > 0 && second!.totals().requests > 0, `both workers stored: ${first!.totals().requests} + ${second!.totals().requests}`);
    assert.equal(first!.totals().accepted + second!.totals().accepted, 10_000);
    const now = await totals();
    assert.deepEqual({ received: now.received - before.received, duplicates: now.duplicates - before.duplicates }, { received: 10_000, duplicates: 0 });
    await api.close();
  });

  test('a worker that dies after its commit but before its ack: the redelivery stores and counts nothing again', async () => {
    const api = await useStream();
    const prefix = `p3-${randomUUID()}-`;
    const before = await totals();
    await sendBatch(api, Array.from({ length: 30 }, (_, i) => `${prefix}${i}`));
    await sendBatch(api, Array.from({ length: 30 }, (_, i) => `${prefix}${30 + i}`));

    // The dying worker: fetches, commits, never acks, disconnects.
    const doomed = await openEventStream(nats, { name: 'doomed-worker' });
    await ensureWorkerConsumer(doomed, { nats, ackWaitMs: 1000 });
    const consumer = await doomed.js.consumers.get(nats.stream, nats.consumer);
    const fetched: JsMsg[] = [];
    while (fetched.length < 2) {
      for await (const message of await consumer.fetch({ max_messages: 2 - fetched.length, expires: 1000 })) fetched.push(message);
    }
    const requests = fetched.map((message) => {
      const decoded = decodeQueuedRequest({ header: (name) => message.headers?.get(name), data: message.string() });
      assert.ok(decoded.ok);
      return decoded.request;
    });
    const stored = await storeQueuedRequests(t.handle.db, requests);
    assert.equal(stored.stored.length, 2);
    await doomed.nc.close();

    const worker = await startWorker();
    await waitFor('the redelivered messages acked', async () => (await consumerState()).unacked === 0 && worker.totals().batches > 0, 30_000);
    assert.equal(worker.totals().requests, 0, 'the redelivery stored nothing');
    assert.deepEqual(await storedCounts(prefix), { rows: 60, distinct: 60 });
    const now = await totals();
    assert.deepEqual({ received: now.received - before.received, accepted: now.accepted - before.accepted, duplicates: now.duplicates - before.duplicates }, { received: 60, accepted: 60, duplicates: 0 });
    await api.close();
  });

  test('poison messages go to the dead-letter subject: undecodable at once, failing ones after NATS_MAX_DELIVER tries', async () => {
    const api = await useStream({ maxDeliver: 2 });
    const prefix = `p4-${randomUUID()}-`;
    const stream = await openEventStream(nats, { name: 'test-publisher' });
    try {
      const subject = eventSubject({ stream: nats.stream, workspaceId: source.workspaceId, sourceId: source.id });
      await stream.js.publish(subject, 'not json at all', { msgID: randomUUID() });
      // A source that does not exist: the insert fails on its foreign key every time.
      const orphan = encodeQueuedRequest({
        batchId: randomUUID(),
        source: { id: randomUUID(), workspaceId: source.workspaceId, kind: 'browser' },
        endpoint: 'track',
        receivedAt: new Date(),
        body: track(`${prefix}orphan`),
      });
      const headers = natsHeaders();
      for (const [name, value] of Object.entries(orphan.headers)) headers.set(name, value);
      await stream.js.publish(subject, orphan.data, { headers });
      await sendBatch(api, [`${prefix}good`]);

      const worker = await startWorker();
      await waitFor('two dead letters', async () => worker.totals().deadLettered === 2, 30_000);
      assert.equal(worker.totals().requests, 1, 'the good request in between was stored');
      assert.deepEqual(await storedCounts(prefix), { rows: 1, distinct: 1 });

      const dead = await stream.jsm.streams.info(nats.stream, { subjects_filter: `${nats.stream}.dead.>` });
      assert.equal(dead.state.subjects?.[`${nats.stream}.dead.${source.workspaceId}.${source.id}`], 2);
      await waitFor('nothing left to deliver', async () => {
        const state = await consumerState();
        return state.pending === 0 && state.unacked === 0;
      });
    } finally {
      await stream.nc.close();
    }
    await api.close();
  });
});
