import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newWriteKey, WRITE_KEY_PREFIX, writeKeyFromRequest } from './write-key.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('writeKeyFromRequest', () => {
  const cases: Array<[name: string, authorization: string | undefined, body: unknown, expected: string | undefined]> = [
    ['Basic with an empty password (the Segment way)', basic('abc123:'), {}, 'abc123'],
    ['Segment’s documented example header', 'Basic YWJjMTIzOg==', undefined, 'abc123'],
    ['Basic without the colon', basic('abc123'), {}, 'abc123'],
    ['a password is ignored', basic('abc123:whatever'), {}, 'abc123'],
    ['scheme in any case', `basic ${Buffer.from('k:').toString('base64')}`, {}, 'k'],
    ['writeKey in the body', undefined, { writeKey: 'from-body' }, 'from-body'],
    ['the header wins over the body', basic('from-header:'), { writeKey: 'from-body' }, 'from-header'],
    ['an empty Basic user falls back to the body', basic(':'), { writeKey: 'from-body' }, 'from-body'],
    ['a Bearer token is not a write key', 'Bearer abc', {}, undefined],
    ['nothing at all', undefined, { batch: [] }, undefined],
    ['a non-string writeKey', undefined, { writeKey: 42 }, undefined],
    ['a body that is not an object', undefined, ['writeKey'], undefined],
  ];
  for (const [name, authorization, body, expected] of cases) {
    test(name, () => assert.equal(writeKeyFromRequest({ authorization, body }), expected));
  }
});

test('new write keys are prefixed, random and safe as a Basic user name', () => {
  const keys = new Set(Array.from({ length: 50 }, () => newWriteKey()));
  assert.equal(keys.size, 50);
  for (const key of keys) {
    assert.ok(key.startsWith(WRITE_KEY_PREFIX));
    assert.match(key, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(writeKeyFromRequest({ authorization: basic(`${key}:`), body: undefined }), key);
  }
});
