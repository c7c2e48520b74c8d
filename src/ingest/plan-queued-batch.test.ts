import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IngestEvent } from './ingest.types.js';
import { groupForStorage, queuedMessageIds, type ParsedQueuedRequest } from './plan-queued-batch.js';

const event = (messageId: string): IngestEvent => ({
  index: 0,
  messageId,
  type: 'track',
  event: 'Clicked',
  userId: 'u1',
  anonymousId: null,
  groupId: null,
  previousId: null,
  properties: {},
  context: {},
  timestamp: new Date(0),
  originalTimestamp: null,
  sentAt: null,
  receivedAt: new Date(0),
});

const source = (id: string) => ({ id, workspaceId: 'w1', kind: 'browser' as const });
const request = (sourceId: string, iso: string, ...ids: string[]): ParsedQueuedRequest => ({
  batchId: `b-${ids.join('')}`,
  source: source(sourceId),
  receivedAt: new Date(iso),
  events: ids.map(event),
});

describe('queuedMessageIds', () => {
  test('the same batch id gives the same ids in the same order, another batch other ids', () => {
    const first = queuedMessageIds('batch-a');
    const again = queuedMessageIds('batch-a');
    const other = queuedMessageIds('batch-b');
    const take = (next: () => string) => [next(), next(), next()];
    assert.deepEqual(take(first), ['batch-a-0', 'batch-a-1', 'batch-a-2']);
    assert.deepEqual(take(again), ['batch-a-0', 'batch-a-1', 'batch-a-2']);
    assert.deepEqual(take(other), ['batch-b-0', 'batch-b-1', 'batch-b-2']);
  });
});

describe('groupForStorage', () => {
  const cases: Array<{
    name: string;
    requests: ParsedQueuedRequest[];
    expected: Array<{ sourceId: string; receivedAt: string; messageIds: string[] }>;
  }> = [
    { name: 'nothing', requests: [], expected: [] },
    {
      name: 'one source, one day: one group in arrival order, latest receipt',
      requests: [request('s1', '2025-03-01T10:00:00Z', 'c', 'a'), request('s1', '2025-03-01T09:00:00Z', 'b')],
      expected: [{ sourceId: 's1', receivedAt: '2025-03-01T10:00:00.000Z', messageIds: ['c', 'a', 'b'] }],
    },
    {
      name: 'two sources: a group each, in source id order',
      requests: [request('s2', '2025-03-01T10:00:00Z', 'x'), request('s1', '2025-03-01T10:00:01Z', 'y')],
      expected: [
        { sourceId: 's1', receivedAt: '2025-03-01T10:00:01.000Z', messageIds: ['y'] },
        { sourceId: 's2', receivedAt: '2025-03-01T10:00:00.000Z', messageIds: ['x'] },
      ],
    },
    {
      name: 'across midnight UTC: each day keeps its own counters',
      requests: [request('s1', '2025-03-01T23:59:59Z', 'a'), request('s1', '2025-03-02T00:00:01Z', 'b')],
      expected: [
        { sourceId: 's1', receivedAt: '2025-03-01T23:59:59.000Z', messageIds: ['a'] },
        { sourceId: 's1', receivedAt: '2025-03-02T00:00:01.000Z', messageIds: ['b'] },
      ],
    },
  ];
  for (const { name, requests, expected } of cases) {
    test(name, () => {
      const groups = groupForStorage(requests).map((group) => ({
        sourceId: group.source.id,
        receivedAt: group.receivedAt.toISOString(),
        messageIds: group.events.map((e) => e.messageId),
      }));
      assert.deepEqual(groups, expected);
    });
  }
});
