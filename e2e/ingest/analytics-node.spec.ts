import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import { sql } from 'kysely';
import { buildApp, type App } from '../../src/api/server.js';
import { systemActor } from '../../src/auth/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/db/testing/pg-test.js';
import { createSource, getSourceStatsOrThrow } from '../../src/ingest/index.js';
import { createWorkspace } from '../../src/workspaces/index.js';

/**
 * Segment's own Node client against the real server on a port: what a customer's backend
 * would run. 10,000 events flushed in batches must each be stored exactly once.
 */
describe('@segment/analytics-node → /v1/batch', () => {
  const EVENTS = 10_000;
  let handle: TestDatabase;
  let app: App;
  let baseUrl: string;
  let writeKey: string;
  let sourceId: string;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    app = await buildApp({ db: handle.db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
    workspaceId = (await createWorkspace(handle.db, 'Analytics Node')).id;
    const created = await createSource(handle.db, systemActor(workspaceId), { name: 'Node backend' });
    writeKey = created.writeKey;
    sourceId = created.source.id;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  test(`${EVENTS.toLocaleString('en')} track events flushed by the client are each stored exactly once`, { timeout: 120_000 }, async () => {
    const analytics = new Analytics({
      writeKey,
      host: baseUrl,
      path: '/v1/batch',
      flushAt: 100,
      maxEventsInBatch: 100,
      flushInterval: 500,
      httpRequestTimeout: 30_000,
    });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    const statuses = new Map<number, number>();
    analytics.on('http_response', (response) => statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1));

    const sentIds: string[] = [];
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += 1) {
      analytics.track(
        {
          userId: `user-${i % 250}`,
          event: i % 3 === 0 ? 'Report Exported' : 'Dashboard Viewed',
          properties: { sequence: i, feature: `feature-${i % 12}` },
          context: { app: { name: 'e2e', version: '1.0.0' } },
        },
        (error, ctx) => {
          if (error) failures.push(error);
          else if (ctx?.event.messageId) sentIds.push(ctx.event.messageId);
        },
      );
    }
    await analytics.closeAndFlush({ timeout: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `analytics-node: ${EVENTS} events in ${seconds.toFixed(1)} s (${Math.round(EVENTS / seconds)} events/s) on ${handle.kind}; responses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    assert.deepEqual(failures, []);
    assert.equal(sentIds.length, EVENTS, 'the client saw every event delivered');
    const { rows } = await sql<{ total: number; distinct_ids: number; sequences: number }>`
      select count(*)::int as total, count(distinct message_id)::int as distinct_ids,
        count(distinct (properties->>'sequence'))::int as sequences
      from events where source_id = ${sourceId}`.execute(handle.db);
    assert.deepEqual(rows[0], { total: EVENTS, distinct_ids: EVENTS, sequences: EVENTS });
    const stored = await sql<{ message_id: string }>`select message_id from events where source_id = ${sourceId}`.execute(handle.db);
    assert.deepEqual(new Set(stored.rows.map((row) => row.message_id)), new Set(sentIds), 'the client’s own messageIds were kept');

    const stats = await getSourceStatsOrThrow(handle.db, systemActor(workspaceId), sourceId, { days: 1, now: new Date() });
    assert.equal(stats.accepted, EVENTS);
    assert.equal(stats.received, EVENTS + stats.duplicates, 'retries, if any, were counted as duplicates');
    assert.equal(stats.rejected, 0);
  });
});
