import { convertCents } from '../core/money.js';
import type { ArrMovementKind } from '../db/schema.js';

/** One ARR movement in integer cents, so sums are exact whatever their number. */
export type LedgerMovement = {
  id: string;
  accountId: string;
  kind: ArrMovementKind;
  amountCents: number;
  arrAfterCents: number;
  occurredOn: string;
};

/** An account with the attributes figures are filtered and broken down by (today's values). */
export type MetricsAccount = {
  id: string;
  name: string;
  segment: string | null;
  ownerId: string | null;
  lifecycleStage: string | null;
  /** The product with the largest line ARR on the account's contracts (active ones first). */
  product: string | null;
  /** Where the customer came from (accounts.acquisition_channel). */
  channel: string | null;
  /** The value of the custom field named in the request, as text. */
  customValue: string | null;
};

export { fromCents, toCents } from '../core/money.js';

/** A ledger row as booked: in its contract's currency, arr_after being the account's ARR in it. */
export type CurrencyLedgerMovement = LedgerMovement & { currency: string };

/** Units of the reporting currency per unit of each other currency (the reporting currency needs none). */
export type ReportingRates = { reportingCurrency: string; rates: ReadonlyMap<string, number | string> };

/**
 * Turns the booked ledger (one chain per account and currency) into one chain per account in
 * the reporting currency, every currency at one rate (constant currency): a rate change
 * moves no figure between expansion and contraction, and start + movements = end stays exact.
 * A movement's converted amount is the change of the account's converted ARR it caused, so
 * cents lost to rounding cannot open a gap. Movements in a currency without a rate are left
 * out and that currency is named, never summed as is.
 */
export function convertLedger(
  movements: readonly CurrencyLedgerMovement[],
  { reportingCurrency, rates }: ReportingRates,
): { movements: LedgerMovement[]; unratedCurrencies: string[] } {
  const unrated = new Set<string>();
  const rateOf = (currency: string) => (currency === reportingCurrency ? '1' : rates.get(currency));
  const byCurrencyOfAccount = new Map<string, Map<string, number>>();
  const convertedOfAccount = new Map<string, number>();
  const converted: LedgerMovement[] = [];
  for (const m of movements) {
    const rate = rateOf(m.currency);
    if (rate === undefined) {
      unrated.add(m.currency);
      continue;
    }
    let perCurrency = byCurrencyOfAccount.get(m.accountId);
    if (!perCurrency) byCurrencyOfAccount.set(m.accountId, (perCurrency = new Map()));
    perCurrency.set(m.currency, m.arrAfterCents);
    let total = 0;
    for (const [currency, cents] of perCurrency) total += convertCents(cents, rateOf(currency)!);
    const before = convertedOfAccount.get(m.accountId) ?? 0;
    convertedOfAccount.set(m.accountId, total);
    converted.push({ id: m.id, accountId: m.accountId, kind: m.kind, amountCents: total - before, arrAfterCents: total, occurredOn: m.occurredOn });
  }
  return { movements: converted, unratedCurrencies: [...unrated].sort() };
}

/**
 * Movements per account in date order (the ledger's order within a day: booking order), so
 * an account's ARR on a day is the `arrAfter` of its last movement on or before that day.
 */
export class AccountLedger {
  readonly byAccount = new Map<string, LedgerMovement[]>();

  constructor(movements: readonly LedgerMovement[]) {
    for (const m of movements) {
      const list = this.byAccount.get(m.accountId);
      if (list) list.push(m);
      else this.byAccount.set(m.accountId, [m]);
    }
    for (const list of this.byAccount.values()) list.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  }

  movementsOf(accountId: string): readonly LedgerMovement[] {
    return this.byAccount.get(accountId) ?? [];
  }

  /** ARR in cents at the end of `day` (0 before the first movement). */
  arrAt(accountId: string, day: string): number {
    const list = this.movementsOf(accountId);
    // Binary search for the last movement on or before `day`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.occurredOn <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : list[lo - 1]!.arrAfterCents;
  }
}
