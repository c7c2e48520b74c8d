import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every signed webhook carries: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
export const SIGNATURE_HEADER = 'Boomerang-Signature';

/**
 * HMAC-SHA256 over `<t>.<body>` with the workspace's signing secret, hex. Signing the
 * timestamp with the body lets a receiver refuse old replays; one `v1=` per live secret (the
 * new one and, for a day after a rotation, the previous one) lets it switch secrets without
 * dropping a delivery.
 *
 * @example
 *   signatureHeader(['whsec_abc'], 1767600000, '{"id":"…"}') // 't=1767600000,v1=5f1c…'
 */
export function signatureHeader(secrets: string[], unixSeconds: number, body: string): string {
  return [`t=${unixSeconds}`, ...secrets.map((secret) => `v1=${signPayload(secret, unixSeconds, body)}`)].join(',');
}

function signPayload(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
}

/**
 * What a receiver does (docs/outbound-webhooks.md shows the same in a few lines): true when
 * one `v1` matches and `t` is within `toleranceSeconds` of now.
 */
export function verifySignatureHeader(
  header: string,
  secret: string,
  body: string,
  options: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(options.nowSeconds - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signPayload(secret, t, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
