import { computeBridgeParts, groupAccounts } from './arr-bridge.js';
import { fromCents, type AccountLedger, type MetricsAccount } from './ledger.js';
import type { Period } from './period.js';

/**
 * Subscription customer lifetime value per segment (issue 14 item 3).
 *
 * A customer pays ARPA a year at the start of each year and stays each further year with
 * probability 1 − c (c = yearly logo churn); a year's margin m·ARPA is discounted at d a year:
 *   CLV = Σₜ₌₀^∞ m·ARPA·(1 − c)ᵗ ÷ (1 + d)ᵗ = m·ARPA·(1 + d) ÷ (d + c),
 * which for d = 0 is the textbook ARPA × margin ÷ churn. Null (unbounded) when d + c = 0.
 * ARPA = the segment's ARR at the end of the period ÷ its accounts with ARR then; c = the
 * period's logo churn (accounts with ARR at its start and none at its end ÷ accounts with ARR
 * at its start), so use a twelve-month period for a yearly rate.
 */
export const DEFAULT_GROSS_MARGIN = 0.8;
export const DEFAULT_DISCOUNT_RATE = 0.1;

export const CLV_FORMULA = 'CLV = ARPA × margin × (1 + d) ÷ (d + c): yearly margin paid at the start of each year, kept with probability 1 − c (c = logo churn over the period), discounted at d a year; with d = 0, ARPA × margin ÷ churn.';

export function subscriptionClv(input: { arpa: number; margin: number; churnRate: number; discountRate: number }): number | null {
  const { arpa, margin, churnRate, discountRate } = input;
  const denominator = discountRate + churnRate;
  if (denominator <= 0) return null;
  return (arpa * margin * (1 + discountRate)) / denominator;
}

export type SegmentClv = {
  segment: string;
  accounts: number;
  arpa: number;
  cohortAccounts: number;
  churnedLogos: number;
  churnRate: number | null;
  /** 1 ÷ c years; null when no customer churned. */
  expectedLifetimeYears: number | null;
  clv: number | null;
};

/** CLV per segment (and `(all)` first) over the period, money in major units. */
export function clvBySegment(ledger: AccountLedger, accounts: readonly MetricsAccount[], period: Period, options: { margin: number; discountRate: number }): SegmentClv[] {
  const groups: Array<[string, readonly MetricsAccount[]]> = [['(all)', accounts]];
  for (const [key, members] of [...groupAccounts(accounts, 'segment')].sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))) groups.push([key ?? '(none)', members]);
  return groups.map(([segment, members]) => {
    const parts = computeBridgeParts(ledger, members, period);
    const arpa = parts.endAccounts > 0 ? fromCents(parts.bridge.end) / parts.endAccounts : 0;
    const { cohortAccounts, churnedLogos } = parts.retention;
    const churnRate = cohortAccounts > 0 ? churnedLogos / cohortAccounts : null;
    const clv = churnRate === null ? null : subscriptionClv({ arpa, margin: options.margin, churnRate, discountRate: options.discountRate });
    return {
      segment,
      accounts: parts.endAccounts,
      arpa: Math.round(arpa * 100) / 100,
      cohortAccounts,
      churnedLogos,
      churnRate,
      expectedLifetimeYears: churnRate ? 1 / churnRate : null,
      clv: clv === null ? null : Math.round(clv * 100) / 100,
    };
  });
}
