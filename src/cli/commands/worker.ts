import { maskDatabaseUrl, type Config } from '../../core/config.js';
import { AppError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { openDatabase } from '../../db/client.js';
import { migrateToLatest } from '../../db/migrate.js';
import { startEventWorker } from '../../event-stream/index.js';

export type WorkerOptions = { batchSize: number; maxWait: number };

const say = (message: string) => process.stderr.write(`${message}\n`);

/**
 * `boomerang worker`: stores what /v1 queued in NATS JetStream into PostgreSQL until
 * SIGTERM/SIGINT. Any number may run; they share one durable consumer.
 */
export async function workerCommand(config: Config, options: WorkerOptions): Promise<void> {
  if (!config.nats) throw new AppError('validation_failed', 'Set NATS_URL: the worker consumes the NATS JetStream stream that /v1 publishes to.');
  if (!config.databaseUrl) {
    throw new AppError(
      'validation_failed',
      'Set DATABASE_URL: on the embedded database (one process per data directory) `boomerang start` consumes the stream itself.',
    );
  }
  const logger = createLogger(config.logLevel);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl });
  await migrateToLatest(handle.db);
  say(`Database: ${maskDatabaseUrl(config.databaseUrl)}`);
  const worker = await startEventWorker({ db: handle.db, nats: config.nats, log: logger, batchSize: options.batchSize, maxWaitMs: options.maxWait });
  say(`Worker consuming ${config.nats.stream} as ${config.nats.consumer} (batches of up to ${options.batchSize} or ${options.maxWait} ms)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`Stopping (${signal}) after the batch in hand…`);
    await worker.stop();
    await handle.close();
    const totals = worker.totals();
    say(`Stored ${totals.requests} requests: ${totals.accepted} new events, ${totals.duplicates} duplicates, ${totals.deadLettered} dead-lettered.`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
