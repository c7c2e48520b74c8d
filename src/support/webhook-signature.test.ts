import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseSignatureTimestamp,
  signGeneric,
  signZendesk,
  verifyWebhookSignature,
  type VerifyWebhookSignatureOptions,
} from './webhook-signature.js';

const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const body = Buffer.from('{"type":"zen:event-type:ticket.created","detail":{"id":"5158"}}');
const now = new Date('2025-01-08T10:12:07Z');
const timestamp = '2025-01-08T10:10:00Z';

test('signatures match ones computed independently with openssl', () => {
  // printf '%s%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac shh -binary | base64
  assert.equal(
    signZendesk({ secret: 'shh', timestamp: '2021-06-15T20:34:38Z', body: '{"a":1}' }),
    'BfAwG4apXFZoDCIEG0pNqXyj90FmwlxGE/kjB+fh+40=',
  );
  // printf '%s' "$body" | openssl dgst -sha256 -hmac shh
  assert.equal(
    signGeneric({ secret: 'shh', body: Buffer.from('{"a":1}') }),
    'sha256=dfb8cf3fc9778c70386e30f5e0776d37f9ee9c8756d3cbd7df0902150644358d',
  );
});

test('signature checks, table-driven', () => {
  const zendeskHeaders = {
    'x-zendesk-webhook-signature': signZendesk({ secret, timestamp, body }),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
  const genericHeaders = { 'x-boomerang-signature': signGeneric({ secret, body }) };
  const base = { body, secrets: [secret], now } as const;
  const cases: Array<[string, VerifyWebhookSignatureOptions, boolean | RegExp]> = [
    ['zendesk: good', { ...base, kind: 'zendesk', headers: zendeskHeaders }, true],
    [
      'zendesk: the second of two live secrets signed',
      { ...base, secrets: ['old', secret], kind: 'zendesk', headers: zendeskHeaders },
      true,
    ],
    [
      'zendesk: unix-seconds timestamp',
      {
        ...base,
        kind: 'zendesk',
        headers: {
          'x-zendesk-webhook-signature': signZendesk({ secret, timestamp: '1736330900', body }),
          'x-zendesk-webhook-signature-timestamp': '1736330900',
        },
      },
      true,
    ],
    [
      'zendesk: body changed in transit',
      { ...base, body: Buffer.from(`${body} `), kind: 'zendesk', headers: zendeskHeaders },
      /does not match/,
    ],
    [
      'zendesk: another secret',
      { ...base, secrets: ['not-the-secret'], kind: 'zendesk', headers: zendeskHeaders },
      /does not match/,
    ],
    [
      'zendesk: no secret set up',
      { ...base, secrets: [], kind: 'zendesk', headers: zendeskHeaders },
      /No zendesk signing secret/,
    ],
    [
      'zendesk: signature header missing',
      { ...base, kind: 'zendesk', headers: { 'x-zendesk-webhook-signature-timestamp': timestamp } },
      /Missing X-Zendesk-Webhook-Signature header/,
    ],
    [
      'zendesk: timestamp header missing',
      {
        ...base,
        kind: 'zendesk',
        headers: { 'x-zendesk-webhook-signature': zendeskHeaders['x-zendesk-webhook-signature'] },
      },
      /Timestamp header/,
    ],
    [
      'zendesk: timestamp blank',
      { ...base, kind: 'zendesk', headers: { ...zendeskHeaders, 'x-zendesk-webhook-signature-timestamp': '  ' } },
      /Timestamp header/,
    ],
    [
      'zendesk: timestamp not a date',
      {
        ...base,
        kind: 'zendesk',
        headers: { ...zendeskHeaders, 'x-zendesk-webhook-signature-timestamp': 'yesterday' },
      },
      /not a timestamp/,
    ],
    [
      'zendesk: stale by 5 min 1 s',
      { ...base, now: new Date(Date.parse(timestamp) + 301_000), kind: 'zendesk', headers: zendeskHeaders },
      /more than 5 minutes/,
    ],
    [
      'zendesk: exactly 5 min old is still fine',
      { ...base, now: new Date(Date.parse(timestamp) + 300_000), kind: 'zendesk', headers: zendeskHeaders },
      true,
    ],
    [
      'zendesk: signed 6 min in the future',
      { ...base, now: new Date(Date.parse(timestamp) - 360_000), kind: 'zendesk', headers: zendeskHeaders },
      /more than 5 minutes/,
    ],
    [
      'zendesk: the timestamp is part of what is signed',
      {
        ...base,
        kind: 'zendesk',
        headers: { ...zendeskHeaders, 'x-zendesk-webhook-signature-timestamp': '2025-01-08T10:11:00Z' },
      },
      /does not match/,
    ],
    ['generic: good', { ...base, kind: 'generic', headers: genericHeaders }, true],
    [
      'generic: upper-case hex is fine',
      {
        ...base,
        kind: 'generic',
        headers: {
          'x-boomerang-signature': `sha256=${genericHeaders['x-boomerang-signature'].slice(7).toUpperCase()}`,
        },
      },
      true,
    ],
    ['generic: missing', { ...base, kind: 'generic', headers: {} }, /Missing X-Boomerang-Signature/],
    [
      'generic: bare hex without sha256=',
      {
        ...base,
        kind: 'generic',
        headers: { 'x-boomerang-signature': genericHeaders['x-boomerang-signature'].slice(7) },
      },
      /must be sha256=/,
    ],
    [
      'generic: a Zendesk-style signature',
      { ...base, kind: 'generic', headers: zendeskHeaders },
      /Missing X-Boomerang-Signature/,
    ],
    [
      'generic: wrong secret',
      { ...base, secrets: ['other'], kind: 'generic', headers: genericHeaders },
      /does not match/,
    ],
    [
      'generic: body changed',
      { ...base, body: Buffer.from('{}'), kind: 'generic', headers: genericHeaders },
      /does not match/,
    ],
  ];
  for (const [name, options, expected] of cases) {
    const check = verifyWebhookSignature(options);
    if (expected === true) assert.equal(check.ok, true, `${name}: ${JSON.stringify(check)}`);
    else {
      assert.equal(check.ok, false, name);
      assert.match((check as { reason: string }).reason, expected as RegExp, name);
    }
  }
});

test('the matching secret is reported so its last use can be recorded', () => {
  const headers = { 'x-boomerang-signature': signGeneric({ secret: 'b', body }) };
  assert.deepEqual(verifyWebhookSignature({ kind: 'generic', headers, body, secrets: ['a', 'b', 'c'], now }), {
    ok: true,
    secretIndex: 1,
  });
});

test('parseSignatureTimestamp', () => {
  assert.equal(parseSignatureTimestamp('2024-04-17T17:18:10Z')?.toISOString(), '2024-04-17T17:18:10.000Z');
  assert.equal(parseSignatureTimestamp('1736330900')?.toISOString(), '2025-01-08T10:08:20.000Z');
  assert.equal(parseSignatureTimestamp('17 April 2024'), undefined);
  assert.equal(parseSignatureTimestamp('2024-13-45T99:00:00Z'), undefined);
});
