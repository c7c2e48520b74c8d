import { DOMAIN_EVENT_TYPES, type DomainEventConsumer, type DomainEventType } from '../domain-events/index.js';
import { markHealthStale } from './health-jobs.js';

/**
 * Every event but tasks, raw ingestion and what scoring itself or segment membership
 * produces (a score change must not mark the account stale again): the changes a scorecard reads are account fields (segment and stage pick the scorecard),
 * contracts (renewal, contraction), stakeholders, tickets and surveys, outside signals, CSM
 * touches (notes, logged meetings, calls and emails), and usage once its day is rolled up (the measures read the rollups, not
 * raw events, so `usage.events_ingested` would score too early). A new event type is an
 * input unless it is listed here as not one.
 */
const NOT_HEALTH_INPUTS = new Set<DomainEventType>([
  'task.created',
  'task.completed',
  'usage.events_ingested',
  'health.changed',
  'segment.entered',
  'segment.left',
  // Hand-offs are the teams' workflow; no scorecard measure reads them, so they would only
  // cost recomputes. An overdue hand-off that should weigh on health would become a measure first.
  'handoff.started',
  'handoff.completed',
  'handoff.overdue',
  'handoff.escalated',
  'journey.milestone_completed',
]);
const HEALTH_INPUTS: readonly DomainEventType[] = DOMAIN_EVENT_TYPES.filter((type) => !NOT_HEALTH_INPUTS.has(type));

/**
 * Domain event consumer `health.mark-stale`: an account whose inputs changed is marked stale
 * in the consumer's transaction, and one `health.recompute` job per workspace scores the
 * marked accounts set-based, so a burst of changes costs one pass, not one per event.
 */
export const healthInputsConsumer: DomainEventConsumer = {
  name: 'health.mark-stale',
  eventTypes: HEALTH_INPUTS,
  async handle(trx, events, { clock }) {
    const byWorkspace = new Map<string, Set<string>>();
    for (const event of events) {
      if (!event.accountId) continue;
      const accounts = byWorkspace.get(event.workspaceId) ?? new Set<string>();
      accounts.add(event.accountId);
      byWorkspace.set(event.workspaceId, accounts);
    }
    for (const [workspaceId, accountIds] of byWorkspace)
      await markHealthStale(trx, workspaceId, [...accountIds], clock);
  },
};
