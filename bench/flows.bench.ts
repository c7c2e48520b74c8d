import { createAccountsInBulk } from '../src/accounts/index.js';
import { systemActor } from '../src/auth/index.js';
import { systemClock } from '../src/core/clock.js';
import { startDomainEventDispatcher, type DomainEventConsumer } from '../src/domain-events/index.js';
import { createFlow, flowProgressConsumer } from '../src/flows/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import { createGroupedSource, sendSteadily } from './lib/steady-ingestion.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const ACCOUNTS = 200;
/** Messages per second sent to the /v1 store, in requests of 75 every 50 ms. */
const RATE = 1500;
const PER_REQUEST = 75;
/** A new user signs up and fails the address step in every fourth request. */
const PROBE_EVERY = 4;

/**
 * Failing event → `flow_stuck` signal, while ingestion runs steadily at 1,500 events/s: every
 * request carries 75 messages of 200 accounts' users (mostly `Report Run`, flow steps now and
 * then); in every fourth one a new user signs up and fails the address step (one failure makes
 * it stuck). The latency of a probe is from just before its request is stored to the moment
 * the `flows.progress` consumer raised the episode (`raised_at`, the consumer's clock); the
 * baseline, measured in the same run by a do-nothing consumer of the same events, is the
 * outbox's own delivery latency (write → handler start). The dispatcher runs in the
 * benchmark's process with the defaults of `boomerang start` (100 ms poll).
 */
async function run({ backend, options }: { backend: BackendName; options: BenchOptions }): Promise<BenchRun> {
  const seconds = options.quick ? 10 : 20;
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const workspace = await createWorkspace(db, 'Flows bench');
    const actor = systemActor(workspace.id);
    await createAccountsInBulk(db, actor, Array.from({ length: ACCOUNTS }, (_, n) => ({ name: `Customer ${n}`, externalIds: { segment: `grp-${n}` } })));
    await createFlow(
      db,
      actor,
      {
        name: 'Checkout',
        isActive: true,
        steps: [
          { key: 'signup', name: 'Signed up', event: 'signed_up' },
          { key: 'address', name: 'Address entered', event: 'address_entered', failure: { where: { property: 'error' } }, idleMinutes: 30 },
          { key: 'payment', name: 'Payment', event: 'payment_made' },
        ],
      },
      systemClock,
    );
    // One group call per account first, as an SDK sends on login: it links each group to its account.
    const send = await createGroupedSource(db, actor, ACCOUNTS);

    const baseline: number[] = [];
    let measuring = false;
    const baselineConsumer: DomainEventConsumer = {
      name: 'bench.baseline',
      eventTypes: ['usage.events_ingested'],
      handle: async (_trx, events) => {
        const started = Date.now();
        if (measuring) for (const event of events) baseline.push(started - event.occurredAt.getTime());
      },
    };
    const dispatcher = await startDomainEventDispatcher({ db, consumers: [flowProgressConsumer, baselineConsumer] });
    measuring = true;

    const probes = new Map<string, number>();
    let message = 0;
    const batch = (tick: number) => {
      const messages: Record<string, unknown>[] = Array.from({ length: PER_REQUEST }, () => {
        message += 1;
        const user = `u-${message % 1000}`;
        const event = message % 50 === 0 ? 'signed_up' : message % 50 === 1 ? 'address_entered' : 'Report Run';
        return { type: 'track', userId: user, event, messageId: `m-${message}`, context: { groupId: `grp-${message % ACCOUNTS}` } };
      });
      if (tick % PROBE_EVERY === 0) {
        const probe = `probe-${tick}`;
        const groupId = `grp-${tick % ACCOUNTS}`;
        messages.splice(0, 2,
          { type: 'track', userId: probe, event: 'signed_up', messageId: `${probe}-1`, context: { groupId } },
          { type: 'track', userId: probe, event: 'address_entered', properties: { error: 'postcode' }, messageId: `${probe}-2`, context: { groupId } },
        );
        probes.set(probe, Date.now());
      }
      return messages;
    };
    const { sent, seconds: elapsed } = await sendSteadily({ send, rate: RATE, perRequest: PER_REQUEST, seconds, batch });
    // Let the last deliveries through, then stop.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const raised = await db.selectFrom('flow_stuck_episodes').select(db.fn.countAll<string>().as('n')).where('user_key', 'like', 'probe-%').executeTakeFirstOrThrow();
      if (Number(raised.n) >= probes.size) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await dispatcher.stop();

    const episodes = await db.selectFrom('flow_stuck_episodes').select(['user_key', 'raised_at']).where('user_key', 'like', 'probe-%').execute();
    const signals = await db.selectFrom('signals').select(db.fn.countAll<string>().as('n')).where('type', '=', 'flow_stuck').executeTakeFirstOrThrow();
    const latencies = episodes.map((episode) => episode.raised_at.getTime() - probes.get(episode.user_key)!);
    const result = {
      backend,
      seconds: Math.round(elapsed * 10) / 10,
      targetEventsPerSecond: RATE,
      ingestedEventsPerSecond: Math.round(sent / elapsed),
      probes: probes.size,
      stuckEpisodes: episodes.length,
      flowStuckSignals: Number(signals.n),
      failingEventToSignalMs: summarize(latencies),
      baselineDeliveryMs: summarize(baseline),
    };
    log(`${backend}: ${episodes.length}/${probes.size} probes raised`);
    return {
      result,
      summary: [
        `flows on ${backend}: ingestion ${result.ingestedEventsPerSecond} events/s (target ${RATE}); ${episodes.length}/${probes.size} stuck users signalled (${result.flowStuckSignals} signals); failing event → flow_stuck p50 ${result.failingEventToSignalMs.p50} ms, p99 ${result.failingEventToSignalMs.p99} ms (target < 60 s); baseline outbox delivery p50 ${result.baselineDeliveryMs.p50} ms, p99 ${result.baselineDeliveryMs.p99} ms`,
      ],
    };
  } finally {
    await database.dispose();
  }
}

export const flowsBenchmark: Benchmark = {
  name: 'flows',
  description: 'Failing event → flow_stuck signal latency p50/p99 while /v1 ingestion runs at a steady 1,500 events/s (target: within a minute)',
  run,
};
