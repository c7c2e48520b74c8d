import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TrackingEndpoint } from './ingest.types.js';
import { correctTimestamp, parseTrackingRequest } from './parse-tracking-request.js';

const receivedAt = new Date('2025-03-01T12:00:00.000Z');
let counter = 0;
const parse = (endpoint: TrackingEndpoint, body: unknown) =>
  parseTrackingRequest({ endpoint, body, receivedAt, newMessageId: () => `generated-${++counter}` });

describe('parseTrackingRequest: valid calls', () => {
  const cases: Array<[name: string, endpoint: TrackingEndpoint, body: unknown, expected: Record<string, unknown>]> = [
    [
      'track with properties and context',
      'track',
      { userId: 'u1', event: 'Report Exported', properties: { format: 'csv' }, context: { ip: '1.2.3.4' }, messageId: 'm1' },
      { type: 'track', event: 'Report Exported', userId: 'u1', anonymousId: null, properties: { format: 'csv' }, context: { ip: '1.2.3.4' }, messageId: 'm1' },
    ],
    [
      'identify keeps traits as properties',
      'identify',
      { anonymousId: 'a1', traits: { email: 'jane@acme.com' }, messageId: 'm2' },
      { type: 'identify', userId: null, anonymousId: 'a1', properties: { email: 'jane@acme.com' } },
    ],
    ['group takes groupId', 'group', { userId: 'u1', groupId: 'g1', traits: { name: 'Acme' } }, { type: 'group', groupId: 'g1', properties: { name: 'Acme' } }],
    ['page name and category', 'page', { userId: 'u1', name: 'Pricing', category: 'Docs' }, { type: 'page', event: 'Pricing', properties: { category: 'Docs' } }],
    ['screen without a name', 'screen', { anonymousId: 'a1' }, { type: 'screen', event: null, properties: {} }],
    ['alias needs no anonymousId', 'alias', { userId: 'u1', previousId: 'a1' }, { type: 'alias', userId: 'u1', previousId: 'a1' }],
    ['numeric ids become strings', 'track', { userId: 42, event: 'x' }, { userId: '42' }],
    ['empty userId counts as absent', 'track', { userId: '', anonymousId: 'a1', event: 'x' }, { userId: null, anonymousId: 'a1' }],
    ['context.groupId attributes a track', 'track', { userId: 'u1', event: 'x', context: { groupId: 'g9' } }, { groupId: 'g9' }],
    ['the endpoint decides the type', 'track', { type: 'identify', userId: 'u1', event: 'x' }, { type: 'track' }],
    ['unknown fields and writeKey are not kept', 'track', { userId: 'u1', event: 'x', writeKey: 'secret', _metadata: {} }, { properties: {} }],
  ];
  for (const [name, endpoint, body, expected] of cases) {
    test(name, () => {
      const parsed = parse(endpoint, body);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      const [event] = parsed.events;
      assert.equal(parsed.events.length, 1);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(event![key as keyof typeof event], value, key);
      assert.ok(!JSON.stringify(event).includes('secret'));
    });
  }

  test('a batch merges its context under each message and lends its sentAt', () => {
    const parsed = parse('batch', {
      context: { library: { name: 'analytics-node' }, ip: '9.9.9.9' },
      sentAt: '2025-03-01T12:00:10.000Z',
      batch: [
        { type: 'track', userId: 'u1', event: 'a', context: { ip: '1.1.1.1' }, timestamp: '2025-03-01T12:00:00.000Z' },
        { type: 'identify', userId: 'u2' },
      ],
    });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.events[0]!.context, { library: { name: 'analytics-node' }, ip: '1.1.1.1' });
    assert.deepEqual(parsed.events[0]!.sentAt, new Date('2025-03-01T12:00:10.000Z'));
    assert.deepEqual(parsed.events.map((e) => e.index), [0, 1]);
  });

  test('messages without a messageId get a generated one', () => {
    const parsed = parse('batch', { batch: [{ type: 'track', userId: 'u', event: 'a' }, { type: 'track', userId: 'u', event: 'a' }] });
    assert.ok(parsed.ok);
    const [first, second] = parsed.events.map((e) => e.messageId);
    assert.match(first!, /^generated-/);
    assert.notEqual(first, second);
  });

  test('an empty batch is valid and stores nothing', () => {
    assert.deepEqual(parse('batch', { batch: [] }), { ok: true, events: [] });
  });
});

describe('parseTrackingRequest: refused requests name the offending message', () => {
  const cases: Array<[name: string, endpoint: TrackingEndpoint, body: unknown, index: number | null, path: RegExp]> = [
    ['no userId nor anonymousId', 'track', { event: 'x' }, 0, /body\.userId/],
    ['track without event', 'track', { userId: 'u' }, 0, /body\.event/],
    ['group without groupId', 'group', { userId: 'u' }, 0, /groupId/],
    ['alias without previousId', 'alias', { userId: 'u' }, 0, /previousId/],
    ['alias without userId', 'alias', { anonymousId: 'a', previousId: 'p' }, 0, /userId/],
    ['properties must be an object', 'track', { userId: 'u', event: 'x', properties: [1] }, 0, /properties/],
    ['traits must be an object', 'identify', { userId: 'u', traits: 'vip' }, 0, /traits/],
    ['userId must be a string', 'track', { userId: { id: 1 }, event: 'x' }, 0, /userId/],
    ['event must be a string', 'track', { userId: 'u', event: 7 }, 0, /event/],
    ['timestamp must be a date', 'track', { userId: 'u', event: 'x', timestamp: 'yesterday' }, 0, /timestamp/],
    ['messageId must be a string', 'track', { userId: 'u', event: 'x', messageId: 5 }, 0, /messageId/],
    ['context must be an object', 'track', { userId: 'u', event: 'x', context: 'web' }, 0, /context/],
    ['ids refuse NUL characters', 'track', { userId: 'u\u0000', event: 'x' }, 0, /userId/],
    ['the body is not an object', 'track', [1, 2], null, /body/],
    ['a batch without an array', 'batch', { batch: { type: 'track' } }, null, /batch/],
    ['an unknown type in a batch', 'batch', { batch: [{ type: 'track', userId: 'u', event: 'x' }, { type: 'purchase', userId: 'u' }] }, 1, /batch\[1\]\.type/],
    ['a batch message that is not an object', 'batch', { batch: [{ type: 'track', userId: 'u', event: 'x' }, 'hello'] }, 1, /batch\[1\]/],
    ['a bad batch sentAt', 'batch', { batch: [], sentAt: 12 }, null, /sentAt/],
  ];
  for (const [name, endpoint, body, index, path] of cases) {
    test(name, () => {
      const parsed = parse(endpoint, body);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.equal(parsed.problem.kind, 'invalid');
      assert.equal(parsed.problem.index, index);
      assert.match(parsed.problem.issues[0]!.path, path);
      assert.match(parsed.problem.detail, path);
    });
  }

  test('the detail names the index and messageId of the first bad message; all issues are listed', () => {
    const parsed = parse('batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'ok', messageId: 'fine' },
        { type: 'track', event: 'no user', messageId: 'msg-bad' },
        { type: 'track', userId: 'u', messageId: 'msg-bad-2' },
      ],
    });
    assert.ok(!parsed.ok);
    assert.equal(parsed.messageCount, 3);
    assert.equal(parsed.problem.messageId, 'msg-bad');
    assert.match(parsed.problem.detail, /^Message 1 of the batch \(messageId msg-bad\) is invalid: batch\[1\]\.userId/);
    assert.deepEqual(
      parsed.problem.issues.map((issue) => issue.path),
      ['batch[1].userId', 'batch[2].event'],
    );
  });

  const big = (bytes: number) => 'x'.repeat(bytes);
  test('a message over 32 KB is too large, named by index and messageId', () => {
    const parsed = parse('batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'small' },
        { type: 'track', userId: 'u', event: 'huge', messageId: 'big-one', properties: { blob: big(33 * 1024) } },
      ],
    });
    assert.ok(!parsed.ok);
    assert.equal(parsed.problem.kind, 'too_large');
    assert.equal(parsed.problem.index, 1);
    assert.match(parsed.problem.detail, /Message 1 of the batch \(messageId big-one\) is 33\.\d KB; a message may be at most 32 KB/);
  });

  test('a batch over 500 KB is too large at the message that passes the limit', () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: 'u', event: 'e', messageId: `m${i}`, properties: { blob: big(30 * 1024) } }));
    const parsed = parse('batch', { batch });
    assert.ok(!parsed.ok);
    assert.equal(parsed.problem.kind, 'too_large');
    assert.equal(parsed.problem.index, 16, '17 messages of ~30 KB pass 500 KB');
    assert.match(parsed.problem.detail, /passes 500 KB at message 16 of the batch \(messageId m16\)/);
  });

  test('a single call over 32 KB is too large', () => {
    const parsed = parse('track', { userId: 'u', event: 'e', properties: { blob: big(40 * 1024) } });
    assert.ok(!parsed.ok);
    assert.equal(parsed.problem.kind, 'too_large');
    assert.match(parsed.problem.detail, /^The message is 40\.\d KB/);
  });

  test('exactly 32 KB passes', () => {
    const base = { userId: 'u', event: 'e', properties: { blob: '' } };
    const padding = 32 * 1024 - Buffer.byteLength(JSON.stringify(base));
    assert.ok(parse('track', { ...base, properties: { blob: big(padding) } }).ok);
    assert.ok(!parse('track', { ...base, properties: { blob: big(padding + 1) } }).ok);
  });
});

describe('correctTimestamp (Segment clock-skew correction)', () => {
  const at = (time: string) => new Date(`2025-03-01T${time}Z`);
  const cases: Array<[name: string, sent: Date | null, sentAt: Date | null, expected: Date]> = [
    ['no timestamp: when it was received', null, null, at('12:00:00')],
    ['timestamp without sentAt: as sent', at('11:00:00'), null, at('11:00:00')],
    ['a device clock 1 h fast is corrected', at('13:00:00'), at('13:00:05'), at('11:59:55')],
    ['a correct clock keeps its time (minus nothing)', at('11:59:50'), at('12:00:00'), at('11:59:50')],
  ];
  for (const [name, sent, sentAt, expected] of cases) {
    test(name, () => assert.deepEqual(correctTimestamp({ sent, sentAt, receivedAt: at('12:00:00') }), expected));
  }
});
