import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueAt, escalationAt } from './handoff-clock.js';

describe('hand-off clock', () => {
  const cases: [string, string, Parameters<typeof dueAt>[1], string][] = [
    ['24 wall-clock hours', '2026-12-04T16:00:00Z', { amount: 24, unit: 'hours', businessHours: false }, '2026-12-05T16:00:00.000Z'],
    ['5 wall-clock days', '2026-12-04T16:00:00Z', { amount: 5, unit: 'days', businessHours: false }, '2026-12-09T16:00:00.000Z'],
    ['2 working hours from Friday 16:00 end Monday 10:00', '2026-12-04T16:00:00Z', { amount: 2, unit: 'hours', businessHours: true }, '2026-12-07T10:00:00.000Z'],
    ['a start on Saturday counts from Monday 09:00', '2026-12-05T11:00:00Z', { amount: 3, unit: 'hours', businessHours: true }, '2026-12-07T12:00:00.000Z'],
    ['a start before opening counts from 09:00', '2026-12-07T06:30:00Z', { amount: 8, unit: 'hours', businessHours: true }, '2026-12-07T17:00:00.000Z'],
    ['5 working days are one working week', '2026-12-07T13:00:00Z', { amount: 5, unit: 'days', businessHours: true }, '2026-12-14T13:00:00.000Z'],
    ['a start after closing counts from the next morning', '2026-12-08T18:00:00Z', { amount: 1, unit: 'hours', businessHours: true }, '2026-12-09T10:00:00.000Z'],
  ];
  for (const [name, start, clock, expected] of cases) {
    test(name, () => assert.equal(dueAt(new Date(start), clock).toISOString(), expected));
  }

  test('escalation levels count hours after the due time; past the last level there is none', () => {
    const steps = [
      { afterHours: 0, to: 'receiver_lead' as const, createTask: true },
      { afterHours: 24, to: 'admin' as const, createTask: true },
    ];
    const due = new Date('2026-12-10T12:00:00Z');
    assert.equal(escalationAt(due, steps, 1)?.toISOString(), '2026-12-10T12:00:00.000Z');
    assert.equal(escalationAt(due, steps, 2)?.toISOString(), '2026-12-11T12:00:00.000Z');
    assert.equal(escalationAt(due, steps, 3), null);
  });
});
