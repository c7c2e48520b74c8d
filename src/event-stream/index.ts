/**
 * Scale-out ingestion over NATS JetStream: /v1 publishes validated requests, workers
 * store them in batches through `ingest/` (see README.md).
 *
 * @example
 *   const publisher = createEventPublisher({ nats: config.nats, log });
 *   const worker = await startEventWorker({ db, nats: config.nats, log });
 *   process.once('SIGTERM', () => void worker.stop());
 */
export { createEventPublisher, type EventPublisher } from './event-publisher.js';
export { startEventWorker, type EventWorker, type EventWorkerOptions, type WorkerTotals } from './event-worker.js';
