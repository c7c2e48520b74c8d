import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/**
 * A renewal (or contract end) of an account, whether the account was lost at it, and the day
 * the term before it began (the account's previous decision, or its first contract).
 */
export type RenewalDecision = { account_id: string; day: string; lost: boolean; since: string };

/**
 * Every renewal decision of a workspace made on or before `decidedBy`, in one statement.
 * A decision day is a day the contract came up: a churn, contraction or expansion booked in
 * the ARR ledger, a contract term that ended (end date + 1), or a later term that started
 * (a start date after the account's first contract, other than a win-back or a new deal).
 * It is lost when a churn or contraction is booked that day, renewed otherwise.
 */
export async function findRenewalDecisions(db: Conn, query: { workspaceId: string; decidedBy: string }): Promise<RenewalDecision[]> {
  const ws = query.workspaceId;
  const { rows } = await sql<RenewalDecision>`
    WITH ledger AS (
      SELECT account_id, kind, occurred_on FROM arr_movements WHERE workspace_id = ${ws}
    ),
    first_contract AS (
      SELECT account_id, min(day) AS day FROM (
        SELECT account_id, occurred_on AS day FROM ledger WHERE kind = 'new'
        UNION ALL SELECT account_id, start_date FROM subscriptions WHERE workspace_id = ${ws}
      ) starts GROUP BY account_id
    ),
    days AS (
      SELECT account_id, occurred_on AS day FROM ledger WHERE kind IN ('churn', 'contraction', 'expansion')
      UNION
      SELECT account_id, end_date + 1 FROM subscriptions WHERE workspace_id = ${ws}
      UNION
      SELECT s.account_id, s.start_date FROM subscriptions s JOIN first_contract f ON f.account_id = s.account_id
      WHERE s.workspace_id = ${ws} AND s.start_date > f.day
        AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.account_id = s.account_id AND l.occurred_on = s.start_date AND l.kind IN ('new', 'reactivation'))
    )
    SELECT d.account_id, d.day::text AS day,
      EXISTS (SELECT 1 FROM ledger l WHERE l.account_id = d.account_id AND l.occurred_on = d.day AND l.kind IN ('churn', 'contraction')) AS lost,
      -- The window sees every earlier decision: the day filter below only drops later ones.
      coalesce(lag(d.day) OVER (PARTITION BY d.account_id ORDER BY d.day), f.day, d.day - 365)::text AS since
    FROM days d LEFT JOIN first_contract f ON f.account_id = d.account_id
    WHERE d.day <= ${query.decidedBy}::date
    ORDER BY d.day, d.account_id`.execute(db);
  return rows;
}

/** An account with ARR on a day, and whether it churned or contracted in the horizon after it. */
export type BacktestOutcome = { account_id: string; lost: boolean };

/**
 * The accounts with ARR above zero at the end of `asOf` (from the ledger: a movement's
 * `arr_after` is the account's ARR in its currency, so the last one by then per currency; a
 * renewed term's contract keeps its own last movement, which says nothing about today), each
 * with whether a churn or contraction was booked in (asOf, until].
 */
export async function findBacktestOutcomes(db: Conn, query: { workspaceId: string; asOf: string; until: string }): Promise<BacktestOutcome[]> {
  const ws = query.workspaceId;
  const { rows } = await sql<BacktestOutcome>`
    WITH last_move AS (
      SELECT DISTINCT ON (account_id, currency) account_id, arr_after
      FROM arr_movements
      WHERE workspace_id = ${ws} AND occurred_on <= ${query.asOf}::date
      ORDER BY account_id, currency, occurred_on DESC, created_at DESC, id DESC
    ),
    active AS (
      SELECT account_id FROM last_move GROUP BY account_id HAVING sum(arr_after) > 0
    )
    SELECT a.account_id, EXISTS (
      SELECT 1 FROM arr_movements m
      WHERE m.workspace_id = ${ws} AND m.account_id = a.account_id AND m.kind IN ('churn', 'contraction')
        AND m.occurred_on > ${query.asOf}::date AND m.occurred_on <= ${query.until}::date
    ) AS lost
    FROM active a
    ORDER BY a.account_id`.execute(db);
  return rows;
}

// --- stored models and predictions -----------------------------------------------------

export type ModelRowInput = {
  workspaceId: string;
  trainedAt: Date;
  decidedBy: string;
  horizonDays: number;
  trainingRows: number;
  trainingPositives: number;
  family: 'logistic' | 'gbdt';
  validationAuc: number | null;
  model: unknown;
};

/** Stores a trained model as the workspace's next version (one statement) and returns the version. */
export async function insertModelVersion(db: Conn, row: ModelRowInput): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    INSERT INTO health_models (workspace_id, version, trained_at, decided_by, horizon_days, training_rows, training_positives, family, validation_auc, model)
    SELECT ${row.workspaceId}::uuid, coalesce(max(version), 0) + 1, ${row.trainedAt}::timestamptz, ${row.decidedBy}::date, ${row.horizonDays}::int,
      ${row.trainingRows}::int, ${row.trainingPositives}::int, ${row.family}, ${row.validationAuc}::float8, ${JSON.stringify(row.model)}::jsonb
    FROM health_models WHERE workspace_id = ${row.workspaceId}::uuid
    RETURNING version`.execute(db);
  return rows[0]!.version;
}

/** The workspace's model versions, newest first, without the fitted parameters. */
export async function findModelVersions(db: Conn, workspaceId: string) {
  return db
    .selectFrom('health_models')
    .select(['version', 'trained_at', 'decided_by', 'horizon_days', 'training_rows', 'training_positives', 'family', 'validation_auc'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .execute();
}

export type PredictionRowInput = { accountId: string; probability: number; reasons: unknown };

/**
 * Replaces the workspace's predictions with one model version's (accounts no longer scored,
 * e.g. churned, lose theirs), in one transaction of two statements.
 */
export async function replacePredictions(db: Conn, batch: { workspaceId: string; modelVersion: number; asOf: string; computedAt: Date; rows: PredictionRowInput[] }) {
  // The risk a CSM compares with is from an earlier day: a second run on the same day keeps it.
  const { rows: earlier } = await sql<{ account_id: string; probability: number | null; as_of: string | null }>`
    DELETE FROM health_model_predictions WHERE workspace_id = ${batch.workspaceId}
    RETURNING account_id,
      CASE WHEN as_of < ${batch.asOf}::date THEN probability ELSE previous_probability END AS probability,
      (CASE WHEN as_of < ${batch.asOf}::date THEN as_of ELSE previous_as_of END)::text AS as_of`.execute(db);
  if (batch.rows.length === 0) return;
  const previous = new Map(earlier.map((row) => [row.account_id, row]));
  await sql`
    INSERT INTO health_model_predictions (workspace_id, account_id, model_version, probability, reasons, as_of, computed_at, previous_probability, previous_as_of)
    SELECT ${batch.workspaceId}::uuid, t.account_id, ${batch.modelVersion}::int, t.probability, t.reasons, ${batch.asOf}::date, ${batch.computedAt}::timestamptz, t.previous_probability, t.previous_as_of
    FROM unnest(
      ${batch.rows.map((r) => r.accountId)}::uuid[],
      ${batch.rows.map((r) => r.probability)}::float8[],
      ${batch.rows.map((r) => JSON.stringify(r.reasons))}::jsonb[],
      ${batch.rows.map((r) => previous.get(r.accountId)?.probability ?? null)}::float8[],
      ${batch.rows.map((r) => previous.get(r.accountId)?.as_of ?? null)}::date[]
    ) AS t(account_id, probability, reasons, previous_probability, previous_as_of)`.execute(db);
}

export async function findPrediction(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('health_model_predictions as p')
    .innerJoin('health_models as m', (join) => join.onRef('m.workspace_id', '=', 'p.workspace_id').onRef('m.version', '=', 'p.model_version'))
    .select(['p.model_version', 'p.probability', 'p.reasons', 'p.as_of', 'p.computed_at', 'm.trained_at', 'm.validation_auc', 'm.horizon_days'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.account_id', '=', accountId)
    .executeTakeFirst();
}

/** How much the probability must have risen for a CSM's day to list the account: 5 percentage points. */
export const RISK_RISE_MIN = 0.05;
/** A prediction older than this is not "this week's" any more. */
const FRESH_DAYS = 8;

/**
 * Accounts a member owns whose current prediction is fresh and at least `RISK_RISE_MIN` above
 * the one from an earlier day within the last two weeks, biggest rise first.
 */
export async function findRiskRises(db: Conn, query: { workspaceId: string; ownerId: string; today: string }) {
  return db
    .selectFrom('health_model_predictions as p')
    .innerJoin('accounts as a', (join) => join.onRef('a.id', '=', 'p.account_id').onRef('a.workspace_id', '=', 'p.workspace_id'))
    .select(['p.account_id', 'p.probability', 'p.previous_probability', sql<string>`p.previous_as_of::text`.as('previous_as_of'), sql<string>`p.as_of::text`.as('as_of'), 'p.reasons'])
    .where('p.workspace_id', '=', query.workspaceId)
    .where('a.owner_id', '=', query.ownerId)
    .where(sql<boolean>`p.as_of >= ${query.today}::date - ${FRESH_DAYS}::int`)
    .where(sql<boolean>`p.previous_as_of >= p.as_of - 14`)
    .where(sql<boolean>`p.probability - p.previous_probability >= ${RISK_RISE_MIN}`)
    .orderBy(sql`p.probability - p.previous_probability`, 'desc')
    .orderBy('p.account_id')
    .execute();
}

/** Every stored prediction of the workspace (one per scored account). */
export async function findPredictions(db: Conn, workspaceId: string) {
  return db
    .selectFrom('health_model_predictions as p')
    .innerJoin('health_models as m', (join) => join.onRef('m.workspace_id', '=', 'p.workspace_id').onRef('m.version', '=', 'p.model_version'))
    .select(['p.account_id', 'p.model_version', 'p.probability', 'p.as_of', 'm.horizon_days'])
    .where('p.workspace_id', '=', workspaceId)
    .execute();
}

/** Workspaces with at least one churn or contraction booked: the only ones a model can learn for. */
export async function findWorkspaceIdsWithRenewals(db: Conn): Promise<string[]> {
  const rows = await db.selectFrom('arr_movements').select('workspace_id').distinct().where('kind', 'in', ['churn', 'contraction']).execute();
  return rows.map((row) => row.workspace_id);
}

// --- stored backtests --------------------------------------------------------------------

export type BacktestParameters = { workspaceId: string; asOf: string; horizonDays: number };

const backtestColumns = ['id', 'as_of', 'horizon_days', 'status', 'error', 'created_at', 'finished_at'] as const;

/**
 * A queued run for these parameters, unless one is already queued or running (the partial
 * unique index): then that one, so asking twice joins the first.
 */
export async function insertOrFindUnfinishedBacktest(db: Conn, run: BacktestParameters & { now: Date }) {
  const inserted = await db
    .insertInto('health_backtests')
    .values({ workspace_id: run.workspaceId, as_of: run.asOf, horizon_days: run.horizonDays, status: 'queued', created_at: run.now })
    .onConflict((oc) => oc.columns(['workspace_id', 'as_of', 'horizon_days']).where('status', 'in', ['queued', 'running']).doNothing())
    .returning(backtestColumns)
    .executeTakeFirst();
  if (inserted) return inserted;
  return db
    .selectFrom('health_backtests')
    .select(backtestColumns)
    .where('workspace_id', '=', run.workspaceId)
    .where('as_of', '=', run.asOf)
    .where('horizon_days', '=', run.horizonDays)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
}

/** Marks an unfinished run running and returns it; undefined when it already finished (a job run twice). */
export async function startBacktestRun(db: Conn, workspaceId: string, id: string) {
  return db
    .updateTable('health_backtests')
    .set({ status: 'running' })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returning(backtestColumns)
    .executeTakeFirst();
}

export type FinishedBacktest = { status: 'done'; report: unknown } | { status: 'failed'; error: string };

export async function finishBacktestRun(db: Conn, run: { workspaceId: string; id: string; finishedAt: Date } & FinishedBacktest) {
  await db
    .updateTable('health_backtests')
    .set({
      status: run.status,
      report: run.status === 'done' ? JSON.stringify(run.report) : null,
      error: run.status === 'failed' ? run.error : null,
      finished_at: run.finishedAt,
    })
    .where('workspace_id', '=', run.workspaceId)
    .where('id', '=', run.id)
    .execute();
}

/** A run computed at once (the CLI), stored done. */
export async function insertDoneBacktest(db: Conn, run: BacktestParameters & { now: Date; report: unknown }) {
  await db
    .insertInto('health_backtests')
    .values({
      workspace_id: run.workspaceId,
      as_of: run.asOf,
      horizon_days: run.horizonDays,
      status: 'done',
      report: JSON.stringify(run.report),
      created_at: run.now,
      finished_at: run.now,
    })
    .execute();
}

/** The workspace's newest run (any status) and its newest done run with the report. */
export async function findLatestBacktests(db: Conn, workspaceId: string) {
  const [latest, completed] = await Promise.all([
    db.selectFrom('health_backtests').select(backtestColumns).where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst(),
    db
      .selectFrom('health_backtests')
      .select([...backtestColumns, 'report'])
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'done')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { latest, completed };
}
