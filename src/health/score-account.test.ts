import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bandFor, pointsFor, scoreAccount, type InputReading } from './score-account.js';
import { healthConfigSchema, scorecardFor, type MeasureMapping, type Scorecard } from './scorecard-config.js';

const thresholds: MeasureMapping = { type: 'thresholds', steps: [{ upTo: 3, points: 100 }, { upTo: 7, points: 70 }, { upTo: 14, points: 40 }], otherwise: 0 };
const curve: MeasureMapping = { type: 'curve', points: [[10, 0], [30, 30], [60, 80], [80, 100]] };

describe('a measure value maps to points', () => {
  const cases: Array<[string, MeasureMapping, number, number]> = [
    ['thresholds: at a step’s bound', thresholds, 3, 100],
    ['thresholds: just above it', thresholds, 3.5, 70],
    ['thresholds: the last step', thresholds, 14, 40],
    ['thresholds: above every step', thresholds, 15, 0],
    ['curve: flat below the first point', curve, 0, 0],
    ['curve: on a point', curve, 30, 30],
    ['curve: between points (30→30, 60→80: 45 is halfway → 55)', curve, 45, 55],
    ['curve: 70 is halfway from 80 to 100 → 90', curve, 70, 90],
    ['curve: flat beyond the last point', curve, 500, 100],
  ];
  for (const [name, mapping, value, expected] of cases) test(name, () => assert.equal(pointsFor(mapping, value), expected));
});

const card: Scorecard = {
  key: 'standard',
  name: 'Standard',
  segments: [],
  lifecycleStages: [],
  measures: [
    { key: 'seats', label: 'Seat utilisation', input: 'seat_utilisation', weight: 20, mapping: curve },
    { key: 'champion', label: 'Champion present', input: 'champion_present', weight: 10, mapping: { type: 'thresholds', steps: [{ upTo: 0, points: 0 }], otherwise: 100 } },
    { key: 'nps', label: 'NPS', input: 'nps', weight: 10, mapping: { type: 'curve', points: [[0, 0], [10, 100]] } },
    { key: 'renewal', label: 'Days to renewal', input: 'days_to_renewal', weight: 0, mapping: { type: 'curve', points: [[30, 50], [90, 100]] } },
  ],
};
const bands = { bands: { green: 70, yellow: 45 } };
const reading = (values: Record<string, InputReading>) => (m: { input: string }) => values[m.input] ?? { value: null, flag: 'no_data' as const };

describe('scoring an account', () => {
  test('weighted mean of points, contributions add up to the score (hand-computed)', () => {
    // seats 45% → 55 points × 20; champion yes → 100 × 10; NPS 7 → 70 × 10; weight 40.
    // (1100 + 1000 + 700) / 40 = 70 → green. Contributions 27.5 + 25 + 17.5 = 70.
    const result = scoreAccount(bands, card, reading({
      seat_utilisation: { value: 45, flag: null },
      champion_present: { value: 1, flag: null },
      nps: { value: 7, flag: null },
      days_to_renewal: { value: 40, flag: null },
    }));
    assert.equal(result.score, 70);
    assert.equal(result.band, 'green');
    assert.deepEqual(result.measures.map((m) => [m.key, m.points, m.contribution]), [
      ['seats', 55, 27.5],
      ['champion', 100, 25],
      ['nps', 70, 17.5],
      ['renewal', 58.3, 0],
    ]);
  });

  test('a flagged measure is left out and its weight shared, never scored as zero', () => {
    // NPS outside its window: (55×20 + 0×10) / 30 = 36.67 → 37, red.
    const result = scoreAccount(bands, card, reading({
      seat_utilisation: { value: 45, flag: null },
      champion_present: { value: 0, flag: null },
      nps: { value: null, flag: 'outside_window' },
      days_to_renewal: { value: 40, flag: null },
    }));
    assert.equal(result.score, 37);
    assert.equal(result.band, 'red');
    const nps = result.measures.find((m) => m.key === 'nps')!;
    assert.deepEqual([nps.points, nps.contribution, nps.flag], [null, 0, 'outside_window']);
    assert.equal(result.measures.find((m) => m.key === 'seats')!.contribution, 36.7);
  });

  test('nothing trustworthy to score: no score and no band', () => {
    const result = scoreAccount(bands, card, reading({}));
    assert.equal(result.score, null);
    assert.equal(result.band, null);
  });

  test('bands: at the green bound is green, just under yellow is red', () => {
    assert.deepEqual([bandFor(bands, 70), bandFor(bands, 69), bandFor(bands, 45), bandFor(bands, 44)], ['green', 'yellow', 'yellow', 'red']);
  });
});

describe('scorecards', () => {
  const config = healthConfigSchema.parse({
    bands: { green: 70, yellow: 45 },
    scorecards: [
      { ...card, key: 'default' },
      { ...card, key: 'tech', segments: ['self-serve'] },
      { ...card, key: 'onboarding', lifecycleStages: ['Adoption'] },
    ],
  });
  test('an account gets its lifecycle stage’s card, else its segment’s, else the default', () => {
    assert.equal(scorecardFor(config, { segment: 'self-serve', lifecycleStage: 'Adoption' }).key, 'onboarding');
    assert.equal(scorecardFor(config, { segment: 'self-serve', lifecycleStage: 'Performance' }).key, 'tech');
    assert.equal(scorecardFor(config, { segment: 'enterprise', lifecycleStage: null }).key, 'default');
  });
  test('a measure over an account field needs the field', () => {
    const parsed = healthConfigSchema.safeParse({ ...config, scorecards: [{ ...card, measures: [{ key: 'size', label: 'Size', input: 'account_field', weight: 1, mapping: curve }] }] });
    assert.equal(parsed.success, false);
    assert.match(JSON.stringify(parsed.error?.issues), /field is required/);
  });
});
