import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretBox } from '../core/secret-box.js';
import { forbiddenRange } from './address-guard.js';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.js';

test('webhooks reach public unicast addresses only, IPv4 and IPv6, mapped forms included', () => {
  const cases: Array<[string, string | undefined]> = [
    ['93.184.215.14', undefined],
    ['2606:4700:4700::1111', undefined],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['2002:7f00:1::1', '6to4'],
    ['64:ff9b::a00:1', 'rfc6052'],
  ];
  for (const [address, range] of cases) assert.equal(forbiddenRange(address), range, address);
});

test('an unsubscribe token names its mail and cannot be forged or moved to another key', () => {
  const box = SecretBox.ephemeral();
  const key = box.deriveKey('unsubscribe');
  const claim = { workspaceId: '0f8fad5b-d9cb-469f-a165-70867728950e', messageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' };
  const token = unsubscribeToken(key, claim);
  assert.ok(token.length < 100, 'fits in one path segment');
  assert.deepEqual(readUnsubscribeToken(key, token), claim);
  const other = unsubscribeToken(key, { ...claim, messageId: '16fd2706-8baf-433b-82eb-8c7fada847da' });
  assert.equal(readUnsubscribeToken(key, `${other.split('.')[0]}.${token.split('.')[1]}`), undefined);
  assert.equal(readUnsubscribeToken(SecretBox.ephemeral().deriveKey('unsubscribe'), token), undefined);
  assert.equal(readUnsubscribeToken(key, 'garbage'), undefined);
});
