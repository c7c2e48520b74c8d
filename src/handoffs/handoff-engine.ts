import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { scheduleJob } from '../jobs/index.js';
import { addTimelineEntry, type TimelineTone } from '../timeline/index.js';
import { dueAt } from './handoff-clock.js';
import type { ParsedRule } from './handoff-rules.js';
import { insertHandoffs, insertHistory, updateHandoffRow, type HandoffRow } from './handoffs.repository.js';

type Conn = Kysely<Database>;

export const HANDOFF_TIMER_JOB = 'handoffs.clock';

export type TeamNames = Map<string, { name: string; slug: string }>;

const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The durable timer of one hand-off level: level 0 marks it overdue at its due time, level k
 * escalates it the k-th time. The unique key keeps one queued per level; the handler's check
 * under the row lock keeps a level from acting twice.
 */
export async function scheduleHandoffTimer(trx: Conn, handoff: Pick<HandoffRow, 'id' | 'workspace_id'>, level: number, runAt: Date, clock: Clock) {
  await scheduleJob(trx, { type: HANDOFF_TIMER_JOB, workspaceId: handoff.workspace_id, payload: { handoffId: handoff.id, level }, runAt, uniqueKey: `${handoff.id}:${level}`, maxAttempts: 10 }, clock);
}

/** Tells the account's timeline, under the receiving team. */
export async function tellTimeline(
  trx: Conn,
  handoff: Pick<HandoffRow, 'id' | 'workspace_id' | 'account_id' | 'receiver_team_id'>,
  teams: TeamNames,
  entry: { title: string; body?: string | null; tone?: TimelineTone; at: Date; actorUserId?: string | null },
) {
  await addTimelineEntry(trx, {
    workspaceId: handoff.workspace_id,
    accountId: handoff.account_id,
    kind: 'handoff',
    team: teams.get(handoff.receiver_team_id)?.slug ?? 'customer_success',
    title: entry.title,
    body: entry.body ?? null,
    tone: entry.tone ?? 'neutral',
    actorUserId: entry.actorUserId ?? null,
    subjectType: 'handoff',
    subjectId: handoff.id,
    occurredAt: entry.at,
  });
}

/**
 * Starts a hand-off of `accountId` under `rule` at `startedAt` (when the trigger happened):
 * the row, its history, the timeline, `handoff.started`, and the overdue timer, all in the
 * caller's transaction. Returns null when the rule already runs one on the account.
 */
export async function startHandoff(
  trx: Conn,
  options: { workspaceId: string; accountId: string; rule: ParsedRule; startedAt: Date; trigger: string; teams: TeamNames; clock: Clock },
): Promise<HandoffRow | null> {
  const { rule, teams } = options;
  const due = dueAt(options.startedAt, rule.clock);
  const [row] = await insertHandoffs(
    trx,
    [
      {
        workspace_id: options.workspaceId,
        account_id: options.accountId,
        rule_id: rule.id,
        rule_name: rule.name,
        sender_team_id: rule.senderTeamId,
        receiver_team_id: rule.receiverTeamId,
        state: 'open',
        started_at: options.startedAt,
        due_at: due,
        business_hours: rule.clock.businessHours,
        escalation: JSON.stringify(rule.escalation),
      },
    ],
    options.clock.now(),
  );
  if (!row) return null;
  const sender = teams.get(rule.senderTeamId)?.name ?? '?';
  const receiver = teams.get(rule.receiverTeamId)?.name ?? '?';
  await insertHistory(trx, [{ workspaceId: row.workspace_id, handoffId: row.id, at: options.startedAt, action: 'started', detail: `${options.trigger}; due ${stamp(due)}` }]);
  await tellTimeline(trx, row, teams, { title: `Hand-off ${sender} → ${receiver}: ${rule.name}`, body: `Started by ${options.trigger}. Due ${stamp(due)}.`, at: options.startedAt });
  await emitDomainEvents(
    trx,
    [
      {
        type: 'handoff.started',
        workspaceId: row.workspace_id,
        accountId: row.account_id,
        payload: { handoffId: row.id, ruleId: rule.id, senderTeamId: rule.senderTeamId, receiverTeamId: rule.receiverTeamId, dueAt: due.toISOString() },
      },
    ],
    options.clock,
  );
  await scheduleHandoffTimer(trx, row, 0, due, options.clock);
  return row;
}

/** Completes a running hand-off (the caller holds its row or knows it is live): row, history, timeline, `handoff.completed`. */
export async function completeHandoffRow(
  trx: Conn,
  row: HandoffRow,
  options: { at: Date; how: string; actorUserId?: string | null; note?: string; teams: TeamNames; clock: Clock },
): Promise<void> {
  const onTime = options.at.getTime() <= row.due_at.getTime();
  await updateHandoffRow(trx, row.workspace_id, row.id, { state: 'completed', completed_at: options.at, completed_how: options.how, updated_at: options.clock.now() });
  const late = onTime ? 'on time' : `${Math.round((options.at.getTime() - row.due_at.getTime()) / 3_600_000)} h late`;
  await insertHistory(trx, [{ workspaceId: row.workspace_id, handoffId: row.id, at: options.at, action: 'completed', actorUserId: options.actorUserId, detail: [options.how, late, options.note].filter(Boolean).join('; ') }]);
  await tellTimeline(trx, row, options.teams, {
    title: `Hand-off completed ${late}: ${row.rule_name}`,
    body: options.note ?? `Completed by ${options.how}.`,
    tone: onTime ? 'positive' : 'negative',
    at: options.at,
    actorUserId: options.actorUserId,
  });
  await emitDomainEvents(trx, [{ type: 'handoff.completed', workspaceId: row.workspace_id, accountId: row.account_id, payload: { handoffId: row.id, onTime, how: options.how } }], options.clock);
}
