import type { Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema.js';
import { refreshUsageRollups } from './refresh-usage-rollups.js';

export type UsageRollupWorkerOptions = {
  db: Kysely<Database>;
  logger?: Logger;
  /** Pause between drains; the issue asks for rollups within a minute of ingestion. */
  intervalMs?: number;
  /** Pairs per transaction: small, because on PGlite every request waits for the one connection. */
  batchSize?: number;
};

export type UsageRollupWorker = { stop(): Promise<void> };

/**
 * Drains the dirty account-days every `intervalMs` in this process. Any number of processes
 * may run one against the same PostgreSQL database: claims skip each other's locked rows.
 * A failed run is logged and retried on the next tick (its claims were rolled back).
 *
 * @example
 *   const worker = startUsageRollupWorker({ db, logger });
 *   process.once('SIGTERM', () => void worker.stop());
 */
export function startUsageRollupWorker(options: UsageRollupWorkerOptions): UsageRollupWorker {
  const { db, logger, intervalMs = 10_000, batchSize = 200 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const drain = async () => {
    let step;
    do {
      step = await refreshUsageRollups(db, { limit: batchSize });
    } while ((step.claimed === batchSize || step.aliasedUsers === batchSize) && !stopped);
  };
  const tick = () => {
    running = drain()
      .catch((error: unknown) => logger?.error({ err: error }, 'usage rollup refresh failed; retrying on the next tick'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
