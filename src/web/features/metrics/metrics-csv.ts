import type { ArrBridge, Cohorts, RetentionTrend, Survival } from './metrics.types.js';

type Cell = string | number | null;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  const field = (value: Cell) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export const BRIDGE_STEPS = ['start', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'end'] as const;

/** The bridge, the whole and per segment, one row per figure. */
export function bridgeCsv(data: ArrBridge): string {
  const header = ['figure', 'total', ...data.groups.map((g) => g.label)];
  return toCsv([header, ...BRIDGE_STEPS.map((step) => [step, data.total.bridge[step], ...data.groups.map((g) => g.bridge[step])])]);
}

export function retentionCsv(data: RetentionTrend): string {
  return toCsv([
    ['month', 'from', 'to', 'cohort_accounts', 'cohort_start_arr', 'cohort_end_arr', 'nrr', 'grr', 'logo_retention', 'expansion_rate'],
    ...data.points.map((p) => [p.month, p.from, p.to, p.cohortAccounts, p.cohortStart, p.cohortEnd, p.nrr, p.grr, p.logoRetention, p.expansionRate]),
  ]);
}

export function cohortsCsv(data: Cohorts): string {
  return toCsv([
    ['cohort', 'accounts', 'start_arr', 'months_since_start', 'arr', 'revenue_retention', 'active_accounts', 'logo_retention'],
    ...data.rows.flatMap((row) => row.cells.map((c) => [row.key, row.accounts, row.startArr, c.offset, c.arr, c.revenueRetention, c.activeAccounts, c.logoRetention])),
  ]);
}

export function survivalCsv(data: Survival): string {
  return toCsv([
    ['group', 'day', 'at_risk', 'events', 'censored', 'survival', 'lower_95', 'upper_95'],
    ...data.curves.flatMap((curve) => curve.steps.map((s) => [curve.group, s.time, s.atRisk, s.events, s.censored, s.survival, s.lower, s.upper])),
  ]);
}

/** Hands the browser a file without a round trip. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
