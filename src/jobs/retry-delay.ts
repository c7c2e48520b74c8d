export type Backoff = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 3_600_000 };

/**
 * How long a job waits after its `attempt`-th failure (1-based): doubling from `baseMs`, at
 * most `maxMs`. Deterministic rather than jittered, so tests and the jobs list can say when
 * the next attempt comes; claims with SKIP LOCKED already keep workers from stampeding.
 *
 * @example
 *   retryDelayMs(1, { baseMs: 10_000, maxMs: 3_600_000 }); // 10 s, then 20 s, 40 s …
 */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 60 and beyond only overflow toward Infinity; the cap keeps it finite.
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(exponent, 60));
}
