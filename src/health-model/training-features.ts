import type { FeatureRecord, FeatureSpec } from '../churn-model/index.js';
import { addDays, MEASURE_INPUTS, readMeasureInputs, type MeasureFacts, type MeasureInput } from '../health/index.js';

/**
 * The inputs the churn model reads: the measure inputs health reads as of a day, days to
 * renewal among them (losses come at renewals, so how near the next one is says when risk can
 * turn into a loss), plus the account's segment. Left out:
 * - sentiment (NPS, survey satisfaction, the running experience score): it falls whatever the
 *   cause — a departed champion, an outage, a price rise — so a model that reads it explains
 *   most risk as "the customer is unhappy" and names the cause a CSM can act on less often.
 *   Measured on demo worlds (issue 11): the riskiest accounts' reasons named their hidden
 *   driver in 63–89 % of cases with sentiment and 79–100 % without, for a backtest AUC of 0.869
 *   against 0.860 (seed 42). The scorecard still shows sentiment.
 * - account fields stored only as they are now (ARR, lifecycle stage, custom fields): a
 *   churned account's ARR of 0 or its "Churned" stage would leak the answer.
 */
const LEFT_OUT: readonly MeasureInput[] = ['account_field', 'nps', 'survey_csat', 'experience_score'];
export const MODEL_FEATURES: readonly FeatureSpec[] = MEASURE_INPUTS.filter((input) => !LEFT_OUT.includes(input))
  .map((name): FeatureSpec => ({ name, kind: 'numeric' }))
  .concat([{ name: 'segment', kind: 'categorical' }]);

/**
 * One account's model inputs from its facts as of `asOf`: a flagged reading (no data, source
 * quiet, too old, empty) is a blank, which the models treat as missing, never as zero.
 */
export function featureRecordOf(facts: MeasureFacts, asOf: string): FeatureRecord {
  const inputs = readMeasureInputs(facts, asOf);
  const record: Record<string, number | string | null> = {};
  for (const spec of MODEL_FEATURES) {
    if (spec.name === 'segment') record.segment = facts.segment;
    else record[spec.name] = inputs[spec.name as keyof typeof inputs].value;
  }
  return record;
}

export type CutOptions = {
  /**
   * A training row is lost when the account churned or contracted within this many days after
   * its cut: the question the model answers when it is used (and the backtest checks).
   */
  horizonDays: number;
  /**
   * Cuts fall on a grid of this many days counted from 1970-01-01, so the accounts cut on one
   * day share one set-based read of their facts.
   */
  strideDays: number;
};

export const DEFAULT_CUT: CutOptions = { horizonDays: 180, strideDays: 28 };

/** A day an account's facts are read as of, and whether it was lost within the horizon after it. */
export type TrainingCut = { accountId: string; cutDay: string; decisionDay: string; label: 0 | 1 };

/** A renewal decision and the day its term began (the previous decision, or the first contract). */
export type DecisionInTerm = { account_id: string; day: string; lost: boolean; since: string };

const dayNumberOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/**
 * The training cuts: every grid day of each term that ended by `decidedBy`, from the term's
 * first day to the day before its decision, labelled lost when a churn or contraction came
 * after the cut within the horizon (and by `decidedBy`: nothing later is known). A model
 * scores accounts on any day of their term, near or far from renewal, so it learns from rows
 * cut the same way; one row per renewal cut a fixed time before it would teach the model
 * nothing about how near the renewal is.
 *
 * @example
 *   planTrainingCuts([{ account_id: 'a', day: '2026-03-01', lost: true, since: '2025-03-01' }],
 *     { horizonDays: 180, strideDays: 28, decidedBy: '2026-06-01' })
 *   // → 13 cuts from 2025-03-13 to 2026-02-12, the last 6 (within 180 days of 2026-03-01) lost
 */
export function planTrainingCuts(decisions: readonly DecisionInTerm[], options: CutOptions & { decidedBy: string }): TrainingCut[] {
  const lossesByAccount = new Map<string, string[]>();
  for (const decision of decisions) {
    if (!decision.lost || decision.day > options.decidedBy) continue;
    const losses = lossesByAccount.get(decision.account_id);
    if (losses) losses.push(decision.day);
    else lossesByAccount.set(decision.account_id, [decision.day]);
  }
  const cuts: TrainingCut[] = [];
  for (const decision of decisions) {
    if (decision.day > options.decidedBy) continue;
    const losses = lossesByAccount.get(decision.account_id) ?? [];
    const first = dayNumberOf(decision.since);
    const stride = options.strideDays;
    for (let n = Math.ceil(first / stride) * stride; n < dayNumberOf(decision.day); n += stride) {
      const cutDay = addDays('1970-01-01', n);
      const horizonEnd = addDays(cutDay, options.horizonDays);
      const lost = losses.some((day) => day > cutDay && day <= horizonEnd);
      cuts.push({ accountId: decision.account_id, cutDay, decisionDay: decision.day, label: lost ? 1 : 0 });
    }
  }
  return cuts;
}
