import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ArrMovementsTable, Database, SubscriptionsTable } from '../db/schema.js';

type Conn = Kysely<Database>;

export type NewSubscriptionRow = Insertable<SubscriptionsTable>;
export type SubscriptionRowUpdate = Updateable<SubscriptionsTable>;
export type PricedItem = { product: string; seats: number; unit_price: number; arr: number };

/**
 * Serialises contract changes per account until the transaction ends, so each change reads
 * the ARR the previous one left and the ledger's before/after figures chain without gaps.
 * An advisory lock, because the accounts row belongs to the accounts module.
 */
export async function lockAccountContracts(db: Conn, accountId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`boomerang:contracts:${accountId}`}, 0))`.execute(db);
}

export type SubscriptionRecord = NonNullable<Awaited<ReturnType<typeof findSubscriptionById>>>;

export async function findSubscriptionById(db: Conn, workspaceId: string, id: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Oldest contract first, so the list reads as the account's contract history. */
export async function findSubscriptionsByAccount(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('start_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The workspace's contracts with these billing/CRM ids (imports match rows to contracts by them). */
export async function findSubscriptionsByExternalIdValues(db: Conn, workspaceId: string, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('external_id', 'in', externalIds)
    .execute();
}

export async function findItemsOfSubscriptions(db: Conn, workspaceId: string, subscriptionIds: string[]) {
  if (subscriptionIds.length === 0) return [];
  return db
    .selectFrom('subscription_items')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('subscription_id', 'in', subscriptionIds)
    .orderBy('product')
    .orderBy('id')
    .execute();
}

export async function insertSubscription(db: Conn, values: NewSubscriptionRow) {
  return db.insertInto('subscriptions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateSubscriptionRow(db: Conn, workspaceId: string, id: string, values: SubscriptionRowUpdate) {
  await db
    .updateTable('subscriptions')
    .set(values)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function insertSubscriptionItems(
  db: Conn,
  workspaceId: string,
  subscriptionId: string,
  items: PricedItem[],
) {
  await db
    .insertInto('subscription_items')
    .values(items.map((item) => ({ ...item, workspace_id: workspaceId, subscription_id: subscriptionId })))
    .execute();
}

/** Deletes the contract's committed line items; the system's usage line stays. */
export async function deleteSubscriptionItems(db: Conn, workspaceId: string, subscriptionId: string) {
  await db
    .deleteFrom('subscription_items')
    .where('workspace_id', '=', workspaceId)
    .where('subscription_id', '=', subscriptionId)
    .where('usage', '=', false)
    .execute();
}

/**
 * Replaces the contract's usage line with one carrying `arr` (none when 0). Seats and unit
 * price stay 0: the line's ARR is annualised usage, not seats × price.
 */
export async function replaceUsageItem(db: Conn, workspaceId: string, subscriptionId: string, line: { metric: string; arr: number } | null) {
  await db
    .deleteFrom('subscription_items')
    .where('workspace_id', '=', workspaceId)
    .where('subscription_id', '=', subscriptionId)
    .where('usage', '=', true)
    .execute();
  if (!line || line.arr === 0) return;
  await db
    .insertInto('subscription_items')
    .values({ workspace_id: workspaceId, subscription_id: subscriptionId, product: line.metric, seats: 0, unit_price: 0, arr: line.arr, usage: true })
    .execute();
}

/** Units of one event counted on the account's usage days in [from, to] (the usage rollups). */
export async function sumAccountEventUnits(db: Conn, query: { workspaceId: string; accountId: string; metric: string; from: string; to: string }): Promise<number> {
  const row = await db
    .selectFrom('usage_account_days')
    .select(sql<number>`coalesce(sum((event_counts ->> ${query.metric})::numeric), 0)`.as('units'))
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', '=', query.accountId)
    .where('day', '>=', query.from)
    .where('day', '<=', query.to)
    .executeTakeFirstOrThrow();
  return Number(row.units);
}

/** The workspace's active usage-based and hybrid contracts (subscriptions_usage_priced_idx). */
export async function findActiveUsagePricedContracts(db: Conn, workspaceId: string) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'account_id'])
    .where('workspace_id', '=', workspaceId)
    .where('pricing_model', '<>', 'committed')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** Workspaces with at least one active usage-priced contract: the only ones the daily recompute visits. */
export async function findWorkspaceIdsWithUsagePricing(db: Conn): Promise<string[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select('workspace_id')
    .distinct()
    .where('pricing_model', '<>', 'committed')
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.workspace_id);
}

export async function hasArrMovements(db: Conn, workspaceId: string, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('arr_movements')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The account's ARR of active contracts per currency, in each contract's own currency. */
export async function findAccountArrByCurrency(db: Conn, workspaceId: string, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('subscriptions as s')
    .innerJoin('subscription_items as i', (join) => join.onRef('i.subscription_id', '=', 's.id').on('i.workspace_id', '=', workspaceId))
    .select(['s.currency', (eb) => eb.fn.sum<number>('i.arr').as('arr')])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.account_id', '=', accountId)
    .where('s.status', '=', 'active')
    .groupBy('s.currency')
    .execute();
  return new Map(rows.map((row) => [row.currency, Number(row.arr)]));
}

export async function insertArrMovement(db: Conn, values: Omit<Insertable<ArrMovementsTable>, 'created_at'>) {
  // clock_timestamp(), not the column's now(): now() is when the transaction began, and a
  // transaction that began earlier may take the contract lock later. Stamped after the lock,
  // same-day movements sort in the order their before/after figures chain.
  await db
    .insertInto('arr_movements')
    .values({ ...values, created_at: sql<Date>`clock_timestamp()` })
    .execute();
}

/** Oldest first; arr_movements_account_idx serves the filter and the order. */
export async function findArrMovementsByAccount(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('arr_movements')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
