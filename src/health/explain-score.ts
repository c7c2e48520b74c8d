import type { ScoredMeasure } from './score-account.js';
import type { MeasureInput } from './scorecard-config.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const whole = (n: number) => String(Math.round(n));
const signedPercent = (n: number) => `${n > 0 ? '+' : ''}${Math.round(n)}%`;
const yesNo = (n: number) => (n > 0 ? 'yes' : 'no');

/** A value in the unit a CSM says it in ("38%", "12 days", "yes"). */
const FORMAT: Record<MeasureInput, (value: number) => string> = {
  active_users: (n) => plural(n, 'user'),
  active_users_trend: signedPercent,
  seat_utilisation: (n) => `${whole(n)}%`,
  feature_breadth: (n) => plural(n, 'feature'),
  days_since_last_use: (n) => plural(n, 'day'),
  core_users_lost: (n) => plural(n, 'user'),
  open_urgent_tickets: (n) => plural(n, 'ticket'),
  ticket_volume_trend: signedPercent,
  first_response_minutes: (n) => (n >= 120 ? `${whole(n / 60)} hours` : `${whole(n)} minutes`),
  ticket_csat: (n) => `${whole(n)}% satisfied`,
  nps: (n) => `${n.toFixed(1)} / 10`,
  survey_csat: (n) => `${n.toFixed(1)} / 5`,
  champion_present: yesNo,
  executive_sponsor_present: yesNo,
  days_since_csm_touch: (n) => plural(n, 'day'),
  days_to_renewal: (n) => plural(n, 'day'),
  recent_contraction: (n) => `${whole(n)} ARR`,
  price_rise_pending: yesNo,
  negative_signals: (n) => plural(n, 'signal'),
  funding_signal: yesNo,
  experience_score: (n) => `${whole(n)} / 100`,
  account_field: (n) => String(Math.round(n * 100) / 100),
};

/** What a low measure means, in a sentence a CSM can repeat to the customer. */
const SAY: Record<MeasureInput, (value: number) => string> = {
  active_users: (n) => `${plural(n, 'person', 'people')} used the product in the last 28 days`,
  active_users_trend: (n) => `active users ${n < 0 ? 'fell' : 'rose'} ${Math.abs(Math.round(n))}% against the 28 days before`,
  seat_utilisation: (n) => `${whole(n)}% of the purchased seats were used in the last 28 days`,
  feature_breadth: (n) => `at most ${plural(n, 'feature')} used on a day in the last 28 days`,
  days_since_last_use: (n) => `nobody has used the product for ${plural(n, 'day')}`,
  core_users_lost: (n) => `${plural(n, 'regular user')} stopped using the product this month`,
  open_urgent_tickets: (n) => `${plural(n, 'urgent or high-priority ticket')} open`,
  ticket_volume_trend: (n) => `support tickets ${n < 0 ? 'down' : 'up'} ${Math.abs(Math.round(n))}% on the usual month`,
  first_response_minutes: (n) => `first replies to tickets took ${FORMAT.first_response_minutes(n)} (median, 90 days)`,
  ticket_csat: (n) => `${whole(n)}% of rated tickets were rated good (90 days)`,
  nps: (n) => `NPS answers average ${n.toFixed(1)} out of 10 (180 days)`,
  survey_csat: (n) => `survey satisfaction averages ${n.toFixed(1)} out of 5 (180 days)`,
  champion_present: (n) => (n > 0 ? 'a champion is in place' : 'no champion: the last one left or none was named'),
  executive_sponsor_present: (n) => (n > 0 ? 'an executive sponsor is in place' : 'no executive sponsor'),
  days_since_csm_touch: (n) => `no meeting, email or note from us in ${plural(n, 'day')}`,
  days_to_renewal: (n) => `renewal in ${plural(n, 'day')}`,
  recent_contraction: (n) => (n > 0 ? `contracted by ${whole(n)} ARR in the last 180 days` : 'no contraction in the last 180 days'),
  price_rise_pending: (n) => (n > 0 ? 'a price rise was quoted for the renewal' : 'no price rise pending'),
  negative_signals: (n) => `${plural(n, 'warning sign')} in the news in 90 days (vendor review, leadership change, layoffs)`,
  funding_signal: (n) => (n > 0 ? 'raised funding in the last 180 days' : 'no recent funding'),
  experience_score: (n) => `the running experience score is ${whole(n)} / 100 (50 = no net experience; bad moments weigh more)`,
  account_field: (n) => `value ${FORMAT.account_field(n)}`,
};

const FLAG_SAY = {
  no_data: 'no data yet',
  source_quiet: 'the source stopped sending, so it is not scored',
  outside_window: 'the last answer is too old to count',
  not_filled: 'the field is empty',
} as const;

export function formatMeasureValue(measure: Pick<ScoredMeasure, 'input' | 'value' | 'flag'>): string {
  if (measure.flag) return FLAG_SAY[measure.flag];
  return measure.value === null ? '—' : FORMAT[measure.input](measure.value);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A measure input's value as a sentence a CSM can repeat (the churn model's reasons use it).
 *
 * @example sayMeasureValue('seat_utilisation', 23) // → '23% of the purchased seats were used in the last 28 days'
 */
export function sayMeasureValue(input: MeasureInput, value: number): string {
  return capitalise(SAY[input](value));
}

/**
 * Why the score is low: the weighted measures under 50 points, biggest loss first (weight ×
 * missing points), then the flagged ones, each as a sentence.
 *
 * @example
 *   explainReasons(measures) // → ['No champion: the last one left or none was named', '23% of the purchased seats…']
 */
export function explainReasons(measures: ScoredMeasure[], limit = 5): string[] {
  const low = measures
    .filter((m) => m.weight > 0 && m.points !== null && m.points < 50 && m.value !== null)
    .sort((a, b) => b.weight * (100 - b.points!) - a.weight * (100 - a.points!) || a.key.localeCompare(b.key))
    .map((m) => capitalise(SAY[m.input](m.value!)));
  const flagged = measures.filter((m) => m.weight > 0 && m.flag).map((m) => `${m.label}: ${FLAG_SAY[m.flag!]}`);
  return [...low, ...flagged].slice(0, limit);
}

/**
 * What moved the score since a week ago: measures whose contribution changed by at least
 * half a point, the biggest change first, e.g. "Seat utilisation fell from 64% to 38% (−6 points)".
 */
export function explainMoves(now: ScoredMeasure[], before: ScoredMeasure[], limit = 5): string[] {
  const previous = new Map(before.map((m) => [m.key, m]));
  const moves: Array<{ delta: number; key: string; text: string }> = [];
  for (const measure of now) {
    const old = previous.get(measure.key);
    if (!old || measure.weight === 0) continue;
    const delta = Math.round((measure.contribution - old.contribution) * 10) / 10;
    if (Math.abs(delta) < 0.5) continue;
    const points = `${delta > 0 ? '+' : '−'}${Math.abs(delta)} points`;
    const from = formatMeasureValue(old);
    const to = formatMeasureValue(measure);
    const text =
      old.flag || measure.flag || old.value === null || measure.value === null
        ? `${measure.label}: was ${from}, now ${to} (${points})`
        : `${measure.label} ${measure.value > old.value ? 'rose' : 'fell'} from ${from} to ${to} (${points})`;
    moves.push({ delta, key: measure.key, text });
  }
  return moves
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((m) => m.text);
}
