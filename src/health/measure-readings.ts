import type { MeasureFacts } from './health.repository.js';
import type { InputReading } from './score-account.js';
import type { MeasureConfig, MeasureInput } from './scorecard-config.js';
import { daysBetween, DAY_MS } from './days.js';
import { experienceAt, experienceParamsFrom } from '../experience/index.js';

/** The product counts as having stopped sending when the workspace's last usage day is older than this. */
export const USAGE_QUIET_DAYS = 3;
/** Survey answers older than this no longer count. */
export const SURVEY_WINDOW_DAYS = 180;

const round1 = (n: number) => Math.round(n * 10) / 10;
const value = (v: number): InputReading => ({ value: v, flag: null });
const flagged = (flag: InputReading['flag']): InputReading => ({ value: null, flag });

/**
 * Turns an account's stored facts as of a day into each input's value, or a freshness
 * flag when the value cannot be trusted (never sent, source went quiet, too old, empty).
 *
 * @example
 *   readMeasureInputs(facts, '2026-11-30').seat_utilisation // → { value: 38.5, flag: null }
 */
export function readMeasureInputs(facts: MeasureFacts, asOf: string): Record<Exclude<MeasureInput, 'account_field'>, InputReading> {
  const usageQuiet = facts.workspace_last_usage_day === null || daysBetween(facts.workspace_last_usage_day, asOf) > USAGE_QUIET_DAYS;
  const neverUsed = facts.last_use_day === null;
  const usage = (compute: () => InputReading): InputReading =>
    usageQuiet ? flagged(facts.workspace_last_usage_day === null ? 'no_data' : 'source_quiet') : neverUsed ? flagged('no_data') : compute();
  const support = (compute: () => InputReading): InputReading => (facts.workspace_has_tickets ? compute() : flagged('no_data'));
  const survey = (average: number | null, lastAt: Date | null): InputReading => {
    if (average !== null) return value(round1(average));
    return flagged(lastAt === null ? 'no_data' : 'outside_window');
  };
  const priorBaseline = facts.tickets_prior_90d / 3;
  return {
    active_users: usage(() => value(facts.active_users)),
    active_users_trend: usage(() =>
      facts.prior_active_users === 0 ? flagged('no_data') : value(round1(((facts.active_users - facts.prior_active_users) / facts.prior_active_users) * 100)),
    ),
    seat_utilisation: usage(() => (facts.seats ? value(round1((facts.active_users / facts.seats) * 100)) : flagged('not_filled'))),
    // Counted in catalog features: with no catalog in force the workspace has not said what its features are.
    feature_breadth: usage(() => (facts.feature_breadth === null ? flagged('not_filled') : value(facts.feature_breadth))),
    days_since_last_use: usage(() => value(daysBetween(facts.last_use_day!, asOf))),
    core_users_lost: usage(() => value(facts.core_users_lost)),
    open_urgent_tickets: support(() => value(facts.open_urgent_tickets)),
    ticket_volume_trend: support(() =>
      priorBaseline === 0 ? (facts.tickets_30d === 0 ? value(0) : flagged('no_data')) : value(round1(((facts.tickets_30d - priorBaseline) / priorBaseline) * 100)),
    ),
    first_response_minutes: support(() => (facts.first_response_minutes === null ? flagged('no_data') : value(round1(facts.first_response_minutes)))),
    ticket_csat: support(() => (facts.csat_rated === 0 ? flagged('no_data') : value(round1((facts.csat_good / facts.csat_rated) * 100)))),
    nps: survey(facts.nps_average, facts.nps_last_at),
    survey_csat: survey(facts.survey_csat_average, facts.survey_csat_last_at),
    champion_present: value(facts.champion_present ? 1 : 0),
    executive_sponsor_present: value(facts.sponsor_present ? 1 : 0),
    // Never touched counts from the day the account was created: silence is the finding.
    days_since_csm_touch: value(
      facts.last_csm_touch_at ? Math.max(0, daysBetween(facts.last_csm_touch_at.toISOString().slice(0, 10), asOf)) : facts.account_age_days,
    ),
    days_to_renewal: facts.days_to_renewal === null ? flagged('not_filled') : value(facts.days_to_renewal),
    recent_contraction: value(facts.contraction),
    price_rise_pending: value(facts.price_rise ? 1 : 0),
    negative_signals: value(facts.negative_signals),
    funding_signal: value(facts.funding ? 1 : 0),
    // The running score at the end of the day, from the moments by then (none: not scored).
    experience_score: facts.experience_moments
      ? value(
          experienceAt(
            facts.experience_moments.map(([at, outcome, intensity]) => ({ occurredAt: new Date(at), outcome, intensity })),
            new Date(Date.parse(`${asOf}T00:00:00Z`) + DAY_MS - 1),
            experienceParamsFrom(facts.experience_params),
          ).score,
        )
      : flagged('no_data'),
  };
}

/** A numeric account column or custom field; not a number (or empty) → `not_filled`. */
export function readAccountField(facts: Pick<MeasureFacts, 'employee_count' | 'arr' | 'custom_fields'>, field: string): InputReading {
  const raw = field === 'employee_count' ? facts.employee_count : field === 'arr' ? facts.arr : facts.custom_fields[field.slice('custom_fields.'.length)];
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(number) ? value(number) : flagged('not_filled');
}

/** The reader `scoreAccount` takes, for one account's facts. */
export function measureReader(facts: MeasureFacts, asOf: string): (measure: MeasureConfig) => InputReading {
  const inputs = readMeasureInputs(facts, asOf);
  return (measure) => (measure.input === 'account_field' ? readAccountField(facts, measure.field!) : inputs[measure.input]);
}
