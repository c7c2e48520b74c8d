/**
 * Root cause upstream (issue 13 item 3), pure: which negative moments come before customers
 * leave. Churn is often decided long before the renewal — at the sale, in onboarding, in a
 * support case closed without its root cause — so for every lost account we list its earliest
 * negative moments, and across the portfolio we compare churn among accounts that had a
 * negative moment of a kind (stage, team, channel, touchpoint) with churn among those that did
 * not: the lift. Lift 2 with 40 accounts behind it means "twice as likely to churn".
 */
export type RootCauseAccount = { accountId: string; name: string; lost: 'churned' | 'contracted' | null; lostOn: string | null };
export type NegativeMoment = { id: string; accountId: string; occurredAt: Date; stage: string | null; team: string; channel: string; kind: string; title: string; reason: string; intensity: number };

export const ROOT_CAUSE_DIMENSIONS = ['stage', 'team', 'channel', 'kind'] as const;
export type RootCauseDimension = (typeof ROOT_CAUSE_DIMENSIONS)[number];

export type RootCauseRow = {
  value: string;
  /** Accounts with a negative moment of this value (churned ones: before they churned). */
  accounts: number;
  churned: number;
  churnRate: number;
  accountsWithout: number;
  churnedWithout: number;
  churnRateWithout: number;
  /** churnRate / churnRateWithout; null when no account without it churned. */
  lift: number | null;
  /** Churned accounts whose earliest negative moment had this value. */
  firstNegative: number;
};

export type LostAccount = RootCauseAccount & { lost: 'churned' | 'contracted'; earliestNegative: NegativeMoment[] };

export type RootCauseReport = {
  accounts: number;
  churned: number;
  lostAccounts: LostAccount[];
  dimensions: Record<RootCauseDimension, RootCauseRow[]>;
};

const NO_STAGE = '(no stage)';
const valueOf = (moment: NegativeMoment, dimension: RootCauseDimension) => (dimension === 'stage' ? (moment.stage ?? NO_STAGE) : moment[dimension]);
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * @example
 *   rankRootCauses({ accounts, negativeMoments, minAccounts: 5 }).dimensions.stage[0]
 *   // → { value: 'Adoption', accounts: 40, churned: 22, churnRate: 0.55, …, lift: 2.9, firstNegative: 15 }
 */
export function rankRootCauses(input: { accounts: RootCauseAccount[]; negativeMoments: NegativeMoment[]; minAccounts?: number; earliestPerAccount?: number }): RootCauseReport {
  const minAccounts = input.minAccounts ?? 5;
  const byAccount = new Map<string, NegativeMoment[]>();
  const accounts = new Map(input.accounts.map((a) => [a.accountId, a]));
  for (const moment of input.negativeMoments) {
    const account = accounts.get(moment.accountId);
    if (!account) continue;
    // What happened on or after the day they left is the leaving, not what led to it.
    if (account.lostOn && moment.occurredAt.toISOString().slice(0, 10) >= account.lostOn) continue;
    const list = byAccount.get(moment.accountId) ?? [];
    list.push(moment);
    byAccount.set(moment.accountId, list);
  }
  for (const list of byAccount.values()) list.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

  const isChurned = (a: RootCauseAccount) => a.lost === 'churned';
  const total = input.accounts.length;
  const churnedTotal = input.accounts.filter(isChurned).length;
  const dimensions = {} as Record<RootCauseDimension, RootCauseRow[]>;
  for (const dimension of ROOT_CAUSE_DIMENSIONS) {
    const withValue = new Map<string, Set<string>>();
    const first = new Map<string, number>();
    for (const [accountId, moments] of byAccount) {
      for (const moment of moments) {
        const value = valueOf(moment, dimension);
        const set = withValue.get(value) ?? new Set<string>();
        set.add(accountId);
        withValue.set(value, set);
      }
      if (isChurned(accounts.get(accountId)!)) {
        const value = valueOf(moments[0]!, dimension);
        first.set(value, (first.get(value) ?? 0) + 1);
      }
    }
    const rows: RootCauseRow[] = [];
    for (const [value, ids] of withValue) {
      const churned = [...ids].filter((id) => isChurned(accounts.get(id)!)).length;
      const accountsWithout = total - ids.size;
      const churnedWithout = churnedTotal - churned;
      const churnRate = churned / ids.size;
      const churnRateWithout = accountsWithout ? churnedWithout / accountsWithout : 0;
      rows.push({
        value,
        accounts: ids.size,
        churned,
        churnRate: round3(churnRate),
        accountsWithout,
        churnedWithout,
        churnRateWithout: round3(churnRateWithout),
        lift: churnRateWithout > 0 ? round3(churnRate / churnRateWithout) : null,
        firstNegative: first.get(value) ?? 0,
      });
    }
    // Enough accounts behind a figure first, then the strongest lift, then the most churned.
    const enough = (row: RootCauseRow) => (row.accounts >= minAccounts ? 1 : 0);
    rows.sort((a, b) => enough(b) - enough(a) || (b.lift ?? Infinity) - (a.lift ?? Infinity) || b.churned - a.churned || a.value.localeCompare(b.value));
    dimensions[dimension] = rows;
  }
  const lostAccounts: LostAccount[] = input.accounts
    .filter((a): a is RootCauseAccount & { lost: 'churned' | 'contracted' } => a.lost !== null)
    .map((a) => ({ ...a, earliestNegative: (byAccount.get(a.accountId) ?? []).slice(0, input.earliestPerAccount ?? 3) }))
    .sort((a, b) => (b.lostOn ?? '').localeCompare(a.lostOn ?? '') || a.name.localeCompare(b.name));
  return { accounts: total, churned: churnedTotal, lostAccounts, dimensions };
}
