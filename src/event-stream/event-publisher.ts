import { headers as natsHeaders } from '@nats-io/transport-node';
import type { NatsConfig } from '../core/config.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { QueuedRequest } from '../ingest/index.js';
import { openEventStream, type EventStream } from './jetstream.js';
import { encodeQueuedRequest, eventSubject } from './queued-message.js';

export type EventPublisher = {
  /** Resolves once JetStream has stored the request; throws `unavailable` (503) otherwise. */
  publish(request: QueuedRequest): Promise<void>;
  close(): Promise<void>;
};

const PUBLISH_TIMEOUT_MS = 5000;

/**
 * The /v1 side of scale-out mode. Connects on first use and again after a failed
 * connect, so the server starts (and answers 503 on /v1) while NATS is down.
 */
export function createEventPublisher(options: { nats: NatsConfig; log: Logger }): EventPublisher {
  const { nats, log } = options;
  let opening: Promise<EventStream> | undefined;

  const stream = (): Promise<EventStream> => {
    opening ??= openEventStream(nats, { name: 'boomerang-api' }).then(
      (opened) => {
        void opened.nc.closed().then(() => (opening = undefined));
        return opened;
      },
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  return {
    async publish(request) {
      try {
        const { js } = await stream();
        const encoded = encodeQueuedRequest(request);
        const headers = natsHeaders();
        for (const [name, value] of Object.entries(encoded.headers)) headers.set(name, value);
        const subject = eventSubject({ stream: nats.stream, workspaceId: request.source.workspaceId, sourceId: request.source.id });
        await js.publish(subject, encoded.data, { msgID: request.batchId, headers, timeout: PUBLISH_TIMEOUT_MS });
      } catch (error) {
        log.warn({ err: error, sourceId: request.source.id }, 'publishing to the event stream failed');
        throw new AppError('unavailable', 'The event stream cannot be reached; nothing was stored. Retry later.', { cause: error });
      }
    },
    async close() {
      const current = opening;
      opening = undefined;
      if (current) await current.then((opened) => opened.nc.drain()).catch(() => undefined);
    },
  };
}
