import type { ChurnReason } from '../churn-model/index.js';
import { MEASURE_INPUTS, sayMeasureValue, type MeasureInput } from '../health/index.js';

/** A reason the model gives for an account's risk, in words a CSM can repeat. */
export type RiskReason = { feature: string; value: number | string | null; contribution: number; text: string };

/** Names for a blank input's "no data" reason where the column name reads badly. */
const LABELS: Record<string, string> = {
  ticket_csat: 'Ticket CSAT',
  first_response_minutes: 'First response time',
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
  else if (isMeasureInput(reason.feature) && typeof value === 'number') text = sayMeasureValue(reason.feature, value);
  else text = `${labelOf(reason.feature)}: ${value}`;
  return { feature: reason.feature, value, contribution: Number(reason.contribution.toFixed(4)), text };
}

/**
 * Background every account of its kind shares: how near its renewal is (when a risk can become
 * a loss, not why) and its segment (the segment's usual loss rate).
 */
const BACKGROUND: readonly string[] = ['days_to_renewal', 'segment'];
/** Below this (log-odds, about a point of probability at 20 %) a feature barely moves the risk: not worth a CSM's attention. */
const MIN_CONTRIBUTION = 0.05;

/**
 * An account's risk reasons from its feature contributions: the `top` measures that raise it
 * most. Days to renewal and the segment are left out: they raise the risk of every account near
 * its renewal or in a segment that churns more, say nothing a CSM could change, and the
 * account page shows both.
 *
 * @example riskReasons(explainChurn(model, [record])[0].contributions, 3)
 *   // → [{ feature: 'seat_utilisation', text: '9% of the purchased seats were used…' }, …]
 */
export function riskReasons(contributions: readonly ChurnReason[], top: number): RiskReason[] {
  return contributions
    .filter((reason) => reason.contribution >= MIN_CONTRIBUTION && !BACKGROUND.includes(reason.feature))
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, top)
    .map(describeRiskReason);
}
