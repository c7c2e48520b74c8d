import { sql, type Kysely } from 'kysely';
import type { Database, ExchangeRateSource } from '../db/schema.js';

type Conn = Kysely<Database>;

export async function findReportingCurrency(db: Conn, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('reporting_currency').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.reporting_currency;
}

export async function updateReportingCurrency(db: Conn, workspaceId: string, currency: string): Promise<void> {
  await db.updateTable('workspaces').set({ reporting_currency: currency }).where('id', '=', workspaceId).execute();
}

export async function findExchangeRates(db: Conn, workspaceId: string) {
  const { rows } = await sql<{ currency: string; effective_date: string; rate: number; source: ExchangeRateSource }>`
    select currency, effective_date::text as effective_date, rate, source from exchange_rates
    where workspace_id = ${workspaceId}
    order by currency, effective_date desc`.execute(db);
  return rows;
}

export async function countExchangeRates(db: Conn, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('exchange_rates')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Currencies of active contracts and how many contracts each has; reads `subscriptions`. */
export async function findContractCurrencies(db: Conn, workspaceId: string) {
  const { rows } = await sql<{ currency: string; contracts: number; has_rate: boolean }>`
    select s.currency, count(*)::integer as contracts,
      (s.currency = w.reporting_currency or exists (
        select 1 from exchange_rates r where r.workspace_id = ${workspaceId} and r.currency = s.currency)) as has_rate
    from subscriptions s join workspaces w on w.id = s.workspace_id
    where s.workspace_id = ${workspaceId} and s.status = 'active'
    group by s.currency, w.reporting_currency
    order by count(*) desc, s.currency`.execute(db);
  return rows;
}

export type RateRow = { currency: string; effectiveDate: string; rate: string };

/** Inserts or replaces the rates in one statement (a rate per currency and day). */
export async function upsertExchangeRates(db: Conn, workspaceId: string, rates: RateRow[], source: ExchangeRateSource, now: Date): Promise<void> {
  await sql`
    insert into exchange_rates (workspace_id, currency, effective_date, rate, source, updated_at)
    select ${workspaceId}, r.currency, r.effective_date, r.rate, ${source}, ${now}
    from unnest(${rates.map((r) => r.currency)}::text[], ${rates.map((r) => r.effectiveDate)}::date[], ${rates.map((r) => r.rate)}::numeric[])
      as r(currency, effective_date, rate)
    on conflict (workspace_id, currency, effective_date)
    do update set rate = excluded.rate, source = excluded.source, updated_at = excluded.updated_at`.execute(db);
}

/** Deletes one rate (with a day) or all of a currency's; returns how many went. */
export async function deleteExchangeRates(db: Conn, workspaceId: string, currency: string, effectiveDate: string | undefined): Promise<number> {
  let query = db.deleteFrom('exchange_rates').where('workspace_id', '=', workspaceId).where('currency', '=', currency);
  if (effectiveDate) query = query.where('effective_date', '=', effectiveDate);
  // RETURNING, not numDeletedRows: the PGlite driver does not report affected rows of a delete.
  return (await query.returning('currency').execute()).length;
}
