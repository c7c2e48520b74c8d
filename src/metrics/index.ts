/**
 * Revenue metrics from the ARR ledger: the bridge (start → new, expansion, contraction,
 * churn, reactivation → end), NRR/GRR and logo churn on the starting cohort, cohort
 * triangles, Kaplan–Meier survival and the log-rank test. Reads other modules' tables
 * through its own read-only repository; all arithmetic is pure and in integer cents.
 *
 * Who sees what: every member of the workspace sees the whole workspace — admins and leaders,
 * and CSMs and viewers too. Each account's ARR and ledger are already readable by every
 * member (accounts list, `listAccountArrMovements`), so hiding their sums from a CSM would
 * protect nothing; a CSM looks at their own book with `ownerId` (the web app offers it).
 * Another workspace's figures are never reachable: every query is scoped to the actor's.
 *
 * @example
 *   const bridge = await getArrBridge(db, actor, { period: 'quarter', anchor: '2025-05', unit: 'arr' }, new Date());
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import {
  RETENTION_FORMULAS,
  bridgeAmounts,
  computeBridgeParts,
  groupAccounts,
  movementsInPeriod,
  retentionRatios,
  type BridgeParts,
  type Unit,
} from './arr-bridge.js';
import { cohortTriangles, customerLives, survivalObservations } from './cohorts.js';
import { kaplanMeier, logRank } from './kaplan-meier.js';
import { AccountLedger, convertLedger, fromCents } from './ledger.js';
import { findLedgerMovements, findMemberNames, findMetricsAccounts, findReportingRates } from './metrics.repository.js';
import type {
  BridgeDetailsQuery,
  BridgeDetailsResponse,
  BridgeQuery,
  BridgeResponse,
  CohortsQuery,
  CohortsResponse,
  MetricsFilters,
  RetentionQuery,
  RetentionResponse,
  SurvivalQuery,
  SurvivalResponse,
} from './metrics.schema.js';
import { addDays, lastCompleteMonth, lastDayOfMonth, monthFromIndex, monthIndex, resolvePeriod, type Period } from './period.js';

export * from './metrics.schema.js';

type Conn = Kysely<Database>;

/**
 * The scoped accounts and their ledger in the reporting currency, every currency at its rate
 * on `upTo` (constant currency: see `convertLedger`), and the currencies left out for want of one.
 */
async function loadLedger(db: Conn, actor: Actor, query: MetricsFilters, upTo: string) {
  const [accounts, booked, rates] = await Promise.all([
    findMetricsAccounts(db, actor.workspaceId, query),
    findLedgerMovements(db, actor.workspaceId, query, upTo),
    findReportingRates(db, actor.workspaceId, upTo),
  ]);
  const { movements, unratedCurrencies } = convertLedger(booked, rates);
  return { accounts, ledger: new AccountLedger(movements), money: { reportingCurrency: rates.reportingCurrency, ratesOn: upTo, unratedCurrencies } };
}

const anchorMonth = (anchor: string | undefined, now: Date): number => (anchor ? monthIndex(anchor) : lastCompleteMonth(now));

function retentionFigures(parts: BridgeParts, unit: Unit) {
  const r = parts.retention;
  // Ratios do not depend on the unit; the sums are shown in it.
  const money = (cents: number) => fromCents(unit === 'mrr' ? Math.round(cents / 12) : cents);
  return {
    cohortAccounts: r.cohortAccounts,
    cohortStart: money(r.cohortStart),
    cohortEnd: money(r.cohortEnd),
    cohortEndCapped: money(r.cohortEndCapped),
    cohortExpansion: money(r.cohortExpansion),
    churnedLogos: r.churnedLogos,
    ...retentionRatios(r),
  };
}

function bridgeResult(parts: BridgeParts, unit: Unit) {
  return {
    bridge: bridgeAmounts(parts.bridge, unit),
    movementCounts: parts.movementCounts,
    startAccounts: parts.startAccounts,
    endAccounts: parts.endAccounts,
    retention: retentionFigures(parts, unit),
  };
}

/** The ARR (or MRR) bridge and retention for the period, whole and, with `groupBy`, per group. */
export async function getArrBridge(db: Conn, actor: Actor, query: BridgeQuery, now: Date): Promise<BridgeResponse> {
  const period = resolvePeriod(query, now);
  const { accounts, ledger, money } = await loadLedger(db, actor, query, period.to);
  const groups: BridgeResponse['groups'] = [];
  if (query.groupBy) {
    const grouped = groupAccounts(accounts, query.groupBy);
    const names = query.groupBy === 'owner' ? await findMemberNames(db, actor.workspaceId, [...grouped.keys()].filter((k): k is string => k !== null)) : new Map<string, string>();
    for (const [key, members] of grouped) {
      groups.push({ key, label: key === null ? '(none)' : (names.get(key) ?? key), ...bridgeResult(computeBridgeParts(ledger, members, period), query.unit) });
    }
    groups.sort((a, b) => b.bridge.end - a.bridge.end || a.label.localeCompare(b.label));
  }
  return {
    period,
    unit: query.unit,
    money,
    formulas: RETENTION_FORMULAS,
    total: bridgeResult(computeBridgeParts(ledger, accounts, period), query.unit),
    groupBy: query.groupBy ?? null,
    groups,
  };
}

/** The ledger rows or accounts behind one figure of the bridge; their total is that figure (in ARR). */
export async function getArrBridgeDetails(db: Conn, actor: Actor, query: BridgeDetailsQuery, now: Date): Promise<BridgeDetailsResponse> {
  const period: Period = resolvePeriod(query, now);
  const { accounts, ledger } = await loadLedger(db, actor, query, period.to);
  const { component } = query;
  const movements: BridgeDetailsResponse['movements'] = [];
  const listed: BridgeDetailsResponse['accounts'] = [];
  let totalCents = 0;
  for (const account of accounts) {
    const startCents = ledger.arrAt(account.id, addDays(period.from, -1));
    const endCents = ledger.arrAt(account.id, period.to);
    const row = { accountId: account.id, accountName: account.name, startArr: fromCents(startCents), endArr: fromCents(endCents) };
    if (component === 'start' && startCents > 0) {
      listed.push(row);
      totalCents += startCents;
    } else if (component === 'end' && endCents > 0) {
      listed.push(row);
      totalCents += endCents;
    } else if (component === 'churnedLogos' && startCents > 0 && endCents === 0) {
      listed.push(row);
      totalCents += startCents;
    } else if (component !== 'start' && component !== 'end' && component !== 'churnedLogos') {
      for (const m of movementsInPeriod(ledger, account.id, period)) {
        if (m.kind !== component) continue;
        movements.push({ id: m.id, accountId: account.id, accountName: account.name, kind: m.kind, amount: fromCents(m.amountCents), arrAfter: fromCents(m.arrAfterCents), occurredOn: m.occurredOn });
        totalCents += m.amountCents;
      }
    }
  }
  movements.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.accountName.localeCompare(b.accountName)));
  listed.sort((a, b) => a.accountName.localeCompare(b.accountName));
  return { period, component, movements, accounts: listed, total: fromCents(totalCents) };
}

/** NRR, GRR and logo retention month by month: over each month alone or the twelve months ending with it. */
export async function getRetentionTrend(db: Conn, actor: Actor, query: RetentionQuery, now: Date): Promise<RetentionResponse> {
  const last = anchorMonth(query.anchor, now);
  const { accounts, ledger } = await loadLedger(db, actor, query, lastDayOfMonth(last));
  const points: RetentionResponse['points'] = [];
  for (let month = last - query.months + 1; month <= last; month++) {
    const period = resolvePeriod({ period: query.window === 'ttm' ? 'ttm' : 'month', anchor: monthFromIndex(month) }, now);
    points.push({ month: monthFromIndex(month), from: period.from, to: period.to, ...retentionFigures(computeBridgeParts(ledger, accounts, period), 'arr') });
  }
  return { window: query.window, formulas: RETENTION_FORMULAS, points };
}

/** Revenue and logo retention triangles for customers who started in the last `months` months. */
export async function getCohorts(db: Conn, actor: Actor, query: CohortsQuery, now: Date): Promise<CohortsResponse> {
  const last = anchorMonth(query.anchor, now);
  const asOf = lastDayOfMonth(last);
  const { accounts, ledger } = await loadLedger(db, actor, query, asOf);
  const rows = cohortTriangles(ledger, customerLives(ledger, accounts), { by: query.by, fromMonth: monthFromIndex(last - query.months + 1), asOf, maxOffset: 60 });
  return {
    by: query.by,
    asOf,
    definition:
      'A customer starts in the month of its first ARR. Cell k: the cohort’s ARR at the end of month start + k ÷ the same accounts’ ARR at the end of their start month (revenue, net of expansion), and accounts with ARR > 0 ÷ accounts observed (logos).',
    rows,
  };
}

const MAX_CURVES = 8;

/** Kaplan–Meier curves of time to first churn per group, and a log-rank test of two groups. */
export async function getSurvival(db: Conn, actor: Actor, query: SurvivalQuery, now: Date): Promise<SurvivalResponse> {
  const asOf = lastDayOfMonth(anchorMonth(query.anchor, now));
  const { accounts, ledger } = await loadLedger(db, actor, query, asOf);
  const groups = [...survivalObservations(customerLives(ledger, accounts), query.by, asOf).entries()].sort(
    ([a, x], [b, y]) => y.length - x.length || a.localeCompare(b),
  );
  const pick = (name: string | undefined, field: 'groupA' | 'groupB', fallback: number) => {
    if (name === undefined) return groups[fallback];
    const found = groups.find(([key]) => key === name);
    if (!found) throw invalid(`No customers in group "${name}".`, [{ path: field, message: `has no customers; groups: ${groups.map(([k]) => k).join(', ')}` }]);
    return found;
  };
  const a = pick(query.groupA, 'groupA', 0);
  const b = pick(query.groupB, 'groupB', a === groups[0] ? 1 : 0);
  const test = a && b && a !== b ? { groupA: a[0], groupB: b[0], ...logRank(a[1], b[1]) } : null;
  return {
    by: query.by,
    asOf,
    method:
      'Kaplan–Meier on days from first ARR to first churn, censored at asOf; 95 % band from Greenwood’s variance on the log-log scale; median = first day S(t) ≤ 0.5; log-rank (Mantel–Cox) χ² with 1 d.f.',
    curves: groups.slice(0, MAX_CURVES).map(([group, observations]) => {
      const curve = kaplanMeier(observations);
      return { group, subjects: curve.subjects, events: curve.events, medianDays: curve.median, steps: curve.steps };
    }),
    logRank: test,
  };
}

export * from './planning.schema.js';
export { getCapacity, getForecastBacktest, getRenewalForecast, getSubscriptionClv, getTimeToValue } from './planning.js';
export type { RenewalProbabilitySource, UpcomingRenewal } from './forecast.js';
