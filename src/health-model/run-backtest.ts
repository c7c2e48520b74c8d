import type { Kysely } from 'kysely';
import { fitChurnModel, predictChurn, tableFromRecords, type ChurnModel } from '../churn-model/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { addDays, findMeasureFacts, loadHealthConfig, scoreFacts } from '../health/index.js';
import { summariseBacktest, type BacktestCase, type BacktestReport } from './backtest-report.js';
import { buildTrainingSet } from './build-training-set.js';
import { findBacktestOutcomes } from './health-model.repository.js';
import { DEFAULT_CUT, featureRecordOf, MODEL_FEATURES, type CutOptions } from './training-features.js';

type Conn = Kysely<Database>;

/** Fewer accounts than this lost, or kept, in the training terms: no model worth comparing. */
export const MIN_TRAINING_CLASS = 10;

/**
 * Whether a training set has enough of each outcome, counted in accounts (an account gives a
 * row per cut day, so rows would overstate a handful of losses); the reason when not.
 */
export function tooLittleHistory(training: ReadonlyArray<{ accountId: string; label: 0 | 1 }>): string | null {
  const lost = new Set(training.filter((row) => row.label === 1).map((row) => row.accountId)).size;
  const kept = new Set(training.filter((row) => row.label === 0).map((row) => row.accountId)).size;
  if (lost >= MIN_TRAINING_CLASS && kept >= MIN_TRAINING_CLASS) return null;
  return `${lost} accounts lost and ${kept} kept in the terms ended so far; at least ${MIN_TRAINING_CLASS} of each are needed`;
}
/** Accounts per set-based read of the as-of day's facts. */
const FACTS_CHUNK = 5000;

export type RunBacktestOptions = Partial<Pick<CutOptions, 'strideDays'>> & {
  workspaceId: string;
  /** The day accounts are scored as they stood; default `today − horizonDays`. */
  asOf?: string;
  horizonDays: number;
  /** Today (UTC day) from the caller's clock: the horizon must have passed. */
  today: string;
  seed?: number;
  progress?: (line: string) => void;
};

export type BacktestResult = BacktestReport & {
  as_of: string;
  horizon_days: number;
  /** What the model was trained on: terms ended by the as-of day only, cut every `cut_every_days`. */
  training: { rows: number; positives: number; model: string; cut_every_days: number };
  /** Per account (for tests and the UI's drill-down): the outcome and both risks. */
  cases: Array<BacktestCase & { accountId: string }>;
};

/**
 * Scores every account with ARR on the as-of day as it stood then, with the current scorecard
 * and with a churn model trained only on renewals decided by that day (features N days before
 * each), and compares both with what happened within the horizon (churn or contraction).
 *
 * @example
 *   const result = await runBacktest(db, { workspaceId, horizonDays: 180, today: '2026-12-06' });
 *   result.auc_model; result.auc_scorecard;
 */
export async function runBacktest(db: Conn, options: RunBacktestOptions): Promise<BacktestResult> {
  const { asOf, until } = backtestWindow(options);
  const progress = options.progress ?? (() => {});

  progress(`Building the training set: terms ended by ${asOf}, labelled by losses within ${options.horizonDays} days…`);
  const training = await buildTrainingSet(db, { workspaceId: options.workspaceId, decidedBy: asOf, horizonDays: options.horizonDays, strideDays: options.strideDays, progress });
  const positives = training.filter((row) => row.label === 1).length;
  const tooLittle = tooLittleHistory(training);
  if (tooLittle) throw invalid(`Too little history before ${asOf} to train a model: ${tooLittle}. Pick a later as-of day.`);
  progress(`Training on ${training.length} rows (${positives} lost within the horizon)…`);
  const model = trainModel(training, options.seed ?? 0);

  const outcomes = await findBacktestOutcomes(db, { workspaceId: options.workspaceId, asOf, until });
  const { config } = await loadHealthConfig(db, options.workspaceId);
  const cases: BacktestResult['cases'] = [];
  for (let start = 0; start < outcomes.length; start += FACTS_CHUNK) {
    const chunk = outcomes.slice(start, start + FACTS_CHUNK);
    const facts = await findMeasureFacts(db, { workspaceId: options.workspaceId, asOf, accountIds: chunk.map((o) => o.account_id) });
    const probabilities = predictChurn(model, facts.map((f) => featureRecordOf(f, asOf)));
    const lost = new Map(chunk.map((o) => [o.account_id, o.lost]));
    facts.forEach((f, i) => {
      const score = scoreFacts(config, f, asOf);
      // An account nothing could be scored on sits in the middle, neither safe nor at risk.
      cases.push({ accountId: f.account_id, lost: lost.get(f.account_id) ? 1 : 0, scorecardRisk: 100 - (score.score ?? 50), modelProbability: probabilities[i]!, band: score.band });
    });
    progress(`Scored ${Math.min(start + FACTS_CHUNK, outcomes.length)}/${outcomes.length} accounts as of ${asOf}`);
  }
  const chosen = model.model.kind;
  return {
    as_of: asOf,
    horizon_days: options.horizonDays,
    ...summariseBacktest(cases),
    training: { rows: training.length, positives, model: chosen, cut_every_days: options.strideDays ?? DEFAULT_CUT.strideDays },
    cases,
  };
}

/**
 * The as-of day (default `today − horizonDays`) and the horizon's last day; a horizon that has
 * not passed yet is refused, since what happened in it is not known.
 */
export function backtestWindow(options: { asOf?: string; horizonDays: number; today: string }): { asOf: string; until: string } {
  const asOf = options.asOf ?? addDays(options.today, -options.horizonDays);
  const until = addDays(asOf, options.horizonDays);
  if (until > options.today)
    throw invalid(`The horizon of ${options.horizonDays} days after ${asOf} ends ${until}, after today (${options.today}): pick an as-of day at least ${options.horizonDays} days ago.`);
  return { asOf, until };
}

/** Fits the churn model on a training set (choice between logistic and trees inside it). */
export function trainModel(training: ReadonlyArray<{ accountId: string; label: 0 | 1; features: Record<string, unknown> }>, seed: number): ChurnModel {
  const table = tableFromRecords({
    specs: MODEL_FEATURES,
    records: training.map((row) => row.features as Record<string, number | string | null>),
    labels: training.map((row) => row.label),
    // Rows cut from one account stay together when models are compared (grouped hold-out).
    ids: training.map((row) => row.accountId),
    target: 'lost_within_horizon',
    positive: '1',
  });
  return fitChurnModel(table, { seed });
}
