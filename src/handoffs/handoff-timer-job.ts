import type { Kysely } from 'kysely';
import { automationActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import type { JobHandler } from '../jobs/index.js';
import { createTask } from '../tasks/index.js';
import { getTeamOrThrow } from '../teams/index.js';
import { listMembers } from '../workspaces/index.js';
import { escalationAt } from './handoff-clock.js';
import { HANDOFF_TIMER_JOB, scheduleHandoffTimer, tellTimeline } from './handoff-engine.js';
import { teamNames } from './handoffs-consumer.js';
import { insertHistory, lockHandoffRow, updateHandoffRow, type HandoffRow } from './handoffs.repository.js';
import type { EscalationStep } from './handoffs.schema.js';

type Conn = Kysely<Database>;

const AUTOMATION = 'handoffs.clock';

/** Who an escalation step reaches: the team's lead, else (and for `admin`) the workspace's first admin by name. */
async function escalationTarget(trx: Conn, row: HandoffRow, step: EscalationStep): Promise<{ id: string; name: string; why: string } | null> {
  const actor = automationActor(row.workspace_id, AUTOMATION);
  if (step.to !== 'admin') {
    const team = await getTeamOrThrow(trx, actor, step.to === 'receiver_lead' ? row.receiver_team_id : row.sender_team_id);
    if (team.lead) return { ...team.lead, why: `lead of ${team.name}` };
  }
  const admin = (await listMembers(trx, actor)).filter((m) => m.role === 'admin').sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];
  return admin ? { id: admin.id, name: admin.name, why: step.to === 'admin' ? 'admin' : 'admin (the team has no lead)' } : null;
}

/**
 * Runs one level of a hand-off's clock under its row lock. Level 0 at the due time: a running
 * hand-off becomes overdue and the first escalation is scheduled. Level k: an overdue hand-off
 * still at level k − 1 escalates (timeline entry, optional task, `handoff.escalated`) and the
 * next level is scheduled. Anything else — completed meanwhile, or this level already done by
 * an earlier run of the job — does nothing, so a job that runs twice, or in two processes,
 * escalates once.
 */
export async function advanceHandoffClock(db: Conn, options: { workspaceId: string; handoffId: string; level: number; clock: Clock }): Promise<'overdue' | 'escalated' | 'nothing'> {
  const { clock, level } = options;
  return inTransaction(db, async (trx) => {
    const row = await lockHandoffRow(trx, options.workspaceId, options.handoffId);
    if (!row || row.state === 'completed') return 'nothing';
    const now = clock.now();
    const steps = row.escalation as EscalationStep[];
    const teams = await teamNames(trx, row.workspace_id);
    if (level === 0) {
      if (row.state !== 'open' && row.state !== 'accepted') return 'nothing';
      if (row.due_at > now) {
        // Early (a clock moved back, a job rescheduled by hand): wait for the due time.
        await scheduleHandoffTimer(trx, row, 0, row.due_at, clock);
        return 'nothing';
      }
      await updateHandoffRow(trx, row.workspace_id, row.id, { state: 'overdue', overdue_at: now, updated_at: now });
      await insertHistory(trx, [{ workspaceId: row.workspace_id, handoffId: row.id, at: now, action: 'overdue', detail: `due ${row.due_at.toISOString()}` }]);
      await tellTimeline(trx, row, teams, { title: `Hand-off overdue: ${row.rule_name}`, body: `Not completed by ${row.due_at.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, tone: 'negative', at: now });
      await emitDomainEvents(trx, [{ type: 'handoff.overdue', workspaceId: row.workspace_id, accountId: row.account_id, payload: { handoffId: row.id, dueAt: row.due_at.toISOString() } }], clock);
      const first = escalationAt(row.due_at, steps, 1);
      if (first) await scheduleHandoffTimer(trx, row, 1, first, clock);
      return 'overdue';
    }
    const step = steps[level - 1];
    if (!step || row.escalation_level !== level - 1 || (row.state !== 'overdue' && row.state !== 'escalated')) return 'nothing';
    const target = await escalationTarget(trx, row, step);
    await updateHandoffRow(trx, row.workspace_id, row.id, { state: 'escalated', escalation_level: level, updated_at: now });
    const who = target ? `${target.name} (${target.why})` : 'nobody (the workspace has no admin)';
    await insertHistory(trx, [{ workspaceId: row.workspace_id, handoffId: row.id, at: now, action: 'escalated', detail: `level ${level} to ${who}` }]);
    await tellTimeline(trx, row, teams, { title: `Hand-off escalated to ${target?.name ?? 'nobody'}: ${row.rule_name}`, body: `Level ${level} of ${steps.length}: ${who}.`, tone: 'negative', at: now });
    if (target && step.createTask) {
      await createTask(trx, automationActor(row.workspace_id, AUTOMATION), row.account_id, {
        title: `Overdue hand-off (level ${level}): ${row.rule_name}`.slice(0, 200),
        description: `${teams.get(row.sender_team_id)?.name ?? '?'} → ${teams.get(row.receiver_team_id)?.name ?? '?'}, due ${row.due_at.toISOString()}. See the hand-offs board.`,
        dueDate: now.toISOString().slice(0, 10),
        priority: level > 1 ? 'urgent' : 'high',
        ownerId: target.id,
      });
    }
    await emitDomainEvents(trx, [{ type: 'handoff.escalated', workspaceId: row.workspace_id, accountId: row.account_id, payload: { handoffId: row.id, level, to: step.to } }], clock);
    const next = escalationAt(row.due_at, steps, level + 1);
    if (next) await scheduleHandoffTimer(trx, row, level + 1, next, clock);
    return 'escalated';
  });
}

/** Job `handoffs.clock` {handoffId, level}: see advanceHandoffClock. */
export const handoffTimerJob: JobHandler = {
  type: HANDOFF_TIMER_JOB,
  async run({ db, clock, payload, workspaceId }) {
    if (!workspaceId || typeof payload.handoffId !== 'string' || typeof payload.level !== 'number') return;
    await advanceHandoffClock(db, { workspaceId, handoffId: payload.handoffId, level: payload.level, clock });
  },
};
