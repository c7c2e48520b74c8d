/**
 * Root cause upstream (issue 13 item 3), pure: which negative moments come before customers
 * leave or stall. Churn is often decided long before the renewal — at the sale, in onboarding,
 * in a support case closed without its root cause — so for every lost account, and every
 * account stuck in its stage (the journey's "stuck": past twice the stay similar accounts
 * needed), we list its earliest negative moments, and across the portfolio we compare churn
 * (and, separately, stalling) among accounts that had a negative moment of a kind (stage, team,
 * channel, touchpoint) with those that did not: the lift. Lift 2 with 40 accounts behind it
 * means "twice as likely to churn".
 */
export type RootCauseAccount = {
  accountId: string;
  name: string;
  lost: 'churned' | 'contracted' | null;
  lostOn: string | null;
  /** Stuck in a stage now: which, since when it has been stuck (a day), and since when in it. */
  stalled?: { stage: string; since: string; enteredOn: string } | null;
};
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
  /** The same for stalled accounts (stuck in their stage now), a group apart from the churned. */
  stalled: number;
  stalledRate: number;
  stalledWithout: number;
  stalledRateWithout: number;
  stalledLift: number | null;
  firstNegativeStalled: number;
};

export type LostAccount = RootCauseAccount & { lost: 'churned' | 'contracted'; earliestNegative: NegativeMoment[] };
export type StalledAccount = RootCauseAccount & { stalled: NonNullable<RootCauseAccount['stalled']>; earliestNegative: NegativeMoment[] };

export type RootCauseReport = {
  accounts: number;
  churned: number;
  stalled: number;
  lostAccounts: LostAccount[];
  stalledAccounts: StalledAccount[];
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
    // What happened on or after the day they left (or got stuck) is the leaving, not what led to it.
    const cutoff = account.lostOn ?? account.stalled?.since;
    if (cutoff && moment.occurredAt.toISOString().slice(0, 10) >= cutoff) continue;
    const list = byAccount.get(moment.accountId) ?? [];
    list.push(moment);
    byAccount.set(moment.accountId, list);
  }
  for (const list of byAccount.values()) list.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

  const isChurned = (a: RootCauseAccount) => a.lost === 'churned';
  const isStalled = (a: RootCauseAccount) => !a.lost && Boolean(a.stalled);
  const total = input.accounts.length;
  const churnedTotal = input.accounts.filter(isChurned).length;
  const stalledTotal = input.accounts.filter(isStalled).length;
  // With a value vs without it, for one group (churned or stalled).
  const compare = (ids: Set<string>, inGroup: (a: RootCauseAccount) => boolean, groupTotal: number) => {
    const count = [...ids].filter((id) => inGroup(accounts.get(id)!)).length;
    const without = groupTotal - count;
    const rate = count / ids.size;
    const rateWithout = total - ids.size ? without / (total - ids.size) : 0;
    return { count, without, rate: round3(rate), rateWithout: round3(rateWithout), lift: rateWithout > 0 ? round3(rate / rateWithout) : null };
  };
  const dimensions = {} as Record<RootCauseDimension, RootCauseRow[]>;
  for (const dimension of ROOT_CAUSE_DIMENSIONS) {
    const withValue = new Map<string, Set<string>>();
    const first = new Map<string, number>();
    const firstStalled = new Map<string, number>();
    for (const [accountId, moments] of byAccount) {
      for (const moment of moments) {
        const value = valueOf(moment, dimension);
        const set = withValue.get(value) ?? new Set<string>();
        set.add(accountId);
        withValue.set(value, set);
      }
      const account = accounts.get(accountId)!;
      const firsts = isChurned(account) ? first : isStalled(account) ? firstStalled : undefined;
      if (firsts) {
        const value = valueOf(moments[0]!, dimension);
        firsts.set(value, (firsts.get(value) ?? 0) + 1);
      }
    }
    const rows: RootCauseRow[] = [];
    for (const [value, ids] of withValue) {
      const churn = compare(ids, isChurned, churnedTotal);
      const stall = compare(ids, isStalled, stalledTotal);
      rows.push({
        value,
        accounts: ids.size,
        churned: churn.count,
        churnRate: churn.rate,
        accountsWithout: total - ids.size,
        churnedWithout: churn.without,
        churnRateWithout: churn.rateWithout,
        lift: churn.lift,
        firstNegative: first.get(value) ?? 0,
        stalled: stall.count,
        stalledRate: stall.rate,
        stalledWithout: stall.without,
        stalledRateWithout: stall.rateWithout,
        stalledLift: stall.lift,
        firstNegativeStalled: firstStalled.get(value) ?? 0,
      });
    }
    // Enough accounts behind a figure first, then the strongest lift, then the most churned.
    const enough = (row: RootCauseRow) => (row.accounts >= minAccounts ? 1 : 0);
    rows.sort((a, b) => enough(b) - enough(a) || (b.lift ?? Infinity) - (a.lift ?? Infinity) || b.churned - a.churned || a.value.localeCompare(b.value));
    dimensions[dimension] = rows;
  }
  const earliest = (accountId: string) => (byAccount.get(accountId) ?? []).slice(0, input.earliestPerAccount ?? 3);
  const lostAccounts: LostAccount[] = input.accounts
    .filter((a): a is RootCauseAccount & { lost: 'churned' | 'contracted' } => a.lost !== null)
    .map((a) => ({ ...a, earliestNegative: earliest(a.accountId) }))
    .sort((a, b) => (b.lostOn ?? '').localeCompare(a.lostOn ?? '') || a.name.localeCompare(b.name));
  const stalledAccounts: StalledAccount[] = input.accounts
    .filter((a): a is StalledAccount => isStalled(a))
    .map((a) => ({ ...a, earliestNegative: earliest(a.accountId) }))
    .sort((a, b) => a.stalled.enteredOn.localeCompare(b.stalled.enteredOn) || a.name.localeCompare(b.name));
  return { accounts: total, churned: churnedTotal, stalled: stalledTotal, lostAccounts, stalledAccounts, dimensions };
}
