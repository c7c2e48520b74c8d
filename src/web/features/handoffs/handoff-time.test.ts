import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeClock } from './handoff-time.js';

test('a card tells time left, time overdue, or how early or late it was completed', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  assert.deepEqual(describeClock({ dueAt: '2026-12-08T16:00:00Z', completedAt: null }, now), { text: 'due in 3 d 4 h', late: false });
  assert.deepEqual(describeClock({ dueAt: '2026-12-05T12:40:00Z', completedAt: null }, now), { text: 'due in 40 min', late: false });
  assert.deepEqual(describeClock({ dueAt: '2026-12-05T07:00:00Z', completedAt: null }, now), { text: 'overdue by 5 h', late: true });
  assert.deepEqual(describeClock({ dueAt: '2026-12-05T07:00:00Z', completedAt: '2026-12-07T07:00:00Z' }, now), { text: 'completed 2 d late', late: true });
  assert.deepEqual(describeClock({ dueAt: '2026-12-05T07:00:00Z', completedAt: '2026-12-04T07:00:00Z' }, now), { text: 'completed 24 h early', late: false });
});
