import assert from 'node:assert/strict';
import { test } from 'node:test';
import { riskReasons } from './describe-risk.js';

test('risk reasons: the measures that raise the risk most, in words; background and trifles left out', () => {
  const reasons = riskReasons(
    [
      { feature: 'days_to_renewal', value: 24, contribution: 1.9 },
      { feature: 'segment', value: 'self-serve', contribution: 0.46 },
      { feature: 'seat_utilisation', value: 9, contribution: 0.55 },
      { feature: 'champion_present', value: 0, contribution: 0.39 },
      { feature: 'first_response_minutes', value: null, contribution: 0.1 },
      { feature: 'days_since_last_use', value: 1, contribution: 0.03 },
      { feature: 'active_users', value: 40, contribution: -0.6 },
    ],
    3,
  );
  assert.deepEqual(
    reasons.map((reason) => [reason.feature, reason.text]),
    [
      ['seat_utilisation', '9% of the purchased seats were used in the last 28 days'],
      ['champion_present', 'No champion: the last one left or none was named'],
      ['first_response_minutes', 'First response time: no data'],
    ],
  );
});
