import type { Kysely } from 'kysely';
import { assertCanWriteOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, forbidden, invalid, notFound } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { findTeamsOfUser, getTeamOrThrow } from '../teams/index.js';
import { assertMemberOrThrow } from '../workspaces/index.js';
import { completeHandoffRow, tellTimeline } from './handoff-engine.js';
import { teamNames } from './handoffs-consumer.js';
import { insertHistory, lockHandoffRow, updateHandoffRow, type HandoffRow } from './handoffs.repository.js';
import type { Handoff, ReassignHandoffInput } from './handoffs.schema.js';
import { getHandoffOrThrow } from './list-handoffs.js';

type Conn = Kysely<Database>;

type Standing = { isManager: boolean; isReceiverMember: boolean; isReceiverLead: boolean; isAssignee: boolean };

/** What the caller is to this hand-off: leaders and admins act on every one; others through the receiving team. */
async function standingOf(db: Conn, actor: Actor, row: HandoffRow): Promise<Standing> {
  assertCanWriteOrThrow(actor);
  const isManager = actor.role === 'admin' || actor.role === 'leader';
  if (!actor.userId) return { isManager, isReceiverMember: false, isReceiverLead: false, isAssignee: false };
  const teams = await findTeamsOfUser(db, actor.workspaceId, actor.userId);
  return {
    isManager,
    isReceiverMember: teams.memberOf.includes(row.receiver_team_id) || teams.leads.includes(row.receiver_team_id),
    isReceiverLead: teams.leads.includes(row.receiver_team_id),
    isAssignee: row.assignee_id === actor.userId,
  };
}

async function lockedOrThrow(trx: Conn, actor: Actor, id: string): Promise<HandoffRow> {
  const row = await lockHandoffRow(trx, actor.workspaceId, id);
  if (!row) throw notFound('Hand-off', id);
  return row;
}

/**
 * The receiving team takes the hand-off: the caller (a member or lead of the receiving team,
 * a leader or an admin) or, for leads, leaders and admins, `assigneeId` becomes its person.
 * The clock keeps running until it is completed; an overdue hand-off stays overdue.
 */
export async function acceptHandoff(db: Conn, actor: Actor, id: string, input: { assigneeId?: string }, clock: Clock): Promise<Handoff> {
  return inTransaction(db, async (trx) => {
    const row = await lockedOrThrow(trx, actor, id);
    const standing = await standingOf(trx, actor, row);
    if (!standing.isManager && !standing.isReceiverMember) throw forbidden('Only members of the receiving team, leaders and admins can accept this hand-off.');
    const assigneeId = input.assigneeId ?? actor.userId;
    if (!assigneeId) throw invalid('This token acts as no one, so name the assignee.', [{ path: 'assigneeId', message: 'is required for a service token' }]);
    if (assigneeId !== actor.userId && !standing.isManager && !standing.isReceiverLead)
      throw forbidden('Only the receiving team’s lead, leaders and admins can accept a hand-off for someone else.');
    await assertMemberOrThrow(trx, actor.workspaceId, assigneeId, 'assigneeId');
    if (row.state === 'completed' || row.assignee_id) throw conflict(`This hand-off is already ${row.state === 'completed' ? 'completed' : 'accepted'}.`);
    const now = clock.now();
    await updateHandoffRow(trx, actor.workspaceId, id, { assignee_id: assigneeId, accepted_at: now, state: row.state === 'open' ? 'accepted' : row.state, updated_at: now });
    const after = await getHandoffOrThrow(trx, actor, id);
    await insertHistory(trx, [{ workspaceId: actor.workspaceId, handoffId: id, at: now, action: 'accepted', actorUserId: actor.userId, detail: after.assignee?.name ?? null }]);
    await tellTimeline(trx, row, await teamNames(trx, actor.workspaceId), { title: `Hand-off accepted by ${after.assignee?.name}: ${row.rule_name}`, at: now, actorUserId: actor.userId });
    await recordAudit(trx, actor, { action: 'update', entityType: 'handoff', entityId: id, before: { state: row.state, assigneeId: row.assignee_id }, after: { state: after.state, assigneeId } });
    return getHandoffOrThrow(trx, actor, id);
  });
}

/** Completes the hand-off by hand (its person, the receiving team, leaders, admins). */
export async function completeHandoff(db: Conn, actor: Actor, id: string, input: { note?: string }, clock: Clock): Promise<Handoff> {
  return inTransaction(db, async (trx) => {
    const row = await lockedOrThrow(trx, actor, id);
    const standing = await standingOf(trx, actor, row);
    if (!standing.isManager && !standing.isReceiverMember && !standing.isAssignee)
      throw forbidden('Only its assignee, the receiving team, leaders and admins can complete this hand-off.');
    if (row.state === 'completed') throw conflict('This hand-off is already completed.');
    const now = clock.now();
    await completeHandoffRow(trx, row, { at: now, how: 'manual', actorUserId: actor.userId, note: input.note, teams: await teamNames(trx, actor.workspaceId), clock });
    await recordAudit(trx, actor, { action: 'update', entityType: 'handoff', entityId: id, before: { state: row.state }, after: { state: 'completed', note: input.note ?? null } });
    return getHandoffOrThrow(trx, actor, id);
  });
}

/**
 * Sends the hand-off to another receiving team and/or person (the receiving team's lead,
 * leaders, admins). A new team must accept it again unless a person is named; the clock and
 * its escalation level stay.
 */
export async function reassignHandoff(db: Conn, actor: Actor, id: string, input: ReassignHandoffInput, clock: Clock): Promise<Handoff> {
  return inTransaction(db, async (trx) => {
    const row = await lockedOrThrow(trx, actor, id);
    const standing = await standingOf(trx, actor, row);
    if (!standing.isManager && !standing.isReceiverLead) throw forbidden('Only the receiving team’s lead, leaders and admins can reassign this hand-off.');
    if (row.state === 'completed') throw conflict('A completed hand-off cannot be reassigned.');
    const teamId = input.teamId ?? row.receiver_team_id;
    if (input.teamId) {
      await getTeamOrThrow(trx, actor, input.teamId).catch(() => {
        throw invalid('teamId is not a team of this workspace.', [{ path: 'teamId', message: 'is not a team of this workspace' }]);
      });
      if (input.teamId === row.sender_team_id) throw invalid('A hand-off cannot go back to its sending team.', [{ path: 'teamId', message: 'is the sending team' }]);
    }
    const teamChanged = teamId !== row.receiver_team_id;
    const assigneeId = input.assigneeId !== undefined ? input.assigneeId : teamChanged ? null : row.assignee_id;
    if (assigneeId) await assertMemberOrThrow(trx, actor.workspaceId, assigneeId, 'assigneeId');
    const now = clock.now();
    const running = row.state === 'open' || row.state === 'accepted';
    await updateHandoffRow(trx, actor.workspaceId, id, {
      receiver_team_id: teamId,
      assignee_id: assigneeId,
      accepted_at: assigneeId ? (assigneeId === row.assignee_id ? row.accepted_at : now) : null,
      state: running ? (assigneeId ? 'accepted' : 'open') : row.state,
      updated_at: now,
    });
    const after = await getHandoffOrThrow(trx, actor, id);
    const detail = `to ${after.receiver.name}${after.assignee ? ` (${after.assignee.name})` : ''}`;
    await insertHistory(trx, [{ workspaceId: actor.workspaceId, handoffId: id, at: now, action: 'reassigned', actorUserId: actor.userId, detail }]);
    await tellTimeline(trx, { ...row, receiver_team_id: teamId }, await teamNames(trx, actor.workspaceId), { title: `Hand-off reassigned ${detail}: ${row.rule_name}`, at: now, actorUserId: actor.userId });
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'handoff',
      entityId: id,
      before: { receiverTeamId: row.receiver_team_id, assigneeId: row.assignee_id },
      after: { receiverTeamId: teamId, assigneeId },
    });
    return getHandoffOrThrow(trx, actor, id);
  });
}
