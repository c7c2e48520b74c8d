import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** One subject: time observed and whether the event (churn) happened then or it was censored. */
export type SurvivalObservation = { time: number; event: boolean };

export type SurvivalStep = {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood: Var(Ŝ) = Ŝ² Σ d / (n (n − d)). */
  standardError: number;
  /** 95 % band on the log-log scale, so it stays inside [0, 1]. */
  lower: number;
  upper: number;
};

export type SurvivalCurve = { subjects: number; events: number; steps: SurvivalStep[]; median: number | null };

const Z95 = 1.959963984540054;

/**
 * Kaplan–Meier product-limit estimate with censoring. At a time where events and censoring
 * coincide, the censored subjects still count as at risk (they were seen to survive it).
 * The 95 % band is the log-log one (R `survfit(conf.type = "log-log")`, Kalbfleisch &
 * Prentice): log(−log Ŝ) ± z·σ with σ² = Σ d/(n(n−d)) ÷ (log Ŝ)². The median is the first
 * time Ŝ ≤ 0.5, null while the curve stays above.
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): SurvivalCurve {
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwoodSum = 0;
  let totalEvents = 0;
  let i = 0;
  while (i < sorted.length) {
    const time = sorted[i]!.time;
    let events = 0;
    let censored = 0;
    for (; i < sorted.length && sorted[i]!.time === time; i++) {
      if (sorted[i]!.event) events += 1;
      else censored += 1;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      // A step to zero has no finite Greenwood term; the band there is [0, 0].
      if (atRisk > events) greenwoodSum += events / (atRisk * (atRisk - events));
      totalEvents += events;
    }
    steps.push({ time, atRisk, events, censored, survival, ...band(survival, greenwoodSum) });
    atRisk -= events + censored;
  }
  const median = steps.find((s) => s.events > 0 && s.survival <= 0.5)?.time ?? null;
  return { subjects: sorted.length, events: totalEvents, steps, median };
}

function band(survival: number, greenwoodSum: number): { standardError: number; lower: number; upper: number } {
  const standardError = survival * Math.sqrt(greenwoodSum);
  if (survival <= 0) return { standardError: 0, lower: 0, upper: 0 };
  if (survival >= 1 || greenwoodSum === 0) return { standardError, lower: survival, upper: survival };
  const logS = Math.log(survival);
  const sigma = Math.sqrt(greenwoodSum) / Math.abs(logS);
  const center = Math.log(-logS);
  return {
    standardError,
    lower: Math.exp(-Math.exp(center + Z95 * sigma)),
    upper: Math.exp(-Math.exp(center - Z95 * sigma)),
  };
}

export type LogRankResult = {
  observedA: number;
  expectedA: number;
  observedB: number;
  expectedB: number;
  variance: number;
  chiSquare: number;
  degreesOfFreedom: 1;
  pValue: number;
};

/**
 * Log-rank (Mantel–Cox) test of two groups: at each event time, group A's expected events
 * are d·nA/n with hypergeometric variance d·(nA/n)·(1 − nA/n)·(n − d)/(n − 1); the statistic
 * (O_A − E_A)² / V is chi-square with 1 d.f. under equal survival.
 */
export function logRank(a: readonly SurvivalObservation[], b: readonly SurvivalObservation[]): LogRankResult {
  const all = [...a.map((o) => ({ ...o, group: 0 })), ...b.map((o) => ({ ...o, group: 1 }))].sort((x, y) => x.time - y.time);
  let nA = a.length;
  let nB = b.length;
  let observedA = 0;
  let expectedA = 0;
  let variance = 0;
  let i = 0;
  while (i < all.length) {
    const time = all[i]!.time;
    let dA = 0;
    let dB = 0;
    let leftA = 0;
    let leftB = 0;
    for (; i < all.length && all[i]!.time === time; i++) {
      const o = all[i]!;
      if (o.group === 0) {
        leftA += 1;
        if (o.event) dA += 1;
      } else {
        leftB += 1;
        if (o.event) dB += 1;
      }
    }
    const n = nA + nB;
    const d = dA + dB;
    if (d > 0) {
      observedA += dA;
      expectedA += (d * nA) / n;
      if (n > 1) variance += (d * (nA / n) * (1 - nA / n) * (n - d)) / (n - 1);
    }
    nA -= leftA;
    nB -= leftB;
  }
  const totalEvents = [...a, ...b].filter((o) => o.event).length;
  const chiSquare = variance > 0 ? (observedA - expectedA) ** 2 / variance : 0;
  return {
    observedA,
    expectedA,
    observedB: totalEvents - observedA,
    expectedB: totalEvents - expectedA,
    variance,
    chiSquare,
    degreesOfFreedom: 1,
    // The chi-square tail comes from stdlib's maintained CDF (regularised incomplete gamma).
    pValue: variance > 0 ? 1 - chisquareCdf(chiSquare, 1) : 1,
  };
}
