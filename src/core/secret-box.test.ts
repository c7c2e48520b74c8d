import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSecretBox, SecretBox, SecretKeyError } from './secret-box.js';

test('seal and open: versioned, random per value, bound to its context', () => {
  const box = SecretBox.ephemeral();
  const sealed = box.seal('whsec_abc123', 'webhook_secret:ws-1');
  assert.match(sealed, /^enc:v1:/);
  assert.notEqual(box.seal('whsec_abc123', 'webhook_secret:ws-1'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed, 'webhook_secret:ws-1'), 'whsec_abc123');
  assert.throws(
    () => box.open(sealed, 'webhook_secret:ws-2'),
    SecretKeyError,
    'copied to another workspace it does not open',
  );
  assert.equal(
    box.open('a-clear-legacy-value', 'webhook_secret:ws-1'),
    'a-clear-legacy-value',
    'clear values from before pass through',
  );
});

test('a wrong key is a SecretKeyError that names where the key came from', () => {
  const sealed = SecretBox.ephemeral().seal('s3cret', 'c');
  const other = new SecretBox(Buffer.alloc(32, 1), 'BOOMERANG_SECRET_KEY');
  assert.throws(() => other.open(sealed, 'c'), /cannot be decrypted with the key from BOOMERANG_SECRET_KEY/);
  assert.throws(() => new SecretBox(Buffer.alloc(16), 'BOOMERANG_SECRET_KEY'), /must be 32 bytes/);
});

test('the key file is created once, 0600, and read back the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-key-'));
  try {
    const keyFile = join(dir, 'keys', 'data.secret-key');
    const first = loadSecretBox({ envKey: undefined, keyFile });
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'keys')).mode & 0o777, 0o700);
    const contents = readFileSync(keyFile, 'utf8');
    const second = loadSecretBox({ envKey: undefined, keyFile });
    assert.equal(readFileSync(keyFile, 'utf8'), contents, 'never overwritten');
    assert.equal(second.open(first.seal('x', 'c'), 'c'), 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('BOOMERANG_SECRET_KEY wins over the file; base64 and hex both work; a bad value is refused', () => {
  const hex = 'ab'.repeat(32);
  const base64 = Buffer.from(hex, 'hex').toString('base64');
  const fromHex = loadSecretBox({ envKey: hex, keyFile: '/nonexistent/never-created' });
  const fromBase64 = loadSecretBox({ envKey: base64, keyFile: '/nonexistent/never-created' });
  assert.equal(fromBase64.open(fromHex.seal('same key', 'c'), 'c'), 'same key');
  assert.equal(fromHex.keySource, 'BOOMERANG_SECRET_KEY');
  assert.throws(
    () => loadSecretBox({ envKey: 'too-short', keyFile: '/x' }),
    /BOOMERANG_SECRET_KEY must hold 32 random bytes/,
  );
});
