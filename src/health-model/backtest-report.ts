import { calibrationBins, prAuc, rocAuc, topDecileLift, type CalibrationBin } from '../churn-model/index.js';

/** One account in a backtest: what it lost within the horizon, and each method's risk for it. */
export type BacktestCase = {
  lost: 0 | 1;
  /** The scorecard's risk: 100 − score (a higher score is healthier). */
  scorecardRisk: number;
  /** The model's probability of churn or contraction. */
  modelProbability: number;
  band: 'green' | 'yellow' | 'red' | null;
};

export type BacktestReport = {
  accounts: number;
  positives: number;
  base_rate: number;
  auc_scorecard: number | null;
  auc_model: number | null;
  pr_auc_scorecard: number | null;
  pr_auc_model: number | null;
  lift_top_decile_scorecard: number | null;
  lift_top_decile_model: number | null;
  /** The model's predicted probability against the observed loss rate, ten equal-width bins. */
  calibration_model: CalibrationBin[];
  /** The scorecard has no probability: the observed loss rate of each band instead. */
  loss_rate_by_band: Array<{ band: string; accounts: number; lost: number; rate: number }>;
};

const round = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(4)) : null);

/**
 * The side-by-side numbers of a backtest (pure): ROC and PR AUC, top-decile lift, the model's
 * calibration and the scorecard's loss rate per band. NaN figures (one class absent) are null.
 */
export function summariseBacktest(cases: readonly BacktestCase[]): BacktestReport {
  const labels = cases.map((c) => c.lost);
  const scorecard = cases.map((c) => c.scorecardRisk);
  const model = cases.map((c) => c.modelProbability);
  const positives = labels.reduce<number>((sum, label) => sum + label, 0);
  const bands = ['red', 'yellow', 'green', 'unscored'].map((band) => {
    const own = cases.filter((c) => (c.band ?? 'unscored') === band);
    const lost = own.filter((c) => c.lost === 1).length;
    return { band, accounts: own.length, lost, rate: own.length ? Number((lost / own.length).toFixed(4)) : 0 };
  });
  return {
    accounts: cases.length,
    positives,
    base_rate: cases.length ? Number((positives / cases.length).toFixed(4)) : 0,
    auc_scorecard: round(rocAuc(labels, scorecard)),
    auc_model: round(rocAuc(labels, model)),
    pr_auc_scorecard: round(prAuc(labels, scorecard)),
    pr_auc_model: round(prAuc(labels, model)),
    lift_top_decile_scorecard: round(topDecileLift(labels, scorecard)),
    lift_top_decile_model: round(topDecileLift(labels, model)),
    calibration_model: calibrationBins(labels, model).map((bin) => ({
      ...bin,
      meanPredicted: Number(bin.meanPredicted.toFixed(4)),
      observedRate: Number(bin.observedRate.toFixed(4)),
    })),
    loss_rate_by_band: bands.filter((b) => b.accounts > 0),
  };
}
