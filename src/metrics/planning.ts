import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { findChurnPredictions } from '../health-model/index.js';
import { loadJourney } from '../journeys/index.js';
import { DEFAULT_CAPACITY_CONFIG, csmBooks, modelOf, suggestRebalancing, type BookAccount } from './capacity.js';
import { customerLives } from './cohorts.js';
import {
  FORECAST_FORMULA,
  RENEWAL_WINDOW_DAYS,
  backtestForecast,
  churnModelSource,
  countSources,
  forecastRenewals,
  pastRenewals,
  ratesLookup,
  renewalRatesBySegment,
  segmentHistorySource,
  sumForecasts,
  type RenewalForecast,
  type RenewalProbabilitySource,
  type UpcomingRenewal,
} from './forecast.js';
import { AccountLedger, fromCents, type MetricsAccount } from './ledger.js';
import { findLedgerMovements, findMemberNames, findMetricsAccounts } from './metrics.repository.js';
import type { MetricsFilters } from './metrics.schema.js';
import { addDays, addMonths, lastCompleteMonth, lastDayOfMonth, monthIndex, resolvePeriod } from './period.js';
import { findContractsEnding, findFirstUsageDays, findMilestoneCompletionDays } from './planning.repository.js';
import type {
  BacktestQuery,
  BacktestResponse,
  CapacityQuery,
  CapacityResponse,
  ClvQuery,
  ClvResponse,
  ForecastQuery,
  ForecastResponse,
  TimeToValueQuery,
  TimeToValueResponse,
} from './planning.schema.js';
import { CLV_FORMULA, clvBySegment } from './subscription-clv.js';
import { TIME_TO_VALUE_METHODS, timeToValueByGroup } from './time-to-value.js';

type Conn = Kysely<Database>;

const today = (now: Date): string => now.toISOString().slice(0, 10);

async function ledgerOf(db: Conn, actor: Actor, filters: MetricsFilters, upTo: string) {
  const [accounts, movements] = await Promise.all([findMetricsAccounts(db, actor.workspaceId, filters), findLedgerMovements(db, actor.workspaceId, filters, upTo)]);
  return { accounts, ledger: new AccountLedger(movements) };
}

const HISTORY_DEFINITION = `Past renewals read back from the ARR ledger assuming yearly terms: each anniversary of a customer's first ARR (or win-back) while it had ARR; outcome from ARR ${RENEWAL_WINDOW_DAYS} days before vs ${RENEWAL_WINDOW_DAYS} days after (churned, expanded, contracted, flat). Segment rates are shrunk toward the workspace's with a weight of 5 renewals.`;

const roundMoney = (cents: number) => fromCents(Math.round(cents));

async function ownerLabels(db: Conn, actor: Actor, ids: Iterable<string | null>): Promise<Map<string, string>> {
  return findMemberNames(db, actor.workspaceId, [...new Set(ids)].filter((id): id is string => id !== null));
}

/**
 * Every active contract renewing between the day after `asOf` and `horizonMonths` later, with
 * P(renew) and expected ARR, weighted by month and by CSM. P(renew) comes from `source`
 * when given; otherwise 1 − the churn-risk model's stored prediction for the accounts it
 * scored (a forecast of today or later only: a past one must not see later predictions) and
 * segment history as of `asOf` for the rest.
 */
export async function getRenewalForecast(db: Conn, actor: Actor, query: ForecastQuery, now: Date, source?: RenewalProbabilitySource): Promise<ForecastResponse> {
  const asOf = query.asOf ?? today(now);
  const through = addMonths(asOf, query.horizonMonths);
  const [{ accounts, ledger }, contracts, predictions] = await Promise.all([
    ledgerOf(db, actor, query, asOf),
    // Renewal day = end date + 1, in (asOf, through].
    findContractsEnding(db, actor.workspaceId, asOf, addDays(through, -1)),
    findChurnPredictions(db, actor),
  ]);
  const usable = new Map([...predictions].filter(([, p]) => p.asOf <= asOf));
  const rates = renewalRatesBySegment(pastRenewals(ledger, accounts, asOf));
  const lookup = ratesLookup(rates);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const due: UpcomingRenewal[] = contracts.flatMap((c) => {
    const account = byId.get(c.accountId);
    return account ? [{ contractId: c.contractId, account, renewalOn: addDays(c.endDate, 1), arrCents: c.arrCents }] : [];
  });
  const probability = source ?? churnModelSource(usable, segmentHistorySource(lookup));
  const { forecasts, unestimated } = forecastRenewals(due, probability, lookup);
  const byName = new Intl.Collator('en').compare;
  forecasts.sort((a, b) => (a.renewalOn < b.renewalOn ? -1 : a.renewalOn > b.renewalOn ? 1 : byName(a.account.name, b.account.name)));
  const names = await ownerLabels(db, actor, forecasts.map((f) => f.account.ownerId));
  const labelled = (rows: ReturnType<typeof sumForecasts>, label: (key: string) => string) => rows.map((r) => ({ ...r, label: label(r.key) }));
  const total = sumForecasts(forecasts, () => 'total')[0];
  return {
    asOf,
    through,
    source: probability.name,
    sources: countSources(forecasts),
    formula: FORECAST_FORMULA,
    history: {
      definition: HISTORY_DEFINITION,
      rates: [...(rates.all ? [['(all)', rates.all] as const] : []), ...[...rates.bySegment].map(([k, v]) => [k ?? '(none)', v] as const)].map(([segment, r]) => ({ segment, ...r })),
    },
    total: { ...(total ?? { key: 'total', contracts: 0, arr: 0, expectedArr: 0, expectedExpansion: 0, expectedContraction: 0, expectedChurn: 0, expectedRenewals: 0 }), label: 'Total' },
    byMonth: labelled(sumForecasts(forecasts, (f) => f.renewalOn.slice(0, 7)), (k) => k),
    byCsm: labelled(sumForecasts(forecasts, (f) => f.account.ownerId ?? ''), (k) => (k === '' ? '(no owner)' : (names.get(k) ?? k))).sort((a, b) => b.expectedArr - a.expectedArr),
    contracts: forecasts.map((f: RenewalForecast) => ({
      contractId: f.contractId!,
      accountId: f.account.id,
      accountName: f.account.name,
      segment: f.account.segment,
      ownerId: f.account.ownerId,
      ownerName: f.account.ownerId ? (names.get(f.account.ownerId) ?? null) : null,
      renewalOn: f.renewalOn,
      arr: fromCents(f.arrCents),
      probability: f.probability,
      source: f.source,
      expectedArr: roundMoney(f.expectedArrCents),
      expectedExpansion: roundMoney(f.expectedExpansionCents),
      expectedContraction: roundMoney(f.expectedContractionCents),
      expectedChurn: roundMoney(f.expectedChurnCents),
    })),
    unestimated: unestimated.length,
  };
}

/** Last year's forecast against what happened: Brier score, calibration, expected vs actual ARR by month. */
export async function getForecastBacktest(db: Conn, actor: Actor, query: BacktestQuery, now: Date): Promise<BacktestResponse> {
  const knownBy = today(now);
  const asOf = query.asOf ?? addMonths(knownBy, -12);
  const [{ accounts, ledger }, predictions] = await Promise.all([ledgerOf(db, actor, query, knownBy), findChurnPredictions(db, actor)]);
  const result = backtestForecast(ledger, accounts, { asOf, knownBy, horizonMonths: query.horizonMonths, predictions });
  const months = new Map<string, { contracts: number; arr: number; expected: number; actual: number; expectedRenewals: number; actualRenewals: number }>();
  for (const o of result.outcomes) {
    const key = o.forecast.renewalOn.slice(0, 7);
    let m = months.get(key);
    if (!m) months.set(key, (m = { contracts: 0, arr: 0, expected: 0, actual: 0, expectedRenewals: 0, actualRenewals: 0 }));
    m.contracts++;
    m.arr += o.forecast.arrCents;
    m.expected += o.forecast.expectedArrCents;
    m.actual += o.actualArrCents;
    m.expectedRenewals += o.forecast.probability;
    if (o.renewed) m.actualRenewals++;
  }
  return {
    asOf,
    knownBy,
    method: `Forecast made as of asOf from the ${result.rates.all?.renewals ?? 0} renewals known then (no later data; P(renew) = 1 − the churn model's risk only for predictions made by asOf — each retrain replaces them — else segment history), for the renewals due in the following ${query.horizonMonths} months whose outcome is known (renewal + ${RENEWAL_WINDOW_DAYS} days ≤ today). Brier = mean (p − outcome)², outcome 1 = renewed with any ARR; lower is better, 0.25 = a coin toss.`,
    source: result.source,
    sources: result.bySource,
    renewals: result.outcomes.length,
    historyRenewals: result.rates.all?.renewals ?? 0,
    brier: result.brier,
    baselineBrier: result.baselineBrier,
    baseRate: result.baseRate,
    calibration: result.calibration,
    byMonth: [...months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, m]) => ({ month, contracts: m.contracts, arr: fromCents(m.arr), expectedArr: roundMoney(m.expected), actualArr: fromCents(m.actual), expectedRenewals: m.expectedRenewals, actualRenewals: m.actualRenewals })),
  };
}

/** Subscription CLV per segment over the twelve months ending with `anchor`. */
export async function getSubscriptionClv(db: Conn, actor: Actor, query: ClvQuery, now: Date): Promise<ClvResponse> {
  const period = resolvePeriod({ period: 'ttm', anchor: query.anchor }, now);
  const { accounts, ledger } = await ledgerOf(db, actor, query, period.to);
  return {
    period: { from: period.from, to: period.to, label: period.label },
    margin: query.margin,
    discountRate: query.discountRate,
    formula: CLV_FORMULA,
    segments: clvBySegment(ledger, accounts, period, { margin: query.margin, discountRate: query.discountRate }),
  };
}

const CAPACITY_DEFINITION =
  'Customers (ARR > 0 on asOf) per owner. Engagement model per segment; book target per model (accounts one CSM carries); load = Σ 1 ÷ target over the book, 1 = full. Tech-touch accounts add no load.';
const REBALANCING_METHOD =
  'Greedy, within segments: while a CSM is over a full book, move their smallest-ARR account of a segment to the least-loaded colleague already working that segment, if that colleague stays below them.';

/** Books per CSM against their segments' engagement models, unowned customers, and (leaders, admins) suggested moves. */
export async function getCapacity(db: Conn, actor: Actor, query: CapacityQuery, now: Date): Promise<CapacityResponse> {
  const asOf = query.asOf ?? today(now);
  const { accounts, ledger } = await ledgerOf(db, actor, { segment: query.segment }, asOf);
  const config = DEFAULT_CAPACITY_CONFIG;
  const customers: BookAccount[] = accounts
    .map((a: MetricsAccount) => ({ id: a.id, name: a.name, segment: a.segment, ownerId: a.ownerId, arrCents: ledger.arrAt(a.id, asOf) }))
    .filter((a) => a.arrCents > 0);
  const { books, unowned } = csmBooks(customers, config);
  const seesMoves = actor.role === 'admin' || actor.role === 'leader';
  const moves = seesMoves ? suggestRebalancing(customers, config) : [];
  const names = await ownerLabels(db, actor, books.map((b) => b.ownerId));
  const name = (id: string) => names.get(id) ?? id;
  const segments = [...new Set(customers.map((c) => c.segment ?? '(none)'))].sort();
  return {
    asOf,
    definition: CAPACITY_DEFINITION,
    targets: config.targets,
    segmentModels: segments.map((segment) => ({ segment, model: modelOf(segment === '(none)' ? null : segment, config) })),
    csms: books.map((b) => ({
      ownerId: b.ownerId,
      ownerName: name(b.ownerId),
      accounts: b.accounts,
      arr: fromCents(b.arrCents),
      load: b.load,
      segments: b.segments.map((s) => ({ segment: s.segment, model: s.model, target: s.target, accounts: s.accounts, arr: fromCents(s.arrCents) })),
    })),
    unowned: {
      accounts: unowned.length,
      arr: fromCents(unowned.reduce((sum, a) => sum + a.arrCents, 0)),
      list: unowned.sort((a, b) => b.arrCents - a.arrCents).map((a) => ({ accountId: a.id, accountName: a.name, segment: a.segment, arr: fromCents(a.arrCents) })),
    },
    rebalancing: seesMoves
      ? {
          method: REBALANCING_METHOD,
          moves: moves.map((m) => ({ accountId: m.accountId, accountName: m.accountName, segment: m.segment, arr: fromCents(m.arrCents), fromOwnerId: m.fromOwnerId, fromOwnerName: name(m.fromOwnerId), toOwnerId: m.toOwnerId, toOwnerName: name(m.toOwnerId) })),
        }
      : null,
  };
}

/**
 * Time to value per segment, start quarter or acquisition channel, censored at the end of
 * `anchor`: to the first completion of a journey milestone (default: the one the journey
 * marks as the value moment) or to the first day with usage.
 */
export async function getTimeToValue(db: Conn, actor: Actor, query: TimeToValueQuery, now: Date): Promise<TimeToValueResponse> {
  const asOf = lastDayOfMonth(query.anchor ? monthIndex(query.anchor) : lastCompleteMonth(now));
  const { config } = await loadJourney(db, actor.workspaceId);
  const milestones = config.stages.flatMap((stage) => stage.milestones.map((m) => ({ key: m.key, name: m.name, stage: stage.name, marksValue: m.marksValue })));
  const wanted = query.milestone ?? (query.measure === 'firstUsage' ? undefined : milestones.find((m) => m.marksValue)?.key);
  const milestone = wanted === undefined ? null : (milestones.find((m) => m.key === wanted) ?? null);
  if (wanted !== undefined && !milestone) {
    throw invalid(`The journey has no milestone "${wanted}".`, [{ path: 'milestone', message: `is not a milestone of the journey; milestones: ${milestones.map((m) => m.key).join(', ')}` }]);
  }
  const measure = query.measure ?? (milestone ? 'milestone' : 'firstUsage');
  if (measure === 'milestone' && !milestone) {
    throw invalid('No milestone to measure: the journey marks none as the value moment.', [{ path: 'milestone', message: 'is required with measure=milestone when no milestone marks value' }]);
  }
  if (measure === 'firstUsage' && query.milestone !== undefined) {
    throw invalid('A milestone is only read with measure=milestone.', [{ path: 'milestone', message: 'is only read with measure=milestone' }]);
  }
  const [{ accounts, ledger }, reachedOn] = await Promise.all([
    ledgerOf(db, actor, query, asOf),
    measure === 'milestone' ? findMilestoneCompletionDays(db, actor.workspaceId, query, milestone!.key) : findFirstUsageDays(db, actor.workspaceId, query),
  ]);
  return {
    asOf,
    measure,
    milestone: measure === 'milestone' ? milestone : null,
    milestones,
    by: query.by,
    method: TIME_TO_VALUE_METHODS[measure],
    groups: timeToValueByGroup(customerLives(ledger, accounts), { reachedOn, asOf, by: query.by }),
  };
}
