import { sql, type Kysely } from 'kysely';
import type { Database, PlaybookRunState } from '../db/schema.js';
import type { AccountFacts } from './playbook-rules.js';

/**
 * All SQL of playbooks. Writes only the playbook tables (tasks and account fields change
 * through their modules' use cases); reads other modules' rows to evaluate triggers,
 * conditions and templates (as health's measure facts do), always scoped to the workspace.
 */
type Conn = Kysely<Database>;

export type PlaybookRecord = {
  id: string;
  workspace_id: string;
  name: string;
  enabled: boolean;
  current_version: number;
  trigger_kind: string;
  events_after: string;
  created_at: Date;
  updated_at: Date;
  definition: unknown;
};

function selectPlaybooks(db: Conn) {
  return db
    .selectFrom('playbooks as p')
    .innerJoin('playbook_versions as v', (join) => join.onRef('v.playbook_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select(['p.id', 'p.workspace_id', 'p.name', 'p.enabled', 'p.current_version', 'p.trigger_kind', 'p.events_after', 'p.created_at', 'p.updated_at', 'v.definition']);
}

export async function findPlaybooks(db: Conn, workspaceId: string): Promise<PlaybookRecord[]> {
  return selectPlaybooks(db).where('p.workspace_id', '=', workspaceId).orderBy('p.name').execute();
}

export async function findPlaybookById(db: Conn, workspaceId: string, id: string, forUpdate = false): Promise<PlaybookRecord | undefined> {
  let query = selectPlaybooks(db).where('p.workspace_id', '=', workspaceId).where('p.id', '=', id);
  if (forUpdate) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

/** Enabled playbooks of the workspaces whose trigger is one of `kinds`. */
export async function findEnabledPlaybooks(db: Conn, workspaceIds: string[], kinds: readonly string[]): Promise<PlaybookRecord[]> {
  if (workspaceIds.length === 0 || kinds.length === 0) return [];
  return selectPlaybooks(db)
    .where('p.workspace_id', 'in', workspaceIds)
    .where('p.trigger_kind', 'in', [...kinds])
    .where('p.enabled', '=', true)
    .execute();
}

export async function findDefinitionVersion(db: Conn, playbookId: string, version: number): Promise<unknown> {
  const row = await db
    .selectFrom('playbook_versions')
    .select('definition')
    .where('playbook_id', '=', playbookId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.definition;
}

export async function findVersions(db: Conn, workspaceId: string, playbookId: string) {
  return db
    .selectFrom('playbook_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.created_at', 'u.name as created_by_name'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.playbook_id', '=', playbookId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function insertPlaybook(
  db: Conn,
  values: { workspaceId: string; name: string; enabled: boolean; triggerKind: string; definition: unknown; createdBy: string | null; now: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('playbooks')
    .values({
      workspace_id: values.workspaceId,
      name: values.name,
      enabled: values.enabled,
      current_version: 1,
      trigger_kind: values.triggerKind,
      created_by: values.createdBy,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertVersion(db, { playbookId: id, workspaceId: values.workspaceId, version: 1, definition: values.definition, createdBy: values.createdBy, now: values.now });
  return id;
}

async function insertVersion(db: Conn, v: { playbookId: string; workspaceId: string; version: number; definition: unknown; createdBy: string | null; now: Date }) {
  await db
    .insertInto('playbook_versions')
    .values({ playbook_id: v.playbookId, workspace_id: v.workspaceId, version: v.version, definition: JSON.stringify(v.definition), created_by: v.createdBy, created_at: v.now })
    .execute();
}

/** A new version becomes current; older runs keep reading the version they entered with. */
export async function insertNextVersion(
  db: Conn,
  values: { workspaceId: string; playbookId: string; version: number; name: string; triggerKind: string; definition: unknown; createdBy: string | null; now: Date },
): Promise<void> {
  await insertVersion(db, values);
  await db
    .updateTable('playbooks')
    .set({ current_version: values.version, name: values.name, trigger_kind: values.triggerKind, updated_at: values.now })
    .where('workspace_id', '=', values.workspaceId)
    .where('id', '=', values.playbookId)
    .execute();
}

/** Enabling also marks the newest domain event, so the playbook reacts to later events only. */
export async function setPlaybookEnabled(db: Conn, workspaceId: string, id: string, enabled: boolean, now: Date): Promise<void> {
  await db
    .updateTable('playbooks')
    .set({ enabled, updated_at: now, ...(enabled ? { events_after: sql<string>`(select coalesce(max(id), 0) from domain_events)` } : {}) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deletePlaybookRow(db: Conn, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('playbooks').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

// ---- facts for triggers, conditions and templates -------------------------------------

export async function findAccountFacts(db: Conn, workspaceId: string, accountIds: string[]): Promise<Map<string, AccountFacts>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('users as o', 'o.id', 'a.owner_id')
    .leftJoin('health_scores as h', (join) => join.onRef('h.account_id', '=', 'a.id').onRef('h.workspace_id', '=', 'a.workspace_id'))
    .select([
      'a.id',
      'a.name',
      'a.domain',
      'a.arr',
      'a.renewal_date',
      'a.lifecycle_stage',
      'a.segment',
      'a.region',
      'a.industry',
      'a.owner_id',
      'a.employee_count',
      'a.custom_fields',
      'o.name as owner_name',
      'o.email as owner_email',
      'h.score as health_score',
      'h.band as health_band',
    ])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', 'in', [...new Set(accountIds)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        domain: row.domain,
        arr: Number(row.arr),
        renewalDate: row.renewal_date,
        lifecycleStage: row.lifecycle_stage,
        segment: row.segment,
        region: row.region,
        industry: row.industry,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
        ownerEmail: row.owner_email,
        employeeCount: row.employee_count,
        healthScore: row.health_score,
        healthBand: row.health_band,
        customFields: row.custom_fields ?? {},
      },
    ]),
  );
}

export async function findContactRoles(db: Conn, workspaceId: string, contactIds: string[]): Promise<Map<string, string | null>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db.selectFrom('contacts').select(['id', 'role']).where('workspace_id', '=', workspaceId).where('id', 'in', contactIds).execute();
  return new Map(rows.map((row) => [row.id, row.role]));
}

export async function findTicketsForTriggers(db: Conn, workspaceId: string, ticketIds: string[]) {
  if (ticketIds.length === 0) return new Map<string, { priority: string | null; createdAtSource: Date }>();
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'priority', 'created_at_source'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ticketIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { priority: row.priority, createdAtSource: row.created_at_source }]));
}

/** Tickets opened per account since `since` (by the help desk's creation time). */
export async function countTicketsOpenedSince(db: Conn, workspaceId: string, accountIds: string[], since: Date): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tickets')
    .select(['account_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .where('created_at_source', '>=', since)
    .groupBy('account_id')
    .execute();
  return new Map(rows.map((row) => [row.account_id!, row.n]));
}

export async function findSurveyContacts(db: Conn, workspaceId: string, responseIds: string[]): Promise<Map<string, string | null>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_responses')
    .select(['id', 'contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', responseIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.contact_id]));
}

export type RecipientRow = { id: string; name: string; email: string; title: string | null; expertise: 'novice' | 'expert' };

/** Active contacts of the account with an email, by role or all, or one by id. */
export async function findRecipients(
  db: Conn,
  workspaceId: string,
  accountId: string,
  who: { roles?: string[]; contactId?: string | null },
): Promise<RecipientRow[]> {
  let query = db
    .selectFrom('contacts')
    .select(['id', 'name', 'title', 'expertise', sql<string>`email`.as('email')])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .where('email', 'is not', null)
    .where('status', '=', 'active');
  if (who.roles) query = query.where('role', 'in', who.roles as never[]);
  if (who.contactId !== undefined) query = query.where('id', '=', who.contactId ?? '00000000-0000-0000-0000-000000000000');
  return query.orderBy('name').limit(50).execute();
}

/**
 * Who an overdue task escalates to. Boomerang has no reporting line per person, so the
 * owner's "leader" is the workspace's first member with the leader role (by when they
 * joined), or its first admin when it has no leader.
 */
export async function findEscalationTarget(db: Conn, workspaceId: string, excludeUserId: string | null): Promise<{ userId: string; role: string } | undefined> {
  let query = db
    .selectFrom('memberships')
    .select(['user_id as userId', 'role'])
    .where('workspace_id', '=', workspaceId)
    .where('role', 'in', ['leader', 'admin'])
    .orderBy(sql`case role when 'leader' then 0 else 1 end`)
    .orderBy('created_at')
    .limit(1);
  if (excludeUserId) query = query.where('user_id', '!=', excludeUserId);
  return query.executeTakeFirst();
}

/**
 * The pool team's member (still in the workspace) with the fewest open tasks in the workspace,
 * ties by name then id; undefined for a team without members. The advisory lock holds until the
 * transaction ends, so two runs picking from one pool at once count each other's new task.
 */
export async function pickPoolMember(db: Conn, workspaceId: string, teamId: string): Promise<{ userId: string; name: string; openTasks: number } | undefined> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`segment-pool:${teamId}`}, 0))`.execute(db);
  const row = await db
    .selectFrom('team_members as tm')
    .innerJoin('memberships as ms', (join) => join.onRef('ms.user_id', '=', 'tm.user_id').onRef('ms.workspace_id', '=', 'tm.workspace_id'))
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .select(['u.id as userId', 'u.name'])
    .select((eb) =>
      eb
        .selectFrom('tasks as t')
        .whereRef('t.owner_id', '=', 'tm.user_id')
        .where('t.workspace_id', '=', workspaceId)
        .where('t.status', 'in', ['open', 'in_progress'])
        .select(eb.fn.countAll<string>().as('n'))
        .as('openTasks'),
    )
    .where('tm.workspace_id', '=', workspaceId)
    .where('tm.team_id', '=', teamId)
    .orderBy('openTasks')
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
  return row ? { userId: row.userId, name: row.name, openTasks: Number(row.openTasks) } : undefined;
}

export async function isMember(db: Conn, workspaceId: string, userId: string): Promise<boolean> {
  return (await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export async function findTaskState(db: Conn, workspaceId: string, taskId: string) {
  return db.selectFrom('tasks').select(['id', 'status', 'due_date', 'owner_id', 'title']).where('workspace_id', '=', workspaceId).where('id', '=', taskId).executeTakeFirst();
}

// ---- runs ------------------------------------------------------------------------------

/** Serialises entries of one account into one playbook across processes, for the re-entry rule. */
export async function lockEntry(db: Conn, playbookId: string, accountId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`playbook-entry:${playbookId}:${accountId}`}, 0))`.execute(db);
}

export async function findLastEntry(db: Conn, playbookId: string, accountId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('playbook_runs')
    .select(sql<Date>`max(started_at)`.as('last'))
    .where('playbook_id', '=', playbookId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.last ?? undefined;
}

/** Accounts that already entered the playbook, with the latest entry. */
export async function findEntries(db: Conn, playbookId: string, accountIds: string[]): Promise<Map<string, Date>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('playbook_runs')
    .select(['account_id', sql<Date>`max(started_at)`.as('last')])
    .where('playbook_id', '=', playbookId)
    .where('account_id', 'in', accountIds)
    .groupBy('account_id')
    .execute();
  return new Map(rows.map((row) => [row.account_id, row.last]));
}

export type NewRun = {
  workspaceId: string;
  playbookId: string;
  version: number;
  accountId: string;
  entryKey: string;
  reason: string;
  context: Record<string, unknown>;
  isHoldout: boolean;
  /** The draw that decided `isHoldout` and the share held out then (audit; migration 0036). */
  holdoutDraw: number;
  holdoutPercent: number;
  now: Date;
};

/** Inserts the run unless the same cause already entered the account; the new id or undefined. */
export async function insertRun(db: Conn, run: NewRun): Promise<string | undefined> {
  const row = await db
    .insertInto('playbook_runs')
    .values({
      workspace_id: run.workspaceId,
      playbook_id: run.playbookId,
      version: run.version,
      account_id: run.accountId,
      entry_key: run.entryKey,
      reason: run.reason,
      context: JSON.stringify(run.context),
      is_holdout: run.isHoldout,
      holdout_draw: run.holdoutDraw,
      holdout_percent: run.holdoutPercent,
      state: run.isHoldout ? 'holdout' : 'running',
      position: run.isHoldout ? null : '0',
      started_at: run.now,
      finished_at: run.isHoldout ? run.now : null,
    })
    .onConflict((oc) => oc.columns(['playbook_id', 'account_id', 'entry_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findRunForUpdate(db: Conn, runId: string) {
  return db.selectFrom('playbook_runs').selectAll().where('id', '=', runId).forUpdate().executeTakeFirst();
}

export async function updateRun(
  db: Conn,
  runId: string,
  values: { state: PlaybookRunState; position: string | null; wakeAt?: Date | null; lastError?: string | null; finishedAt?: Date | null },
): Promise<void> {
  await db
    .updateTable('playbook_runs')
    .set({
      state: values.state,
      position: values.position,
      wake_at: values.wakeAt ?? null,
      ...(values.lastError !== undefined ? { last_error: values.lastError } : {}),
      ...(values.finishedAt !== undefined ? { finished_at: values.finishedAt } : {}),
    })
    .where('id', '=', runId)
    .execute();
}

/**
 * Claims a step's idempotency key in the side effect's transaction: true when this caller
 * is the first (go ahead), false when the step already ran (a retry or another process).
 */
export async function claimStep(
  db: Conn,
  step: { runId: string; stepKey: string; workspaceId: string; stepType: string; outcome: string; detail: Record<string, unknown>; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('playbook_step_results')
    .values({ run_id: step.runId, step_key: step.stepKey, workspace_id: step.workspaceId, step_type: step.stepType, outcome: step.outcome, detail: JSON.stringify(step.detail), at: step.at })
    .onConflict((oc) => oc.columns(['run_id', 'step_key']).doNothing())
    .returning('run_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateStepResult(db: Conn, runId: string, stepKey: string, values: { outcome: string; detail: Record<string, unknown>; at: Date }) {
  await db
    .updateTable('playbook_step_results')
    .set({ outcome: values.outcome, detail: JSON.stringify(values.detail), at: values.at })
    .where('run_id', '=', runId)
    .where('step_key', '=', stepKey)
    .execute();
}

export async function findStepResults(db: Conn, workspaceId: string, runIds: string[]) {
  if (runIds.length === 0) return [];
  return db
    .selectFrom('playbook_step_results')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('run_id', 'in', runIds)
    .orderBy('at')
    .orderBy('step_key')
    .execute();
}

export async function findRuns(db: Conn, filter: { workspaceId: string; playbookId?: string; accountId?: string; limit: number }) {
  let query = db
    .selectFrom('playbook_runs as r')
    .innerJoin('playbooks as p', 'p.id', 'r.playbook_id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select([
      'r.id',
      'r.playbook_id',
      'p.name as playbook_name',
      'r.version',
      'r.account_id',
      'a.name as account_name',
      'r.entry_key',
      'r.reason',
      'r.is_holdout',
      'r.holdout_draw',
      'r.holdout_percent',
      'r.state',
      'r.position',
      'r.wake_at',
      'r.last_error',
      'r.started_at',
      'r.finished_at',
    ])
    .where('r.workspace_id', '=', filter.workspaceId);
  if (filter.playbookId) query = query.where('r.playbook_id', '=', filter.playbookId);
  if (filter.accountId) query = query.where('r.account_id', '=', filter.accountId);
  return query.orderBy('r.started_at', 'desc').orderBy('r.id').limit(filter.limit).execute();
}

export async function countRunsByPlaybook(db: Conn, workspaceId: string) {
  return db
    .selectFrom('playbook_runs')
    .select([
      'playbook_id',
      sql<number>`count(*) filter (where not is_holdout)::int`.as('entered'),
      sql<number>`count(*) filter (where is_holdout)::int`.as('held_out'),
      sql<number>`count(*) filter (where state in ('running', 'waiting'))::int`.as('active'),
    ])
    .where('workspace_id', '=', workspaceId)
    .groupBy('playbook_id')
    .execute();
}

// ---- schedule and dry-run candidates -----------------------------------------------------

export type Candidate = { accountId: string; reason: string; context?: Record<string, unknown> };

/** Accounts whose renewal date is `day`. */
export async function findAccountsByDate(db: Conn, workspaceId: string, field: string, day: string): Promise<string[]> {
  const expression =
    field === 'renewalDate'
      ? sql`a.renewal_date`
      : field === 'createdAt'
        ? sql`(a.created_at at time zone 'UTC')::date`
        : sql`case when (a.custom_fields->>${field.slice('custom.'.length)}) ~ '^\\d{4}-\\d{2}-\\d{2}' then left(a.custom_fields->>${field.slice('custom.'.length)}, 10)::date end`;
  const { rows } = await sql<{ id: string }>`
    select a.id from accounts a where a.workspace_id = ${workspaceId} and ${expression} = ${day}::date`.execute(db);
  return rows.map((row) => row.id);
}

/** Accounts whose renewal falls within the next `days` days (dry run of renewal_in). */
export async function findAccountsRenewingWithin(db: Conn, workspaceId: string, today: string, lastDay: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'renewal_date'])
    .where('workspace_id', '=', workspaceId)
    .where('renewal_date', '>=', today)
    .where('renewal_date', '<=', lastDay)
    .execute();
}

/**
 * Accounts whose measure over the last `days` days fell by at least `percent` against the
 * `days` before (both windows end yesterday; a window with nothing in it before is no drop).
 */
export async function findUsageDrops(db: Conn, workspaceId: string, options: { today: string; days: number; percent: number; measure: 'active_users' | 'events' }) {
  const column = options.measure === 'events' ? sql`events` : sql`active_users`;
  const { rows } = await sql<{ account_id: string; recent: number; previous: number }>`
    select account_id,
      coalesce(sum(${column}) filter (where day >= ${options.today}::date - ${options.days}::int), 0)::float8 as recent,
      coalesce(sum(${column}) filter (where day < ${options.today}::date - ${options.days}::int), 0)::float8 as previous
    from usage_account_days
    where workspace_id = ${workspaceId}
      and day >= ${options.today}::date - ${2 * options.days}::int and day < ${options.today}::date
    group by account_id`.execute(db);
  return rows.filter((row) => row.previous > 0 && (row.previous - row.recent) / row.previous >= options.percent / 100);
}

export async function findAccountsByHealth(db: Conn, workspaceId: string, filter: { below?: number; band?: string }) {
  let query = db.selectFrom('health_scores').select(['account_id', 'score', 'band']).where('workspace_id', '=', workspaceId);
  if (filter.below !== undefined) query = query.where('score', '<', filter.below);
  if (filter.band !== undefined) query = query.where('band', '=', filter.band as 'red');
  return query.execute();
}

export async function findAccountsInStage(db: Conn, workspaceId: string, stage: string) {
  return db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('lifecycle_stage', '=', stage).execute();
}

export async function findRecentSignalAccounts(db: Conn, workspaceId: string, kind: string, since: Date) {
  return db
    .selectFrom('signals')
    .select(['account_id', sql<string>`max(title)`.as('title')])
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', kind as 'news')
    .where('occurred_at', '>=', since)
    .groupBy('account_id')
    .execute();
}

export async function findRecentDepartures(db: Conn, workspaceId: string, roles: string[], since: Date) {
  return db
    .selectFrom('contacts')
    .select(['account_id', 'name', 'role'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'left')
    .where('role', 'in', roles as never[])
    .where('updated_at', '>=', since)
    .execute();
}

export async function findRecentDetractors(db: Conn, workspaceId: string, maxScore: number, since: Date) {
  return db
    .selectFrom('survey_responses')
    .select(['account_id', sql<number>`min(score)`.as('score')])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'nps')
    .where('score', '<=', maxScore)
    .where('responded_at', '>=', since)
    .groupBy('account_id')
    .execute();
}

export async function findOpenUrgentTickets(db: Conn, workspaceId: string) {
  return db
    .selectFrom('tickets')
    .select(['account_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('priority', '=', 'urgent')
    .where('status', 'in', ['new', 'open', 'pending', 'hold'])
    .where('account_id', 'is not', null)
    .groupBy('account_id')
    .execute();
}

export async function findTicketBursts(db: Conn, workspaceId: string, count: number, since: Date) {
  return db
    .selectFrom('tickets')
    .select(['account_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'is not', null)
    .where('created_at_source', '>=', since)
    .groupBy('account_id')
    .having(sql`count(*)`, '>=', count)
    .execute();
}

export async function findWorkspaceIdsWithScheduledPlaybooks(db: Conn, kinds: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('playbooks').select('workspace_id').distinct().where('enabled', '=', true).where('trigger_kind', 'in', [...kinds]).execute();
  return rows.map((row) => row.workspace_id);
}

/** Records (or re-records) a step's outcome where no side effect hangs on the key. */
export async function saveStepResult(
  db: Conn,
  step: { runId: string; stepKey: string; workspaceId: string; stepType: string; outcome: string; detail: Record<string, unknown>; at: Date },
): Promise<void> {
  await db
    .insertInto('playbook_step_results')
    .values({ run_id: step.runId, step_key: step.stepKey, workspace_id: step.workspaceId, step_type: step.stepType, outcome: step.outcome, detail: JSON.stringify(step.detail), at: step.at })
    .onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet({ outcome: step.outcome, detail: JSON.stringify(step.detail), at: step.at }))
    .execute();
}

export async function findStepResult(db: Conn, runId: string, stepKey: string) {
  return db.selectFrom('playbook_step_results').selectAll().where('run_id', '=', runId).where('step_key', '=', stepKey).executeTakeFirst();
}
