import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { QueuedRequest } from '../ingest/index.js';
import { deadLetterSubject, decodeQueuedRequest, encodeQueuedRequest, eventSubject, HEADER } from './queued-message.js';

const request: QueuedRequest = {
  batchId: '0b0f6a7e-3f4c-4a55-9a8e-0d7c1f1c2b3a',
  source: { id: '5d1c0f0e-8c9b-4b7a-a1f2-3e4d5c6b7a89', workspaceId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', kind: 'server' },
  endpoint: 'batch',
  receivedAt: new Date('2025-03-01T10:00:00.123Z'),
  body: { batch: [{ type: 'track', event: 'Clicked', userId: 'u1', messageId: 'm1' }] },
};

const asMessage = (encoded: { headers: Record<string, string>; data: string }) => ({
  header: (name: string) => encoded.headers[name],
  data: encoded.data,
});

describe('queued requests through JetStream', () => {
  test('decode(encode(request)) is the request', () => {
    assert.deepEqual(decodeQueuedRequest(asMessage(encodeQueuedRequest(request))), { ok: true, request });
  });

  test('a message without a trusted source kind (queued before kinds existed, or any other value) is stored as from a browser', () => {
    for (const kind of [undefined, 'Server', 'trusted']) {
      const encoded = encodeQueuedRequest(request);
      if (kind === undefined) delete encoded.headers[HEADER.sourceKind];
      else encoded.headers[HEADER.sourceKind] = kind;
      assert.deepEqual(decodeQueuedRequest(asMessage(encoded)), { ok: true, request: { ...request, source: { ...request.source, kind: 'browser' } } });
    }
  });

  const broken: Array<[name: string, change: (encoded: { headers: Record<string, string>; data: string }) => void, reason: string]> = [
    ['no batch id', (e) => delete e.headers[HEADER.msgId], 'batchId header is not a uuid'],
    ['a source id that is not a uuid', (e) => (e.headers[HEADER.source] = 'src-1'), 'sourceId header is not a uuid'],
    ['an unknown endpoint', (e) => (e.headers[HEADER.endpoint] = 'delete'), 'unknown endpoint "delete"'],
    ['a bad received-at', (e) => (e.headers[HEADER.receivedAt] = 'yesterday'), 'received-at header is not a date'],
    ['a truncated body', (e) => (e.data = e.data.slice(0, 10)), 'body is not JSON'],
  ];
  for (const [name, change, reason] of broken) {
    test(`${name} is refused: ${reason}`, () => {
      const encoded = encodeQueuedRequest(request);
      change(encoded);
      assert.deepEqual(decodeQueuedRequest(asMessage(encoded)), { ok: false, reason });
    });
  }
});

describe('subjects', () => {
  test('events per workspace and source; dead letters keep the workspace and source', () => {
    const subject = eventSubject({ stream: 'S1', workspaceId: 'w', sourceId: 's' });
    assert.equal(subject, 'S1.events.w.s');
    assert.equal(deadLetterSubject({ stream: 'S1', subject }), 'S1.dead.w.s');
    assert.equal(deadLetterSubject({ stream: 'S1', subject: 'elsewhere.x' }), 'S1.dead.unknown');
  });
});
