import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { AccountRisk } from '../health/index.js';
import { findModelVersions, findPrediction, findPredictions, findRiskRises } from './health-model.repository.js';
import type { BacktestReportView, ModelVersion } from './health-model.schema.js';
import type { RiskReason } from './describe-risk.js';
import { runBacktest } from './run-backtest.js';

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
  return { probability: row.probability, modelVersion: row.model_version, asOf: row.as_of, computedAt: row.computed_at, reasons: row.reasons as RiskReason[] };
}

/**
 * The churn risk of every account the latest model scored, by account id (for the renewal
 * forecast). Scoped to the actor's workspace; the caller decides who may see what it derives.
 */
export async function findChurnPredictions(db: Conn, actor: Actor): Promise<Map<string, { probability: number; modelVersion: number; asOf: string }>> {
  const rows = await findPredictions(db, actor.workspaceId);
  return new Map(rows.map((row) => [row.account_id, { probability: row.probability, modelVersion: row.model_version, asOf: row.as_of }]));
}

/** The workspace's model versions, newest first (leaders and admins: the model page). */
export async function listModelVersions(db: Conn, actor: Actor): Promise<ModelVersion[]> {
  leadersOnly(actor, 'see the churn model');
  return (await findModelVersions(db, actor.workspaceId)).map((row) => ({
    version: row.version,
    trainedAt: row.trained_at,
    decidedBy: row.decided_by,
    leadDays: row.lead_days,
    trainingRows: row.training_rows,
    trainingPositives: row.training_positives,
    family: row.family,
    validationAuc: row.validation_auc,
  }));
}

/**
 * The backtest the CLI prints (`boomerang health backtest`), for leaders and admins: the same
 * numbers, computed on request from what is stored (nothing is written).
 */
export async function getBacktestReport(db: Conn, actor: Actor, query: { asOf?: string; horizonDays: number }, clock: Clock): Promise<BacktestReportView> {
  leadersOnly(actor, 'run the health backtest');
  const { cases: _cases, ...report } = await runBacktest(db, {
    workspaceId: actor.workspaceId,
    asOf: query.asOf,
    horizonDays: query.horizonDays,
    today: clock.now().toISOString().slice(0, 10),
  });
  return report;
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
