import { randomBytes } from 'node:crypto';

/** Write keys start with this so secret scanners and people recognise them. */
export const WRITE_KEY_PREFIX = 'bwk_';
/** How much of a key lists show, enough to tell keys apart and nothing to guess from. */
export const WRITE_KEY_SHOWN_CHARS = WRITE_KEY_PREFIX.length + 6;

/** A new random write key (32 bytes, base64url: safe as a Basic-auth user name, no ':'). */
export function newWriteKey(): string {
  return `${WRITE_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The write key of a /v1 request, as Segment takes it: the user name of HTTP Basic auth
 * (password empty; a key sent without the colon is accepted too), else `writeKey` in the
 * JSON body. Undefined when the request carries neither.
 *
 * @example
 *   writeKeyFromRequest({ authorization: 'Basic YWJjMTIzOg==', body: {} }) // 'abc123'
 */
export function writeKeyFromRequest(request: { authorization: string | undefined; body: unknown }): string | undefined {
  const { authorization, body } = request;
  if (authorization) {
    const [scheme, encoded] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const user = separator === -1 ? decoded : decoded.slice(0, separator);
      if (user) return user;
    }
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const key = (body as Record<string, unknown>).writeKey;
    if (typeof key === 'string' && key) return key;
  }
  return undefined;
}
