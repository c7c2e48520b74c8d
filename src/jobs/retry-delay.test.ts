import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelayMs } from './retry-delay.js';

test('retry delays double after each failure and stop at the cap', () => {
  const backoff = { baseMs: 1000, maxMs: 10_000 };
  const cases: Array<[attempt: number, delay: number]> = [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [500, 10_000],
  ];
  for (const [attempt, delay] of cases) assert.equal(retryDelayMs(attempt, backoff), delay, `attempt ${attempt}`);
});
