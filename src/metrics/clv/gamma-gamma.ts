import gammaln from '@stdlib/math-base-special-gammaln';
import { maximizeLogLikelihood } from './maximize.js';

/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Hardie's note 025):
 * a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ), independent of
 * the purchase process. It is fitted on customers with at least one repeat purchase, on
 * the mean value m_x of their x repeat purchases.
 */
export type GammaGammaParams = { p: number; q: number; gamma: number };

export type SpendHistory = { x: number; meanAmount: number };

/**
 * One customer's log-likelihood of the mean m of x transactions:
 *   ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
 */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, { x, meanAmount: m }: SpendHistory): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + m * x)
  );
}

export type GammaGammaFit = GammaGammaParams & { logLikelihood: number; customers: number };

/** Maximum-likelihood p, q, γ over the customers with x > 0 and a positive mean amount. */
export function fitGammaGamma(histories: readonly SpendHistory[]): GammaGammaFit {
  const usable = histories.filter((history) => history.x > 0 && history.meanAmount > 0);
  if (usable.length === 0) throw new Error('No customer has a repeat purchase with a positive amount to fit spend on.');
  const total = ([p, q, gamma]: number[]) => {
    const params = { p: p!, q: q!, gamma: gamma! };
    let sum = 0;
    for (const history of usable) sum += gammaGammaLogLikelihood(params, history);
    return sum;
  };
  const { params, logLikelihood } = maximizeLogLikelihood(total, usable.length, [1, 1, 1]);
  const [p, q, gamma] = params as [number, number, number];
  return { p, q, gamma, logLikelihood, customers: usable.length };
}

/**
 * Expected mean transaction value given x purchases averaging m: a weighted mean of the
 * population mean pγ/(q−1) and the customer's own m, weight px/(px+q−1) on m — i.e.
 * (γ + m x) p / (px + q − 1). Defined for q > 1 (the population mean exists).
 */
export function conditionalExpectedAmount(
  { p, q, gamma }: GammaGammaParams,
  { x, meanAmount: m }: SpendHistory,
): number {
  return (p * (gamma + m * x)) / (p * x + q - 1);
}
