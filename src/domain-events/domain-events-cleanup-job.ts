import { DAY_MS } from '../core/clock.js';
import type { JobHandler } from '../jobs/index.js';
import { deleteConsumedEventsBefore } from './domain-events.repository.js';

/**
 * Recurring system job `domain-events.cleanup`, hourly: deletes events older than the
 * retention (BOOMERANG_DOMAIN_EVENT_RETENTION_DAYS, default 30) that every consumer of their
 * type has passed; an event a stuck consumer has not handled stays until it has.
 */
export function createDomainEventsCleanupJob(retentionDays: number): JobHandler {
  return {
    type: 'domain-events.cleanup',
    everyMs: 3_600_000,
    run: async ({ db, clock }) => {
      await deleteConsumedEventsBefore(db, new Date(clock.now().getTime() - retentionDays * DAY_MS));
    },
  };
}
