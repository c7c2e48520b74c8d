import type { FeatureRecord, FeatureSpec } from '../churn-model/index.js';
import { addDays, MEASURE_INPUTS, readMeasureInputs, type MeasureFacts, type MeasureInput } from '../health/index.js';

/**
 * The inputs the churn model reads: every measure input health reads as of a day, days to
 * renewal among them (training rows are cut all through each term, so the model learns how
 * near a renewal must be for a loss to fall inside the horizon), plus the account's segment.
 * Account fields that are stored only as they are now (ARR, lifecycle stage, custom fields) are
 * left out: a churned account's ARR of 0 or its "Churned" stage would leak the answer. So is
 * the account's age (`accounts.created_at` is when the row was written, not when the customer
 * signed: an import gives every account the same age).
 */
const LEFT_OUT: readonly MeasureInput[] = ['account_field'];
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
   * Cuts are taken up to this many days before each renewal decision (default 365: the whole
   * of an annual term), never before the account's previous decision.
   */
  leadDays: number;
  /**
   * Cuts fall on a grid of this many days (counted from 1970-01-01), so every account cut on
   * a day shares one set-based read (default 28).
   */
  gridDays: number;
};

export const DEFAULT_CUT: CutOptions = { leadDays: 365, gridDays: 28 };

/** The stored risk and the default backtest: churn or contraction within this many days. */
export const DEFAULT_HORIZON_DAYS = 180;

const dayNumberOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/**
 * The days a renewal decision's training rows are read as of: every grid day after the
 * account's previous decision (if any) and at most `leadDays` before this one, the decision
 * day itself excluded (what is booked that day is the answer).
 *
 * @example cutDaysOf({ decisionDay: '2026-03-01', previousDay: '2026-01-10' }, { leadDays: 365, gridDays: 28 })
 *   // → ['2026-01-15', '2026-02-12'] (2026-01-15 is day 20468 = 731 × 28)
 */
export function cutDaysOf(decision: { decisionDay: string; previousDay: string | null }, options: CutOptions): string[] {
  const decisionNumber = dayNumberOf(decision.decisionDay);
  const earliest = Math.max(decisionNumber - options.leadDays, decision.previousDay === null ? -Infinity : dayNumberOf(decision.previousDay) + 1);
  const last = decisionNumber - 1;
  const days: string[] = [];
  for (let n = last - (((last % options.gridDays) + options.gridDays) % options.gridDays); n >= earliest; n -= options.gridDays) {
    days.unshift(addDays(decision.decisionDay, n - decisionNumber));
  }
  return days;
}
