import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema.js';
import type { DomainEventConsumer } from './consumer.js';
import { deliverPartition, handOverToRetryJob } from './deliver.js';
import { ensureCursors, findPendingPartitions } from './domain-events.repository.js';

export type DispatchOptions = {
  db: Kysely<Database>;
  consumers: readonly DomainEventConsumer[];
  clock?: Clock;
  logger?: Logger;
  signal?: AbortSignal;
};

/** Registers the consumers' cursors (one per partition) and the types each reads. */
export async function registerConsumers(db: Kysely<Database>, consumers: readonly DomainEventConsumer[], clock: Clock): Promise<void> {
  const names = new Set(consumers.map((consumer) => consumer.name));
  if (names.size !== consumers.length) throw new Error('two domain event consumers share a name');
  for (const consumer of consumers) await ensureCursors(db, consumer.name, consumer.eventTypes, clock.now());
}

/**
 * One pass: finds the (consumer, partition) pairs with final events after their cursor and
 * delivers each until drained. A failure sets the partition aside for a retry job. Returns
 * the events handed to consumers.
 */
export async function dispatchPending(options: DispatchOptions): Promise<number> {
  const { db, logger, clock = systemClock, signal } = options;
  const byName = new Map(options.consumers.map((consumer) => [consumer.name, consumer]));
  const pending = await findPendingPartitions(db, [...byName.keys()]);
  let handled = 0;
  for (const { consumer: name, partition } of pending) {
    if (signal?.aborted) break;
    const consumer = byName.get(name)!;
    try {
      handled += await deliverPartition(db, consumer, partition, { clock, logger, signal });
    } catch (error) {
      logger?.warn({ err: error, consumer: name, partition }, 'domain event consumer failed; retrying with backoff');
      await handOverToRetryJob(db, { consumer: name, partition, error, clock });
    }
  }
  return handled;
}

export type DomainEventDispatcher = {
  /** Look for new events now rather than at the next poll. */
  wake(): void;
  /** Finishes the delivery in hand, then stops. */
  stop(): Promise<void>;
  /** Events handed to consumers so far. */
  handled(): number;
};

const running = new Set<DomainEventDispatcher>();

/** Wakes this process's dispatchers (after a commit that wrote events, for instance). */
export function wakeDomainEventDispatchers(): void {
  for (const dispatcher of running) dispatcher.wake();
}

/**
 * Delivers domain events until stopped: a pass over every pending partition, then a pause of
 * `pollMs` (100 ms: an index probe per cursor) unless woken. Any number of processes may run
 * one: a partition's cursor is locked with SKIP LOCKED for each batch, so a busy partition
 * is skipped, never delivered twice. A failing pass (the database restarting) is logged and
 * tried again at the next poll.
 *
 * @example
 *   const dispatcher = await startDomainEventDispatcher({ db, consumers: domainEventConsumers(), logger });
 */
export async function startDomainEventDispatcher(options: DispatchOptions & { pollMs?: number }): Promise<DomainEventDispatcher> {
  const { pollMs = 100, logger, clock = systemClock } = options;
  await registerConsumers(options.db, options.consumers, clock);
  const stopping = new AbortController();
  let stopped = false;
  let total = 0;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let wokenWhileBusy = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, ms), resolve };
    }).finally(() => (sleeping = undefined));

  const loop = async () => {
    while (!stopped) {
      wokenWhileBusy = false;
      try {
        total += await dispatchPending({ ...options, clock, signal: stopping.signal });
      } catch (error) {
        logger?.error({ err: error }, 'delivering domain events failed; trying again at the next poll');
      }
      if (!stopped && !wokenWhileBusy) await sleep(pollMs);
    }
  };
  const dispatcher: DomainEventDispatcher = {
    wake() {
      if (!sleeping) {
        wokenWhileBusy = true;
        return;
      }
      clearTimeout(sleeping.timer);
      sleeping.resolve();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      running.delete(dispatcher);
      dispatcher.wake();
      await done;
    },
    handled: () => total,
  };
  running.add(dispatcher);
  const done = loop();
  return dispatcher;
}
