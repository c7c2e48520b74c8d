import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Session and API tokens are random; only their SHA-256 is stored, so a leaked table grants nothing. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
