import { fromCents, type AccountLedger, type MetricsAccount } from './ledger.js';
import type { SurvivalObservation } from './kaplan-meier.js';
import { daysBetween, lastDayOfMonth, monthFromIndex, monthIndex } from './period.js';

export type CohortBy = 'month' | 'quarter' | 'segment' | 'product' | 'channel';

/** An account attribute cohorts and survival curves group by; 'none' when the account has none. */
function attributeOf(life: CustomerLife, by: 'segment' | 'product' | 'channel'): string {
  return life.account[by] ?? 'none';
}

/** When an account first had ARR, and when it first churned (null: still a customer or never churned). */
export type CustomerLife = { account: MetricsAccount; start: string; firstChurn: string | null };

/** Every account that ever had ARR, with its start day and its first churn. */
export function customerLives(ledger: AccountLedger, accounts: readonly MetricsAccount[]): CustomerLife[] {
  const lives: CustomerLife[] = [];
  for (const account of accounts) {
    const movements = ledger.movementsOf(account.id);
    const first = movements.find((m) => m.arrAfterCents > 0);
    if (!first) continue;
    const churn = movements.find((m) => m.kind === 'churn' && m.occurredOn >= first.occurredOn);
    lives.push({ account, start: first.occurredOn, firstChurn: churn?.occurredOn ?? null });
  }
  return lives;
}

export type CohortCell = {
  /** Months since each account's start month (0 = the start month itself). */
  offset: number;
  /** Accounts of the cohort whose start month + offset is not after the as-of month. */
  observedAccounts: number;
  activeAccounts: number;
  baseArr: number;
  arr: number;
  revenueRetention: number | null;
  logoRetention: number | null;
};

export type CohortRow = { key: string; accounts: number; startArr: number; cells: CohortCell[] };

function cohortKey(life: CustomerLife, by: CohortBy): string {
  const month = monthIndex(life.start);
  if (by === 'month') return monthFromIndex(month);
  if (by === 'quarter') return `${Math.floor(month / 12)} Q${Math.floor((month % 12) / 3) + 1}`;
  return attributeOf(life, by);
}

/**
 * Revenue and logo retention triangles. Each account is measured at the end of its start
 * month (offset 0: its base ARR) and at the end of each later month up to `asOf`'s month;
 * revenue retention = cohort ARR at offset k ÷ the same accounts' base ARR (net: expansion
 * counts), logo retention = accounts with ARR > 0 ÷ accounts observed. Cohorts by segment
 * or product align each account on its own start month, so only accounts old enough for
 * offset k enter that cell.
 */
export function cohortTriangles(
  ledger: AccountLedger,
  lives: readonly CustomerLife[],
  options: { by: CohortBy; fromMonth: string; asOf: string; maxOffset: number },
): CohortRow[] {
  const asOfMonth = monthIndex(options.asOf);
  const fromMonth = monthIndex(options.fromMonth);
  const rows = new Map<string, { accounts: number; startCents: number; cells: { observed: number; active: number; base: number; arr: number }[] }>();
  for (const life of lives) {
    const start = monthIndex(life.start);
    if (start < fromMonth || start > asOfMonth) continue;
    const key = cohortKey(life, options.by);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { accounts: 0, startCents: 0, cells: [] }));
    const base = ledger.arrAt(life.account.id, lastDayOfMonth(start));
    row.accounts += 1;
    row.startCents += base;
    const last = Math.min(asOfMonth - start, options.maxOffset);
    for (let offset = 0; offset <= last; offset++) {
      const arr = offset === 0 ? base : ledger.arrAt(life.account.id, lastDayOfMonth(start + offset));
      const cell = (row.cells[offset] ??= { observed: 0, active: 0, base: 0, arr: 0 });
      cell.observed += 1;
      cell.base += base;
      cell.arr += arr;
      if (arr > 0) cell.active += 1;
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, row]) => ({
      key,
      accounts: row.accounts,
      startArr: fromCents(row.startCents),
      cells: row.cells.map((cell, offset) => ({
        offset,
        observedAccounts: cell.observed,
        activeAccounts: cell.active,
        baseArr: fromCents(cell.base),
        arr: fromCents(cell.arr),
        revenueRetention: cell.base === 0 ? null : cell.arr / cell.base,
        logoRetention: cell.observed === 0 ? null : cell.active / cell.observed,
      })),
    }));
}

export type SurvivalBy = 'all' | 'segment' | 'product' | 'channel' | 'startYear';

/**
 * Time to first churn in days for Kaplan–Meier, grouped. A customer still with ARR (or won
 * back before asOf, which still counts its first loss) is censored at `asOf`.
 */
export function survivalObservations(lives: readonly CustomerLife[], by: SurvivalBy, asOf: string): Map<string, SurvivalObservation[]> {
  const groups = new Map<string, SurvivalObservation[]>();
  for (const life of lives) {
    if (life.start > asOf) continue;
    const churned = life.firstChurn !== null && life.firstChurn <= asOf;
    const observation = { time: daysBetween(life.start, churned ? life.firstChurn! : asOf), event: churned };
    const key = by === 'all' ? 'all' : by === 'startYear' ? life.start.slice(0, 4) : attributeOf(life, by);
    const list = groups.get(key);
    if (list) list.push(observation);
    else groups.set(key, [observation]);
  }
  return groups;
}
