import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Database } from '../../db/schema.js';
import type { DomainEventConsumer } from '../consumer.js';
import { dispatchPending, registerConsumers } from '../dispatcher.js';
import { hasEventsAwaitingOlderTransactions } from '../domain-events.repository.js';

/**
 * Runs the pending deliveries to `consumers` now, as the dispatcher would, and returns the
 * events handled; tests call it where the server's dispatcher would run in the background.
 * On a shared PostgreSQL server it first waits (up to a minute) for other sessions'
 * transactions that hold committed events back (see ARCHITECTURE.md, "Domain events").
 *
 * @example
 *   await createAccount(db, actor, { name: 'Globex', domain: 'globex.com' });
 *   await drainDomainEvents(db, [waitingTicketsConsumer]);
 */
export async function drainDomainEvents(
  db: Kysely<Database>,
  consumers: readonly DomainEventConsumer[],
  clock: Clock = systemClock,
): Promise<number> {
  await registerConsumers(db, consumers, clock);
  const names = consumers.map((consumer) => consumer.name);
  let total = 0;
  for (let waited = 0; ; ) {
    // Asked before the pass, not after: a transaction that held events back and ended between
    // a pass and the question would leave them final, undelivered, and the drain returning.
    const heldBack = await hasEventsAwaitingOlderTransactions(db, names);
    const handled = await dispatchPending({ db, consumers, clock });
    total += handled;
    if (handled > 0) continue;
    if (!heldBack || waited >= 60_000) return total;
    await new Promise((resolve) => setTimeout(resolve, 20));
    waited += 20;
  }
}
