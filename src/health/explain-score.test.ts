import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainMoves, explainReasons, formatMeasureValue } from './explain-score.js';
import type { ScoredMeasure } from './score-account.js';

const measure = (over: Partial<ScoredMeasure> & Pick<ScoredMeasure, 'key' | 'input'>): ScoredMeasure => ({
  label: over.key, value: null, points: null, weight: 10, contribution: 0, flag: null, ...over,
});

describe('explaining a score in words', () => {
  const now = [
    measure({ key: 'seats', label: 'Seat utilisation', input: 'seat_utilisation', value: 38, points: 40, weight: 20, contribution: 11.4 }),
    measure({ key: 'champion', label: 'Champion present', input: 'champion_present', value: 0, points: 0, weight: 15, contribution: 0 }),
    measure({ key: 'tickets', label: 'Open urgent/high tickets', input: 'open_urgent_tickets', value: 0, points: 100, weight: 10, contribution: 14.3 }),
    measure({ key: 'nps', label: 'NPS answers', input: 'nps', flag: 'outside_window', weight: 5 }),
  ];
  const weekAgo = [
    measure({ key: 'seats', label: 'Seat utilisation', input: 'seat_utilisation', value: 64, points: 82, weight: 20, contribution: 20.5 }),
    measure({ key: 'champion', label: 'Champion present', input: 'champion_present', value: 1, points: 100, weight: 15, contribution: 13.6 }),
    measure({ key: 'tickets', label: 'Open urgent/high tickets', input: 'open_urgent_tickets', value: 0, points: 100, weight: 10, contribution: 14.1 }),
    measure({ key: 'nps', label: 'NPS answers', input: 'nps', value: 8, points: 80, weight: 5, contribution: 3.6 }),
  ];

  test('reasons: the biggest loss first (weight × missing points), then flagged measures', () => {
    // champion 15 × 100 = 1500 lost; seats 20 × 60 = 1200 lost.
    assert.deepEqual(explainReasons(now), [
      'No champion: the last one left or none was named',
      '38% of the purchased seats were used in the last 28 days',
      'NPS answers: the last answer is too old to count',
    ]);
  });

  test('moves since last week: biggest change first, small ones left out', () => {
    assert.deepEqual(explainMoves(now, weekAgo), [
      'Champion present fell from yes to no (−13.6 points)',
      'Seat utilisation fell from 64% to 38% (−9.1 points)',
      'NPS answers: was 8.0 / 10, now the last answer is too old to count (−3.6 points)',
    ]);
  });

  test('values in the unit a CSM says', () => {
    assert.equal(formatMeasureValue({ input: 'first_response_minutes', value: 150, flag: null }), '3 hours');
    assert.equal(formatMeasureValue({ input: 'days_since_last_use', value: 1, flag: null }), '1 day');
    assert.equal(formatMeasureValue({ input: 'active_users_trend', value: -25, flag: null }), '-25%');
    assert.equal(formatMeasureValue({ input: 'seat_utilisation', value: null, flag: 'source_quiet' }), 'the source stopped sending, so it is not scored');
  });
});
