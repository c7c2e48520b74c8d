import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Encryption at rest for secrets the server must read back in clear (webhook signing
 * secrets: an HMAC needs the secret itself, so a hash will not do). AES-256-GCM from
 * node:crypto with a key kept outside the database, so a copy of the database — a dump, a
 * backup, a read-only SQL account — does not give away the secrets.
 *
 * Stored form: `enc:v1:<base64url(iv ‖ tag ‖ ciphertext)>`. The version names the scheme so
 * a later one can be told apart; a value without the prefix is a clear value written
 * before encryption existed, read as is and re-encrypted by the caller. Each value is bound
 * to a context (e.g. its workspace) as GCM additional data, so a ciphertext copied to
 * another row does not open.
 */
const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key is missing, malformed, or not the one the stored values were encrypted with. */
export class SecretKeyError extends Error {}

export class SecretBox {
  readonly #key: Buffer;

  /** @param keySource where the key came from, named in errors so an operator knows what to restore. */
  constructor(
    key: Buffer,
    readonly keySource: string,
  ) {
    if (key.length !== KEY_BYTES)
      throw new SecretKeyError(`The secret key from ${keySource} must be ${KEY_BYTES} bytes; it is ${key.length}.`);
    this.#key = Buffer.from(key);
  }

  /** A fresh random key that lives as long as the process: for tests and throwaway apps. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(KEY_BYTES), 'a random key for this process');
  }

  /**
   * A key for one purpose (e.g. signing unsubscribe links), derived from the server key
   * with HKDF-SHA256: nothing more to store, and it changes only with the server key.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), Buffer.from(purpose, 'utf8'), KEY_BYTES));
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The clear value; a value stored before encryption (no prefix) comes back unchanged. */
  open(stored: string, context: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES)
      throw new SecretKeyError('A stored secret is truncated; it cannot be decrypted.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        `A stored secret cannot be decrypted with the key from ${this.keySource}: it was encrypted with another key. ` +
          'Restore the key that was in use (BOOMERANG_SECRET_KEY or the key file; see README, "Secrets at rest"), or revoke and recreate the webhook secrets.',
      );
    }
  }
}

/**
 * The server's secret key: `BOOMERANG_SECRET_KEY` (32 bytes as base64 or 64 hex digits)
 * when set — the way to give several hosts the same key — otherwise the key file, created
 * on first use with 32 random bytes, mode 0600, in a directory of its own mode 0700 if it
 * has to make one.
 */
export function loadSecretBox(options: { envKey: string | undefined; keyFile: string }): SecretBox {
  if (options.envKey !== undefined)
    return new SecretBox(decodeKey(options.envKey, 'BOOMERANG_SECRET_KEY'), 'BOOMERANG_SECRET_KEY');
  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another process has just written.
    try {
      writeFileSync(options.keyFile, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(options.keyFile, 0o600);
  const source = `the key file ${options.keyFile}`;
  return new SecretBox(decodeKey(readFileSync(options.keyFile, 'utf8'), source), source);
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new SecretKeyError(
      `${source} must hold ${KEY_BYTES} random bytes as base64 or 64 hex digits (e.g. \`openssl rand -base64 32\`).`,
    );
  return key;
}
