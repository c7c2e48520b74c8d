import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema.js';
import type { DomainEvent, DomainEventType } from './catalogue.js';

export type ConsumerContext = { clock: Clock; logger?: Logger };

/**
 * Something that reacts to domain events. `handle` gets the events of its types in order
 * (per account, in the order their transactions began) in batches, with the transaction in
 * which its position is saved: what it writes there commits with the mark, so once it
 * committed it never sees those events again. If it throws, nothing of the batch commits and
 * the batch comes again after a backoff. Delivery is at least once only across that
 * boundary: a consumer that acts outside the transaction (mail, HTTP) must be idempotent.
 */
export type DomainEventConsumer = {
  /** Stable: the cursors are kept under it. */
  name: string;
  eventTypes: readonly DomainEventType[];
  handle(trx: Kysely<Database>, events: DomainEvent[], context: ConsumerContext): Promise<void>;
};
