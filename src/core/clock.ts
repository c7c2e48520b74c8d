/**
 * Where use cases and workers read the time. Production passes `systemClock`; tests pass a
 * `TestClock` and move it forward, so "a timer set for next week fires next week" is a test
 * that runs in milliseconds. The database's `now()` is not the clock: code that must obey a
 * test clock passes `clock.now()` into its SQL instead.
 *
 * @example
 *   const clock = createTestClock(new Date('2026-01-05T09:00:00Z'));
 *   clock.advance(7 * DAY_MS);
 *   clock.now(); // 2026-01-12T09:00:00Z
 */
export interface Clock {
  now(): Date;
}

export const DAY_MS = 86_400_000;

export const systemClock: Clock = { now: () => new Date() };

export interface TestClock extends Clock {
  /** Moves time forward (never back: timers already fired stay fired). */
  advance(ms: number): Date;
  /** Jumps to `at`, which must not be before the present reading. */
  set(at: Date): Date;
}

/** A clock that stands still until the test moves it. */
export function createTestClock(start: Date = new Date('2026-01-05T09:00:00Z')): TestClock {
  let current = start.getTime();
  const move = (to: number) => {
    if (!Number.isFinite(to) || to < current) throw new RangeError('a test clock only moves forward');
    current = to;
    return new Date(current);
  };
  return {
    now: () => new Date(current),
    advance: (ms) => move(current + ms),
    set: (at) => move(at.getTime()),
  };
}
