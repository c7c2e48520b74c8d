import type { OutcomeEntry } from './measure-playbook-outcomes.js';

/**
 * The weaker comparison for playbooks without a holdout (issue 12 item 6): each enrolled
 * account, at its entry day, is paired with accounts that never entered the playbook and
 * looked alike on that day. Pure; the facts come from what is stored point-in-time.
 *
 * - Alike = same segment, same ARR band and same health band on the day, health score within
 *   `MAX_SCORE_GAP` points; only accounts with ARR above zero that day (customers, not churned).
 * - Up to `MATCHES_PER_ACCOUNT` per enrolled account, nearest score first, ties by account id,
 *   and each comparison account is used once (without replacement), so the two groups stay
 *   independent samples for the intervals. Enrolled accounts go in entry order, then by id:
 *   the same inputs always give the same pairs.
 * - Segment is the account's current segment field: segments are not kept as history. The
 *   lifecycle stage is not used for the same reason (today's stage says "churned" for the
 *   accounts whose outcome we measure, which would bias the pick).
 */

export const MAX_SCORE_GAP = 10;
export const MATCHES_PER_ACCOUNT = 3;
/** Lower bounds of the ARR bands, in the contracts' currency. */
export const ARR_BANDS = [0, 10_000, 50_000, 100_000, 250_000] as const;

export type ArrPoint = { day: string; subscriptionId: string | null; arrAfter: number };
export type HealthReading = { score: number; band: string };

/** What an account looked like on one day, or null when it was no customer or had no health reading. */
export type Profile = { segment: string | null; arrBand: number; healthBand: string; healthScore: number };

/** ARR on a day from the ledger: each contract's last movement on or before it, summed. */
export function arrOnDay(movements: readonly ArrPoint[], day: string): number {
  const last = new Map<string | null, ArrPoint>();
  for (const movement of movements) {
    if (movement.day > day) continue;
    const seen = last.get(movement.subscriptionId);
    if (!seen || movement.day >= seen.day) last.set(movement.subscriptionId, movement);
  }
  let total = 0;
  for (const movement of last.values()) total += movement.arrAfter;
  return total;
}

/** Index of the ARR band holding `arr`. */
export function arrBand(arr: number): number {
  let band = 0;
  ARR_BANDS.forEach((floor, index) => {
    if (arr >= floor) band = index;
  });
  return band;
}

export function profileOn(facts: { segment: string | null; arr: readonly ArrPoint[]; health: HealthReading | null }, day: string): Profile | null {
  // Health first: it is the cheap test, and the pool is asked about on every entry day.
  if (!facts.health) return null;
  const arr = arrOnDay(facts.arr, day);
  if (arr <= 0) return null;
  return { segment: facts.segment, arrBand: arrBand(arr), healthBand: facts.health.band, healthScore: facts.health.score };
}

export function isAlike(a: Profile, b: Profile): boolean {
  return a.segment === b.segment && a.arrBand === b.arrBand && a.healthBand === b.healthBand && Math.abs(a.healthScore - b.healthScore) <= MAX_SCORE_GAP;
}

export type MatchResult = {
  /** Enrolled entries that found at least one comparison account. */
  enrolled: OutcomeEntry[];
  /** Comparison accounts, each dated at the entry day of the account it was matched to. */
  matched: OutcomeEntry[];
  /** Enrolled entries with no alike account (or no profile of their own on the day). */
  unmatched: number;
};

/**
 * @example
 *   matchSimilarAccounts({ enrolled, candidates: ['c1', 'c2'], profileAt: (id, day) => profiles.get(`${id}@${day}`) ?? null })
 *   // → { enrolled: [a1 on 10-01], matched: [c2 on 10-01], unmatched: 0 }
 */
export function matchSimilarAccounts(options: {
  enrolled: readonly OutcomeEntry[];
  candidates: readonly string[];
  profileAt: (accountId: string, day: string) => Profile | null;
  /**
   * Each account's segment, as its profile has it: only candidates of an entry's own segment
   * are then profiled (alike needs the same segment anyway), which matters when a big pool is
   * asked about on many entry days. The pairs are the same with or without it.
   */
  segmentOf?: (accountId: string) => string | null;
  perAccount?: number;
}): MatchResult {
  const perAccount = options.perAccount ?? MATCHES_PER_ACCOUNT;
  const used = new Set<string>();
  const candidates = [...options.candidates].sort();
  const order = [...options.enrolled].sort((a, b) => (a.enteredOn === b.enteredOn ? (a.accountId < b.accountId ? -1 : 1) : a.enteredOn < b.enteredOn ? -1 : 1));
  const segmentOf = options.segmentOf;
  // One group of every candidate without `segmentOf`; in id order either way.
  const groups = new Map<string | null, string[]>();
  for (const id of candidates) {
    const key = segmentOf ? segmentOf(id) : null;
    const group = groups.get(key) ?? [];
    group.push(id);
    groups.set(key, group);
  }
  // Entries cluster on few days: each candidate's profile is worked out once per day.
  const byDay = new Map<string, Map<string | null, { id: string; profile: Profile }[]>>();
  const profilesOn = (day: string, ownSegment: string | null) => {
    const segment = segmentOf ? ownSegment : null;
    const lists = byDay.get(day) ?? new Map<string | null, { id: string; profile: Profile }[]>();
    byDay.set(day, lists);
    let list = lists.get(segment);
    if (!list) {
      list = (groups.get(segment) ?? []).flatMap((id) => {
        const profile = options.profileAt(id, day);
        return profile ? [{ id, profile }] : [];
      });
      lists.set(segment, list);
    }
    return list;
  };
  const result: MatchResult = { enrolled: [], matched: [], unmatched: 0 };
  for (const entry of order) {
    const own = options.profileAt(entry.accountId, entry.enteredOn);
    const alike = own
      ? profilesOn(entry.enteredOn, own.segment)
          .filter(({ id, profile }) => !used.has(id) && isAlike(own, profile))
          .map(({ id, profile }) => ({ id, gap: Math.abs(profile.healthScore - own.healthScore) }))
          // Stable sort: equal gaps keep the id order.
          .sort((a, b) => a.gap - b.gap)
          .slice(0, perAccount)
      : [];
    if (alike.length === 0) {
      result.unmatched += 1;
      continue;
    }
    result.enrolled.push(entry);
    for (const { id } of alike) {
      used.add(id);
      result.matched.push({ accountId: id, isHoldout: false, enteredOn: entry.enteredOn });
    }
  }
  return result;
}
