import type { SecretBox } from '../core/secret-box.js';
import type { JobHandler } from '../jobs/index.js';
import { claimMessage, findMessage, setMessageStatus } from './outbound.repository.js';
import { RefusedAddressError } from './address-guard.js';
import { postWebhook } from './post-webhook.js';
import { OUTBOUND_WEBHOOK_JOB, WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF } from './queue.js';
import { liveSigningSecrets } from './settings.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

export type WebhookJobOptions = {
  secretBox: SecretBox;
  /** BOOMERANG_ALLOW_PRIVATE_WEBHOOKS. */
  allowPrivate: boolean;
  /** Per attempt, connect to last byte. Default 10 s. */
  timeoutMs?: number;
};

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts one queued webhook (`outbound.webhook`, payload `{ deliveryId }`).
 *
 * Headers: `Boomerang-Delivery` (the delivery id, stable across retries: receivers
 * deduplicate on it — delivery is at least once, since a timeout cannot tell whether the
 * receiver acted), `Boomerang-Signature` when the workspace has a signing secret. A 2xx is
 * `sent`. A host that is or resolves to a private, loopback, link-local or unique-local
 * address is `refused` at once, without retries (unless BOOMERANG_ALLOW_PRIVATE_WEBHOOKS). Any
 * other failure — timeout, connection error, non-2xx — is kept as the last error and the job
 * retries with backoff; after the last attempt the delivery is `failed`.
 */
export function createOutboundWebhookJob(options: WebhookJobOptions): JobHandler {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    type: OUTBOUND_WEBHOOK_JOB,
    maxAttempts: WEBHOOK_ATTEMPTS,
    backoff: WEBHOOK_BACKOFF,
    async run(job) {
      const workspaceId = job.workspaceId;
      if (!workspaceId) return;
      const found = await findMessage(job.db, workspaceId, String(job.payload.deliveryId));
      if (!found || found.channel !== 'webhook') return;
      // `sending` left by a worker that died: webhooks are at least once, so try again.
      const delivery = await claimMessage(job.db, workspaceId, found.id, ['queued', 'sending'], job.clock.now());
      if (!delivery) return;
      const now = job.clock.now();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'Boomerang-Webhooks/1',
        'boomerang-delivery': delivery.id,
      };
      const secrets = await liveSigningSecrets(job.db, workspaceId, options.secretBox, now);
      if (secrets.length) headers[SIGNATURE_HEADER.toLowerCase()] = signatureHeader(secrets, Math.floor(now.getTime() / 1000), delivery.body);
      let failure: string;
      try {
        const response = await postWebhook(new URL(delivery.recipient), delivery.body, headers, {
          timeoutMs,
          allowPrivate: options.allowPrivate,
          signal: job.signal,
        });
        if (response.status >= 200 && response.status < 300) {
          await setMessageStatus(job.db, workspaceId, delivery.id, { status: 'sent', lastError: null, sentAt: job.clock.now(), now: job.clock.now() });
          return;
        }
        failure = `HTTP ${response.status}${response.body ? `: ${response.body.slice(0, 500)}` : ''}`;
      } catch (error) {
        if (error instanceof RefusedAddressError) {
          await setMessageStatus(job.db, workspaceId, delivery.id, { status: 'refused', lastError: error.message, now: job.clock.now() });
          return;
        }
        failure = error instanceof Error ? error.message : String(error);
      }
      const last = job.attempt >= job.maxAttempts;
      await setMessageStatus(job.db, workspaceId, delivery.id, { status: last ? 'failed' : 'queued', lastError: failure.slice(0, 2000), now: job.clock.now() });
      throw new Error(failure);
    },
  };
}
