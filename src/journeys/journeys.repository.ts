import { sql, type Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { AccountStageHistoryTable, Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/*
 * All SQL of the journey. It owns journeys, account_stage_history, account_milestones,
 * account_goals and account_journey_events. It also reads accounts (name, owner, segment,
 * stage) and writes `accounts.lifecycle_stage` only when an admin renames or removes a stage:
 * the journey owns the stage vocabulary that column holds (the accounts module writes the
 * column for single moves, through `prepareStageMoveOrThrow` / `recordStageChanges`).
 */

export async function findJourneyRow(db: Conn, workspaceId: string) {
  return db.selectFrom('journeys').select(['config', 'updated_at']).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function upsertJourneyRow(db: Conn, row: { workspaceId: string; config: unknown; userId: string | null; now: Date }) {
  await db
    .insertInto('journeys')
    .values({ workspace_id: row.workspaceId, config: JSON.stringify(row.config), updated_at: row.now, updated_by: row.userId })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ config: JSON.stringify(row.config), updated_at: row.now, updated_by: row.userId }))
    .execute();
}

export async function findGoalsRows(db: Conn, workspaceId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('account_goals as g')
    .leftJoin('users as u', 'u.id', 'g.updated_by')
    .select(['g.account_id', 'g.goals', 'g.success_criteria', 'g.updated_at', 'u.name as updated_by_name'])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.account_id', 'in', accountIds)
    .execute();
}

export async function upsertGoalsRow(
  db: Conn,
  row: { workspaceId: string; accountId: string; goals: string; successCriteria: string; userId: string | null; now: Date },
) {
  const values = { goals: row.goals, success_criteria: row.successCriteria, updated_at: row.now, updated_by: row.userId };
  await db
    .insertInto('account_goals')
    .values({ ...values, account_id: row.accountId, workspace_id: row.workspaceId })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}

export async function insertGoalsRows(db: Conn, rows: Insertable<Database['account_goals']>[]) {
  if (rows.length === 0) return;
  await db.insertInto('account_goals').values(rows).onConflict((oc) => oc.column('account_id').doNothing()).execute();
}

export async function insertStageChangeRows(db: Conn, rows: Insertable<AccountStageHistoryTable>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('account_stage_history').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

export async function findHistoryRows(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('account_stage_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_user_id')
    .select(['h.id', 'h.from_stage', 'h.to_stage', 'h.changed_at', 'h.reason', 'h.source', 'h.actor_kind', 'h.actor_user_id', 'h.actor_automation', 'u.name as actor_name'])
    .where('h.workspace_id', '=', workspaceId)
    .where('h.account_id', '=', accountId)
    .orderBy('h.changed_at', 'desc')
    .orderBy('h.seq', 'desc')
    .limit(200)
    .execute();
}

/** Each account's latest stage change (its current stay), one statement for any number. */
export async function findCurrentEntries(db: Conn, workspaceId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('account_stage_history')
    .distinctOn('account_id')
    .select(['id', 'account_id', 'to_stage', 'changed_at'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .orderBy('account_id')
    .orderBy('changed_at', 'desc')
    .orderBy('seq', 'desc')
    .execute();
}

export type NewAccountMilestone = Insertable<Database['account_milestones']>;

export async function insertAccountMilestones(db: Conn, rows: NewAccountMilestone[]) {
  if (rows.length === 0) return [];
  return db.insertInto('account_milestones').values(rows).onConflict((oc) => oc.doNothing()).returning(['id', 'account_id', 'stage_entry_id', 'due_at', 'completed_at']).execute();
}

export async function findMilestonesOfEntries(db: Conn, workspaceId: string, entryIds: readonly string[]) {
  if (entryIds.length === 0) return [];
  return db
    .selectFrom('account_milestones')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('stage_entry_id', 'in', entryIds)
    .orderBy('due_at')
    .orderBy('name')
    .execute();
}

export async function findMilestoneRow(db: Conn, workspaceId: string, milestoneId: string) {
  return db.selectFrom('account_milestones').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', milestoneId).executeTakeFirst();
}

/** Marks a milestone complete unless it already is; returns whether this call completed it. */
export async function completeMilestoneRow(db: Conn, options: { workspaceId: string; id: string; userId: string | null; how: 'manual' | 'rule'; now: Date }) {
  const row = await db
    .updateTable('account_milestones')
    .set({ completed_at: options.now, completed_by: options.userId, completed_how: options.how })
    .where('workspace_id', '=', options.workspaceId)
    .where('id', '=', options.id)
    .where('completed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function reopenMilestoneRow(db: Conn, workspaceId: string, id: string) {
  await db.updateTable('account_milestones').set({ completed_at: null, completed_by: null, completed_how: null }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * The overdue timer's one-time mark: set only while the milestone is open, unmarked, and its
 * stay is still the account's current one. Returns the row when this call set it.
 */
export async function markMilestoneOverdue(db: Conn, id: string, now: Date) {
  return db
    .updateTable('account_milestones as m')
    .set({ overdue_signaled_at: now })
    .where('m.id', '=', id)
    .where('m.completed_at', 'is', null)
    .where('m.overdue_signaled_at', 'is', null)
    .where('m.due_at', '<=', now)
    .where((eb) =>
      eb(
        'm.stage_entry_id',
        '=',
        eb
          .selectFrom('account_stage_history as h')
          .select('h.id')
          .whereRef('h.account_id', '=', 'm.account_id')
          .orderBy('h.changed_at', 'desc')
          .orderBy('h.seq', 'desc')
          .limit(1),
      ),
    )
    .returning(['m.id', 'm.workspace_id', 'm.account_id', 'm.name', 'm.stage_key', 'm.due_at'])
    .executeTakeFirst();
}

/** A stage entry, if it is still its account's current stay (the latest change). */
export async function findCurrentStayById(db: Conn, entryId: string) {
  return db
    .selectFrom('account_stage_history as h')
    .select(['h.id', 'h.workspace_id', 'h.account_id', 'h.to_stage', 'h.changed_at'])
    .where('h.id', '=', entryId)
    .where((eb) =>
      eb(
        'h.id',
        '=',
        eb.selectFrom('account_stage_history as l').select('l.id').whereRef('l.account_id', '=', 'h.account_id').orderBy('l.changed_at', 'desc').orderBy('l.seq', 'desc').limit(1),
      ),
    )
    .executeTakeFirst();
}

/**
 * The stage each account was in at each instant, per its history: the latest change at or
 * before it; before the first change, the stage that change left (or entered, for an account
 * created in it); with no history, its current stage. One statement, in the points' order.
 */
export async function findStagesAtRows(db: Conn, workspaceId: string, points: readonly { accountId: string; at: Date }[]): Promise<(string | null)[]> {
  if (points.length === 0) return [];
  const { rows } = await sql<{ stage: string | null }>`
    SELECT CASE WHEN b.id IS NOT NULL THEN b.to_stage WHEN f.id IS NOT NULL THEN coalesce(f.from_stage, f.to_stage) ELSE a.lifecycle_stage END AS stage
    FROM unnest(${points.map((p) => p.accountId)}::uuid[], ${points.map((p) => p.at.toISOString())}::timestamptz[]) WITH ORDINALITY AS t(account_id, at, i)
    LEFT JOIN accounts a ON a.id = t.account_id AND a.workspace_id = ${workspaceId}
    LEFT JOIN LATERAL (
      SELECT h.id, h.to_stage FROM account_stage_history h
      WHERE h.workspace_id = ${workspaceId} AND h.account_id = t.account_id AND h.changed_at <= t.at
      ORDER BY h.changed_at DESC, h.seq DESC LIMIT 1
    ) b ON true
    LEFT JOIN LATERAL (
      SELECT h.id, h.from_stage, h.to_stage FROM account_stage_history h
      WHERE h.workspace_id = ${workspaceId} AND h.account_id = t.account_id AND b.id IS NULL
      ORDER BY h.changed_at, h.seq LIMIT 1
    ) f ON true
    ORDER BY t.i`.execute(db);
  return rows.map((r) => r.stage);
}

/** The stuck timer's one-time mark; returns whether this call set it. */
export async function markStayStuck(db: Conn, entryId: string, now: Date): Promise<boolean> {
  const row = await db.updateTable('account_stage_history').set({ stuck_signaled_at: now }).where('id', '=', entryId).where('stuck_signaled_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/**
 * Recomputes the workspace's learnt stay medians: the median of completed stays (entry to the
 * next change) per stage and segment, and per stage over the workspace (segment null) — the
 * "similar accounts" an expected duration is learnt from. Sorts every stay of the workspace,
 * so it runs in the `journey.stay-medians` job, not on each move.
 */
export async function refreshStayMedianRows(db: Conn, workspaceId: string, now: Date): Promise<void> {
  await db.deleteFrom('journey_stay_medians').where('workspace_id', '=', workspaceId).execute();
  await sql`
    INSERT INTO journey_stay_medians (workspace_id, stage, segment, days, stays, refreshed_at)
    WITH stays AS (
      SELECT h.to_stage AS stage, a.segment,
             EXTRACT(EPOCH FROM (lead(h.changed_at) OVER (PARTITION BY h.account_id ORDER BY h.changed_at, h.seq) - h.changed_at)) / 86400.0 AS days
      FROM account_stage_history h JOIN accounts a ON a.id = h.account_id
      WHERE h.workspace_id = ${workspaceId}
    )
    SELECT ${workspaceId}::uuid, stage, segment, percentile_cont(0.5) WITHIN GROUP (ORDER BY days), count(*), ${now}::timestamptz
    FROM stays WHERE days IS NOT NULL AND stage IS NOT NULL
    GROUP BY GROUPING SETS ((stage, segment), (stage))
    -- Accounts without a segment only count in the workspace's median.
    HAVING GROUPING(segment) = 1 OR segment IS NOT NULL`.execute(db);
}

/** The learnt stay medians as last refreshed (segment null: the whole workspace). */
export async function findStayMedians(db: Conn, workspaceId: string) {
  return db.selectFrom('journey_stay_medians').select(['stage', 'segment', 'days', 'stays']).where('workspace_id', '=', workspaceId).execute();
}

/** Workspaces with any stage history: those whose medians the daily refresh recomputes. */
export async function findWorkspacesWithStageHistory(db: Conn): Promise<string[]> {
  const rows = await db
    .selectFrom('workspaces as w')
    .select('w.id')
    .where((eb) => eb.exists(eb.selectFrom('account_stage_history as h').select('h.id').whereRef('h.workspace_id', '=', 'w.id')))
    .execute();
  return rows.map((row) => row.id);
}

export type BoardFilters = { workspaceId: string; ownerId?: string; segment?: string; accountIds?: readonly string[] };

/** Accounts with their stage, current stay and whether a milestone of it is overdue. */
export async function findStayRows(db: Conn, filters: BoardFilters & { now: Date }) {
  const { rows } = await sql<{
    id: string;
    name: string;
    segment: string | null;
    owner_id: string | null;
    owner_name: string | null;
    lifecycle_stage: string | null;
    entered_at: Date | null;
    entry_id: string | null;
    overdue: boolean;
  }>`
    SELECT a.id, a.name, a.segment, a.owner_id, u.name AS owner_name, a.lifecycle_stage,
           e.changed_at AS entered_at, e.id AS entry_id,
           EXISTS (SELECT 1 FROM account_milestones m WHERE m.stage_entry_id = e.id AND m.completed_at IS NULL AND m.due_at < ${filters.now}) AS overdue
    FROM accounts a
    LEFT JOIN users u ON u.id = a.owner_id
    LEFT JOIN LATERAL (
      SELECT h.id, h.changed_at FROM account_stage_history h
      WHERE h.workspace_id = a.workspace_id AND h.account_id = a.id AND h.to_stage IS NOT DISTINCT FROM a.lifecycle_stage
      ORDER BY h.changed_at DESC, h.seq DESC LIMIT 1
    ) e ON true
    WHERE a.workspace_id = ${filters.workspaceId}
      ${filters.ownerId ? sql`AND a.owner_id = ${filters.ownerId}` : sql``}
      ${filters.segment ? sql`AND a.segment = ${filters.segment}` : sql``}
      ${filters.accountIds ? sql`AND a.id = ANY(${[...filters.accountIds]}::uuid[])` : sql``}
    ORDER BY a.name, a.id`.execute(db);
  return rows;
}

/** What criteria read about accounts: fields, custom fields, owner. */
export async function findAccountFieldRows(db: Conn, workspaceId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'arr', 'segment', 'employee_count', 'owner_id', 'domain', 'region', 'industry', 'custom_fields', 'lifecycle_stage'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', accountIds)
    .execute();
}

export async function upsertJourneyEventRows(db: Conn, rows: { workspace_id: string; account_id: string; event_type: string; last_at: Date }[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('account_journey_events')
    .values(rows)
    .onConflict((oc) => oc.columns(['account_id', 'event_type']).doUpdateSet({ last_at: sql`greatest(account_journey_events.last_at, excluded.last_at)` }))
    .execute();
}

export async function findJourneyEventRows(db: Conn, workspaceId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return db.selectFrom('account_journey_events').selectAll().where('workspace_id', '=', workspaceId).where('account_id', 'in', accountIds).execute();
}

export async function findAccountsInStages(db: Conn, workspaceId: string, stages: readonly string[]) {
  if (stages.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'lifecycle_stage']).where('workspace_id', '=', workspaceId).where('lifecycle_stage', 'in', stages).execute();
}

/** A stage renamed: accounts and their recorded history read the new name. */
export async function renameStageValues(db: Conn, workspaceId: string, from: string, to: string) {
  await db.updateTable('accounts').set({ lifecycle_stage: to }).where('workspace_id', '=', workspaceId).where('lifecycle_stage', '=', from).execute();
  await db.updateTable('account_stage_history').set({ to_stage: to }).where('workspace_id', '=', workspaceId).where('to_stage', '=', from).execute();
  await db.updateTable('account_stage_history').set({ from_stage: to }).where('workspace_id', '=', workspaceId).where('from_stage', '=', from).execute();
}

export async function setAccountsStage(db: Conn, workspaceId: string, accountIds: readonly string[], stage: string, now: Date) {
  if (accountIds.length === 0) return;
  await db.updateTable('accounts').set({ lifecycle_stage: stage, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', 'in', accountIds).execute();
}
