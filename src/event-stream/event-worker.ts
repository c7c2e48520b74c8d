import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { NatsConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/client.js';
import { forgetStoredBatches, storeQueuedRequests, type QueuedRequest, type StoreQueuedRequestsResult } from '../ingest/index.js';
import { isTransientFailure } from './classify-failure.js';
import { ensureWorkerConsumer, openEventStream, type EventStream } from './jetstream.js';
import { deadLetterSubject, decodeQueuedRequest, HEADER } from './queued-message.js';

export type EventWorkerOptions = {
  db: Db;
  nats: NatsConfig;
  log: Logger;
  /** Messages (requests) per fetch and per transaction. */
  batchSize?: number;
  /** How long a fetch waits to fill a batch. */
  maxWaitMs?: number;
  progressEveryMs?: number;
  /** Only when this worker creates the shared consumer (tests shorten it to see redelivery). */
  ackWaitMs?: number;
};

export type WorkerTotals = { batches: number; requests: number; received: number; accepted: number; duplicates: number; deadLettered: number };

export type EventWorker = {
  totals(): WorkerTotals;
  /** Finishes the batch in hand (stored and acked), then disconnects. */
  stop(): Promise<void>;
};

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const MAX_RETRY_DELAY_MS = 30_000;

const retryDelay = (deliveryCount: number): number => Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** deliveryCount);

type Delivery = { message: JsMsg; request: QueuedRequest };

/**
 * `boomerang worker` (and, on PGlite, the server itself): pulls queued /v1 requests from
 * the shared durable consumer in batches, stores each batch in one transaction and acks
 * after the commit. A crash before the ack means redelivery, which the batch-id guard
 * makes harmless. A message that cannot be stored goes back with a growing delay; after
 * `maxDeliver` attempts that failed on its data (not on an outage) it is copied to the
 * dead-letter subject and terminated, with an error log line. Returns at once: it
 * connects in the background and keeps trying while NATS is unreachable.
 */
export async function startEventWorker(options: EventWorkerOptions): Promise<EventWorker> {
  const { db, nats, log } = options;
  const batchSize = options.batchSize ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const totals: WorkerTotals = { batches: 0, requests: 0, received: 0, accepted: 0, duplicates: 0, deadLettered: 0 };
  let stopping = false;
  const stopped = new AbortController();
  let stream: EventStream | undefined;

  /**
   * A worker (or a server on PGlite) may start before NATS does, as in a compose file or
   * after a reboot: it keeps trying, like the publisher, instead of failing the process.
   */
  async function connect(): Promise<Consumer | undefined> {
    for (let attempt = 0; !stopping; attempt += 1) {
      try {
        const opened = await openEventStream(nats, { name: 'boomerang-worker' });
        try {
          await ensureWorkerConsumer(opened, { nats, ackWaitMs: options.ackWaitMs });
          const consumer = await opened.js.consumers.get(nats.stream, nats.consumer);
          stream = opened;
          log.info({ stream: nats.stream, consumer: nats.consumer, batchSize, maxWaitMs }, 'event worker started');
          return consumer;
        } catch (error) {
          await opened.nc.close();
          throw error;
        }
      } catch (error) {
        const retryInMs = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** attempt);
        log.warn({ err: error, url: nats.url, retryInMs }, 'cannot reach the NATS event stream; the worker tries again');
        await sleep(retryInMs, undefined, { signal: stopped.signal }).catch(() => undefined);
      }
    }
    return undefined;
  }

  async function deadLetter(message: JsMsg, reason: string): Promise<void> {
    const headers = natsHeaders();
    for (const [name, values] of message.headers ?? []) for (const value of values) headers.append(name, value);
    headers.set(HEADER.deadReason, reason);
    headers.delete(HEADER.msgId);
    try {
      // A message in hand means the stream is connected.
      await stream!.js.publish(deadLetterSubject({ stream: nats.stream, subject: message.subject }), message.data, { headers });
    } catch (error) {
      log.warn({ err: error, seq: message.seq }, 'could not dead-letter a message; it will be delivered again');
      message.nak(retryDelay(message.info.deliveryCount));
      return;
    }
    // The reason lives in the dead letter's header: nats-server before 2.10.4 ignores a term carrying one.
    message.term();
    totals.deadLettered += 1;
    log.error({ seq: message.seq, subject: message.subject, deliveries: message.info.deliveryCount, reason }, 'message moved to the dead-letter subject');
  }

  async function failed(message: JsMsg, error: unknown): Promise<void> {
    const deliveries = message.info.deliveryCount;
    if (!isTransientFailure(error) && deliveries >= nats.maxDeliver) {
      await deadLetter(message, error instanceof Error ? error.message : String(error));
      return;
    }
    log.warn({ err: error, seq: message.seq, deliveries }, 'storing a queued request failed; it will be delivered again');
    message.nak(retryDelay(deliveries));
  }

  async function settle(deliveries: Delivery[], result: StoreQueuedRequestsResult): Promise<void> {
    const done = new Set([...result.stored, ...result.alreadyStored]);
    const invalid = new Map(result.invalid.map((item) => [item.batchId, item.detail]));
    for (const { message, request } of deliveries) {
      if (done.has(request.batchId)) message.ack();
      else await deadLetter(message, `no longer valid: ${invalid.get(request.batchId) ?? 'unknown reason'}`);
    }
    totals.batches += 1;
    totals.requests += result.stored.length;
    totals.received += result.received;
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    for (const failure of result.contactFailures) log.warn(failure, 'contact sync failed');
  }

  async function handle(messages: JsMsg[]): Promise<void> {
    const deliveries: Delivery[] = [];
    for (const message of messages) {
      const decoded = decodeQueuedRequest({ header: (name) => message.headers?.get(name) || undefined, data: message.string() });
      if (decoded.ok) deliveries.push({ message, request: decoded.request });
      else await deadLetter(message, decoded.reason);
    }
    if (deliveries.length === 0) return;
    try {
      await settle(deliveries, await storeQueuedRequests(db, deliveries.map((delivery) => delivery.request)));
      return;
    } catch (error) {
      if (deliveries.length === 1 || isTransientFailure(error)) {
        for (const { message } of deliveries) await failed(message, error);
        return;
      }
      log.warn({ err: error, messages: deliveries.length }, 'a batch failed; storing its requests one by one to find the bad one');
    }
    for (const delivery of deliveries) {
      try {
        await settle([delivery], await storeQueuedRequests(db, [delivery.request]));
      } catch (error) {
        await failed(delivery.message, error);
      }
    }
  }

  async function prune(): Promise<void> {
    try {
      await forgetStoredBatches(db, { before: new Date(Date.now() - DAY_MS) });
    } catch (error) {
      log.warn({ err: error }, 'pruning stored batch ids failed');
    }
  }

  const loop = (async () => {
    const consumer = await connect();
    if (!consumer) return;
    let prunedAt = 0;
    while (!stopping) {
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await prune();
      }
      const messages: JsMsg[] = [];
      try {
        for await (const message of await consumer.fetch({ max_messages: batchSize, expires: maxWaitMs })) {
          messages.push(message);
        }
      } catch (error) {
        // Messages already in hand are still stored below; the next fetch waits for NATS.
        log.warn({ err: error }, 'fetching from the event stream failed');
        if (messages.length === 0) await sleep(1000);
      }
      // Unacked messages come back after the ack wait; the loop must outlive any one batch.
      if (messages.length) await handle(messages).catch((error: unknown) => log.error({ err: error }, 'handling a batch failed'));
    }
  })();

  let last = { ...totals, at: Date.now() };
  const progress = setInterval(() => {
    const seconds = (Date.now() - last.at) / 1000;
    const received = totals.received - last.received;
    if (received > 0) {
      log.info(
        { requests: totals.requests - last.requests, received, accepted: totals.accepted - last.accepted, duplicates: totals.duplicates - last.duplicates, perSecond: Math.round(received / seconds), totals },
        'worker progress',
      );
    }
    last = { ...totals, at: Date.now() };
  }, options.progressEveryMs ?? 10_000);
  progress.unref();

  return {
    totals: () => ({ ...totals }),
    async stop() {
      stopping = true;
      stopped.abort();
      clearInterval(progress);
      await loop;
      await stream?.nc.drain();
      log.info({ totals }, 'event worker stopped');
    },
  };
}
