import type { MeasureFacts } from './health.repository.js';
import { readMeasureInputs } from './measure-readings.js';

/**
 * Signals that point opposite ways (issue 11 item 7): the score averages them away, so they
 * are flagged beside it for a CSM to ask about. `heavy_usage_shrinking_contract`: the seats
 * are used but the customer cut the contract (a budget or procurement problem the usage
 * measures cannot see). `rising_spend_falling_adoption`: the customer pays more while fewer
 * people use the product (shelfware building up before a renewal).
 */
export const DISAGREEMENT_KINDS = ['heavy_usage_shrinking_contract', 'rising_spend_falling_adoption'] as const;
export type DisagreementKind = (typeof DISAGREEMENT_KINDS)[number];
export type SignalDisagreement = { kind: DisagreementKind; text: string };

/** Seat utilisation (last 28 days) at or above this counts as heavy usage. */
export const HEAVY_USAGE_UTILISATION = 80;
/** Active users down by at least this share against the 28 days before counts as falling adoption. */
export const FALLING_ADOPTION_TREND = -20;
/** …or at least this many regular users stopped using the product. */
export const FALLING_ADOPTION_CORE_USERS_LOST = 2;
/** Contract changes within this many days count (the window of the recent contraction measure). */
export const CONTRACT_WINDOW_DAYS = 180;

/**
 * What the rules read. Usage values are null when they cannot be trusted (no data, source
 * quiet, no seats on the contract): a rule never fires on a value it does not have.
 */
export type DisagreementInputs = {
  seatUtilisation: number | null;
  activeUsersTrend: number | null;
  coreUsersLost: number | null;
  /** ARR lost to contractions in the window (positive). */
  contractionArr: number;
  /** ARR gained from expansions in the window (positive). */
  expansionArr: number;
};

const money = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The disagreements among an account's signals. The contract "shrank" when the window's
 * contractions outweigh its expansions and "grew" when the expansions do, so one account
 * never shows both directions.
 *
 * @example
 *   findSignalDisagreements({ seatUtilisation: 92, activeUsersTrend: 5, coreUsersLost: 0, contractionArr: 4800, expansionArr: 0 })
 *   // → [{ kind: 'heavy_usage_shrinking_contract', text: 'Heavy usage (92% of seats used) but the contract shrank by 4,800 ARR in 180 days' }]
 */
export function findSignalDisagreements(inputs: DisagreementInputs): SignalDisagreement[] {
  const net = inputs.expansionArr - inputs.contractionArr;
  const found: SignalDisagreement[] = [];
  if (net < 0 && inputs.seatUtilisation !== null && inputs.seatUtilisation >= HEAVY_USAGE_UTILISATION) {
    found.push({
      kind: 'heavy_usage_shrinking_contract',
      text: `Heavy usage (${Math.round(inputs.seatUtilisation)}% of seats used) but the contract shrank by ${money(-net)} ARR in ${CONTRACT_WINDOW_DAYS} days`,
    });
  }
  if (net > 0) {
    const falling: string[] = [];
    if (inputs.activeUsersTrend !== null && inputs.activeUsersTrend <= FALLING_ADOPTION_TREND) {
      falling.push(`active users fell ${Math.abs(Math.round(inputs.activeUsersTrend))}%`);
    }
    if (inputs.coreUsersLost !== null && inputs.coreUsersLost >= FALLING_ADOPTION_CORE_USERS_LOST) {
      falling.push(`${inputs.coreUsersLost} regular users stopped using the product`);
    }
    if (falling.length > 0) {
      found.push({
        kind: 'rising_spend_falling_adoption',
        text: `Spend rose by ${money(net)} ARR in ${CONTRACT_WINDOW_DAYS} days but ${falling.join(' and ')}`,
      });
    }
  }
  return found;
}

/** The rules' inputs from an account's facts as of a day (the ones the score was read from) and its expansion ARR. */
export function disagreementInputsOf(facts: MeasureFacts, expansionArr: number, asOf: string): DisagreementInputs {
  const inputs = readMeasureInputs(facts, asOf);
  const trusted = (reading: { value: number | null; flag: unknown }) => (reading.flag === null ? reading.value : null);
  return {
    seatUtilisation: trusted(inputs.seat_utilisation),
    activeUsersTrend: trusted(inputs.active_users_trend),
    coreUsersLost: trusted(inputs.core_users_lost),
    contractionArr: facts.contraction,
    expansionArr,
  };
}
