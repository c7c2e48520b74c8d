import type { ChurnReason } from '../churn-model/index.js';
import { MEASURE_INPUTS, sayMeasureValue, type MeasureInput } from '../health/index.js';

/** A reason the model gives for an account's risk, in words a CSM can repeat. */
export type RiskReason = { feature: string; value: number | string | null; contribution: number; text: string };

const LABELS: Record<string, string> = {
  account_age_days: 'Customer for',
  segment: 'Segment',
};

const isMeasureInput = (name: string): name is MeasureInput => (MEASURE_INPUTS as readonly string[]).includes(name);
const labelOf = (feature: string) => LABELS[feature] ?? feature.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Turns the model's per-feature contribution (log-odds) into a sentence: the measure's value
 * as the Health tab says it, or "no data" when the input was blank (the model reads a blank
 * as its own value: a source that never sent can itself be a warning).
 *
 * @example describeRiskReason({ feature: 'champion_present', value: 0, contribution: 0.8 })
 *   // → { …, text: 'No champion: the last one left or none was named' }
 */
export function describeRiskReason(reason: ChurnReason): RiskReason {
  const value = reason.value === undefined ? null : reason.value;
  let text: string;
  if (value === null) text = `${labelOf(reason.feature)}: no data`;
  else if (reason.feature === 'account_age_days' && typeof value === 'number') text = `Customer for ${Math.round(value)} days`;
  else if (reason.feature === 'segment') text = `In the ${value} segment`;
  else if (isMeasureInput(reason.feature) && typeof value === 'number') text = sayMeasureValue(reason.feature, value);
  else text = `${labelOf(reason.feature)}: ${value}`;
  return { feature: reason.feature, value, contribution: Number(reason.contribution.toFixed(4)), text };
}
