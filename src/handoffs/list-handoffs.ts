import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { findHandoffRows, findHistoryRows, findSlaRows, type SlaRow } from './handoffs.repository.js';
import type { EscalationStep, Handoff, HandoffState, ListHandoffsQuery, SlaReport } from './handoffs.schema.js';
import { listTeams } from '../teams/index.js';

type Conn = Kysely<Database>;
type Row = Awaited<ReturnType<typeof findHandoffRows>>[number];

function toHandoff(row: Row): Handoff {
  return {
    id: row.id,
    account: { id: row.account_id, name: row.account_name },
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    sender: { id: row.sender_team_id, name: row.sender_name },
    receiver: { id: row.receiver_team_id, name: row.receiver_name },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? 'Former member' } : null,
    state: row.state,
    startedAt: row.started_at,
    dueAt: row.due_at,
    businessHours: row.business_hours,
    acceptedAt: row.accepted_at,
    overdueAt: row.overdue_at,
    completedAt: row.completed_at,
    completedHow: row.completed_how,
    onTime: row.completed_at ? row.completed_at.getTime() <= row.due_at.getTime() : null,
    escalationLevel: row.escalation_level,
    escalationLevels: (row.escalation as EscalationStep[]).length,
  };
}

/**
 * The workspace's hand-offs: running ones soonest due first, or (`state=completed`) the
 * latest completed first. Filters: a team (sending or receiving), a state or `live`, overdue
 * now, an account. Anyone in the workspace reads them.
 *
 * @example
 *   const { data } = await listHandoffs(db, actor, { state: 'live', limit: 200 }, clock.now());
 */
export async function listHandoffs(db: Conn, actor: Actor, query: ListHandoffsQuery, now: Date): Promise<Handoff[]> {
  const states: HandoffState[] | undefined =
    query.state === 'live' ? ['open', 'accepted', 'overdue', 'escalated'] : query.state ? [query.state] : undefined;
  const rows = await findHandoffRows(db, {
    workspaceId: actor.workspaceId,
    teamId: query.teamId,
    states,
    overdueAt: query.overdue ? now : undefined,
    accountId: query.accountId,
    newestCompletedFirst: query.state === 'completed',
    limit: query.limit,
  });
  const list = rows.map(toHandoff);
  // overdue=false: running and not yet past due, or completed.
  return query.overdue === false ? list.filter((h) => h.completedAt !== null || h.dueAt > now) : list;
}

/** One hand-off with its history. */
export async function getHandoffOrThrow(db: Conn, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<Handoff> {
  const [row] = await findHandoffRows(db, { workspaceId: actor.workspaceId, id, limit: 1 });
  if (!row) throw notFound('Hand-off', id);
  const history = await findHistoryRows(db, actor.workspaceId, id);
  return { ...toHandoff(row), history: history.map((h) => ({ at: h.at, action: h.action, actorName: h.actor_name, detail: h.detail })) };
}

const DAY_MS = 86_400_000;

function figures(row: SlaRow | undefined) {
  const r = row ?? { started: 0, completed: 0, on_time: 0, open_overdue: 0, decided: 0, median_seconds: null };
  return {
    started: r.started,
    completed: r.completed,
    completedOnTime: r.on_time,
    openOverdue: r.open_overdue,
    decided: r.decided,
    attainment: r.decided > 0 ? r.on_time / r.decided : null,
    medianHours: r.median_seconds === null ? null : Math.round((Number(r.median_seconds) / 3600) * 10) / 10,
  };
}

/**
 * SLA attainment of hand-offs started from `from` to `to` (UTC days, inclusive), per receiving
 * team and per rule: the share completed within the clock among those whose outcome is known
 * (completed, or past due while still running), the median hours to completion, and how
 * many still run past due. Every team is listed, with zeros when it received none.
 */
export async function getHandoffSla(db: Conn, actor: Actor, query: { from?: string; to?: string }, now: Date): Promise<SlaReport> {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 89 * DAY_MS).toISOString().slice(0, 10);
  const range = { workspaceId: actor.workspaceId, from: new Date(`${from}T00:00:00Z`), to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS), now };
  const [teams, byTeam, byRule] = await Promise.all([
    listTeams(db, actor),
    findSlaRows(db, { ...range, byRule: false }),
    findSlaRows(db, { ...range, byRule: true }),
  ]);
  const teamRef = new Map(teams.map((t) => [t.id, { id: t.id, name: t.name }]));
  return {
    from,
    to,
    teams: teams.map((team) => ({ team: { id: team.id, name: team.name }, ...figures(byTeam.find((r) => r.team_id === team.id)) })),
    rules: byRule
      .map((r) => ({ ruleId: r.rule_id, ruleName: r.rule_name ?? '', team: teamRef.get(r.team_id) ?? { id: r.team_id, name: '?' }, ...figures(r) }))
      .sort((a, b) => a.team.name.localeCompare(b.team.name) || a.ruleName.localeCompare(b.ruleName)),
  };
}
