import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { maximizeLogLikelihood } from './maximize.js';

/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way":
 * while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase she
 * drops out with probability p ~ Beta(a, b). Equation numbers below are the paper's.
 */
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/** A calibration history: x repeat purchases, the last at t_x, observed for T (same time unit as α). */
export type History = { x: number; tx: number; T: number };

function logAddExp(u: number, v: number): number {
  if (v === -Infinity) return u;
  const max = Math.max(u, v);
  return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
}

/**
 * One customer's log-likelihood, equation (6):
 *   L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *     + [x > 0] · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)),
 * taken in logs with the common factor out (B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1)) so that
 * customers with many purchases do not overflow.
 */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: History): number {
  const common = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + betaln(a, b + x) - betaln(a, b);
  const stillAlive = -(r + x) * Math.log(alpha + T);
  const droppedAfterLast = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return common + logAddExp(stillAlive, droppedAfterLast);
}

/** Histories with the same (x, t_x, T) share a likelihood: count them once (Fader & Hardie fit the CDNOW sample this way). */
function groupHistories(histories: readonly History[]): { history: History; count: number }[] {
  const groups = new Map<string, { history: History; count: number }>();
  for (const history of histories) {
    const key = `${history.x}|${history.tx}|${history.T}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { history, count: 1 });
  }
  return [...groups.values()];
}

export function bgNbdTotalLogLikelihood(params: BgNbdParams, histories: readonly History[]): number {
  return groupHistories(histories).reduce(
    (sum, { history, count }) => sum + count * bgNbdLogLikelihood(params, history),
    0,
  );
}

export type BgNbdFit = BgNbdParams & { logLikelihood: number; evaluations: number };

/** Maximum-likelihood r, α, a, b. Starts from 1 for each, as lifetimes' BetaGeoFitter does (near exp(0.1)). */
export function fitBgNbd(histories: readonly History[]): BgNbdFit {
  const groups = groupHistories(histories);
  const total = ([r, alpha, a, b]: number[]) => {
    const params = { r: r!, alpha: alpha!, a: a!, b: b! };
    let sum = 0;
    for (const { history, count } of groups) sum += count * bgNbdLogLikelihood(params, history);
    return sum;
  };
  const { params, logLikelihood, evaluations } = maximizeLogLikelihood(total, histories.length, [1, 1, 1, 1]);
  const [r, alpha, a, b] = params as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood, evaluations };
}

/**
 * ln 2F1(a, b; c; z) for 0 ≤ z < 1. Here z = t/(α+T+t) < 1, where the Gauss series converges;
 * @stdlib's hyp2f1 (a port of Cephes) sums it or transforms it as needed. For large x the
 * value overflows a double, so Euler's transformation is used instead.
 */
function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const direct = hyp2f1(a, b, c, z);
  if (Number.isFinite(direct) && direct > 0) return Math.log(direct);
  // 2F1(a, b; c; z) = (1−z)^(c−a−b) · 2F1(c−a, c−b; c; z), as lifetimes does for large x.
  return Math.log(hyp2f1(c - a, c - b, c, z)) + (c - a - b) * Math.log1p(-z);
}

/**
 * Expected repeat purchases in the next t given the history, equation (10):
 *   E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                         / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * For a < 1 the first factor and the bracket are both negative; the formula holds for any a ≠ 1.
 */
export function conditionalExpectedPurchases(
  { r, alpha, a, b }: BgNbdParams,
  { x, tx, T }: History,
  t: number,
): number {
  if (t === 0) return 0;
  const z = t / (alpha + T + t);
  const logHyp = logHyp2f1(r + x, b + x, a + b + x - 1, z);
  const bracket = -Math.expm1(logHyp + (r + x) * Math.log((alpha + T) / (alpha + T + t)));
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return numerator / denominator;
}

/**
 * Probability the customer is still alive at T (Fader, Hardie & Lee 2005, equation 11; Hardie's
 * note 021): 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). A customer with no repeat
 * purchase cannot have dropped out yet in this model (drop-out follows a purchase), so it is 1.
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: History): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}
