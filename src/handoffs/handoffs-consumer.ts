import type { Kysely } from 'kysely';
import { automationActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { DomainEvent, DomainEventConsumer } from '../domain-events/index.js';
import { getTaskOrThrow } from '../tasks/index.js';
import { listTeams } from '../teams/index.js';
import { completeHandoffRow, startHandoff, type TeamNames } from './handoff-engine.js';
import { findEnabledRules, findRulesById } from './handoff-rules.js';
import { findLiveHandoffRows, type HandoffRow } from './handoffs.repository.js';
import { HANDOFF_INPUT_EVENTS, completedAtOf, completionMatches, triggerMatches } from './match-handoff-events.js';

type Conn = Kysely<Database>;

export async function teamNames(db: Conn, workspaceId: string): Promise<TeamNames> {
  return new Map((await listTeams(db, { workspaceId })).map((t) => [t.id, { name: t.name, slug: t.slug }]));
}

/**
 * Applies one workspace's events in order: each event first completes the running hand-offs
 * of its account that it satisfies (started before it), then starts those of the rules it
 * triggers. One consumer does both so that an account's start and completion are seen in
 * their order (two consumers keep separate cursors and could complete before starting).
 */
async function applyEvents(trx: Conn, workspaceId: string, events: DomainEvent[], clock: Clock): Promise<void> {
  const rules = await findEnabledRules(trx, workspaceId);
  const accountIds = [...new Set(events.flatMap((e) => (e.accountId ? [e.accountId] : [])))];
  const live = await findLiveHandoffRows(trx, workspaceId, accountIds);
  if (rules.length === 0 && live.length === 0) return;
  const allRules = await findRulesById(trx, workspaceId);
  const teams = await teamNames(trx, workspaceId);
  const liveByAccount = new Map<string, HandoffRow[]>();
  for (const row of live) liveByAccount.set(row.account_id, [...(liveByAccount.get(row.account_id) ?? []), row]);

  for (const event of events) {
    if (!event.accountId) continue;
    const running = liveByAccount.get(event.accountId) ?? [];
    let taskTitle: string | null | undefined;
    if (event.type === 'task.completed' && running.length > 0) {
      taskTitle = await getTaskOrThrow(trx, automationActor(workspaceId, 'handoffs.start'), event.payload.taskId).then(
        (task) => task.title,
        () => null,
      );
    }
    for (const row of [...running]) {
      const rule = row.rule_id ? allRules.get(row.rule_id) : undefined;
      if (!rule || row.started_at > event.occurredAt) continue;
      if (!rule.completion.some((condition) => completionMatches(condition, event, { startedAt: row.started_at, taskTitle }))) continue;
      await completeHandoffRow(trx, row, { at: completedAtOf(event, row.started_at), how: event.type, teams, clock });
      running.splice(running.indexOf(row), 1);
    }
    for (const rule of rules) {
      const trigger = rule.triggers.find((t) => triggerMatches(t, event));
      if (!trigger || running.some((row) => row.rule_id === rule.id)) continue;
      const started = await startHandoff(trx, {
        workspaceId,
        accountId: event.accountId,
        rule,
        startedAt: event.occurredAt,
        trigger: 'stage' in trigger && trigger.stage ? `${event.type} (${trigger.stage})` : event.type,
        teams,
        clock,
      });
      if (started) running.push(started);
    }
    liveByAccount.set(event.accountId, running);
  }
}

/**
 * Domain event consumer `handoffs.start`: starts hand-offs when a rule's trigger happens and
 * completes running ones when one of their rule's completion conditions does, in the
 * consumer's transaction (so a hand-off, its timer job and its `handoff.started` event commit
 * with the cursor). The first event of a workspace gives it the default teams and rules.
 */
export const handoffsConsumer: DomainEventConsumer = {
  name: 'handoffs.start',
  eventTypes: HANDOFF_INPUT_EVENTS,
  async handle(trx, events, { clock }) {
    const byWorkspace = new Map<string, DomainEvent[]>();
    for (const event of events) byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event]);
    for (const [workspaceId, workspaceEvents] of byWorkspace) await applyEvents(trx, workspaceId, workspaceEvents, clock);
  },
};
