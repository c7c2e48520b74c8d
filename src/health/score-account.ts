import type { HealthBand, HealthConfig, MeasureConfig, MeasureInput, MeasureMapping, Scorecard } from './scorecard-config.js';

/**
 * Why a measure has no trustworthy value, shown on the score instead of scoring it as zero
 * or as healthy: `no_data` (the account never sent this input), `source_quiet` (the source
 * stopped sending: the workspace's product usage went silent), `outside_window` (the last
 * answer is older than the measure's window), `not_filled` (the field is empty).
 */
export const FRESHNESS_FLAGS = ['no_data', 'source_quiet', 'outside_window', 'not_filled'] as const;
export type FreshnessFlag = (typeof FRESHNESS_FLAGS)[number];

export type InputReading = { value: number | null; flag: FreshnessFlag | null };

export type ScoredMeasure = {
  key: string;
  label: string;
  input: MeasureInput;
  value: number | null;
  /** 0–100, null when flagged. */
  points: number | null;
  weight: number;
  /** Points this measure adds to the 0–100 score (points × its share of the counted weight). */
  contribution: number;
  flag: FreshnessFlag | null;
};

export type AccountScore = {
  /** null when every weighted measure is flagged: nothing to score honestly. */
  score: number | null;
  band: HealthBand | null;
  scorecardKey: string;
  measures: ScoredMeasure[];
};

/** Maps a measure's value to 0–100 points by its thresholds or curve. */
export function pointsFor(mapping: MeasureMapping, value: number): number {
  if (mapping.type === 'thresholds') {
    const step = mapping.steps.find((s) => value <= s.upTo);
    return step ? step.points : mapping.otherwise;
  }
  const pts = mapping.points;
  if (value <= pts[0]![0]) return pts[0]![1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    if (value <= x1) {
      const [x0, y0] = pts[i - 1]!;
      return y0 + ((y1 - y0) * (value - x0)) / (x1 - x0);
    }
  }
  return pts[pts.length - 1]![1];
}

export function bandFor(config: Pick<HealthConfig, 'bands'>, score: number): HealthBand {
  if (score >= config.bands.green) return 'green';
  return score >= config.bands.yellow ? 'yellow' : 'red';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Scores one account with its scorecard: each measure's value → points; the score is the
 * weighted mean of the points of the measures that have a trustworthy value (flagged ones
 * are left out and their weight shared among the rest), rounded to a whole number.
 *
 * @example
 *   scoreAccount(config, card, (m) => readings[m.input]) // → { score: 62, band: 'yellow', measures: [...] }
 */
export function scoreAccount(
  config: Pick<HealthConfig, 'bands'>,
  card: Scorecard,
  read: (measure: MeasureConfig) => InputReading,
): AccountScore {
  const rows = card.measures.map((measure) => {
    const reading = read(measure);
    const usable = reading.flag === null && reading.value !== null;
    return { measure, reading, points: usable ? round1(pointsFor(measure.mapping, reading.value!)) : null };
  });
  const counted = rows.filter((row) => row.points !== null && row.measure.weight > 0);
  const totalWeight = counted.reduce((sum, row) => sum + row.measure.weight, 0);
  const measures: ScoredMeasure[] = rows.map(({ measure, reading, points }) => ({
    key: measure.key,
    label: measure.label,
    input: measure.input,
    value: reading.value,
    points,
    weight: measure.weight,
    contribution: points !== null && totalWeight > 0 ? round1((points * measure.weight) / totalWeight) : 0,
    flag: reading.flag,
  }));
  if (totalWeight === 0) return { score: null, band: null, scorecardKey: card.key, measures };
  const exact = counted.reduce((sum, row) => sum + row.points! * row.measure.weight, 0) / totalWeight;
  const score = Math.round(exact);
  return { score, band: bandFor(config, score), scorecardKey: card.key, measures };
}
