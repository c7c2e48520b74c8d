import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { NatsConfig } from '../core/config.js';
import { streamSubjects } from './queued-message.js';

export type EventStream = { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Unconsumed requests wait this long (workers down for a long weekend) before the stream drops them. */
const MAX_AGE_MS = 7 * DAY_MS;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** A batch not acked this long after delivery is delivered again (its worker died). */
const ACK_WAIT_MS = 30_000;

/**
 * Connects and makes sure the stream exists. A work-queue stream: a message is removed
 * once a worker acks it; dead letters stay until MAX_AGE_MS. File storage, one replica
 * per the server's defaults; a cluster sets replicas on the stream itself.
 */
export async function openEventStream(nats: NatsConfig, options: { name: string }): Promise<EventStream> {
  const nc = await connect({ servers: nats.url, name: options.name, timeout: 2000, maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc);
    const exists = await jsm.streams.info(nats.stream).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await jsm.streams.add({
        name: nats.stream,
        subjects: streamSubjects(nats.stream),
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        max_age: nanos(MAX_AGE_MS),
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    }
    return { nc, js: jetstream(nc), jsm };
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/**
 * The durable pull consumer all workers share: JetStream hands each message to one of
 * them. Redelivery is unlimited on the server's side (max_deliver -1): the worker counts
 * deliveries itself and dead-letters a message, so nothing is dropped without a log line.
 * Created by the first worker to start.
 */
export async function ensureWorkerConsumer(stream: EventStream, options: { nats: NatsConfig; ackWaitMs?: number }): Promise<void> {
  const { nats } = options;
  // An existing consumer keeps its settings: an operator may have tuned them, and adding
  // with other settings would change them under the workers already running.
  const exists = await stream.jsm.consumers.info(nats.stream, nats.consumer).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await stream.jsm.consumers.add(nats.stream, {
    durable_name: nats.consumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.ackWaitMs ?? ACK_WAIT_MS),
    max_deliver: -1,
    filter_subject: `${nats.stream}.events.>`,
    max_ack_pending: 20_000,
  });
}
