/**
 * Exact money arithmetic for currency conversion. Amounts travel as integer cents and rates
 * as integer hundred-millionths (numeric(18, 8)), multiplied in BigInt, so no sum or product
 * drifts however many are added. Rounding is half away from zero, as PostgreSQL's round()
 * on numeric does, so what SQL and TypeScript convert agrees to the cent.
 */

/** Decimal places of a stored exchange rate. */
export const RATE_DECIMALS = 8;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);

/** A rate as an exact integer of 1e-8 units; "1.08" → 108000000n. Refuses what is not a positive decimal. */
export function rateToUnits(rate: number | string): bigint {
  const text = typeof rate === 'number' ? rate.toFixed(RATE_DECIMALS) : rate.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`Not a positive decimal rate: ${text}`);
  const fraction = (match[2] ?? '').padEnd(RATE_DECIMALS, '0');
  if (fraction.slice(RATE_DECIMALS).replace(/0/g, '') !== '') throw new RangeError(`A rate has at most ${RATE_DECIMALS} decimals: ${text}`);
  return BigInt(match[1]!) * RATE_SCALE + BigInt(fraction.slice(0, RATE_DECIMALS));
}

/**
 * Cents of one currency in cents of another at `rate` (units of the target per unit of the
 * source), rounded half away from zero.
 *
 * @example
 *   convertCents(18_480_000, '1.08') // 19_958_400 (€184,800 → $199,584)
 */
export function convertCents(cents: number, rate: number | string): number {
  const product = BigInt(cents) * rateToUnits(rate);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + RATE_SCALE / 2n) / RATE_SCALE;
  return Number(negative ? -rounded : rounded);
}

/** numeric(14, 2) arrives as a double; ×100 then rounding recovers the exact cents. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
