import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessProgress, type UserStepRecord } from './assess-progress.js';
import type { FlowStep } from './flows.schema.js';

const STEPS: FlowStep[] = [
  { key: 'signup', name: 'Signed up', event: 'signed_up', maxRepeats: 3 },
  { key: 'address', name: 'Address entered', event: 'address_entered', failure: { where: { property: 'error' } }, maxFailures: 2, idleMinutes: 30 },
  { key: 'payment', name: 'Payment', event: 'payment_made', idleMinutes: 1440 },
];
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const done = (minutes: number, successes = 1): UserStepRecord => ({ reachedAt: at(minutes), lastAt: at(minutes), successes, failures: 0 });
const failed = (failures: number): UserStepRecord => ({ reachedAt: null, lastAt: at(5), successes: 0, failures });

test('where a user stands and why it is stuck', () => {
  const cases: [string, (UserStepRecord | undefined)[], number, ReturnType<typeof assessProgress>][] = [
    ['signed up, within the time for the address', [done(0)], 10, { currentStep: 1, stuck: null, idleAt: at(30) }],
    ['signed up, 30 minutes passed', [done(0)], 30, { currentStep: 1, stuck: { reason: 'idle', detail: 'Did not reach “Address entered” within 30 minutes of “Signed up”' }, idleAt: null }],
    ['one failure of two allowed', [done(0), failed(1)], 10, { currentStep: 1, stuck: null, idleAt: at(30) }],
    ['two failures', [done(0), failed(2)], 10, { currentStep: 1, stuck: { reason: 'failed', detail: 'Failed “Address entered” 2 times' }, idleAt: null }],
    ['signed up four times (three allowed)', [done(0, 4)], 10, { currentStep: 1, stuck: { reason: 'repeated', detail: 'Did “Signed up” 4 times without reaching “Address entered”' }, idleAt: null }],
    ['address entered: a day for the payment', [done(0), done(10)], 20, { currentStep: 2, stuck: null, idleAt: at(10 + 1440) }],
    ['a day passed', [done(0), done(10)], 10 + 1440, { currentStep: 2, stuck: { reason: 'idle', detail: 'Did not reach “Payment” within 1 day of “Address entered”' }, idleAt: null }],
    ['skipped the address: works on the payment', [done(0), undefined, done(40)], 50, { currentStep: 3, stuck: null, idleAt: null }],
    ['failures only at the first step: not started', [], 0, { currentStep: 0, stuck: null, idleAt: null }],
  ];
  for (const [name, records, minutes, expected] of cases) assert.deepEqual(assessProgress(STEPS, records, at(minutes)), expected, name);
});
