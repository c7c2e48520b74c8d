import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { toCents } from './ledger.js';
import type { MetricsFilters } from './metrics.schema.js';
import { scopedAccounts } from './metrics.repository.js';

type Conn = Kysely<Database>;

/** Read-only queries for the forecast and time to value, over tables other modules own (subscriptions, usage rollups). */

export type ContractDue = { contractId: string; accountId: string; endDate: string; arrCents: number };

/**
 * The workspace's active contracts ending between `from` and `to` (inclusive), with their ARR
 * (Σ line ARR). Not narrowed by the filters: the caller keeps those of the accounts it read
 * with them, which spares joining the scoped-accounts query a second time.
 */
export async function findContractsEnding(db: Conn, workspaceId: string, from: string, to: string): Promise<ContractDue[]> {
  const { rows } = await sql<{ id: string; account_id: string; end_date: string; arr: number }>`
    select s.id, s.account_id, s.end_date, coalesce(sum(i.arr), 0) as arr
    from subscriptions s
    left join subscription_items i on i.subscription_id = s.id and i.workspace_id = ${workspaceId}
    where s.workspace_id = ${workspaceId} and s.status = 'active' and s.end_date >= ${from} and s.end_date <= ${to}
    group by s.id, s.account_id, s.end_date`.execute(db);
  return rows.map((row) => ({ contractId: row.id, accountId: row.account_id, endDate: row.end_date, arrCents: toCents(Number(row.arr)) }));
}

/** Each scoped account's first day with product events in the usage rollups. */
export async function findFirstUsageDays(db: Conn, workspaceId: string, filters: MetricsFilters): Promise<Map<string, string>> {
  const { rows } = await sql<{ account_id: string; first_day: string }>`
    select u.account_id, min(u.day) as first_day
    from usage_account_days u
    join (${scopedAccounts(workspaceId, filters)}) a on a.id = u.account_id
    where u.workspace_id = ${workspaceId} and u.events > 0
    group by u.account_id`.execute(db);
  return new Map(rows.map((row) => [row.account_id, row.first_day]));
}

/**
 * Each scoped account's first completion (UTC day) of the journey milestone `milestoneKey`,
 * whichever stay of its stage it belonged to. Reads `account_milestones` (owned by journeys).
 */
export async function findMilestoneCompletionDays(db: Conn, workspaceId: string, filters: MetricsFilters, milestoneKey: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ account_id: string; first_day: string }>`
    select m.account_id, to_char(min(m.completed_at) at time zone 'UTC', 'YYYY-MM-DD') as first_day
    from account_milestones m
    join (${scopedAccounts(workspaceId, filters)}) a on a.id = m.account_id
    where m.workspace_id = ${workspaceId} and m.milestone_key = ${milestoneKey} and m.completed_at is not null
    group by m.account_id`.execute(db);
  return new Map(rows.map((row) => [row.account_id, row.first_day]));
}
