import type { HealthBand } from './scorecard-config.js';

/** A band, or `unscored` when every weighted measure was flagged. */
export type BandOrUnscored = HealthBand | 'unscored';
export const BANDS_OR_UNSCORED = ['green', 'yellow', 'red', 'unscored'] as const satisfies readonly BandOrUnscored[];

export type ScoredPair = {
  accountId: string;
  before: { score: number | null; band: HealthBand | null };
  after: { score: number | null; band: HealthBand | null };
};

export type BandShift = {
  /** Accounts per band with the scorecards in force and with the draft. */
  bands: Array<{ band: BandOrUnscored; before: number; after: number }>;
  /** How many accounts move from one band to another (only real moves, biggest first). */
  transitions: Array<{ from: BandOrUnscored; to: BandOrUnscored; accounts: number }>;
  /** The pairs whose band changes, in input order. */
  changed: ScoredPair[];
};

/**
 * Compares each account's band under two scorecard configurations (pure): counts per band
 * before and after, the moves between bands, and the accounts that change band.
 *
 * @example
 *   compareBands([{ accountId: 'a', before: { score: 72, band: 'yellow' }, after: { score: 68, band: 'red' } }])
 *   // → transitions [{ from: 'yellow', to: 'red', accounts: 1 }]
 */
export function compareBands(pairs: ScoredPair[]): BandShift {
  const before = new Map<BandOrUnscored, number>(BANDS_OR_UNSCORED.map((band) => [band, 0]));
  const after = new Map(before);
  const moves = new Map<string, { from: BandOrUnscored; to: BandOrUnscored; accounts: number }>();
  const changed: ScoredPair[] = [];
  for (const pair of pairs) {
    const from = pair.before.band ?? 'unscored';
    const to = pair.after.band ?? 'unscored';
    before.set(from, before.get(from)! + 1);
    after.set(to, after.get(to)! + 1);
    if (from === to) continue;
    changed.push(pair);
    const key = `${from}>${to}`;
    const move = moves.get(key) ?? { from, to, accounts: 0 };
    move.accounts += 1;
    moves.set(key, move);
  }
  const order = (band: BandOrUnscored) => BANDS_OR_UNSCORED.indexOf(band);
  return {
    bands: BANDS_OR_UNSCORED.map((band) => ({ band, before: before.get(band)!, after: after.get(band)! })),
    transitions: [...moves.values()].sort((a, b) => b.accounts - a.accounts || order(a.from) - order(b.from) || order(a.to) - order(b.to)),
    changed,
  };
}
