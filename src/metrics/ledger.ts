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
  /** The value of the custom field named in the request, as text. */
  customValue: string | null;
};

/** numeric(14, 2) arrives as a double; ×100 then rounding recovers the exact cents. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;

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
