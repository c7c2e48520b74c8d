import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { automationActor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import { DOMAIN_EVENT_TYPES, emitDomainEvents, type DomainEventConsumer, type DomainEventType } from '../domain-events/index.js';
import { autoAdvanceTarget, criteriaHold, findStage, missingFacts, type CriteriaFacts } from './journey-rules.js';
import {
  completeMilestoneRow,
  findAccountFieldRows,
  findCurrentEntries,
  findGoalsRows,
  findJourneyEventRows,
  findMilestonesOfEntries,
  upsertJourneyEventRows,
} from './journeys.repository.js';
import { loadJourney } from './load-journey.js';

/** Moves an account's stage through the gated path (the accounts module's update use case), passed in by the process. */
export type MoveStage = (db: Kysely<Database>, actor: Actor, options: { accountId: string; stage: string; reason: string; now: Date }) => Promise<void>;

export const JOURNEY_AUTOMATION = 'journey.criteria';

/** Raw ingestion batches are too frequent to matter to a stage; their rolled-up day does. */
const IGNORED = new Set<DomainEventType>(['usage.events_ingested']);

/**
 * Domain event consumer `journeys.evaluate-criteria`: remembers when each event type last
 * happened to each account (for "event" criteria, beyond the event retention), then
 * evaluates the accounts that had events — milestones whose rule now holds are completed,
 * and an account whose stage advances automatically and whose exit and next entry criteria
 * hold is moved on through `moveStage`, i.e. through the same gate as every other move (a
 * gate that refuses leaves it where it is; it is tried again at its next event).
 */
export function createJourneyCriteriaConsumer(moveStage: MoveStage): DomainEventConsumer {
  return {
    name: 'journeys.evaluate-criteria',
    eventTypes: DOMAIN_EVENT_TYPES.filter((type) => !IGNORED.has(type)),
    async handle(trx, events, { clock }) {
      const byWorkspace = new Map<string, Map<string, Map<string, Date>>>();
      for (const event of events) {
        if (!event.accountId) continue;
        const accounts = byWorkspace.get(event.workspaceId) ?? new Map<string, Map<string, Date>>();
        const seen = accounts.get(event.accountId) ?? new Map<string, Date>();
        const prior = seen.get(event.type);
        if (!prior || prior < event.occurredAt) seen.set(event.type, event.occurredAt);
        accounts.set(event.accountId, seen);
        byWorkspace.set(event.workspaceId, accounts);
      }
      for (const [workspaceId, accounts] of byWorkspace) {
        await upsertJourneyEventRows(
          trx,
          [...accounts].flatMap(([accountId, seen]) => [...seen].map(([eventType, at]) => ({ workspace_id: workspaceId, account_id: accountId, event_type: eventType, last_at: at }))),
        );
        await evaluateJourneyCriteria(trx, { workspaceId, accountIds: [...accounts.keys()], now: clock.now(), moveStage });
      }
    },
  };
}

/**
 * Evaluates accounts' criteria as of `now` (after their events, or when a stay's timer finds a
 * time-based rule may hold): completes milestones by rule and moves accounts on.
 */
export async function evaluateJourneyCriteria(
  trx: Kysely<Database>,
  options: { workspaceId: string; accountIds: readonly string[]; now: Date; moveStage: MoveStage },
): Promise<void> {
  const { workspaceId, accountIds, now, moveStage } = options;
  const { config } = await loadJourney(trx, workspaceId);
  const [fields, goals, entries, eventRows] = await Promise.all([
    findAccountFieldRows(trx, workspaceId, accountIds),
    findGoalsRows(trx, workspaceId, accountIds),
    findCurrentEntries(trx, workspaceId, accountIds),
    findJourneyEventRows(trx, workspaceId, accountIds),
  ]);
  const milestones = await findMilestonesOfEntries(trx, workspaceId, entries.map((e) => e.id));
  const actor = automationActor(workspaceId, JOURNEY_AUTOMATION);
  for (const account of fields) {
    const stage = findStage(config, account.lifecycle_stage);
    if (!stage) continue;
    const entry = entries.find((e) => e.account_id === account.id && e.to_stage === account.lifecycle_stage);
    const own = milestones.filter((m) => m.stage_entry_id === entry?.id);
    const g = goals.find((row) => row.account_id === account.id);
    const facts: CriteriaFacts = {
      customerGoals: g?.goals ?? '',
      successCriteria: g?.success_criteria ?? '',
      ownerId: account.owner_id,
      fields: { arr: Number(account.arr), segment: account.segment, employeeCount: account.employee_count, ownerId: account.owner_id, domain: account.domain, region: account.region, industry: account.industry },
      customFields: account.custom_fields ?? {},
      enteredAt: entry?.changed_at ?? null,
      events: new Map(eventRows.filter((e) => e.account_id === account.id).map((e) => [e.event_type, e.last_at])),
      milestones: new Map(own.map((m) => [m.milestone_key, m.completed_at !== null])),
      now,
    };
    for (const m of own) {
      const rule = stage.milestones.find((d) => d.key === m.milestone_key)?.completeWhen ?? [];
      if (m.completed_at || rule.length === 0 || !criteriaHold(rule, facts)) continue;
      if (await completeMilestoneRow(trx, { workspaceId, id: m.id, userId: null, how: 'rule', now })) {
        facts.milestones.set(m.milestone_key, true);
        await emitDomainEvents(trx, [{ type: 'journey.milestone_completed', workspaceId, accountId: account.id, payload: { milestoneKey: m.milestone_key, stageKey: m.stage_key, how: 'rule' } }]);
      }
    }
    const target = autoAdvanceTarget(config, stage, facts);
    if (!target || missingFacts(target, facts).length) continue;
    await moveStage(trx, actor, { accountId: account.id, stage: target.name, reason: `Met the exit criteria of ${stage.name} and the entry criteria of ${target.name}`, now });
  }
}
