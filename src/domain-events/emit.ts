import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { NewDomainEvent } from './catalogue.js';
import { insertDomainEvents } from './domain-events.repository.js';

/**
 * Writes domain events in one multi-row insert. Call it with the transaction that makes the
 * change, so the events commit — or roll back — with it; consumers see them after the commit.
 *
 * @example
 *   await emitDomainEvents(trx, [{ type: 'note.added', workspaceId, accountId, payload: { noteId } }]);
 */
export async function emitDomainEvents(
  trx: Kysely<Database>,
  events: readonly NewDomainEvent[],
  clock: Clock = systemClock,
): Promise<void> {
  if (events.length === 0) return;
  if (!trx.isTransaction) throw new Error('emitDomainEvents needs the transaction that makes the change');
  await insertDomainEvents(trx, events, clock.now());
}
