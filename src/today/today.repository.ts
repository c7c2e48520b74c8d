import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/*
 * Read-only queries of the day view and the team view over accounts, health_scores,
 * timeline_entries, usage_account_days, signals, tickets, tasks and memberships, like
 * metrics/ reads the ledger: each section is one statement over the whole book, where the
 * owners' per-account finders would cost a query per account. Nothing here writes.
 */

const CHURNED_STAGE = 'Churned';

export async function findReportingCurrency(db: Conn, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('reporting_currency').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.reporting_currency;
}

/** A member of the workspace by id, with their name (null when not a member). */
export async function findMemberName(db: Conn, workspaceId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role'])
    .where('memberships.workspace_id', '=', workspaceId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export async function findAccountNames(db: Conn, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'name', 'arr']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

/** The owner's accounts renewing from `from` through `to`, soonest first, with their computed health. */
export async function findBookRenewals(db: Conn, query: { workspaceId: string; ownerId: string; from: string; to: string }) {
  return db
    .selectFrom('accounts')
    .leftJoin('health_scores as health', (join) =>
      join.onRef('health.workspace_id', '=', 'accounts.workspace_id').onRef('health.account_id', '=', 'accounts.id'),
    )
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.renewal_date',
      'accounts.arr',
      'accounts.unrated_contracts',
      'health.score as health_score',
      'health.band as health_band',
    ])
    .where('accounts.workspace_id', '=', query.workspaceId)
    .where('accounts.owner_id', '=', query.ownerId)
    .where(sql<boolean>`accounts.lifecycle_stage is distinct from ${CHURNED_STAGE}`)
    .where('accounts.renewal_date', '>=', query.from)
    .where('accounts.renewal_date', '<=', query.to)
    .orderBy('accounts.renewal_date')
    .orderBy('accounts.name')
    .execute();
}

/**
 * The owner's accounts in the given stages (lowercase names), with when they entered the
 * stage (the latest `stage_changed` timeline entry, else the account's creation) and their
 * last day of product usage.
 */
export async function findBookOnboardings(db: Conn, query: { workspaceId: string; ownerId: string; stages: string[] }) {
  return db
    .selectFrom('accounts')
    .select((eb) => [
      'accounts.id',
      'accounts.name',
      'accounts.lifecycle_stage',
      sql<Date>`coalesce(${eb
        .selectFrom('timeline_entries as t')
        .select(sql`max(t.occurred_at)`.as('at'))
        .whereRef('t.workspace_id', '=', 'accounts.workspace_id')
        .whereRef('t.account_id', '=', 'accounts.id')
        .where('t.kind', '=', 'stage_changed')}, accounts.created_at)`.as('in_stage_since'),
      eb
        .selectFrom('usage_account_days as u')
        .select(sql<string>`max(u.day)::text`.as('day'))
        .whereRef('u.workspace_id', '=', 'accounts.workspace_id')
        .whereRef('u.account_id', '=', 'accounts.id')
        .as('last_usage_day'),
    ])
    .where('accounts.workspace_id', '=', query.workspaceId)
    .where('accounts.owner_id', '=', query.ownerId)
    .where(sql<boolean>`lower(accounts.lifecycle_stage) = any(${query.stages}::text[])`)
    .orderBy('accounts.name')
    .execute();
}

/** Signals on the owner's accounts recorded since `since`, newest first. */
export async function findBookSignalsSince(db: Conn, query: { workspaceId: string; ownerId: string; since: Date }) {
  return db
    .selectFrom('signals')
    .innerJoin('accounts', (join) => join.onRef('accounts.id', '=', 'signals.account_id').onRef('accounts.workspace_id', '=', 'signals.workspace_id'))
    .select(['signals.id', 'signals.account_id', 'accounts.name as account_name', 'signals.type', 'signals.title', 'signals.occurred_at', 'signals.created_at'])
    .where('signals.workspace_id', '=', query.workspaceId)
    .where('accounts.owner_id', '=', query.ownerId)
    .where('signals.created_at', '>=', query.since)
    .orderBy('signals.created_at', 'desc')
    .limit(100)
    .execute();
}

/** Urgent tickets on the owner's accounts still open (not solved or closed), whenever opened, longest waiting first. */
export async function findBookOpenUrgentTickets(db: Conn, query: { workspaceId: string; ownerId: string }) {
  return db
    .selectFrom('tickets')
    .innerJoin('accounts', (join) => join.onRef('accounts.id', '=', 'tickets.account_id').onRef('accounts.workspace_id', '=', 'tickets.workspace_id'))
    .select(['tickets.id', 'tickets.account_id', 'accounts.name as account_name', 'tickets.subject', 'tickets.status', 'tickets.created_at_source', 'tickets.url'])
    .where('tickets.workspace_id', '=', query.workspaceId)
    .where('accounts.owner_id', '=', query.ownerId)
    .where('tickets.priority', '=', 'urgent')
    .where('tickets.status', 'not in', ['solved', 'closed'])
    .orderBy('tickets.created_at_source')
    .limit(100)
    .execute();
}

/**
 * Per owner (null: no owner): open and overdue tasks, and the book's accounts (churned left
 * out), ARR and ARR in the red and yellow bands — two grouped scans, joined in the caller.
 */
export async function findWorkloadByOwner(db: Conn, query: { workspaceId: string; today: string }) {
  const [tasks, books] = await Promise.all([
    db
      .selectFrom('tasks')
      .select([
        'owner_id',
        sql<number>`count(*)`.as('open_tasks'),
        sql<number>`count(*) filter (where due_date < ${query.today}::date)`.as('overdue_tasks'),
      ])
      .where('workspace_id', '=', query.workspaceId)
      .where('status', 'in', ['open', 'in_progress'])
      .groupBy('owner_id')
      .execute(),
    db
      .selectFrom('accounts')
      .leftJoin('health_scores as health', (join) =>
        join.onRef('health.workspace_id', '=', 'accounts.workspace_id').onRef('health.account_id', '=', 'accounts.id'),
      )
      .select([
        'accounts.owner_id',
        sql<number>`count(*)`.as('accounts'),
        sql<number>`coalesce(sum(accounts.arr), 0)`.as('arr'),
        sql<number>`coalesce(sum(accounts.arr) filter (where health.band = 'red'), 0)`.as('red_arr'),
        sql<number>`coalesce(sum(accounts.arr) filter (where health.band = 'yellow'), 0)`.as('yellow_arr'),
      ])
      .where('accounts.workspace_id', '=', query.workspaceId)
      .where(sql<boolean>`accounts.lifecycle_stage is distinct from ${CHURNED_STAGE}`)
      .groupBy('accounts.owner_id')
      .execute(),
  ]);
  return { tasks, books };
}
