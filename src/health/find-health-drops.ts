import type { Kysely } from 'kysely';
import type { Database, HealthBand } from '../db/schema.js';
import { historyPoints } from './account-health.js';
import { addDays } from './days.js';
import { explainMoves, explainReasons } from './explain-score.js';
import { loadHealthConfig } from './health-config.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { findBookScoresWithHistory } from './health.repository.js';
import { scoreFacts } from './recompute-health.js';
import type { ScoredMeasure } from './score-account.js';

type Conn = Kysely<Database>;

/** How far back "recently" looks: the score a week before the current one. */
export const HEALTH_DROP_DAYS = 7;
/** A fall of at least this many points counts even when the band stayed. */
export const HEALTH_DROP_POINTS = 5;
/** Weekly history (the demo backfill) leaves gaps: the baseline is the last point within this many days before. */
const BASELINE_TOLERANCE_DAYS = 6;

const BAND_RANK: Record<HealthBand, number> = { green: 2, yellow: 1, red: 0 };

export type HealthDrop = {
  accountId: string;
  asOf: string;
  /** The day of the baseline point the current score is compared with. */
  since: string;
  scoreBefore: number;
  scoreAfter: number;
  bandBefore: HealthBand;
  bandAfter: HealthBand;
  bandWorsened: boolean;
  /** What moved the score since the baseline ("Seat utilisation fell from 64% to 38% (−6 points)"). */
  moves: string[];
  /** Why the score is low now, for when no single measure moved enough to name. */
  reasons: string[];
};

/**
 * Whether a score fell against its baseline: the band worsened, or the score lost at least
 * HEALTH_DROP_POINTS. Pure; the baseline is the latest history point on or before `asOf − 7`
 * within six more days (an account not scored then has no baseline and has not "fallen").
 *
 * @example
 *   healthDropOf({ score: 62, band: 'red', asOf: '2026-12-05' }, [{ day: '2026-11-28', score: 74, band: 'yellow' }])
 *   // → { since: '2026-11-28', scoreBefore: 74, bandBefore: 'yellow', bandWorsened: true }
 */
export function healthDropOf(
  current: { score: number; band: HealthBand; asOf: string },
  history: Array<{ day: string; score: number; band: HealthBand }>,
): { since: string; scoreBefore: number; bandBefore: HealthBand; bandWorsened: boolean } | null {
  const target = addDays(current.asOf, -HEALTH_DROP_DAYS);
  const floor = addDays(target, -BASELINE_TOLERANCE_DAYS);
  const baseline = history.filter((point) => point.day <= target && point.day >= floor).at(-1);
  if (!baseline) return null;
  const bandWorsened = BAND_RANK[current.band] < BAND_RANK[baseline.band];
  if (!bandWorsened && baseline.score - current.score < HEALTH_DROP_POINTS) return null;
  return { since: baseline.day, scoreBefore: baseline.score, bandBefore: baseline.band, bandWorsened };
}

/**
 * Accounts of one owner's book whose health fell over the last week, with what moved it:
 * the stored history gives the baseline, and the baseline day's measures are recomputed
 * from stored facts (one set-based read for all fallen accounts) so each drop names the
 * measures that moved, as the account's Health tab does. Worst fall first.
 *
 * @example
 *   const drops = await findHealthDrops(db, { workspaceId, ownerId: userId, today: '2026-12-05' });
 */
export async function findHealthDrops(db: Conn, options: { workspaceId: string; ownerId: string; today: string }): Promise<HealthDrop[]> {
  const from = addDays(options.today, -(HEALTH_DROP_DAYS + BASELINE_TOLERANCE_DAYS + 31));
  const rows = await findBookScoresWithHistory(db, { workspaceId: options.workspaceId, ownerId: options.ownerId, fromMonth: `${from.slice(0, 8)}01` });
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
  const fallen: Array<Omit<HealthDrop, 'moves' | 'reasons'> & { measures: ScoredMeasure[] }> = [];
  for (const [accountId, accountRows] of byAccount) {
    const first = accountRows[0]!;
    if (first.score === null || first.band === null) continue;
    const months = accountRows.flatMap((row) => (row.month && row.scores && row.bands ? [{ month: row.month, scores: row.scores, bands: row.bands }] : []));
    const current = { score: first.score, band: first.band, asOf: first.as_of };
    const drop = healthDropOf(current, historyPoints(months, from));
    if (!drop) continue;
    fallen.push({ accountId, asOf: current.asOf, scoreAfter: current.score, bandAfter: current.band, ...drop, measures: first.measures as ScoredMeasure[] });
  }
  if (fallen.length === 0) return [];
  const { config } = await loadHealthConfig(db, options.workspaceId);
  const beforeMeasures = new Map<string, ScoredMeasure[]>();
  for (const since of new Set(fallen.map((drop) => drop.since))) {
    const accountIds = fallen.filter((drop) => drop.since === since).map((drop) => drop.accountId);
    for (const facts of await findMeasureFacts(db, { workspaceId: options.workspaceId, asOf: since, accountIds })) {
      beforeMeasures.set(facts.account_id, scoreFacts(config, facts, since).measures);
    }
  }
  return fallen
    .map(({ measures, ...drop }) => {
      const before = beforeMeasures.get(drop.accountId);
      return { ...drop, moves: before ? explainMoves(measures, before, 3) : [], reasons: explainReasons(measures, 3) };
    })
    .sort((a, b) => Number(b.bandWorsened) - Number(a.bandWorsened) || b.scoreBefore - b.scoreAfter - (a.scoreBefore - a.scoreAfter) || a.accountId.localeCompare(b.accountId));
}
