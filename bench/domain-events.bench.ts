import { createAccountsInBulk, updateAccount } from '../src/accounts/index.js';
import { systemActor } from '../src/auth/index.js';
import { startDomainEventDispatcher, type DomainEventConsumer } from '../src/domain-events/index.js';
import { createSource, ingestTrackingRequest } from '../src/ingest/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const ACCOUNTS = 200;
/** Messages per second sent to the /v1 store, in requests of 100 every 50 ms. */
const RATE = 2000;
const PER_REQUEST = 100;

/**
 * Change → consumer start latency while ingestion runs steadily at 2,000 events/s: the
 * /v1 store path writes one `usage.events_ingested` per account per request, and an account
 * is changed every 100 ms; a consumer of every type notes, for each event, the time from
 * its write (occurred_at, taken just before the change commits) to the moment its handler
 * starts. The dispatcher runs in the benchmark's process with the defaults of `boomerang
 * start` (100 ms poll).
 */
async function run({ backend, options }: { backend: BackendName; options: BenchOptions }): Promise<BenchRun> {
  const seconds = options.quick ? 10 : 30;
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const workspace = await createWorkspace(db, 'Outbox bench');
    const actor = systemActor(workspace.id);
    const accounts = await createAccountsInBulk(
      db,
      actor,
      Array.from({ length: ACCOUNTS }, (_, n) => ({ name: `Customer ${n}`, externalIds: { segment: `grp-${n}` } })),
    );
    const { source } = await createSource(db, actor, { name: 'Backend', kind: 'server' });
    const sourceRef = { id: source.id, workspaceId: workspace.id, kind: source.kind };
    const send = (batch: Record<string, unknown>[]) =>
      ingestTrackingRequest(db, { source: sourceRef, endpoint: 'batch', body: { batch }, receivedAt: new Date() });
    // Every user belongs to an account, so each message is attributed.
    await send(Array.from({ length: ACCOUNTS }, (_, n) => ({ type: 'group', userId: `u-${n}`, groupId: `grp-${n}`, messageId: `g-${n}` })));

    const latencies: number[] = [];
    let measuring = false;
    const consumer: DomainEventConsumer = {
      name: 'bench.latency',
      eventTypes: ['usage.events_ingested', 'account.updated', 'account.created'],
      handle: async (_trx, events) => {
        const started = Date.now();
        if (measuring) for (const event of events) latencies.push(started - event.occurredAt.getTime());
      },
    };
    const dispatcher = await startDomainEventDispatcher({ db, consumers: [consumer] });
    measuring = true;

    let sent = 0;
    let changes = 0;
    let message = 0;
    const began = Date.now();
    const sender = (async () => {
      for (let tick = 0; Date.now() - began < seconds * 1000; tick += 1) {
        const due = began + (tick * PER_REQUEST * 1000) / RATE;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        const batch = Array.from({ length: PER_REQUEST }, () => {
          message += 1;
          return { type: 'track', userId: `u-${message % ACCOUNTS}`, event: 'Report Run', messageId: `m-${message}` };
        });
        await send(batch);
        sent += batch.length;
      }
    })();
    const changer = (async () => {
      while (Date.now() - began < seconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await updateAccount(db, actor, accounts[changes % ACCOUNTS]!.id, { lifecycleStage: changes % 2 ? 'active' : 'onboarding' });
        changes += 1;
      }
    })();
    await Promise.all([sender, changer]);
    const elapsed = (Date.now() - began) / 1000;
    // Let the last events through, then stop.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await dispatcher.stop();

    const result = {
      backend,
      seconds: Math.round(elapsed * 10) / 10,
      targetEventsPerSecond: RATE,
      ingestedEventsPerSecond: Math.round(sent / elapsed),
      accountChanges: changes,
      domainEventsDelivered: latencies.length,
      latencyMs: summarize(latencies),
    };
    log(`${backend}: ${latencies.length} domain events delivered`);
    return {
      result,
      summary: [
        `domain-events on ${backend}: ingestion ${result.ingestedEventsPerSecond} events/s (target ${RATE}), ${result.domainEventsDelivered} domain events; change → consumer start p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (target p99 < 1000 ms)`,
      ],
    };
  } finally {
    await database.dispose();
  }
}

export const domainEventsBenchmark: Benchmark = {
  name: 'domain-events',
  description: 'Change → consumer start latency p50/p99 while /v1 ingestion runs at a steady 2,000 events/s (target p99 < 1 s)',
  run,
};
