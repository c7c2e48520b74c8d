import type { FeatureRecord, FeatureSpec } from '../churn-model/index.js';
import { addDays, MEASURE_INPUTS, readMeasureInputs, type MeasureFacts, type MeasureInput } from '../health/index.js';

/**
 * The inputs the churn model reads: every measure input health reads as of a day, except
 * `days_to_renewal` (training rows are cut a fixed N days before their renewal, so it carries
 * no information there and would mislead at scoring time), plus the
 * account's segment. Account fields that are stored only as they are now (ARR, lifecycle stage, custom
 * fields) are left out: a churned account's ARR of 0 or its "Churned" stage would leak the answer.
 * So is the account's age: every training row is cut a fixed time before an anniversary, so
 * the model would learn ages that never occur at scoring time (and extrapolate wildly).
 */
const LEFT_OUT: readonly MeasureInput[] = ['days_to_renewal', 'account_field'];
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
  /** Features are taken this many days before the decision (default 90). */
  leadDays: number;
  /**
   * Cuts are moved back to the nearest earlier day on a grid of this many days (counted from
   * 1970-01-01), so decisions a few days apart share one set-based read. Moving back never
   * lets a fact from after `decision − leadDays` in. 1 = the exact day.
   */
  gridDays: number;
};

export const DEFAULT_CUT: CutOptions = { leadDays: 90, gridDays: 7 };

/**
 * The day a decision's features are read as of.
 *
 * @example cutDayOf('2026-04-10', { leadDays: 90, gridDays: 1 }) // → '2026-01-10'
 */
export function cutDayOf(decisionDay: string, options: CutOptions): string {
  const cut = addDays(decisionDay, -options.leadDays);
  const dayNumber = Math.round(Date.parse(`${cut}T00:00:00Z`) / 86_400_000);
  return addDays(cut, -(((dayNumber % options.gridDays) + options.gridDays) % options.gridDays));
}
