import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow, refreshAccountRevenueFromContracts } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import { invalid, notFound } from '../core/errors.js';
import type { Database, SubscriptionItemRow } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { addTimelineEntry } from '../timeline/index.js';
import { classifyArrMovement, contractEventTypes } from './classify-arr-movement.js';
import { contractTimelineEntry } from './contract-timeline-entry.js';
import { roundToCents } from './money.js';
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
  updateSubscriptionRow,
  type PricedItem,
  type SubscriptionRecord,
  type SubscriptionRowUpdate,
} from './subscriptions.repository.js';
import type {
  ArrMovement,
  CreateSubscriptionInput,
  Subscription,
  SubscriptionItemInput,
  UpdateSubscriptionInput,
} from './subscriptions.schema.js';

export * from './subscriptions.schema.js';
/** How contract prices round (to cents, half away from zero); imports compare prices with it. */
export { roundToCents } from './money.js';

type Conn = Kysely<Database>;

function toSubscription(row: SubscriptionRecord, items: SubscriptionItemRow[]): Subscription {
  return {
    id: row.id,
    accountId: row.account_id,
    externalId: row.external_id,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    autoRenew: row.auto_renew,
    currency: row.currency,
    arr: roundToCents(items.reduce((sum, item) => sum + item.arr, 0)),
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
    });
    await insertSubscriptionItems(trx, actor.workspaceId, id, priced(input.items));
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
  return columns;
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
    await updateSubscriptionRow(trx, actor.workspaceId, subscriptionId, columnsFrom(changes, now));
    if (changes.items) {
      await deleteSubscriptionItems(trx, actor.workspaceId, subscriptionId);
      await insertSubscriptionItems(trx, actor.workspaceId, subscriptionId, priced(changes.items));
    }
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
