import { maskDatabaseUrl, type Config } from '../../core/config.js';
import { AppError } from '../../core/errors.js';
import { createTerminalLogger } from '../../core/log-format.js';
import { openDatabase } from '../../db/client.js';
import { migrateToLatest } from '../../db/migrate.js';
import { startEventWorker } from '../../event-stream/index.js';
import { startDomainEventDispatcher } from '../../domain-events/index.js';
import { startJobWorker } from '../../jobs/index.js';
import { domainEventConsumers } from '../domain-event-consumers.js';
import { jobHandlers } from '../job-handlers.js';

export type WorkerOptions = { batchSize: number; maxWait: number; jobs: boolean };

const say = (message: string) => process.stderr.write(`${message}\n`);

/**
 * `boomerang worker`: runs due jobs and timers, and — with NATS_URL — stores what /v1 queued
 * in NATS JetStream into PostgreSQL, until SIGTERM/SIGINT. Any number may run: job claims
 * skip each other's rows, and the stream has one shared durable consumer.
 */
export async function workerCommand(config: Config, options: WorkerOptions): Promise<void> {
  if (!config.databaseUrl) {
    throw new AppError(
      'validation_failed',
      'Set DATABASE_URL: on the embedded database (one process per data directory) `boomerang start` runs the jobs and consumes the stream itself.',
    );
  }
  if (!options.jobs && !config.nats) {
    throw new AppError('validation_failed', 'Nothing to do: --no-jobs leaves only the NATS JetStream consumer, and NATS_URL is not set.');
  }
  const logger = createTerminalLogger(config);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl });
  await migrateToLatest(handle.db);
  say(`Database: ${maskDatabaseUrl(config.databaseUrl)}`);
  const handlers = jobHandlers(config);
  const jobWorker = options.jobs ? startJobWorker({ db: handle.db, handlers, logger }) : undefined;
  if (jobWorker) say(`Worker running jobs (${handlers.map((handler) => handler.type).join(', ')}) as ${jobWorker.runner.workerId}`);
  const consumers = domainEventConsumers();
  const dispatcher = options.jobs ? await startDomainEventDispatcher({ db: handle.db, consumers, logger }) : undefined;
  if (dispatcher) say(`Worker delivering domain events to ${consumers.map((consumer) => consumer.name).join(', ')}`);
  const eventWorker = config.nats
    ? await startEventWorker({ db: handle.db, nats: config.nats, log: logger, batchSize: options.batchSize, maxWaitMs: options.maxWait })
    : undefined;
  if (eventWorker) say(`Worker consuming ${config.nats!.stream} as ${config.nats!.consumer} (batches of up to ${options.batchSize} or ${options.maxWait} ms)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`Stopping (${signal}) after the batch in hand…`);
    await Promise.all([eventWorker?.stop(), jobWorker?.stop(), dispatcher?.stop()]);
    await handle.close();
    if (eventWorker) {
      const totals = eventWorker.totals();
      say(`Stored ${totals.requests} requests: ${totals.accepted} new events, ${totals.duplicates} duplicates, ${totals.deadLettered} dead-lettered.`);
    }
    if (jobWorker) {
      const totals = jobWorker.totals();
      say(`Ran ${totals.claimed} jobs: ${totals.done} done, ${totals.retried} to retry, ${totals.failed} failed.`);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
