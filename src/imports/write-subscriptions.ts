import { findAccountsByExternalIds } from '../accounts/index.js';
import {
  createSubscription,
  findSubscriptionsByExternalIds,
  updateSubscription,
  type Subscription,
} from '../subscriptions/index.js';
import { columnOf, type ImportWriter, type Outcome, type RowStatus, type ValidRow, type WriterContext } from './import-writer.js';
import { contractChanges, contractOf, dayAfter, type ContractFields } from './plan-changes.js';
import type { RowError } from './imports.types.js';

type Group = { rows: ValidRow[]; rejectedRow?: number };

/** One dated write to the ledger; processed in date order so before/after figures chain in time. */
type ContractEvent = {
  date: string;
  /** Starts sort before ends on the same day, so a same-day renewal reads as a change, not churn then reactivation. */
  order: 0 | 1;
  group: string;
  run: () => Promise<void>;
};

const LOOKUP_CHUNK = 500;

/**
 * Contracts, one row per line item, matched on the contract's external id. Rows are
 * gathered first (a contract's lines may be anywhere in the file), then every contract is
 * written through the subscriptions use cases, so the account's ARR and the ARR ledger
 * follow exactly as they do for a contract entered by hand.
 *
 * A new contract is signed on its start date; one that is no longer active is then ended
 * the day after its end date (or today, if that is earlier), so history imports as
 * new → churn. A changed contract moves on its effectiveDate column, else on the day its
 * status changed (end date + 1) or today.
 */
export function subscriptionsWriter(): ImportWriter {
  const groups = new Map<string, Group>();
  const groupOf = (externalId: string) => groups.get(externalId) ?? groups.set(externalId, { rows: [] }).get(externalId)!;

  return {
    async writeChunk(_context, rows) {
      return { outcomes: [], commit: () => rows.forEach((row) => groupOf(row.values.externalId as string).rows.push(row)) };
    },

    rejected(row, values) {
      if (typeof values.externalId === 'string') groupOf(values.externalId).rejectedRow ??= row;
    },

    async finish(context) {
      const outcomes: Outcome[] = [];
      const failGroup = (key: string, errors: RowError[]) => {
        const group = groups.get(key)!;
        const reported = new Set(errors.map((error) => error.row));
        const because = errors[0] ? `row ${errors[0].row}` : `row ${group.rejectedRow}`;
        for (const { row } of group.rows) {
          const own = errors.filter((error) => error.row === row);
          outcomes.push({ row, errors: reported.has(row) ? own : [{ row, column: null, reason: `not imported: contract ${key} has an error in ${because}` }] });
        }
      };
      const contracts = new Map<string, ContractFields>();
      for (const [key, group] of groups) {
        if (group.rows.length === 0) continue;
        if (group.rejectedRow !== undefined) {
          failGroup(key, []);
          continue;
        }
        const { contract, problems } = contractOf(group.rows);
        if (contract) contracts.set(key, contract);
        else failGroup(key, problems.map((p) => ({ row: p.row, column: columnOf(context.mapping, p.target), reason: p.reason })));
      }
      const { accounts, existing } = await lookUp(context, [...contracts.values()]);
      const events: ContractEvent[] = [];
      const statuses = new Map<string, RowStatus>();
      for (const [key, contract] of contracts) {
        const accountId = accounts.get(contract.accountExternalId);
        const before = existing.get(key);
        if (!accountId) {
          const reason = `no account has ${context.system} id "${contract.accountExternalId}"; import the accounts first`;
          failGroup(key, [{ row: groups.get(key)!.rows[0]!.row, column: columnOf(context.mapping, 'accountExternalId'), reason }]);
        } else if (before && before.accountId !== accountId) {
          const reason = `contract ${key} belongs to another account; it cannot move`;
          failGroup(key, [{ row: groups.get(key)!.rows[0]!.row, column: columnOf(context.mapping, 'accountExternalId'), reason }]);
        } else if (before && before.currency !== contract.currency) {
          const reason = `contract ${key} is in ${before.currency}; its currency cannot change`;
          failGroup(key, [{ row: groups.get(key)!.rows[0]!.row, column: columnOf(context.mapping, 'currency'), reason }]);
        } else {
          const status = planEvents(context, { key, contract, accountId, before, events });
          statuses.set(key, status);
        }
      }
      const failed = await runInDateOrder(context, events);
      for (const [key, status] of statuses) {
        const failure = failed.get(key);
        if (failure) failGroup(key, [{ row: groups.get(key)!.rows[0]!.row, column: columnOf(context.mapping, failure.field), reason: failure.reason }]);
        else for (const { row } of groups.get(key)!.rows) outcomes.push({ row, status });
      }
      return { outcomes, revisions: [] };
    },
  };
}

async function lookUp(context: WriterContext, contracts: ContractFields[]) {
  const { trx, actor, system } = context;
  const accounts = new Map<string, string>();
  const existing = new Map<string, Subscription>();
  const accountIds = [...new Set(contracts.map((contract) => contract.accountExternalId))];
  for (let start = 0; start < accountIds.length; start += LOOKUP_CHUNK) {
    for (const account of await findAccountsByExternalIds(trx, actor, system, accountIds.slice(start, start + LOOKUP_CHUNK))) {
      accounts.set(account.externalIds[system]!, account.id);
    }
  }
  for (let start = 0; start < contracts.length; start += LOOKUP_CHUNK) {
    const ids = contracts.slice(start, start + LOOKUP_CHUNK).map((contract) => contract.externalId);
    for (const subscription of await findSubscriptionsByExternalIds(trx, actor, ids)) existing.set(subscription.externalId!, subscription);
  }
  return { accounts, existing };
}

function planEvents(
  { trx, actor, now }: WriterContext,
  { key, contract, accountId, before, events }: { key: string; contract: ContractFields; accountId: string; before: Subscription | undefined; events: ContractEvent[] },
): RowStatus {
  const today = now.toISOString().slice(0, 10);
  const endedOn = (endDate: string) => (dayAfter(endDate) < today ? dayAfter(endDate) : today);
  if (!before) {
    let created: Subscription | undefined;
    const { externalId, startDate, endDate, autoRenew, currency, items, pricing, status } = contract;
    const signedOn = contract.effectiveDate ?? startDate;
    events.push({
      date: signedOn,
      order: 0,
      group: key,
      run: async () => {
        // Through the use case, so a usage-priced contract's ARR is measured as the API measures it.
        const terms = { externalId, status: 'active' as const, startDate, endDate, autoRenew, currency, items, pricing, effectiveDate: signedOn };
        created = await createSubscription(trx, actor, accountId, terms, now);
      },
    });
    if (status !== 'active') {
      const date = endedOn(endDate) < signedOn ? signedOn : endedOn(endDate);
      events.push({ date, order: 1, group: key, run: async () => void (await updateSubscription(trx, actor, created!.id, { status, effectiveDate: date }, now)) });
    }
    return 'created';
  }
  const changes = contractChanges(before, contract);
  if (Object.keys(changes).length === 0) return 'unchanged';
  const isEnding = changes.status !== undefined && changes.status !== 'active';
  const date = contract.effectiveDate ?? (isEnding ? endedOn(contract.endDate) : today);
  events.push({ date, order: isEnding ? 1 : 0, group: key, run: async () => void (await updateSubscription(trx, actor, before.id, { ...changes, effectiveDate: date }, now)) });
  return 'updated';
}

/**
 * Each event under its own savepoint. An event of a contract whose earlier event failed is
 * skipped. In good-rows mode an end that fails after its start succeeded leaves the contract
 * active; the rows still report the failure, and all-or-nothing rolls everything back.
 */
async function runInDateOrder(context: WriterContext, events: ContractEvent[]) {
  const failed = new Map<string, { reason: string; field?: string }>();
  events.sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order || a.group.localeCompare(b.group));
  for (const event of events) {
    if (failed.has(event.group)) continue;
    const result = await context.attempt(event.run);
    if (!result.ok) failed.set(event.group, { reason: result.reason, field: result.field });
  }
  return failed;
}

