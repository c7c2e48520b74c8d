import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ArrMovementKind, Database } from '../db/schema.js';
import { toCents, type CurrencyLedgerMovement, type MetricsAccount, type ReportingRates } from './ledger.js';
import type { MetricsFilters } from './metrics.schema.js';

type Conn = Kysely<Database>;

/**
 * Read-only queries over tables other modules own (accounts, subscriptions,
 * subscription_items, arr_movements, users): metrics never writes them.
 *
 * The accounts a figure covers: the workspace's accounts that have ledger rows, narrowed by
 * the filters, each with its main product (largest line ARR on its contracts, active ones
 * first, then by name), so a breakdown by product partitions the accounts.
 */
export function scopedAccounts(workspaceId: string, filters: MetricsFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [
    sql`a.workspace_id = ${workspaceId}`,
    sql`exists (select 1 from arr_movements e where e.workspace_id = ${workspaceId} and e.account_id = a.id)`,
  ];
  if (filters.segment !== undefined) conditions.push(sql`a.segment = ${filters.segment}`);
  if (filters.ownerId !== undefined) conditions.push(sql`a.owner_id = ${filters.ownerId}`);
  if (filters.lifecycleStage !== undefined) conditions.push(sql`a.lifecycle_stage = ${filters.lifecycleStage}`);
  if (filters.channel !== undefined) conditions.push(sql`a.acquisition_channel = ${filters.channel}`);
  if (filters.customField !== undefined && filters.customValue !== undefined) {
    conditions.push(sql`a.custom_fields ->> ${filters.customField} = ${filters.customValue}`);
  }
  if (filters.product !== undefined) conditions.push(sql`p.product = ${filters.product}`);
  return sql`
    select a.id, a.name, a.segment, a.owner_id, a.lifecycle_stage, a.acquisition_channel,
           a.custom_fields ->> ${filters.customField ?? ''} as custom_value, p.product
    from accounts a
    left join (
      select distinct on (s.account_id) s.account_id, i.product
      from subscriptions s
      join subscription_items i on i.subscription_id = s.id and i.workspace_id = ${workspaceId}
      where s.workspace_id = ${workspaceId}
      order by s.account_id, (s.status = 'active') desc, i.arr desc, i.product
    ) p on p.account_id = a.id
    where ${sql.join(conditions, sql` and `)}`;
}

type AccountRow = {
  id: string;
  name: string;
  segment: string | null;
  owner_id: string | null;
  lifecycle_stage: string | null;
  acquisition_channel: string | null;
  custom_value: string | null;
  product: string | null;
};

export async function findMetricsAccounts(db: Conn, workspaceId: string, filters: MetricsFilters): Promise<MetricsAccount[]> {
  // No ORDER BY: sorting 10,000 names by collation costs more than the figures; callers sort what they list.
  const { rows } = await sql<AccountRow>`${scopedAccounts(workspaceId, filters)}`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    segment: row.segment,
    ownerId: row.owner_id,
    lifecycleStage: row.lifecycle_stage,
    product: row.product,
    channel: row.acquisition_channel,
    customValue: filters.customField === undefined ? null : row.custom_value,
  }));
}

type MovementRow = { id: string; account_id: string; kind: ArrMovementKind; currency: string; amount: number; arr_after: number; occurred_on: string };

/**
 * The ledger rows of the scoped accounts up to `upTo` (inclusive), in booking order within
 * a day (created_at), which is the order the ARR before/after figures chain in.
 */
export async function findLedgerMovements(db: Conn, workspaceId: string, filters: MetricsFilters, upTo: string): Promise<CurrencyLedgerMovement[]> {
  const { rows } = await sql<MovementRow>`
    select m.id, m.account_id, m.kind, m.currency, m.amount, m.arr_after, m.occurred_on
    from arr_movements m
    join (${scopedAccounts(workspaceId, filters)}) a on a.id = m.account_id
    where m.workspace_id = ${workspaceId} and m.occurred_on <= ${upTo}
    order by m.account_id, m.occurred_on, m.created_at, m.id`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    currency: row.currency,
    amountCents: toCents(row.amount),
    arrAfterCents: toCents(row.arr_after),
    occurredOn: row.occurred_on,
  }));
}

/** Names of the workspace's members among `userIds`, for owner breakdown labels. */
export async function findMemberNames(db: Conn, workspaceId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .where('memberships.workspace_id', '=', workspaceId)
    .where('users.id', 'in', userIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * The workspace's reporting currency and, per other currency, the rate in force on `day`
 * (the latest effective on or before it). Reads `workspaces` and `exchange_rates`.
 */
export async function findReportingRates(db: Conn, workspaceId: string, day: string): Promise<ReportingRates> {
  const [workspace, { rows }] = await Promise.all([
    db.selectFrom('workspaces').select('reporting_currency').where('id', '=', workspaceId).executeTakeFirstOrThrow(),
    sql<{ currency: string; rate: string }>`
      select distinct on (currency) currency, rate::text as rate
      from exchange_rates
      where workspace_id = ${workspaceId} and effective_date <= ${day}
      order by currency, effective_date desc`.execute(db),
  ]);
  return { reportingCurrency: workspace.reporting_currency, rates: new Map(rows.map((row) => [row.currency, row.rate])) };
}
