/**
 * Domain events, the transactional outbox: a change other modules may react to writes a typed
 * event (`catalogue.ts`) in its own transaction with `emitDomainEvents`; consumers subscribe by
 * type and get each event once they committed, in order per account. The emit side depends on
 * core/ and db/ only, so every module can import it; delivery retries through `jobs/`.
 * The processes that deliver (`boomerang start`, `boomerang worker`) list the consumers in
 * `cli/domain-event-consumers.ts`.
 *
 * @example
 *   await emitDomainEvents(trx, [{ type: 'task.created', workspaceId, accountId, payload: { taskId } }]);
 *   const dispatcher = await startDomainEventDispatcher({ db, consumers, logger });
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findCursors } from './domain-events.repository.js';

export * from './catalogue.js';
export { emitDomainEvents } from './emit.js';
export type { ConsumerContext, DomainEventConsumer } from './consumer.js';
export { createDomainEventRetryJob, RETRY_JOB_TYPE, RETRY_ATTEMPTS, RETRY_BACKOFF } from './deliver.js';
export {
  dispatchPending,
  registerConsumers,
  startDomainEventDispatcher,
  wakeDomainEventDispatchers,
  type DomainEventDispatcher,
} from './dispatcher.js';
export { createDomainEventsCleanupJob } from './domain-events-cleanup-job.js';

/** Each consumer's position and failure per partition, for the operator. */
export async function listConsumerCursors(db: Kysely<Database>, consumers?: readonly string[]) {
  return (await findCursors(db, consumers)).map((row) => ({
    consumer: row.consumer,
    partition: row.partition,
    eventTypes: row.event_types,
    lastEventId: Number(row.last_id),
    failedAt: row.failed_at,
    lastError: row.last_error,
  }));
}
