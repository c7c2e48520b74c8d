import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestClock, DAY_MS, systemClock } from './clock.js';

test('a test clock stands still until moved, then reads the moved time', () => {
  const clock = createTestClock(new Date('2026-01-05T09:00:00Z'));
  assert.equal(clock.now().toISOString(), '2026-01-05T09:00:00.000Z');
  assert.equal(clock.now().toISOString(), '2026-01-05T09:00:00.000Z');
  clock.advance(7 * DAY_MS);
  assert.equal(clock.now().toISOString(), '2026-01-12T09:00:00.000Z');
  clock.set(new Date('2026-02-01T00:00:00Z'));
  assert.equal(clock.now().toISOString(), '2026-02-01T00:00:00.000Z');
});

test('a test clock refuses to go back, so fired timers cannot become due again', () => {
  const clock = createTestClock(new Date('2026-01-05T09:00:00Z'));
  assert.throws(() => clock.advance(-1), RangeError);
  assert.throws(() => clock.set(new Date('2026-01-01T00:00:00Z')), RangeError);
  assert.equal(clock.now().toISOString(), '2026-01-05T09:00:00.000Z');
});

test('the system clock reads the real time', () => {
  const before = Date.now();
  const read = systemClock.now().getTime();
  assert.ok(read >= before && read <= Date.now());
});
