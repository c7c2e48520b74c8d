import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob, type Backoff, type JobHandler } from '../jobs/index.js';
import type { DomainEventConsumer } from './consumer.js';
import { advanceCursor, clearCursorFailure, findEventsAfter, lockCursor, markCursorFailed } from './domain-events.repository.js';

/** Events read per batch (a consumer gets at most this many at once). */
export const DELIVERY_BATCH = 500;

export const RETRY_JOB_TYPE = 'domain-events.retry';
/** Attempts of a failing delivery after the first: 1 s, 2 s, 4 s … 32 s, then failed. */
export const RETRY_ATTEMPTS = 6;
export const RETRY_BACKOFF: Backoff = { baseMs: 1000, maxMs: 300_000 };

export type DeliveryOutcome = { read: number; handled: number; busy: boolean };

/**
 * Delivers one batch of a partition to a consumer, in one transaction: lock the cursor (SKIP
 * LOCKED: another worker delivering it now → busy), read the next events, hand the consumer
 * those of its types, move the cursor past all of them. An error rolls it all back.
 */
export async function deliverBatch(
  db: Kysely<Database>,
  consumer: DomainEventConsumer,
  partition: number,
  context: { clock: Clock; logger?: Logger; limit?: number },
): Promise<DeliveryOutcome> {
  return inTransaction(db, async (trx) => {
    const cursor = await lockCursor(trx, consumer.name, partition);
    if (!cursor) return { read: 0, handled: 0, busy: true };
    const rows = await findEventsAfter(trx, cursor, context.limit ?? DELIVERY_BATCH);
    if (rows.length === 0) return { read: 0, handled: 0, busy: false };
    const types: readonly string[] = consumer.eventTypes;
    const events = rows.map((row) => row.event).filter((event) => types.includes(event.type));
    if (events.length > 0) await consumer.handle(trx, events, { clock: context.clock, logger: context.logger });
    const last = rows[rows.length - 1]!;
    await advanceCursor(trx, {
      consumer: consumer.name,
      partition,
      lastTxid: last.txid,
      lastId: last.event.id,
      now: context.clock.now(),
    });
    return { read: rows.length, handled: events.length, busy: false };
  });
}

/** Delivers batches until the partition is drained (or busy elsewhere); returns the events handled. */
export async function deliverPartition(
  db: Kysely<Database>,
  consumer: DomainEventConsumer,
  partition: number,
  context: { clock: Clock; logger?: Logger; signal?: AbortSignal },
): Promise<number> {
  let handled = 0;
  for (;;) {
    const outcome = await deliverBatch(db, consumer, partition, context);
    handled += outcome.handled;
    if (outcome.busy || outcome.read < DELIVERY_BATCH || context.signal?.aborted) return handled;
  }
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/**
 * A first delivery failed: the partition is set aside for this consumer (the dispatcher skips
 * it, so later events of those accounts wait behind the failing one) and a retry job takes
 * over, due after the first backoff step. The job's unique key keeps one per partition.
 */
export async function handOverToRetryJob(
  db: Kysely<Database>,
  failure: { consumer: string; partition: number; error: unknown; clock: Clock },
): Promise<void> {
  const now = failure.clock.now();
  await inTransaction(db, async (trx) => {
    await markCursorFailed(trx, { consumer: failure.consumer, partition: failure.partition, error: describeError(failure.error), now });
    await scheduleJob(
      trx,
      {
        type: RETRY_JOB_TYPE,
        payload: { consumer: failure.consumer, partition: failure.partition },
        uniqueKey: `${failure.consumer}#${failure.partition}`,
        runAt: new Date(now.getTime() + RETRY_BACKOFF.baseMs),
        maxAttempts: RETRY_ATTEMPTS,
      },
      failure.clock,
    );
  });
}

/**
 * Job `domain-events.retry` {consumer, partition}: delivers the set-aside partition. Success
 * clears the failed mark (the dispatcher takes the partition back); failure is retried with
 * the jobs module's backoff, and after the last attempt the job is failed with the error
 * (`boomerang jobs --failed`; `boomerang jobs retry ID` tries again) and the partition stays
 * set aside with `last_error` on its cursor.
 */
export function createDomainEventRetryJob(consumers: readonly DomainEventConsumer[]): JobHandler {
  const byName = new Map(consumers.map((consumer) => [consumer.name, consumer]));
  return {
    type: RETRY_JOB_TYPE,
    backoff: RETRY_BACKOFF,
    run: async ({ db, clock, logger, payload, signal, attempt, maxAttempts }) => {
      const consumer = byName.get(String(payload.consumer));
      const partition = Number(payload.partition);
      if (!consumer) throw new Error(`No domain event consumer named ${String(payload.consumer)} runs here`);
      try {
        await deliverPartition(db, consumer, partition, { clock, logger, signal });
        await clearCursorFailure(db, consumer.name, partition);
      } catch (error) {
        await markCursorFailed(db, { consumer: consumer.name, partition, error: describeError(error), now: clock.now() });
        if (attempt >= maxAttempts) logger?.error({ err: error, consumer: consumer.name, partition }, 'domain event consumer failed for good');
        throw error;
      }
    },
  };
}
