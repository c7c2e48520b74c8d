import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow, refreshAccountRevenueFromContracts } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { automationActor, type Actor } from '../auth/index.js';
import { invalid, notFound } from '../core/errors.js';
import type { Database, SubscriptionItemRow } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { scheduleJobs, type JobHandler } from '../jobs/index.js';
import { addTimelineEntry } from '../timeline/index.js';
import { classifyArrMovement, contractEventTypes } from './classify-arr-movement.js';
import { contractTimelineEntry } from './contract-timeline-entry.js';
import { roundToCents } from './money.js';
import { usageArr, usageLineArr, usageWindow, usageWindowThrough } from './usage-pricing.js';
import {
  deleteSubscriptionItems,
  findAccountArrByCurrency,
  findArrMovementsByAccount,
  findItemsOfSubscriptions,
  findSubscriptionById,
  findSubscriptionsByAccount,
  findSubscriptionsByExternalIdValues,
  hasArrMovements,
  insertArrMovement,
  insertSubscription,
  insertSubscriptionItems,
  lockAccountContracts,
  replaceUsageItem,
  sumAccountEventUnits,
  updateSubscriptionRow,
  findActiveUsagePricedContracts,
  findWorkspaceIdsWithUsagePricing,
  type PricedItem,
  type SubscriptionRecord,
  type SubscriptionRowUpdate,
} from './subscriptions.repository.js';
import {
  itemsMatchPricing,
  type ArrMovement,
  type CreateSubscriptionInput,
  type PricingInput,
  type Subscription,
  type SubscriptionItemInput,
  type UpdateSubscriptionInput,
} from './subscriptions.schema.js';

export * from './subscriptions.schema.js';
/** How contract prices round (to cents, half away from zero); imports compare prices with it. */
export { roundToCents } from './money.js';
export { usageArr, usageLineArr, usageWindow, type UsageTerms } from './usage-pricing.js';

type Conn = Kysely<Database>;

function usageOf(row: SubscriptionRecord, usageLine: number): Subscription['usage'] {
  if (row.pricing_model === 'committed' || row.usage_units === null || row.usage_measured_through === null) return null;
  const windowDays = row.usage_window_days!;
  return {
    units: row.usage_units,
    from: usageWindowThrough(row.usage_measured_through, windowDays).from,
    through: row.usage_measured_through,
    arr: usageArr(row.usage_units, { unitPrice: row.usage_unit_price!, windowDays }),
    addedArr: usageLine,
  };
}

function toSubscription(row: SubscriptionRecord, allItems: SubscriptionItemRow[]): Subscription {
  const items = allItems.filter((item) => !item.usage);
  const usageLine = roundToCents(allItems.filter((item) => item.usage).reduce((sum, item) => sum + item.arr, 0));
  return {
    id: row.id,
    accountId: row.account_id,
    externalId: row.external_id,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    autoRenew: row.auto_renew,
    currency: row.currency,
    arr: roundToCents(allItems.reduce((sum, item) => sum + item.arr, 0)),
    pricing: {
      model: row.pricing_model,
      metric: row.usage_metric,
      unitPrice: row.usage_unit_price,
      windowDays: row.usage_window_days,
    },
    usage: usageOf(row, usageLine),
    items: items.map((item) => ({
      id: item.id,
      product: item.product,
      seats: item.seats,
      unitPrice: item.unit_price,
      arr: item.arr,
    })),
  };
}

/** One query for the line items of all the rows, however many. */
async function withItems(db: Conn, workspaceId: string, rows: SubscriptionRecord[]): Promise<Subscription[]> {
  const ids = rows.map((row) => row.id);
  const items = await findItemsOfSubscriptions(db, workspaceId, ids);
  return rows.map((row) =>
    toSubscription(
      row,
      items.filter((item) => item.subscription_id === row.id),
    ),
  );
}

async function loadSubscriptionOrThrow(db: Conn, workspaceId: string, subscriptionId: string): Promise<Subscription> {
  const row = await findSubscriptionById(db, workspaceId, subscriptionId);
  if (!row) throw notFound('Subscription', subscriptionId);
  return (await withItems(db, workspaceId, [row]))[0]!;
}

// ARR is computed here, never taken from the caller: prices are rounded to cents first so
// the line's arr is exactly what seats × the stored unit price gives.
function priced(items: SubscriptionItemInput[]): PricedItem[] {
  return items.map((item) => {
    const unitPrice = roundToCents(item.unitPrice);
    return {
      product: item.product,
      seats: item.seats,
      unit_price: unitPrice,
      arr: roundToCents(item.seats * unitPrice),
    };
  });
}

function pricingColumns(pricing: PricingInput): SubscriptionRowUpdate {
  if (pricing.model === 'committed') {
    return { pricing_model: 'committed', usage_metric: null, usage_unit_price: null, usage_window_days: null, usage_units: null, usage_measured_through: null };
  }
  return { pricing_model: pricing.model, usage_metric: pricing.metric, usage_unit_price: pricing.unitPrice, usage_window_days: pricing.windowDays };
}

/** Sets the contract's usage line from its stored measurement, its pricing model and (hybrid) its committed floor. */
async function priceUsageLine(trx: Conn, workspaceId: string, row: SubscriptionRecord): Promise<void> {
  if (row.pricing_model === 'committed' || row.usage_units === null) {
    await replaceUsageItem(trx, workspaceId, row.id, null);
    return;
  }
  const committed = (await findItemsOfSubscriptions(trx, workspaceId, [row.id])).filter((item) => !item.usage);
  const floor = roundToCents(committed.reduce((sum, item) => sum + item.arr, 0));
  const usage = usageArr(row.usage_units, { unitPrice: row.usage_unit_price!, windowDays: row.usage_window_days! });
  await replaceUsageItem(trx, workspaceId, row.id, { metric: row.usage_metric!, arr: usageLineArr(row.pricing_model, floor, usage) });
}

/** Counts the contract's billable units over the window before `today`, stores them and prices the usage line. */
async function measureUsage(trx: Conn, workspaceId: string, subscriptionId: string, today: string): Promise<void> {
  const row = (await findSubscriptionById(trx, workspaceId, subscriptionId))!;
  if (row.pricing_model === 'committed') {
    await priceUsageLine(trx, workspaceId, row);
    return;
  }
  const { from, through } = usageWindow(today, row.usage_window_days!);
  const units = await sumAccountEventUnits(trx, { workspaceId, accountId: row.account_id, metric: row.usage_metric!, from, to: through });
  await updateSubscriptionRow(trx, workspaceId, subscriptionId, { usage_units: units, usage_measured_through: through });
  await priceUsageLine(trx, workspaceId, { ...row, usage_units: units, usage_measured_through: through });
}

// Ledger days are UTC days: workspaces have no time zone of their own yet.
const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** Takes the account's contract lock and returns its ARR per currency as it stands under that lock. */
async function lockAccountForContractChangeOrThrow(trx: Conn, actor: Actor, accountId: string): Promise<Map<string, number>> {
  await lockAccountContracts(trx, accountId);
  await getAccountForWriteOrThrow(trx, actor, accountId);
  return findAccountArrByCurrency(trx, actor.workspaceId, accountId);
}

type ContractChange = { before: Subscription | null; after: Subscription; arrByCurrencyBefore: Map<string, number>; occurredOn: string };

const hasArrOutside = (arrByCurrency: Map<string, number>, currency: string): boolean =>
  [...arrByCurrency].some(([other, arr]) => other !== currency && arr > 0);

/**
 * After a contract is written in `trx`: refreshes the account's cached ARR (reporting
 * currency) and renewal date, books the ARR movement in the contract's currency if the
 * account's ARR in that currency moved, audits the contract and tells the timeline.
 */
async function recordContractChange(
  trx: Conn,
  actor: Actor,
  { before, after, arrByCurrencyBefore, occurredOn }: ContractChange,
): Promise<void> {
  const { workspaceId } = actor;
  const { currency } = after;
  await refreshAccountRevenueFromContracts(trx, workspaceId, after.accountId);
  const arrByCurrencyAfter = await findAccountArrByCurrency(trx, workspaceId, after.accountId);
  const arrBefore = arrByCurrencyBefore.get(currency) ?? 0;
  const arrAfter = arrByCurrencyAfter.get(currency) ?? 0;
  const movementKind = classifyArrMovement({
    arrBefore,
    arrAfter,
    hasHadArr: await hasArrMovements(trx, workspaceId, after.accountId),
    hasOtherArr: hasArrOutside(arrByCurrencyBefore, currency) || hasArrOutside(arrByCurrencyAfter, currency),
  });
  if (movementKind) {
    await insertArrMovement(trx, {
      workspace_id: workspaceId,
      account_id: after.accountId,
      subscription_id: after.id,
      currency,
      kind: movementKind,
      amount: roundToCents(arrAfter - arrBefore),
      arr_before: arrBefore,
      arr_after: arrAfter,
      occurred_on: occurredOn,
    });
  }
  await recordAudit(trx, actor, {
    action: before ? 'update' : 'create',
    entityType: 'subscription',
    entityId: after.id,
    before,
    after,
  });
  const entry = contractTimelineEntry({
    statusBefore: before?.status ?? null,
    statusAfter: after.status,
    movementKind,
    arrBefore,
    arrAfter,
    currency: after.currency,
  });
  await emitDomainEvents(
    trx,
    contractEventTypes({ before, after, movementKind }).map((type) => ({
      type,
      workspaceId,
      accountId: after.accountId,
      payload: { subscriptionId: after.id, arrBefore, arrAfter, effectiveDate: occurredOn },
    })),
  );
  await addTimelineEntry(trx, {
    workspaceId,
    accountId: after.accountId,
    ...entry,
    actorUserId: actor.userId,
    subjectType: 'subscription',
    subjectId: after.id,
  });
}

/**
 * The account's contracts with their line items, oldest first. Anyone in the workspace may read them.
 *
 * @example
 *   const contracts = await listAccountSubscriptions(db, actor, accountId);
 */
export async function listAccountSubscriptions(db: Conn, actor: Actor, accountId: string): Promise<Subscription[]> {
  await getAccountOrThrow(db, actor, accountId);
  return withItems(db, actor.workspaceId, await findSubscriptionsByAccount(db, actor.workspaceId, accountId));
}

/** One contract of the caller's workspace, or NotFound. */
export async function getSubscriptionOrThrow(db: Conn, actor: Actor, subscriptionId: string): Promise<Subscription> {
  return loadSubscriptionOrThrow(db, actor.workspaceId, subscriptionId);
}

/**
 * Records a signed contract (needs write access to the account). In one transaction the
 * account's ARR and renewal date follow, the ARR movement is booked on `effectiveDate`
 * (default: today), and the change is audited and told on the timeline.
 *
 * @example
 *   await createSubscription(db, actor, accountId, {
 *     startDate: '2025-01-01', endDate: '2025-12-31', status: 'active', autoRenew: true, currency: 'USD',
 *     items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }],
 *   }, new Date());
 */
export async function createSubscription(
  db: Conn,
  actor: Actor,
  accountId: string,
  input: CreateSubscriptionInput,
  now: Date,
): Promise<Subscription> {
  return inTransaction(db, async (trx) => {
    const arrByCurrencyBefore = await lockAccountForContractChangeOrThrow(trx, actor, accountId);
    const { id } = await insertSubscription(trx, {
      workspace_id: actor.workspaceId,
      account_id: accountId,
      external_id: input.externalId ?? null,
      status: input.status,
      start_date: input.startDate,
      end_date: input.endDate,
      auto_renew: input.autoRenew,
      currency: input.currency,
      ...pricingColumns(input.pricing ?? { model: 'committed' }),
    });
    if (input.items.length > 0) await insertSubscriptionItems(trx, actor.workspaceId, id, priced(input.items));
    await measureUsage(trx, actor.workspaceId, id, utcDay(now));
    const after = await loadSubscriptionOrThrow(trx, actor.workspaceId, id);
    await recordContractChange(trx, actor, {
      before: null,
      after,
      arrByCurrencyBefore,
      occurredOn: input.effectiveDate ?? utcDay(now),
    });
    return after;
  });
}

function columnsFrom(changes: UpdateSubscriptionInput, now: Date): SubscriptionRowUpdate {
  const columns: SubscriptionRowUpdate = { updated_at: now };
  if (changes.externalId !== undefined) columns.external_id = changes.externalId ?? null;
  if (changes.status !== undefined) columns.status = changes.status;
  if (changes.startDate !== undefined) columns.start_date = changes.startDate;
  if (changes.endDate !== undefined) columns.end_date = changes.endDate;
  if (changes.autoRenew !== undefined) columns.auto_renew = changes.autoRenew;
  return changes.pricing ? { ...columns, ...pricingColumns(changes.pricing) } : columns;
}

/**
 * Changes a contract (needs write access to its account): status, dates, auto-renew, or
 * `items`, which replace every line item. Cancelling the last active contract books churn.
 *
 * @example
 *   await updateSubscription(db, actor, subscriptionId, { status: 'cancelled', effectiveDate: '2025-12-31' }, new Date());
 */
export async function updateSubscription(
  db: Conn,
  actor: Actor,
  subscriptionId: string,
  changes: UpdateSubscriptionInput,
  now: Date,
): Promise<Subscription> {
  return inTransaction(db, async (trx) => {
    const found = await findSubscriptionById(trx, actor.workspaceId, subscriptionId);
    if (!found) throw notFound('Subscription', subscriptionId);
    const arrByCurrencyBefore = await lockAccountForContractChangeOrThrow(trx, actor, found.account_id);
    // Read again under the lock: a concurrent change may have landed since the first read.
    const before = await loadSubscriptionOrThrow(trx, actor.workspaceId, subscriptionId);
    if ((changes.endDate ?? before.endDate) < (changes.startDate ?? before.startDate)) {
      throw invalid('endDate must be on or after startDate.', [
        { path: 'endDate', message: `is before startDate ${changes.startDate ?? before.startDate}` },
      ]);
    }
    const model = changes.pricing?.model ?? before.pricing.model;
    if (!itemsMatchPricing(model, changes.items?.length ?? before.items.length)) {
      throw invalid(`items ${model === 'usage_based' ? 'must be empty for a usage_based contract' : `must not be empty for a ${model} contract`}.`, [
        { path: 'items', message: model === 'usage_based' ? 'must be empty for a usage_based contract' : `must not be empty for a ${model} contract` },
      ]);
    }
    await updateSubscriptionRow(trx, actor.workspaceId, subscriptionId, columnsFrom(changes, now));
    if (changes.items) {
      await deleteSubscriptionItems(trx, actor.workspaceId, subscriptionId);
      if (changes.items.length > 0) await insertSubscriptionItems(trx, actor.workspaceId, subscriptionId, priced(changes.items));
    }
    // New terms are measured afresh; new line items move a hybrid's floor under the stored measurement.
    if (changes.pricing) await measureUsage(trx, actor.workspaceId, subscriptionId, utcDay(now));
    else if (changes.items) await priceUsageLine(trx, actor.workspaceId, (await findSubscriptionById(trx, actor.workspaceId, subscriptionId))!);
    const after = await loadSubscriptionOrThrow(trx, actor.workspaceId, subscriptionId);
    await recordContractChange(trx, actor, {
      before,
      after,
      arrByCurrencyBefore,
      occurredOn: changes.effectiveDate ?? utcDay(now),
    });
    return after;
  });
}

/**
 * The workspace's contracts (with line items) whose external id is one of `externalIds`, so
 * an import can match its rows to contracts. Anyone in the workspace may read them.
 *
 * @example
 *   const [known] = await findSubscriptionsByExternalIds(db, actor, ['0065g00000XyZ']);
 */
export async function findSubscriptionsByExternalIds(db: Conn, actor: Actor, externalIds: string[]): Promise<Subscription[]> {
  return withItems(db, actor.workspaceId, await findSubscriptionsByExternalIdValues(db, actor.workspaceId, externalIds));
}

/**
 * The account's ARR ledger, oldest first: one classified movement per contract change that
 * moved ARR. Anyone in the workspace may read it.
 */
export async function listAccountArrMovements(db: Conn, actor: Actor, accountId: string): Promise<ArrMovement[]> {
  await getAccountOrThrow(db, actor, accountId);
  const rows = await findArrMovementsByAccount(db, actor.workspaceId, accountId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    currency: row.currency,
    amount: row.amount,
    arrBefore: row.arr_before,
    arrAfter: row.arr_after,
    occurredOn: row.occurred_on,
    subscriptionId: row.subscription_id,
  }));
}

/**
 * Re-measures every active usage-based and hybrid contract of the workspace as of `now`'s UTC
 * day, each in its own transaction under the account's contract lock. A contract whose ARR
 * moved books the movement on that day, audited (as the "usage pricing" automation) and told
 * on the timeline like any contract change, so the bridge, NRR/GRR and health count it; one
 * whose ARR did not move only keeps the new measurement.
 */
export async function recomputeUsageArr(db: Conn, workspaceId: string, now: Date): Promise<{ contracts: number; moved: number }> {
  const actor = automationActor(workspaceId, 'usage pricing');
  const today = utcDay(now);
  const contracts = await findActiveUsagePricedContracts(db, workspaceId);
  let moved = 0;
  for (const contract of contracts) {
    await inTransaction(db, async (trx) => {
      const arrByCurrencyBefore = await lockAccountForContractChangeOrThrow(trx, actor, contract.account_id);
      const before = await loadSubscriptionOrThrow(trx, workspaceId, contract.id);
      // Changed since it was listed: no longer usage-priced or active.
      if (before.status !== 'active' || before.pricing.model === 'committed') return;
      await measureUsage(trx, workspaceId, contract.id, today);
      const after = await loadSubscriptionOrThrow(trx, workspaceId, contract.id);
      if (after.arr === before.arr) return;
      moved++;
      await recordContractChange(trx, actor, { before, after, arrByCurrencyBefore, occurredOn: today });
    });
  }
  return { contracts: contracts.length, moved };
}

export const USAGE_ARR_JOB = 'subscriptions.usage-arr';
const DAY_MS = 86_400_000;

/**
 * Recurring system job `subscriptions.usage-arr.daily`: queues one `subscriptions.usage-arr`
 * per workspace with usage-priced contracts, keyed by the day, so a restart or a second worker
 * never measures a workspace twice in a day (at most one usage movement per contract a day).
 */
export const usageArrDailyJob: JobHandler = {
  type: 'subscriptions.usage-arr.daily',
  everyMs: DAY_MS,
  maxAttempts: 3,
  run: async ({ db, clock }) => {
    const day = utcDay(clock.now());
    const workspaceIds = await findWorkspaceIdsWithUsagePricing(db);
    await scheduleJobs(
      db,
      workspaceIds.map((workspaceId) => ({ type: USAGE_ARR_JOB, workspaceId, uniqueKey: `usage-arr:${workspaceId}:${day}`, maxAttempts: 3 })),
      clock,
    );
  },
};

/** `subscriptions.usage-arr` for one workspace: usage-based ARR re-measured, changes booked in the ledger. */
export const usageArrJob: JobHandler = {
  type: USAGE_ARR_JOB,
  run: async ({ db, workspaceId, clock }) => {
    if (!workspaceId) throw new Error(`${USAGE_ARR_JOB} needs a workspace`);
    await recomputeUsageArr(db, workspaceId, clock.now());
  },
};
