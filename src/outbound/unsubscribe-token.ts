import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stands for: this address, in this workspace, from this mail. */
export type UnsubscribeClaim = { workspaceId: string; messageId: string; email: string };

const SEPARATOR = '\n';

/**
 * A stateless, signed token for the unsubscribe link: base64url of the claim, a dot, and an
 * HMAC-SHA256 of it under a key derived from the server's secret key. Nothing is stored per
 * mail, the link keeps working as long as the server key does (RFC 8058 asks for links that
 * work for a good while), and no one can forge a link for another address.
 *
 * @example
 *   const token = unsubscribeToken(key, { workspaceId, messageId, email: 'ana@acme.test' });
 *   readUnsubscribeToken(key, token); // the same claim, or undefined when tampered with
 */
export function unsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  const payload = Buffer.from([claim.workspaceId, claim.messageId, claim.email].join(SEPARATOR), 'utf8').toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) return undefined;
  const expected = Buffer.from(mac(key, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [workspaceId, messageId, email, ...more] = Buffer.from(payload, 'base64url').toString('utf8').split(SEPARATOR);
  if (!workspaceId || !messageId || !email || more.length) return undefined;
  return { workspaceId, messageId, email };
}

function mac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
