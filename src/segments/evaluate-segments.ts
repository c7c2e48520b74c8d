import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents, type NewDomainEvent } from '../domain-events/index.js';
import { listCustomFieldDefinitions } from '../workspaces/index.js';
import { segmentSources, type CustomFieldSpec, type FieldSource, type SegmentRules } from './segment-rules.js';
import { applyMembership, findSegments, lockWorkspaceSegments } from './segments.repository.js';

type Conn = Kysely<Database>;

/** Events per insert: 5 parameters each keeps a statement well under PostgreSQL's 65,535. */
const EVENT_CHUNK = 5000;

export const todayOf = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/** The workspace's custom fields as the rule checker and compiler need them. */
export async function customFieldSpecs(db: Conn, workspaceId: string): Promise<CustomFieldSpec[]> {
  return listCustomFieldDefinitions(db, workspaceId);
}

export type EvaluateSegmentOptions = {
  workspaceId: string;
  segment: { id: string; rules: SegmentRules };
  customFields: readonly CustomFieldSpec[];
  clock: Clock;
  /** Only these accounts (their inputs changed); all of the workspace's when absent. */
  accountIds?: readonly string[];
};

/**
 * Brings one segment's membership up to date in the caller's transaction and writes a
 * `segment.entered` / `segment.left` event per account that entered or left, in the same
 * transaction. Returns the changes.
 */
export async function evaluateSegment(trx: Conn, options: EvaluateSegmentOptions): Promise<{ entered: string[]; left: string[] }> {
  const { workspaceId, segment, customFields, clock, accountIds } = options;
  const now = clock.now();
  const changes = await applyMembership(trx, {
    workspaceId,
    segmentId: segment.id,
    rules: segment.rules,
    context: { today: todayOf(clock), customFields },
    ...(accountIds ? { accountIds } : {}),
    now,
  });
  const events: NewDomainEvent[] = [
    ...changes.entered.map((accountId) => ({ type: 'segment.entered' as const, workspaceId, accountId, payload: { segmentId: segment.id } })),
    ...changes.left.map((accountId) => ({ type: 'segment.left' as const, workspaceId, accountId, payload: { segmentId: segment.id } })),
  ];
  for (let start = 0; start < events.length; start += EVENT_CHUNK) await emitDomainEvents(trx, events.slice(start, start + EVENT_CHUNK), clock);
  return changes;
}

export type EvaluateWorkspaceOptions = {
  workspaceId: string;
  clock?: Clock;
  accountIds?: readonly string[];
  /** Only segments whose rules read one of these inputs (a change of health leaves account-field segments alone). */
  sources?: ReadonlySet<FieldSource> | 'all';
  /** Only this segment. */
  segmentId?: string;
};

/**
 * Re-evaluates a workspace's segments (all, those reading the given inputs, or one) for all
 * its accounts or some, in one transaction (the caller's when `db` is one) under the
 * workspace's segment lock. Returns how many accounts entered and left in all.
 *
 * @example
 *   await evaluateWorkspaceSegments(db, { workspaceId, clock }); // the recurring job's full pass
 */
export async function evaluateWorkspaceSegments(db: Conn, options: EvaluateWorkspaceOptions): Promise<{ segments: number; entered: number; left: number }> {
  const { workspaceId, accountIds, segmentId } = options;
  const clock = options.clock ?? systemClock;
  const sources = options.sources ?? 'all';
  if (accountIds && accountIds.length === 0) return { segments: 0, entered: 0, left: 0 };
  return inTransaction(db, async (trx) => {
    await lockWorkspaceSegments(trx, workspaceId);
    const customFields = await customFieldSpecs(trx, workspaceId);
    const totals = { segments: 0, entered: 0, left: 0 };
    for (const row of await findSegments(trx, workspaceId)) {
      if (segmentId && row.id !== segmentId) continue;
      const rules = row.rules as SegmentRules;
      if (sources !== 'all' && ![...segmentSources(rules, customFields)].some((source) => sources.has(source))) continue;
      const changes = await evaluateSegment(trx, { workspaceId, segment: { id: row.id, rules }, customFields, clock, ...(accountIds ? { accountIds } : {}) });
      totals.segments += 1;
      totals.entered += changes.entered.length;
      totals.left += changes.left.length;
    }
    return totals;
  });
}
