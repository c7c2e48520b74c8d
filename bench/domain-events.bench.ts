import { createAccountsInBulk, updateAccount } from '../src/accounts/index.js';
import { systemActor } from '../src/auth/index.js';
import { startDomainEventDispatcher, type DomainEventConsumer } from '../src/domain-events/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import { createGroupedSource, sendSteadily, trackBatch } from './lib/steady-ingestion.js';
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
    // Every user belongs to an account, so each message is attributed.
    const send = await createGroupedSource(db, actor, ACCOUNTS);

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

    let changes = 0;
    const began = Date.now();
    const sender = sendSteadily({ send, rate: RATE, perRequest: PER_REQUEST, seconds, batch: (tick) => trackBatch(tick, PER_REQUEST, ACCOUNTS) });
    const changer = (async () => {
      while (Date.now() - began < seconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await updateAccount(db, actor, accounts[changes % ACCOUNTS]!.id, { lifecycleStage: changes % 2 ? 'active' : 'onboarding' });
        changes += 1;
      }
    })();
    const [{ sent }] = await Promise.all([sender, changer]);
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
