/** Largest amount a numeric(14, 2) money column holds. */
export const MAX_MONEY = 999_999_999_999.99;

/**
 * Rounds to cents, half away from zero: 1.005 → 1.01, −2.345 → −2.35. The value is cut to
 * 15 significant digits first so binary noise (1.005 × 100 = 100.4999…) cannot decide.
 */
export function roundToCents(amount: number): number {
  const cents = Math.round(Number((Math.abs(amount) * 100).toPrecision(15)));
  // `+ 0` turns −0 into 0 so a zero never prints or compares as negative.
  return (Math.sign(amount) * cents) / 100 + 0;
}

/** "$12,000" for whole amounts, "$12,000.50" otherwise; for timeline titles people read. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
}
