import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/index.js';
import type { WebhookKind } from '../db/schema.js';

/**
 * Signature checks for incoming support webhooks. Pure: the caller passes the raw body
 * exactly as received (re-serialised JSON would not match), the live secrets and `now`.
 *
 * - Zendesk: base64(HMAC-SHA256(secret, timestamp + body)) in X-Zendesk-Webhook-Signature,
 *   the timestamp in X-Zendesk-Webhook-Signature-Timestamp
 *   (https://developer.zendesk.com/documentation/webhooks/verifying/).
 * - Generic (our own, docs/webhooks.md): `sha256=<hex HMAC-SHA256(secret, body)>` in
 *   X-Boomerang-Signature.
 */
export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
export const BOOMERANG_SIGNATURE_HEADER = 'x-boomerang-signature';

/** A Zendesk delivery signed longer ago than this (or this far ahead) is refused as a replay. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export type VerifyWebhookSignatureOptions = {
  kind: WebhookKind;
  headers: WebhookHeaders;
  body: Buffer;
  /** The workspace's live secrets for this kind; any one of them may have signed (rotation). */
  secrets: readonly string[];
  now: Date;
};

/** `secretIndex` says which secret matched, so its last use can be recorded. */
export type SignatureCheck = { ok: true; secretIndex: number } | { ok: false; reason: string };

function header(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Zendesk sends ISO 8601 (`2024-04-17T17:18:10Z`); plain Unix seconds are accepted too. */
export function parseSignatureTimestamp(text: string): Date | undefined {
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

export function signZendesk(options: { secret: string; timestamp: string; body: Buffer | string }): string {
  return createHmac('sha256', options.secret).update(options.timestamp).update(options.body).digest('base64');
}

export function signGeneric(options: { secret: string; body: Buffer | string }): string {
  return `sha256=${createHmac('sha256', options.secret).update(options.body).digest('hex')}`;
}

function firstMatch(secrets: readonly string[], expectedFor: (secret: string) => string, sent: string): number {
  // Every secret is tried (no early exit), so timing does not tell which one matched.
  let found = -1;
  secrets.forEach((secret, index) => {
    if (safeEqual(expectedFor(secret), sent) && found === -1) found = index;
  });
  return found;
}

export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): SignatureCheck {
  const { headers, body, secrets, now } = options;
  if (secrets.length === 0)
    return { ok: false, reason: `No ${options.kind} signing secret is set up for this workspace.` };

  if (options.kind === 'zendesk') {
    const signature = header(headers, ZENDESK_SIGNATURE_HEADER);
    const timestamp = header(headers, ZENDESK_TIMESTAMP_HEADER);
    if (!signature) return { ok: false, reason: 'Missing X-Zendesk-Webhook-Signature header.' };
    if (!timestamp) return { ok: false, reason: 'Missing X-Zendesk-Webhook-Signature-Timestamp header.' };
    const signedAt = parseSignatureTimestamp(timestamp);
    if (!signedAt) return { ok: false, reason: 'X-Zendesk-Webhook-Signature-Timestamp is not a timestamp.' };
    if (Math.abs(now.getTime() - signedAt.getTime()) > SIGNATURE_TOLERANCE_MS) {
      return {
        ok: false,
        reason:
          'The signature timestamp is more than 5 minutes away from our clock; the delivery is refused as a possible replay.',
      };
    }
    const index = firstMatch(secrets, (secret) => signZendesk({ secret, timestamp, body }), signature);
    return index === -1
      ? { ok: false, reason: 'The webhook signature does not match.' }
      : { ok: true, secretIndex: index };
  }

  const signature = header(headers, BOOMERANG_SIGNATURE_HEADER);
  if (!signature) return { ok: false, reason: 'Missing X-Boomerang-Signature header.' };
  if (!/^sha256=[0-9a-f]{64}$/i.test(signature))
    return { ok: false, reason: 'X-Boomerang-Signature must be sha256=<64 hex digits>.' };
  const normalized = `sha256=${signature.slice('sha256='.length).toLowerCase()}`;
  const index = firstMatch(secrets, (secret) => signGeneric({ secret, body }), normalized);
  return index === -1
    ? { ok: false, reason: 'The webhook signature does not match.' }
    : { ok: true, secretIndex: index };
}
