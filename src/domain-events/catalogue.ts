/**
 * The catalogue of domain events: each type and its payload. A change other modules may react
 * to writes one of these in the same transaction as the change (`emitDomainEvents`).
 * Payloads carry ids and what changed, not whole rows: a consumer reads the present state
 * when it needs more.
 */

/** A field's value before and after a change. */
export type FieldChange<T = unknown> = { before: T; after: T };

/** The account fields whose changes `account.updated` reports (segment rules read the last four too). */
export const ACCOUNT_TRACKED_FIELDS = [
  'name',
  'ownerId',
  'lifecycleStage',
  'segment',
  'domain',
  'externalIds',
  'parentId',
  'industry',
  'region',
  'employeeCount',
  'customFields',
] as const;
export type AccountTrackedField = (typeof ACCOUNT_TRACKED_FIELDS)[number];

type ContractMovement = {
  subscriptionId: string;
  /** The ARR movement ledger's figures for the change, in the workspace currency. */
  arrBefore: number;
  arrAfter: number;
  effectiveDate: string;
};

export type DomainEventPayloads = {
  'account.created': {
    name: string;
    ownerId: string | null;
    lifecycleStage: string | null;
    segment: string | null;
    domain: string | null;
    externalIds: Record<string, string>;
  };
  'account.updated': { changed: Partial<Record<AccountTrackedField, FieldChange>> };
  'contract.signed': ContractMovement;
  'contract.renewed': ContractMovement;
  'contract.expanded': ContractMovement;
  'contract.contracted': ContractMovement;
  'contract.churned': ContractMovement;
  'contact.arrived': { contactId: string };
  'contact.left': { contactId: string };
  'contact.role_changed': { contactId: string; role: FieldChange<string | null> };
  'ticket.opened': { ticketId: string; status: string };
  'ticket.updated': { ticketId: string; status: string };
  'ticket.solved': { ticketId: string; status: string };
  'survey.answered': { responseId: string; kind: string; score: number };
  'signal.recorded': { signalId: string; kind: string };
  'note.added': { noteId: string };
  /** A CSM logged a meeting, call or email; `occurredAt` is when it happened. */
  'interaction.logged': { interactionId: string; kind: string; occurredAt: string };
  'task.created': { taskId: string };
  'task.completed': { taskId: string };
  /** One per account per stored batch (a /v1 request or a NATS batch), not per message. */
  'usage.events_ingested': { events: number; days: string[] };
  /** One per account per rollup run, listing the UTC days recomputed. */
  'usage.day_rolled_up': { days: string[] };
  /** The account's current health score or band changed (not written for history backfills). */
  'health.changed': {
    scoreBefore: number | null;
    scoreAfter: number | null;
    bandBefore: 'green' | 'yellow' | 'red' | null;
    bandAfter: 'green' | 'yellow' | 'red' | null;
    asOf: string;
  };
  /** A moment of truth was recorded on the account (by hand or derived from another event; src/experience). */
  'moment.recorded': { momentId: string };
  /** The account now matches a saved segment's rules. */
  'segment.entered': { segmentId: string };
  /** The account no longer matches a saved segment's rules (or the segment was deleted). */
  'segment.left': { segmentId: string };
  /** A hand-off between teams started (handoffs/); `dueAt` is its clock. */
  'handoff.started': { handoffId: string; ruleId: string | null; senderTeamId: string; receiverTeamId: string; dueAt: string };
  /** A hand-off was completed, by an event or a person; `onTime`: by its due time. */
  'handoff.completed': { handoffId: string; onTime: boolean; how: string };
  /** A running hand-off passed its due time. */
  'handoff.overdue': { handoffId: string; dueAt: string };
  /** An overdue hand-off escalated to its `level`-th person (1-based). */
  'handoff.escalated': { handoffId: string; level: number; to: string };
  /** A milestone of the account's current stage was completed, by hand or by its rule (journeys). */
  'journey.milestone_completed': { milestoneKey: string; stageKey: string; how: 'manual' | 'rule' };
};

export type DomainEventType = keyof DomainEventPayloads;

export const DOMAIN_EVENT_TYPES = [
  'account.created',
  'account.updated',
  'contract.signed',
  'contract.renewed',
  'contract.expanded',
  'contract.contracted',
  'contract.churned',
  'contact.arrived',
  'contact.left',
  'contact.role_changed',
  'ticket.opened',
  'ticket.updated',
  'ticket.solved',
  'survey.answered',
  'signal.recorded',
  'note.added',
  'interaction.logged',
  'task.created',
  'task.completed',
  'usage.events_ingested',
  'usage.day_rolled_up',
  'health.changed',
  'segment.entered',
  'segment.left',
  'handoff.started',
  'handoff.completed',
  'handoff.overdue',
  'handoff.escalated',
  'journey.milestone_completed',
  'moment.recorded',
] as const satisfies readonly DomainEventType[];

/** An event to write: its type, payload, workspace and (for nearly all) account. */
export type NewDomainEvent = {
  [T in DomainEventType]: { type: T; workspaceId: string; accountId: string | null; payload: DomainEventPayloads[T] };
}[DomainEventType];

/** An event as a consumer receives it. */
export type DomainEvent = {
  [T in DomainEventType]: {
    id: number;
    type: T;
    workspaceId: string;
    accountId: string | null;
    payload: DomainEventPayloads[T];
    occurredAt: Date;
  };
}[DomainEventType];

/** The events of the given types, narrowed. */
export function eventsOfType<T extends DomainEventType>(
  events: readonly DomainEvent[],
  ...types: T[]
): Extract<DomainEvent, { type: T }>[] {
  return events.filter((event): event is Extract<DomainEvent, { type: T }> => (types as string[]).includes(event.type));
}

/**
 * Accounts that appeared or gained a domain or external id in these events, by workspace:
 * the ones facts waiting for an account (tickets, product users) may now belong to.
 */
export function accountsGainingMatchKeys(events: readonly DomainEvent[]): Map<string, string[]> {
  const byWorkspace = new Map<string, Set<string>>();
  const relevant = [
    ...eventsOfType(events, 'account.created'),
    ...eventsOfType(events, 'account.updated').filter((event) => event.payload.changed.domain !== undefined || event.payload.changed.externalIds !== undefined),
  ];
  for (const event of relevant) {
    if (event.accountId) byWorkspace.set(event.workspaceId, (byWorkspace.get(event.workspaceId) ?? new Set<string>()).add(event.accountId));
  }
  return new Map([...byWorkspace].map(([workspaceId, accountIds]) => [workspaceId, [...accountIds]]));
}

/**
 * What changed among the tracked account fields, or null when nothing did.
 *
 * @example
 *   accountChanges({ lifecycleStage: 'onboarding' }, { lifecycleStage: 'active' }); // { lifecycleStage: { before: 'onboarding', after: 'active' } }
 */
export function accountChanges(
  before: Partial<Record<AccountTrackedField, unknown>>,
  after: Partial<Record<AccountTrackedField, unknown>>,
): Partial<Record<AccountTrackedField, FieldChange>> | null {
  const changed: Partial<Record<AccountTrackedField, FieldChange>> = {};
  for (const field of ACCOUNT_TRACKED_FIELDS) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { before: from, after: to };
  }
  return Object.keys(changed).length > 0 ? changed : null;
}
