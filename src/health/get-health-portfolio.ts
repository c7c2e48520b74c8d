import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { getWorkspaceSettings } from '../currencies/index.js';
import type { Database, HealthBand } from '../db/schema.js';
import { explainMoves } from './explain-score.js';
import { loadHealthConfig } from './health-config.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { findBandTotals, findDisagreeingAccounts, findMovers, type MoverRow } from './portfolio.repository.js';
import type { HealthPortfolio, PortfolioQuery } from './portfolio.schema.js';
import { scoreFacts } from './recompute-health.js';
import type { ScoredMeasure } from './score-account.js';
import type { SignalDisagreement } from './signal-disagreements.js';
import { BANDS_OR_UNSCORED } from './band-shift.js';

type Conn = Kysely<Database>;

/** "This week": the score against the history point 7 days before it (or up to 6 days earlier). */
const MOVER_DAYS = 7;
const MOVER_TOLERANCE_DAYS = 6;
const MOVERS = 5;
const DISAGREEING = 20;
const BAND_OF_LETTER: Record<string, HealthBand> = { g: 'green', y: 'yellow', r: 'red' };

/**
 * The portfolio's health as a CS leader reads it: accounts and ARR by band, ARR at risk
 * (red), the week's biggest movers up and down with the measure that moved each, and the
 * accounts whose signals disagree; for the whole workspace, one CSM's book or a segment.
 * Every part is a set-based read; the movers' baseline measures are scored again from the
 * facts of their baseline day (one read per distinct day, for those ten accounts only).
 * Any member may read it, as they read the accounts.
 *
 * @example
 *   const view = await getHealthPortfolio(db, actor, { segment: 'enterprise' });
 *   view.arrAtRisk // → { arr: 182000, accounts: 4 }
 */
export async function getHealthPortfolio(db: Conn, actor: Actor, query: PortfolioQuery): Promise<HealthPortfolio> {
  const filters = { workspaceId: actor.workspaceId, ownerId: query.ownerId, segment: query.segment };
  const movers = { ...filters, days: MOVER_DAYS, toleranceDays: MOVER_TOLERANCE_DAYS, limit: MOVERS };
  const [{ reportingCurrency }, totals, up, down, disagreeing] = await Promise.all([
    getWorkspaceSettings(db, actor),
    findBandTotals(db, filters),
    findMovers(db, { ...movers, direction: 'up' }),
    findMovers(db, { ...movers, direction: 'down' }),
    findDisagreeingAccounts(db, { ...filters, limit: DISAGREEING }),
  ]);
  const bands = BANDS_OR_UNSCORED.map((band) => {
    const row = totals.find((total) => (total.band ?? 'unscored') === band);
    return { band, accounts: row?.accounts ?? 0, arr: row?.arr ?? 0 };
  });
  const red = bands.find((b) => b.band === 'red')!;
  const movesOf = await explainMovers(db, actor.workspaceId, [...up, ...down]);
  const toMover = (row: MoverRow) => {
    const moves = movesOf.get(row.account_id) ?? [];
    return {
      accountId: row.account_id,
      name: row.name,
      ownerName: row.owner_name,
      arr: row.arr,
      since: row.since,
      scoreBefore: row.score_before,
      scoreAfter: row.score,
      delta: row.delta,
      bandBefore: BAND_OF_LETTER[row.band_before] ?? row.band,
      bandAfter: row.band,
      movedBy: moves[0] ?? null,
      moves,
    };
  };
  return {
    currency: reportingCurrency,
    accounts: bands.reduce((sum, b) => sum + b.accounts, 0),
    bands,
    arrAtRisk: { arr: red.arr, accounts: red.accounts },
    moversUp: up.map(toMover),
    moversDown: down.map(toMover),
    disagreements: {
      total: disagreeing[0]?.total ?? 0,
      accounts: disagreeing.map((row) => ({
        accountId: row.account_id,
        name: row.name,
        ownerName: row.owner_name,
        arr: row.arr,
        score: row.score,
        band: row.band,
        disagreements: row.disagreements as SignalDisagreement[],
      })),
    },
  };
}

/** What moved each mover: its stored measures against its baseline day's, scored from that day's facts with today's scorecards. */
async function explainMovers(db: Conn, workspaceId: string, rows: MoverRow[]): Promise<Map<string, string[]>> {
  const moves = new Map<string, string[]>();
  if (rows.length === 0) return moves;
  const { config } = await loadHealthConfig(db, workspaceId);
  for (const since of new Set(rows.map((row) => row.since))) {
    const ofDay = rows.filter((row) => row.since === since);
    for (const facts of await findMeasureFacts(db, { workspaceId, asOf: since, accountIds: ofDay.map((row) => row.account_id) })) {
      const row = ofDay.find((candidate) => candidate.account_id === facts.account_id)!;
      moves.set(row.account_id, explainMoves(row.measures as ScoredMeasure[], scoreFacts(config, facts, since).measures, 3));
    }
  }
  return moves;
}
