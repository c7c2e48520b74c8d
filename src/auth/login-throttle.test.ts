import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admitAttempt, afterSuccess, normalizeEmail, type LoginLimits, type ThrottleState } from './login-throttle.js';

const limits: LoginLimits = { perEmail: 3, perAddress: 10, windowMs: 15 * 60_000, firstLockoutMs: 60_000, maxLockoutMs: 4 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

/** Runs attempts at the given minutes against one counter of limit 3 and says which were admitted. */
function run(minutes: number[]): { admitted: boolean[]; retryAfterMs: number[]; state: ThrottleState | undefined } {
  let state: ThrottleState | undefined;
  const admitted: boolean[] = [];
  const retryAfterMs: number[] = [];
  for (const minute of minutes) {
    const result = admitAttempt(state, 3, limits, at(minute));
    state = result.next;
    admitted.push(result.admitted);
    retryAfterMs.push(result.admitted ? 0 : result.retryAfterMs);
  }
  return { admitted, retryAfterMs, state };
}

describe('login throttle', () => {
  test('three attempts per window, then a one-minute lockout', () => {
    const { admitted, retryAfterMs } = run([0, 0, 0, 0, 0.5]);
    assert.deepEqual(admitted, [true, true, true, false, false]);
    assert.deepEqual(retryAfterMs.slice(3), [60_000, 30_000], 'attempts during the lockout do not extend it');
  });

  test('the lockout ends; each lockout in a row doubles, up to the cap', () => {
    // Hammering: 3 attempts and a refusal the moment each lockout ends.
    const minutes: number[] = [];
    let now = 0;
    const lockouts: number[] = [];
    let state: ThrottleState | undefined;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3; i++) {
        const result = admitAttempt(state, 3, limits, at(now));
        assert.equal(result.admitted, true, `round ${round}: the account opens again after each lockout`);
        state = result.next;
        minutes.push(now);
      }
      const refused = admitAttempt(state, 3, limits, at(now));
      assert.equal(refused.admitted, false);
      state = refused.next;
      lockouts.push(refused.admitted ? 0 : refused.retryAfterMs / 60_000);
      now += lockouts.at(-1)!;
    }
    assert.deepEqual(lockouts, [1, 2, 4, 4, 4], 'bounded backoff: never longer than maxLockoutMs');
  });

  test('a quiet window forgets the earlier lockouts', () => {
    const { state } = run([0, 0, 0, 0]);
    const later = admitAttempt(state, 3, limits, at(1 + 15 + 1));
    assert.equal(later.admitted, true);
    assert.equal(later.next.lockouts, 0);
    assert.equal(later.next.attempts, 1);
  });

  test('attempts spread over more than a window are never refused', () => {
    assert.deepEqual(run([0, 6, 12, 18, 24, 30, 36]).admitted, [true, true, true, true, true, true, true]);
  });

  test('a success gives the address its attempt back, never below zero', () => {
    const { state } = run([0, 0]);
    assert.equal(afterSuccess(state!, at(1))!.attempts, 1);
    assert.equal(afterSuccess({ ...state!, attempts: 0 }, at(1))!.attempts, 0);
    assert.equal(afterSuccess(state!, at(60)), undefined, 'an expired counter is left to be pruned');
  });

  test('emails are compared as NFKC, trimmed, lower case', () => {
    assert.equal(normalizeEmail('  Dana@Acme.Example\t'), 'dana@acme.example');
    assert.equal(normalizeEmail('ｄａｎａ@acme.example'), 'dana@acme.example', 'full-width letters');
    assert.equal(normalizeEmail('\u00a0dana@acme.example'), 'dana@acme.example', 'no-break space');
  });
});
