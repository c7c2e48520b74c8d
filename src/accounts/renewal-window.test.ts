import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RenewalWindow } from './accounts.schema.js';
import { renewalWindowDays, type DayRange } from './renewal-window.js';

const cases: Array<[window: RenewalWindow, today: string, expected: DayRange]> = [
  ['overdue', '2026-05-20', { to: '2026-05-19' }],
  // 20 May + 29 days = 18 June; + 89 days = 17 August.
  ['next_30_days', '2026-05-20', { from: '2026-05-20', to: '2026-06-18' }],
  ['next_90_days', '2026-05-20', { from: '2026-05-20', to: '2026-08-17' }],
  // Q2 ends 30 June; Q3 is July–September; in Q4 the next quarter is next year's first.
  ['this_quarter', '2026-05-20', { from: '2026-05-20', to: '2026-06-30' }],
  ['next_quarter', '2026-05-20', { from: '2026-07-01', to: '2026-09-30' }],
  ['next_quarter', '2026-11-02', { from: '2027-01-01', to: '2027-03-31' }],
  ['next_90_days', '2026-12-15', { from: '2026-12-15', to: '2027-03-14' }],
  ['this_year', '2026-05-20', { from: '2026-05-20', to: '2026-12-31' }],
];

for (const [window, today, expected] of cases) {
  test(`renewal window ${window} from ${today}`, () => assert.deepEqual(renewalWindowDays(window, today), expected));
}
