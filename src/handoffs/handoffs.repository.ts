import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, HandoffRulesTable, HandoffsTable, HandoffState } from '../db/schema.js';

type Conn = Kysely<Database>;

export type RuleRow = Selectable<HandoffRulesTable>;
export type HandoffRow = Selectable<HandoffsTable>;

/** True the first time for a workspace: the caller then writes the defaults in the same transaction. */
export async function claimSetup(db: Conn, workspaceId: string, now: Date): Promise<boolean> {
  const rows = await db
    .insertInto('handoff_setup')
    .values({ workspace_id: workspaceId, seeded_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .returning('workspace_id')
    .execute();
  return rows.length === 1;
}

export async function findRuleRows(db: Conn, workspaceId: string, options: { enabledOnly?: boolean; id?: string } = {}) {
  let select = db.selectFrom('handoff_rules').selectAll().where('workspace_id', '=', workspaceId);
  if (options.enabledOnly) select = select.where('enabled', '=', true);
  if (options.id) select = select.where('id', '=', options.id);
  return select.orderBy('created_at').orderBy('name').execute();
}

export type RuleValues = {
  name: string;
  sender_team_id: string;
  receiver_team_id: string;
  triggers: string;
  completion: string;
  clock_amount: number;
  clock_unit: 'hours' | 'days';
  business_hours: boolean;
  escalation: string;
  enabled: boolean;
};

export async function insertRules(db: Conn, workspaceId: string, rules: RuleValues[], now: Date): Promise<string[]> {
  if (rules.length === 0) return [];
  const rows = await db
    .insertInto('handoff_rules')
    // A millisecond apart, so rules written together list in the order given.
    .values(rules.map((rule, index) => ({ ...rule, workspace_id: workspaceId, created_at: new Date(now.getTime() + index), updated_at: now })))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function updateRuleRow(db: Conn, workspaceId: string, id: string, values: Partial<RuleValues> & { updated_at: Date }) {
  await db.updateTable('handoff_rules').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteRuleRow(db: Conn, workspaceId: string, id: string) {
  await db.deleteFrom('handoff_rules').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Running hand-offs of these accounts (every state but completed). */
export async function findLiveHandoffRows(db: Conn, workspaceId: string, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('handoffs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .where('state', '<>', 'completed')
    .orderBy('started_at')
    .execute();
}

export type NewHandoff = Omit<Insertable<HandoffsTable>, 'id' | 'created_at' | 'updated_at'>;

/** Inserts hand-offs; one whose rule already runs a live hand-off on the account is skipped (unique index). */
export async function insertHandoffs(db: Conn, handoffs: NewHandoff[], now: Date): Promise<HandoffRow[]> {
  if (handoffs.length === 0) return [];
  return db
    .insertInto('handoffs')
    .values(handoffs.map((h) => ({ ...h, created_at: now, updated_at: now })))
    .onConflict((oc) => oc.columns(['rule_id', 'account_id']).where('state', '<>', 'completed').doNothing())
    .returningAll()
    .execute();
}

/** The hand-off under a row lock, so its timer and people's actions change it one at a time. */
export async function lockHandoffRow(db: Conn, workspaceId: string, id: string): Promise<HandoffRow | undefined> {
  return db.selectFrom('handoffs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateHandoffRow(
  db: Conn,
  workspaceId: string,
  id: string,
  values: Partial<Pick<HandoffRow, 'state' | 'assignee_id' | 'accepted_at' | 'overdue_at' | 'completed_at' | 'completed_how' | 'escalation_level' | 'receiver_team_id'>> & {
    updated_at: Date;
  },
) {
  await db.updateTable('handoffs').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertHistory(
  db: Conn,
  rows: { workspaceId: string; handoffId: string; at: Date; action: string; actorUserId?: string | null; detail?: string | null }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('handoff_history')
    .values(
      rows.map((r) => ({ workspace_id: r.workspaceId, handoff_id: r.handoffId, at: r.at, action: r.action, actor_user_id: r.actorUserId ?? null, detail: r.detail ?? null })),
    )
    .execute();
}

export type HandoffQuery = {
  workspaceId: string;
  id?: string;
  teamId?: string;
  states?: HandoffState[];
  overdueAt?: Date;
  accountId?: string;
  newestCompletedFirst?: boolean;
  limit: number;
};

/** Hand-offs with the names the board shows. */
export async function findHandoffRows(db: Conn, query: HandoffQuery) {
  let select = db
    .selectFrom('handoffs as h')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .innerJoin('teams as s', 's.id', 'h.sender_team_id')
    .innerJoin('teams as r', 'r.id', 'h.receiver_team_id')
    .leftJoin('users as u', 'u.id', 'h.assignee_id')
    .selectAll('h')
    .select(['a.name as account_name', 's.name as sender_name', 'r.name as receiver_name', 'u.name as assignee_name'])
    .where('h.workspace_id', '=', query.workspaceId);
  if (query.id) select = select.where('h.id', '=', query.id);
  if (query.teamId) select = select.where((eb) => eb.or([eb('h.sender_team_id', '=', query.teamId!), eb('h.receiver_team_id', '=', query.teamId!)]));
  if (query.states) select = select.where('h.state', 'in', query.states);
  if (query.overdueAt) select = select.where('h.state', '<>', 'completed').where('h.due_at', '<', query.overdueAt);
  if (query.accountId) select = select.where('h.account_id', '=', query.accountId);
  select = query.newestCompletedFirst
    ? select.orderBy('h.completed_at', 'desc').orderBy('h.id')
    : select.orderBy('h.due_at').orderBy('h.id');
  return select.limit(query.limit).execute();
}

export async function findHistoryRows(db: Conn, workspaceId: string, handoffId: string) {
  return db
    .selectFrom('handoff_history as hh')
    .leftJoin('users as u', 'u.id', 'hh.actor_user_id')
    .select(['hh.at', 'hh.action', 'hh.detail', 'u.name as actor_name'])
    .where('hh.workspace_id', '=', workspaceId)
    .where('hh.handoff_id', '=', handoffId)
    .orderBy('hh.id')
    .execute();
}

export type SlaRow = {
  team_id: string;
  rule_id: string | null;
  rule_name: string | null;
  started: number;
  completed: number;
  on_time: number;
  open_overdue: number;
  decided: number;
  median_seconds: number | null;
};

/**
 * SLA figures of hand-offs started in [from, to), per receiving team and, with `byRule`, per
 * rule: counts and the median seconds from start to completion, in one grouped scan.
 */
export async function findSlaRows(db: Conn, options: { workspaceId: string; from: Date; to: Date; now: Date; byRule: boolean }): Promise<SlaRow[]> {
  const ruleColumns = options.byRule ? sql`h.rule_id, h.rule_name` : sql`NULL::uuid AS rule_id, NULL::text AS rule_name`;
  const groupBy = options.byRule ? sql`h.receiver_team_id, h.rule_id, h.rule_name` : sql`h.receiver_team_id`;
  const { rows } = await sql<SlaRow>`
    SELECT h.receiver_team_id AS team_id, ${ruleColumns},
      count(*)::int AS started,
      (count(*) FILTER (WHERE h.completed_at IS NOT NULL))::int AS completed,
      (count(*) FILTER (WHERE h.completed_at IS NOT NULL AND h.completed_at <= h.due_at))::int AS on_time,
      (count(*) FILTER (WHERE h.completed_at IS NULL AND h.due_at < ${options.now}))::int AS open_overdue,
      (count(*) FILTER (WHERE h.completed_at IS NOT NULL OR h.due_at < ${options.now}))::int AS decided,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.completed_at - h.started_at))
        FILTER (WHERE h.completed_at IS NOT NULL))::float8 AS median_seconds
    FROM handoffs h
    WHERE h.workspace_id = ${options.workspaceId} AND h.started_at >= ${options.from} AND h.started_at < ${options.to}
    GROUP BY ${groupBy}`.execute(db);
  return rows;
}
