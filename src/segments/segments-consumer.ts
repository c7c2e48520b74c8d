import type { DomainEventConsumer, DomainEventType } from '../domain-events/index.js';
import { evaluateWorkspaceSegments } from './evaluate-segments.js';
import type { FieldSource } from './segment-rules.js';

/**
 * Which segment inputs an event changes. A new account is evaluated against every segment;
 * contract changes move the account's cached ARR and renewal date (account fields).
 * `segment.entered` / `segment.left` are not here: membership never feeds rules, so the events
 * this consumer writes cannot bring it back (no loop).
 */
const SOURCES_BY_EVENT = {
  'account.created': 'all',
  'account.updated': 'account',
  'contract.signed': 'account',
  'contract.renewed': 'account',
  'contract.expanded': 'account',
  'contract.contracted': 'account',
  'contract.churned': 'account',
  'health.changed': 'health',
  'usage.day_rolled_up': 'usage',
} as const satisfies Partial<Record<DomainEventType, FieldSource | 'all'>>;

/**
 * Domain event consumer `segments.membership`: re-evaluates, in its delivery transaction, the
 * accounts whose inputs changed against the segments that read those inputs — set-based, one
 * statement per segment per batch — and writes `segment.entered` / `segment.left` for each
 * account that entered or left.
 */
export const segmentMembershipConsumer: DomainEventConsumer = {
  name: 'segments.membership',
  eventTypes: Object.keys(SOURCES_BY_EVENT) as (keyof typeof SOURCES_BY_EVENT)[],
  async handle(trx, events, { clock }) {
    const byWorkspace = new Map<string, Map<FieldSource | 'all', Set<string>>>();
    for (const event of events) {
      const source = SOURCES_BY_EVENT[event.type as keyof typeof SOURCES_BY_EVENT];
      if (!event.accountId || !source) continue;
      const sources = byWorkspace.get(event.workspaceId) ?? new Map<FieldSource | 'all', Set<string>>();
      const accounts = sources.get(source) ?? new Set<string>();
      accounts.add(event.accountId);
      sources.set(source, accounts);
      byWorkspace.set(event.workspaceId, sources);
    }
    for (const [workspaceId, sources] of byWorkspace)
      for (const [source, accountIds] of sources)
        await evaluateWorkspaceSegments(trx, { workspaceId, clock, accountIds: [...accountIds], sources: source === 'all' ? 'all' : new Set([source]) });
  },
};
