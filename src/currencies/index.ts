import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { refreshAccountsRevenueAfterRateChange } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import type { Database, ExchangeRateSource } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  countExchangeRates,
  deleteExchangeRates,
  findContractCurrencies,
  findExchangeRates,
  findReportingCurrency,
  updateReportingCurrency,
  upsertExchangeRates,
} from './currencies.repository.js';
import {
  putExchangeRatesInputSchema,
  type ExchangeRateList,
  type PutExchangeRatesInput,
  type UpdateWorkspaceSettingsInput,
  type WorkspaceSettings,
} from './currencies.schema.js';

export * from './currencies.schema.js';
export { parseExchangeRatesCsv } from './parse-exchange-rates-csv.js';

type Conn = Kysely<Database>;

const assertCanWriteRatesOrThrow = (actor: Actor): void => {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('change exchange rates');
};

/** Every member reads the rates: each sum on screen depends on them. */
export async function listExchangeRates(db: Conn, actor: Actor): Promise<ExchangeRateList> {
  const [reportingCurrency, rows, currencies] = await Promise.all([
    findReportingCurrency(db, actor.workspaceId),
    findExchangeRates(db, actor.workspaceId),
    findContractCurrencies(db, actor.workspaceId),
  ]);
  return {
    reportingCurrency,
    data: rows.map((row) => ({ currency: row.currency, effectiveDate: row.effective_date, rate: Number(row.rate), source: row.source })),
    contractCurrencies: currencies.map((row) => ({ currency: row.currency, activeContracts: row.contracts, hasRate: row.has_rate })),
  };
}

/**
 * Enters or replaces exchange rates (admins and leaders), then recomputes the cached ARR of
 * every account with an active contract in a changed currency; no ARR movement is booked. A
 * rate is never in the future (`effectiveDate` ≤ today): current ARR uses the latest one.
 *
 * @example
 *   await putExchangeRates(db, actor, { rates: [{ currency: 'EUR', effectiveDate: '2026-01-01', rate: '1.08' }] }, new Date());
 */
export async function putExchangeRates(
  db: Conn,
  actor: Actor,
  input: PutExchangeRatesInput,
  now: Date,
  source: ExchangeRateSource = 'entered',
): Promise<ExchangeRateList> {
  assertCanWriteRatesOrThrow(actor);
  const { rates } = putExchangeRatesInputSchema.parse(input);
  const today = now.toISOString().slice(0, 10);
  const reportingCurrency = await findReportingCurrency(db, actor.workspaceId);
  const issues = rates.flatMap((rate, index) => [
    ...(rate.effectiveDate > today ? [{ path: `rates.${index}.effectiveDate`, message: `is after today (${today}); rates are entered as they are observed` }] : []),
    ...(rate.currency === reportingCurrency ? [{ path: `rates.${index}.currency`, message: 'is the reporting currency; it needs no rate' }] : []),
  ]);
  if (new Set(rates.map((rate) => `${rate.currency} ${rate.effectiveDate}`)).size !== rates.length) {
    issues.push({ path: 'rates', message: 'names one currency and day twice' });
  }
  if (issues.length) throw invalid(`Exchange rates refused: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  await inTransaction(db, async (trx) => {
    await upsertExchangeRates(trx, actor.workspaceId, rates, source, now);
    for (const currency of new Set(rates.map((rate) => rate.currency))) {
      await refreshAccountsRevenueAfterRateChange(trx, actor.workspaceId, { currency });
    }
    await recordAudit(trx, actor, { action: 'update', entityType: 'exchange_rates', entityId: actor.workspaceId, after: { rates, source } });
  });
  return listExchangeRates(db, actor);
}

/** Deletes one rate of a currency (`effectiveDate`) or all of them; the accounts' ARR follows. */
export async function deleteExchangeRate(db: Conn, actor: Actor, currency: string, effectiveDate: string | undefined): Promise<void> {
  assertCanWriteRatesOrThrow(actor);
  await inTransaction(db, async (trx) => {
    const deleted = await deleteExchangeRates(trx, actor.workspaceId, currency, effectiveDate);
    if (deleted === 0) throw notFound('Exchange rate', effectiveDate ? `${currency} ${effectiveDate}` : currency);
    await refreshAccountsRevenueAfterRateChange(trx, actor.workspaceId, { currency });
    await recordAudit(trx, actor, { action: 'delete', entityType: 'exchange_rates', entityId: actor.workspaceId, before: { currency, effectiveDate: effectiveDate ?? null } });
  });
}

/** Every member reads the settings. */
export async function getWorkspaceSettings(db: Conn, actor: Actor): Promise<WorkspaceSettings> {
  return { reportingCurrency: await findReportingCurrency(db, actor.workspaceId) };
}

/**
 * Changes the reporting currency (admins). Rates are quoted in the reporting currency, so the
 * change is refused while the workspace holds any: delete them first, then enter the new ones.
 */
export async function updateWorkspaceSettings(db: Conn, actor: Actor, input: UpdateWorkspaceSettingsInput): Promise<WorkspaceSettings> {
  assertCanAdministerOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const before = await findReportingCurrency(trx, actor.workspaceId);
    if (before === input.reportingCurrency) return { reportingCurrency: before };
    if ((await countExchangeRates(trx, actor.workspaceId)) > 0) {
      throw conflict(`The exchange rates are quoted in ${before}: delete them before reporting in ${input.reportingCurrency}.`);
    }
    await updateReportingCurrency(trx, actor.workspaceId, input.reportingCurrency);
    await refreshAccountsRevenueAfterRateChange(trx, actor.workspaceId, { all: true });
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'workspace_settings',
      entityId: actor.workspaceId,
      before: { reportingCurrency: before },
      after: { reportingCurrency: input.reportingCurrency },
    });
    return { reportingCurrency: input.reportingCurrency };
  });
}
