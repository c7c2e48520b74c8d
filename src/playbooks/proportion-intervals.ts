/**
 * Confidence intervals for a rate and for the difference of two rates (issue 12 item 6: the
 * uplift of a playbook against its holdout). Pure.
 *
 * Hand-written on purpose: no maintained npm package gives the difference interval (the
 * packages list has jstat, simple-statistics and @stdlib's tests, none with Newcombe's method),
 * and the method is a few lines of closed form. The tests check it against the worked examples
 * published with it (Newcombe 1998, Statistics in Medicine 17:857–872 and 873–890).
 */

/** z for a two-sided 95 % interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/**
 * Wilson's score interval for a proportion of `successes` out of `trials` (no continuity
 * correction). It stays inside [0, 1] and behaves at 0 and n successes, where the textbook
 * p ± z·√(p(1−p)/n) collapses to a point. Null for no trials.
 *
 * @example wilsonInterval(81, 263) // → { low: 0.2553…, high: 0.3662… }
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = 2 * trials * p + z2;
  const spread = z * Math.sqrt(z2 + 4 * trials * p * (1 - p));
  const denominator = 2 * (trials + z2);
  // At 0 or n successes the bound is exactly 0 or 1; the formula gets there up to rounding.
  return {
    low: successes === 0 ? 0 : (centre - spread) / denominator,
    high: successes === trials ? 1 : (centre + spread) / denominator,
  };
}

/**
 * The difference p1 − p2 of two independent proportions with Newcombe's hybrid score interval
 * (method 10 of his 1998 comparison of eleven methods): each rate's Wilson interval, combined
 * by "square and add". Null when either group has no trials.
 *
 * @example newcombeDifference({ successes: 56, trials: 70 }, { successes: 48, trials: 80 })
 *   // → { difference: 0.2, low: 0.0524…, high: 0.3339… }
 */
export function newcombeDifference(
  first: { successes: number; trials: number },
  second: { successes: number; trials: number },
  z: number = Z_95,
): (Interval & { difference: number }) | null {
  const a = wilsonInterval(first.successes, first.trials, z);
  const b = wilsonInterval(second.successes, second.trials, z);
  if (!a || !b) return null;
  const p1 = first.successes / first.trials;
  const p2 = second.successes / second.trials;
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: difference + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}
