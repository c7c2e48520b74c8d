import { fromCents, type AccountLedger, type MetricsAccount } from './ledger.js';
import { addDays, addMonths } from './period.js';

/**
 * Renewal forecast and its backtest (issue 14 item 4). Pure: takes the ledger, the accounts
 * and the contracts coming up for renewal, and dates as arguments.
 *
 * Past renewals. Contract rows are rewritten when a contract renews, so the renewals that
 * already happened are read back from the ARR ledger, assuming yearly terms: a customer life
 * starts on the day its ARR rises from 0 (new or win-back) and renews on each anniversary R
 * of that day while it has ARR. Its outcome compares ARR just before (end of R − 1 − W) with
 * ARR just after (end of R + W), W = RENEWAL_WINDOW_DAYS, so a churn booked on the contract's
 * last day or a renewal booked a few days late still counts as that renewal's outcome:
 * churned (after = 0), expanded (after > before), contracted (0 < after < before), renewed
 * flat. A term whose ARR fell to 0 before R − 1 − W (mid-term churn) counts as churned at R,
 * with the term's ARR at its start as "before". Multi-year contracts read as flat renewals on
 * their inner anniversaries (a known limit of the reconstruction).
 */
export const RENEWAL_WINDOW_DAYS = 7;

/** Weight of the whole workspace's history in a segment's rates, in renewals (empirical-Bayes shrinkage). */
export const HISTORY_PRIOR_WEIGHT = 5;

export type RenewalOutcome = 'renewed' | 'expanded' | 'contracted' | 'churned';

export type PastRenewal = {
  account: MetricsAccount;
  renewalOn: string;
  beforeCents: number;
  afterCents: number;
  outcome: RenewalOutcome;
};

export function outcomeOf(beforeCents: number, afterCents: number): RenewalOutcome {
  if (afterCents <= 0) return 'churned';
  if (afterCents > beforeCents) return 'expanded';
  return afterCents < beforeCents ? 'contracted' : 'renewed';
}

/** Start days of each period of ARR > 0 (a customer life) of one account. */
function lifeStarts(ledger: AccountLedger, accountId: string): string[] {
  const starts: string[] = [];
  let previous = 0;
  for (const m of ledger.movementsOf(accountId)) {
    if (previous <= 0 && m.arrAfterCents > 0) starts.push(m.occurredOn);
    previous = m.arrAfterCents;
  }
  return starts;
}

/**
 * Each anniversary R of a customer life, with the ARR the term started with, as long as the
 * term still had ARR at its start; stops after the first loss of the life.
 */
function* anniversaries(ledger: AccountLedger, accountId: string, until: string): Generator<{ renewalOn: string; termStart: string }> {
  for (const start of lifeStarts(ledger, accountId)) {
    let termStart = start;
    for (let k = 1; ; k++) {
      const renewalOn = addMonths(start, 12 * k);
      if (renewalOn > until || ledger.arrAt(accountId, termStart) <= 0) break;
      yield { renewalOn, termStart };
      if (ledger.arrAt(accountId, addDays(renewalOn, RENEWAL_WINDOW_DAYS)) <= 0) break;
      termStart = renewalOn;
    }
  }
}

/** The outcome of the renewal on `renewalOn` of a term that began on `termStart` (see the module note). */
function renewalAt(ledger: AccountLedger, account: MetricsAccount, renewalOn: string, termStart: string): PastRenewal {
  const justBefore = ledger.arrAt(account.id, addDays(renewalOn, -1 - RENEWAL_WINDOW_DAYS));
  const beforeCents = justBefore > 0 ? justBefore : ledger.arrAt(account.id, termStart);
  const afterCents = ledger.arrAt(account.id, addDays(renewalOn, RENEWAL_WINDOW_DAYS));
  return { account, renewalOn, beforeCents, afterCents, outcome: outcomeOf(beforeCents, afterCents) };
}

/** Every past renewal whose outcome was known by `knownBy` (R + W ≤ knownBy): what a forecast made on `knownBy` may learn from. */
export function pastRenewals(ledger: AccountLedger, accounts: readonly MetricsAccount[], knownBy: string): PastRenewal[] {
  const until = addDays(knownBy, -RENEWAL_WINDOW_DAYS);
  const out: PastRenewal[] = [];
  for (const account of accounts) {
    for (const { renewalOn, termStart } of anniversaries(ledger, account.id, until)) out.push(renewalAt(ledger, account, renewalOn, termStart));
  }
  return out;
}

/** A contract coming up for renewal: its account, renewal day (the day after its end date) and the ARR at stake. */
export type UpcomingRenewal = { contractId: string | null; account: MetricsAccount; renewalOn: string; arrCents: number };

/**
 * The renewals a forecast made on `asOf` would have listed, read from the ledger: each account
 * with ARR on `asOf` renews on the first anniversary of its customer life after `asOf`, if
 * that falls within `horizonMonths`. The backtest uses this (contract rows of a year ago are
 * gone); its outcome is `renewalAt` that anniversary, so a churn before it counts as churned.
 */
export function ledgerRenewalsDue(ledger: AccountLedger, accounts: readonly MetricsAccount[], asOf: string, horizonMonths: number): Array<UpcomingRenewal & { termStart: string }> {
  const last = addMonths(asOf, horizonMonths);
  const due: Array<UpcomingRenewal & { termStart: string }> = [];
  for (const account of accounts) {
    const arrCents = ledger.arrAt(account.id, asOf);
    if (arrCents <= 0) continue;
    const start = lifeStarts(ledger, account.id).filter((day) => day <= asOf).at(-1)!;
    let k = 1;
    while (addMonths(start, 12 * k) <= asOf) k++;
    const renewalOn = addMonths(start, 12 * k);
    if (renewalOn <= last) due.push({ contractId: null, account, renewalOn, arrCents, termStart: addMonths(start, 12 * (k - 1)) });
  }
  return due;
}

/** Outcome rates of renewals (summing to 1) and mean ARR after ÷ before among expansions and contractions. */
export type RenewalRates = {
  renewals: number;
  renewed: number;
  expanded: number;
  contracted: number;
  churned: number;
  expansionRatio: number;
  contractionRatio: number;
};

type Tally = { n: number; counts: Record<RenewalOutcome, number>; expansionSum: number; contractionSum: number };

const emptyTally = (): Tally => ({ n: 0, counts: { renewed: 0, expanded: 0, contracted: 0, churned: 0 }, expansionSum: 0, contractionSum: 0 });

function add(tally: Tally, r: PastRenewal): void {
  tally.n++;
  tally.counts[r.outcome]++;
  if (r.outcome === 'expanded') tally.expansionSum += r.afterCents / r.beforeCents;
  if (r.outcome === 'contracted') tally.contractionSum += r.afterCents / r.beforeCents;
}

/**
 * Rates per segment, shrunk toward the whole workspace's: rate = (count + K·pooled) ÷ (n + K)
 * with K = HISTORY_PRIOR_WEIGHT, and the same for the mean ratios over expansions
 * (contractions), so a segment with three renewals does not forecast 100 % or 0 %.
 * `all` holds the pooled (unshrunk) rates; null when there is no history at all.
 */
export function renewalRatesBySegment(history: readonly PastRenewal[]): { all: RenewalRates | null; bySegment: Map<string | null, RenewalRates> } {
  const pooled = emptyTally();
  const tallies = new Map<string | null, Tally>();
  for (const r of history) {
    add(pooled, r);
    let t = tallies.get(r.account.segment);
    if (!t) tallies.set(r.account.segment, (t = emptyTally()));
    add(t, r);
  }
  const bySegment = new Map<string | null, RenewalRates>();
  if (pooled.n === 0) return { all: null, bySegment };
  const all: RenewalRates = {
    renewals: pooled.n,
    renewed: pooled.counts.renewed / pooled.n,
    expanded: pooled.counts.expanded / pooled.n,
    contracted: pooled.counts.contracted / pooled.n,
    churned: pooled.counts.churned / pooled.n,
    expansionRatio: pooled.counts.expanded ? pooled.expansionSum / pooled.counts.expanded : 1,
    contractionRatio: pooled.counts.contracted ? pooled.contractionSum / pooled.counts.contracted : 1,
  };
  const K = HISTORY_PRIOR_WEIGHT;
  for (const [segment, t] of tallies) {
    const rate = (o: RenewalOutcome) => (t.counts[o] + K * all[o]) / (t.n + K);
    bySegment.set(segment, {
      renewals: t.n,
      renewed: rate('renewed'),
      expanded: rate('expanded'),
      contracted: rate('contracted'),
      churned: rate('churned'),
      expansionRatio: (t.expansionSum + K * all.expansionRatio) / (t.counts.expanded + K),
      contractionRatio: (t.contractionSum + K * all.contractionRatio) / (t.counts.contracted + K),
    });
  }
  return { all, bySegment };
}

/**
 * Where P(renew) comes from: segment history by default, the churn-risk model where it has a
 * prediction (see `churnModelSource`). Null: no estimate. `sourceOf` labels one renewal's
 * estimate when a source mixes several (default: `name`).
 */
export interface RenewalProbabilitySource {
  readonly name: string;
  probability(renewal: UpcomingRenewal): number | null;
  sourceOf?(renewal: UpcomingRenewal): string;
}

export const SEGMENT_HISTORY = 'segment history';

/** A stored churn-risk prediction of an account (P(churn or contraction within `horizonDays` of `asOf`)). */
export type ChurnPrediction = { probability: number; modelVersion: number; asOf: string; horizonDays: number };

/**
 * P(renew) = 1 − the churn model's predicted risk for renewals inside the prediction's horizon,
 * `fallback` (segment history) for the rest: a renewal further off is not one the model was
 * checked on. Each estimate is labelled "churn model vN" or the fallback's.
 */
export function churnModelSource(predictions: ReadonlyMap<string, ChurnPrediction>, fallback: RenewalProbabilitySource): RenewalProbabilitySource {
  const covering = (renewal: UpcomingRenewal) => {
    const prediction = predictions.get(renewal.account.id);
    return prediction && renewal.renewalOn <= addDays(prediction.asOf, prediction.horizonDays) ? prediction : undefined;
  };
  return {
    name: predictions.size > 0 ? `churn model, else ${fallback.name}` : fallback.name,
    probability: (renewal) => {
      const prediction = covering(renewal);
      return prediction ? 1 - prediction.probability : fallback.probability(renewal);
    },
    sourceOf: (renewal) => {
      const prediction = covering(renewal);
      return prediction ? `churn model v${prediction.modelVersion}` : (fallback.sourceOf?.(renewal) ?? fallback.name);
    },
  };
}

/** How many estimates each source gave, most first. */
export function countSources(forecasts: ReadonlyArray<{ source: string }>): Array<{ source: string; contracts: number }> {
  const counts = new Map<string, number>();
  for (const f of forecasts) counts.set(f.source, (counts.get(f.source) ?? 0) + 1);
  return [...counts].map(([source, contracts]) => ({ source, contracts })).sort((a, b) => b.contracts - a.contracts || (a.source < b.source ? -1 : 1));
}

/** The mix of renewal outcomes (flat, expanded, contracted) and their sizes, from segment history. */
export type RatesLookup = (segment: string | null) => RenewalRates | null;

export function ratesLookup(rates: ReturnType<typeof renewalRatesBySegment>): RatesLookup {
  return (segment) => rates.bySegment.get(segment) ?? rates.all;
}

export function segmentHistorySource(lookup: RatesLookup): RenewalProbabilitySource {
  return {
    name: SEGMENT_HISTORY,
    probability: (renewal) => {
      const rates = lookup(renewal.account.segment);
      return rates ? 1 - rates.churned : null;
    },
  };
}

/** One contract's forecast; money in (fractional) cents until rounded for output. */
export type RenewalForecast = UpcomingRenewal & {
  probability: number;
  /** Which source gave `probability`: "churn model vN" or "segment history". */
  source: string;
  /** p·A: ARR kept if it renews as is. */
  expectedRenewCents: number;
  /** p·A·q_exp·(ē − 1) ≥ 0. */
  expectedExpansionCents: number;
  /** p·A·q_con·(c̄ − 1) ≤ 0. */
  expectedContractionCents: number;
  /** −(1 − p)·A. */
  expectedChurnCents: number;
  /** A + churn + expansion + contraction = p·A·(q_flat + q_exp·ē + q_con·c̄). */
  expectedArrCents: number;
};

export const FORECAST_FORMULA =
  'p = P(renew) from the probability source; given a renewal, the segment history’s mix q_flat, q_exp, q_con (outcome rates ÷ (1 − churn rate)) and mean ARR ratios ē (expansions) and c̄ (contractions). Expected ARR = p·A·(q_flat + q_exp·ē + q_con·c̄) = A + expansion p·A·q_exp·(ē − 1) + contraction p·A·q_con·(c̄ − 1) + churn −(1 − p)·A.';

/** Forecasts each renewal; those without any estimate of P(renew) (no history, no prediction) are returned apart. */
export function forecastRenewals(
  due: readonly UpcomingRenewal[],
  source: RenewalProbabilitySource,
  lookup: RatesLookup,
): { forecasts: RenewalForecast[]; unestimated: UpcomingRenewal[] } {
  const forecasts: RenewalForecast[] = [];
  const unestimated: UpcomingRenewal[] = [];
  for (const renewal of due) {
    const p = source.probability(renewal);
    if (p === null) {
      unestimated.push(renewal);
      continue;
    }
    // Without any history (a churn model can still give p), a renewal is assumed flat.
    const rates = lookup(renewal.account.segment);
    const kept = rates ? 1 - rates.churned : 0;
    const qExp = rates && kept > 0 ? rates.expanded / kept : 0;
    const qCon = rates && kept > 0 ? rates.contracted / kept : 0;
    const A = renewal.arrCents;
    const expectedExpansionCents = qExp === 0 ? 0 : p * A * qExp * (rates!.expansionRatio - 1);
    const expectedContractionCents = qCon === 0 ? 0 : p * A * qCon * (rates!.contractionRatio - 1);
    const expectedChurnCents = -(1 - p) * A;
    forecasts.push({
      ...renewal,
      probability: p,
      source: source.sourceOf?.(renewal) ?? source.name,
      expectedRenewCents: p * A,
      expectedExpansionCents,
      expectedContractionCents,
      expectedChurnCents,
      expectedArrCents: A + expectedChurnCents + expectedExpansionCents + expectedContractionCents,
    });
  }
  return { forecasts, unestimated };
}

export type ForecastSums = {
  key: string;
  contracts: number;
  arr: number;
  expectedArr: number;
  expectedExpansion: number;
  expectedContraction: number;
  expectedChurn: number;
  /** Σ p: renewals expected. */
  expectedRenewals: number;
};

/** Sums of the forecasts grouped by `keyOf`, rounded to the cent at the end, in key order. */
export function sumForecasts(forecasts: readonly RenewalForecast[], keyOf: (f: RenewalForecast) => string): ForecastSums[] {
  const groups = new Map<string, { contracts: number; arr: number; expected: number; expansion: number; contraction: number; churn: number; renewals: number }>();
  for (const f of forecasts) {
    const key = keyOf(f);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { contracts: 0, arr: 0, expected: 0, expansion: 0, contraction: 0, churn: 0, renewals: 0 }));
    g.contracts++;
    g.arr += f.arrCents;
    g.expected += f.expectedArrCents;
    g.expansion += f.expectedExpansionCents;
    g.contraction += f.expectedContractionCents;
    g.churn += f.expectedChurnCents;
    g.renewals += f.probability;
  }
  const money = (cents: number) => fromCents(Math.round(cents));
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      contracts: g.contracts,
      arr: money(g.arr),
      expectedArr: money(g.expected),
      expectedExpansion: money(g.expansion),
      expectedContraction: money(g.contraction),
      expectedChurn: money(g.churn),
      expectedRenewals: g.renewals,
    }));
}

/** Brier score: mean of (p − outcome)², outcome 1 = renewed (any ARR after), 0 = churned. Lower is better; null when empty. */
export function brierScore(pairs: ReadonlyArray<{ probability: number; renewed: boolean }>): number | null {
  if (pairs.length === 0) return null;
  let sum = 0;
  for (const { probability, renewed } of pairs) sum += (probability - (renewed ? 1 : 0)) ** 2;
  return sum / pairs.length;
}

export type CalibrationBin = { from: number; to: number; count: number; meanPredicted: number; actualRate: number };

/** Reliability table: predictions in `bins` equal-width bins of p (the last one closed), non-empty bins only. */
export function calibrationBins(pairs: ReadonlyArray<{ probability: number; renewed: boolean }>, bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ count: 0, predicted: 0, renewed: 0 }));
  for (const { probability, renewed } of pairs) {
    const bin = acc[Math.min(bins - 1, Math.floor(probability * bins))]!;
    bin.count++;
    bin.predicted += probability;
    if (renewed) bin.renewed++;
  }
  return acc.flatMap((b, i) => (b.count === 0 ? [] : [{ from: i / bins, to: (i + 1) / bins, count: b.count, meanPredicted: b.predicted / b.count, actualRate: b.renewed / b.count }]));
}

/**
 * The backtest: forecast as of `asOf` from the renewals known by then only, then read what
 * happened at each listed renewal whose outcome is known by `knownBy`. Also scores the
 * constant forecast p = the workspace's renewal rate as of `asOf`, as a baseline.
 */
export function backtestForecast(
  ledger: AccountLedger,
  accounts: readonly MetricsAccount[],
  options: { asOf: string; knownBy: string; horizonMonths: number; predictions?: ReadonlyMap<string, ChurnPrediction> },
) {
  const rates = renewalRatesBySegment(pastRenewals(ledger, accounts, options.asOf));
  const lookup = ratesLookup(rates);
  // Only predictions made by asOf: a later one has seen the outcomes being scored.
  const known = new Map([...(options.predictions ?? [])].filter(([, p]) => p.asOf <= options.asOf));
  const source = churnModelSource(known, segmentHistorySource(lookup));
  const due = ledgerRenewalsDue(ledger, accounts, options.asOf, options.horizonMonths).filter((r) => addDays(r.renewalOn, RENEWAL_WINDOW_DAYS) <= options.knownBy);
  const { forecasts, unestimated } = forecastRenewals(due, source, lookup);
  const termStarts = new Map(due.map((d) => [d.account.id, d.termStart]));
  const outcomes = forecasts.map((f) => {
    const actual = renewalAt(ledger, f.account, f.renewalOn, termStarts.get(f.account.id)!);
    return { forecast: f, actualArrCents: actual.afterCents, renewed: actual.outcome !== 'churned' };
  });
  const pairs = outcomes.map((o) => ({ probability: o.forecast.probability, renewed: o.renewed }));
  const baseRate = rates.all ? 1 - rates.all.churned : null;
  const bySource = countSources(forecasts).map(({ source: name, contracts }) => ({
    source: name,
    renewals: contracts,
    brier: brierScore(outcomes.filter((o) => o.forecast.source === name).map((o) => ({ probability: o.forecast.probability, renewed: o.renewed }))),
  }));
  return {
    rates,
    forecasts,
    unestimated,
    outcomes,
    source: source.name,
    bySource,
    brier: brierScore(pairs),
    baselineBrier: baseRate === null ? null : brierScore(pairs.map((p) => ({ ...p, probability: baseRate }))),
    baseRate,
    calibration: calibrationBins(pairs),
  };
}
