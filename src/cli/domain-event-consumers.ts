import type { DomainEventConsumer } from '../domain-events/index.js';
import { flowProgressConsumer } from '../flows/index.js';
import { healthInputsConsumer } from '../health/index.js';
import { waitingTicketsConsumer } from '../support/index.js';

/**
 * Every domain event consumer the processes run (`boomerang start`, `boomerang worker`),
 * listed where the processes are put together, as job handlers are in `job-handlers.ts`:
 * `domain-events/` knows no domain module, and each module exports its own consumers. A
 * consumer's name keeps its cursors; renaming one starts it again from the oldest event kept.
 */
export function domainEventConsumers(): DomainEventConsumer[] {
  return [waitingTicketsConsumer, healthInputsConsumer, flowProgressConsumer];
}
