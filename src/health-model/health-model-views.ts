import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { AccountRisk } from '../health/index.js';
import { AppError } from '../core/errors.js';
import { queueBacktest } from './backtest-runs.js';
import { findLatestBacktests, findModelVersions, findPrediction, findPredictions, findRiskRises } from './health-model.repository.js';
import type { BacktestReportView, BacktestRequestBody, BacktestRunView, LatestBacktestView, ModelVersion } from './health-model.schema.js';
import type { RiskReason } from './describe-risk.js';

type Conn = Kysely<Database>;

const leadersOnly = (actor: Actor, what: string) => {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader(what);
};

/**
 * The account's current risk from the latest trained model, or null before one exists. The
 * caller has already checked the actor may read the account (the Health tab reads it with the
 * score); the read is scoped to the actor's workspace.
 */
export async function getAccountRisk(db: Conn, actor: Actor, accountId: string): Promise<AccountRisk | null> {
  const row = await findPrediction(db, actor.workspaceId, accountId);
  if (!row) return null;
  return { probability: row.probability, horizonDays: row.horizon_days, modelVersion: row.model_version, asOf: row.as_of, computedAt: row.computed_at, reasons: row.reasons as RiskReason[] };
}

/**
 * The churn risk of every account the latest model scored, by account id (for the renewal
 * forecast). Scoped to the actor's workspace; the caller decides who may see what it derives.
 */
export async function findChurnPredictions(
  db: Conn,
  actor: Actor,
): Promise<Map<string, { probability: number; modelVersion: number; asOf: string; horizonDays: number }>> {
  const rows = await findPredictions(db, actor.workspaceId);
  // The probability is of a loss within the model's horizon: a renewal further off is not what it predicts.
  return new Map(rows.map((row) => [row.account_id, { probability: row.probability, modelVersion: row.model_version, asOf: row.as_of, horizonDays: row.horizon_days }]));
}

/** The workspace's model versions, newest first (leaders and admins: the model page). */
export async function listModelVersions(db: Conn, actor: Actor): Promise<ModelVersion[]> {
  leadersOnly(actor, 'see the churn model');
  return (await findModelVersions(db, actor.workspaceId)).map((row) => ({
    version: row.version,
    trainedAt: row.trained_at,
    decidedBy: row.decided_by,
    horizonDays: row.horizon_days,
    trainingRows: row.training_rows,
    trainingPositives: row.training_positives,
    family: row.family,
    validationAuc: row.validation_auc,
  }));
}

/** Leaders and admins queue a backtest (202 on the route); asking again while it runs joins it. */
export async function requestBacktest(db: Conn, actor: Actor, body: BacktestRequestBody, clock: Clock): Promise<BacktestRunView> {
  leadersOnly(actor, 'run the health backtest');
  return toRunView(await queueBacktest(db, { workspaceId: actor.workspaceId, ...body }, clock));
}

export type RiskRise = { accountId: string; probability: number; previousProbability: number; previousAsOf: string; asOf: string; reason: string | null };

/**
 * For a CSM's day: accounts of one owner whose predicted churn risk rose by 5 points or more
 * since the model's previous run (weekly), with the reason that raises it most now.
 */
export async function findBookRiskRises(db: Conn, query: { workspaceId: string; ownerId: string; today: string }): Promise<RiskRise[]> {
  const rows = await findRiskRises(db, query);
  return rows.map((row) => {
    const reasons = Array.isArray(row.reasons) ? (row.reasons as { text?: unknown }[]) : [];
    return {
      accountId: row.account_id,
      probability: row.probability,
      previousProbability: row.previous_probability!,
      previousAsOf: row.previous_as_of,
      asOf: row.as_of,
      reason: typeof reasons[0]?.text === 'string' ? reasons[0].text : null,
    };
  });
}

/** The newest backtest run and the newest report; not found before the first run. */
export async function getLatestBacktest(db: Conn, actor: Actor): Promise<LatestBacktestView> {
  leadersOnly(actor, 'see the health backtest');
  const { latest, completed } = await findLatestBacktests(db, actor.workspaceId);
  if (!latest)
    throw new AppError('not_found', 'No backtest has been run in this workspace yet: queue one with POST /api/health/backtest (the model page’s “Run backtest”) or run `boomerang health backtest`.');
  return { latest: toRunView(latest), completed: completed ? { ...toRunView(completed), report: completed.report as BacktestReportView } : null };
}

type RunRow = { id: string; as_of: string; horizon_days: number; status: BacktestRunView['status']; error: string | null; created_at: Date; finished_at: Date | null };

const toRunView = (row: RunRow): BacktestRunView => ({
  id: row.id,
  status: row.status,
  asOf: row.as_of,
  horizonDays: row.horizon_days,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  error: row.error,
});
