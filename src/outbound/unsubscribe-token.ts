import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stands for: the recipient of this mail, in this workspace. */
export type UnsubscribeClaim = { workspaceId: string; messageId: string };

/** 128 bits of HMAC: plenty against forgery, and the link stays under the router's 100-character path segment. */
const MAC_BYTES = 16;

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer) =>
  bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/**
 * A stateless, signed token for the unsubscribe link: base64url of the workspace and message
 * ids (the message names the address), a dot, and an HMAC-SHA256 of them under a key
 * derived from the server's secret key. Nothing is stored per mail, no address appears in
 * the URL, the link keeps working as long as the server key does (RFC 8058 asks for links
 * that work for a good while), and no one can forge a link for another mail.
 *
 * @example
 *   const token = unsubscribeToken(key, { workspaceId, messageId });
 *   readUnsubscribeToken(key, token); // the same claim, or undefined when tampered with
 */
export function unsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  const payload = Buffer.concat([uuidBytes(claim.workspaceId), uuidBytes(claim.messageId)]).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const ids = Buffer.from(payload, 'base64url');
  if (ids.length !== 32) return undefined;
  return { workspaceId: uuidText(ids.subarray(0, 16)), messageId: uuidText(ids.subarray(16)) };
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}
