import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessSourceHealth, type SourceHealthStatus } from './assess-source-health.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
/** Daily counts ending yesterday (2026-03-19), oldest first. */
const lastDays = (counts: number[]) =>
  counts.map((received, index) => ({
    day: new Date(Date.parse('2026-03-19T00:00:00Z') - (counts.length - 1 - index) * 86_400_000).toISOString().slice(0, 10),
    received,
  }));
const steady = lastDays(Array.from({ length: 14 }, () => 100));
const everyThirdDay = lastDays([40, 0, 0, 40, 0, 0, 40, 0, 0, 40, 0, 0, 40, 0]);

describe('assessSourceHealth', () => {
  const cases: Array<{
    name: string;
    input: {
      revokedAt?: Date;
      lastReceivedAt: Date | null;
      lastRejection?: { at: Date; reason: string };
      daily: Array<{ day: string; received: number; rejectedRequests?: number }>;
    };
    status: SourceHealthStatus;
    detail?: RegExp;
  }> = [
    { name: 'a new source that never sent is waiting, not healthy', input: { lastReceivedAt: null, daily: [] }, status: 'no_data', detail: /^Waiting for first events/ },
    { name: 'a source a minute into its first events says so rather than "as usual"', input: { lastReceivedAt: hoursAgo(0.02), daily: [{ day: '2026-03-20', received: 3 }] }, status: 'healthy', detail: /^Receiving its first events/ },
    { name: 'with three days of traffic it is sending as usual', input: { lastReceivedAt: hoursAgo(1), daily: lastDays([20, 20, 20]) }, status: 'healthy', detail: /^Sending as usual\.$/ },
    { name: 'a revoked key wins over any other flag', input: { revokedAt: hoursAgo(1), lastReceivedAt: hoursAgo(500), daily: steady }, status: 'revoked' },
    { name: 'a daily source that sent an hour ago', input: { lastReceivedAt: hoursAgo(1), daily: [...steady, { day: '2026-03-20', received: 30 }] }, status: 'healthy' },
    { name: 'a daily source silent for 23 h is still fine', input: { lastReceivedAt: hoursAgo(23), daily: steady }, status: 'healthy' },
    { name: 'a daily source silent for 30 h went quiet', input: { lastReceivedAt: hoursAgo(30), daily: steady }, status: 'quiet', detail: /No events for 30 h \(it usually sends every day\)/ },
    { name: 'a source with no history yet goes quiet after 24 h', input: { lastReceivedAt: hoursAgo(26), daily: lastDays([5]) }, status: 'quiet', detail: /^No events for 26 h\.$/ },
    { name: 'a source that sends every third day is fine after 60 h', input: { lastReceivedAt: hoursAgo(60), daily: everyThirdDay }, status: 'healthy' },
    { name: 'a source that sends every third day is quiet after 4 days', input: { lastReceivedAt: hoursAgo(100), daily: everyThirdDay }, status: 'quiet', detail: /4 days \(it usually sends every 3 days\)/ },
    { name: 'yesterday under half the trailing median is a drop', input: { lastReceivedAt: hoursAgo(2), daily: lastDays([100, 100, 100, 100, 100, 100, 100, 40]) }, status: 'dropped', detail: /40 events, 40% of the usual 100/ },
    { name: 'yesterday at exactly half is not a drop', input: { lastReceivedAt: hoursAgo(2), daily: lastDays([100, 100, 100, 100, 100, 100, 100, 50]) }, status: 'healthy' },
    { name: 'one quiet day in the trailing week does not move the median', input: { lastReceivedAt: hoursAgo(2), daily: lastDays([100, 0, 100, 100, 100, 100, 100, 90]) }, status: 'healthy' },
    { name: 'tiny volumes never count as a drop', input: { lastReceivedAt: hoursAgo(2), daily: lastDays([8, 8, 8, 8, 8, 8, 8, 1]) }, status: 'healthy' },
    {
      name: 'requests refused in the last 24 h flag the source, counted over yesterday and today',
      input: {
        lastRejection: { at: hoursAgo(3), reason: 'The body is not valid JSON.' },
        lastReceivedAt: hoursAgo(1),
        daily: [...steady.slice(0, -1), { day: '2026-03-19', received: 100, rejectedRequests: 4 }, { day: '2026-03-20', received: 50, rejectedRequests: 3 }],
      },
      status: 'rejecting',
      detail: /^7 requests refused since 2026-03-19 \(UTC\); the last at 2026-03-20 09:00 UTC: The body is not valid JSON\.$/,
    },
    { name: 'a refusal older than 24 h no longer flags', input: { lastRejection: { at: hoursAgo(25), reason: 'x' }, lastReceivedAt: hoursAgo(1), daily: steady }, status: 'healthy' },
    { name: 'days older than 30 days do not teach the usual gap', input: { lastReceivedAt: hoursAgo(30), daily: [{ day: '2026-01-01', received: 9 }, { day: '2026-01-05', received: 9 }, { day: '2026-01-09', received: 9 }, ...lastDays([5])] }, status: 'quiet' },
  ];
  for (const { name, input, status, detail } of cases) {
    test(name, () => {
      const health = assessSourceHealth({
        now: NOW,
        revokedAt: input.revokedAt ?? null,
        lastReceivedAt: input.lastReceivedAt,
        lastRejection: input.lastRejection ?? null,
        daily: input.daily,
      });
      assert.equal(health.status, status, health.detail);
      if (detail) assert.match(health.detail, detail);
    });
  }

  test('reports the facts behind the flag', () => {
    const health = assessSourceHealth({ now: NOW, revokedAt: null, lastReceivedAt: hoursAgo(2), daily: lastDays([10, 20, 30, 40, 50, 60, 70, 5]) });
    assert.deepEqual(
      { usualGapDays: health.usualGapDays, lastDay: health.lastDay, trailingMedian: health.trailingMedian },
      { usualGapDays: 1, lastDay: { day: '2026-03-19', received: 5 }, trailingMedian: 40 },
    );
  });

  describe('a source with a weekly rhythm (a B2B product: little or nothing at weekends)', () => {
    const MONDAY = new Date('2026-03-23T09:00:00Z');
    /** 35 days ending Sunday 2026-03-22: `weekday(n)` for Sunday = 0 … Saturday = 6. */
    const weeks = (weekday: (day: number) => number, overrides: Record<string, number> = {}) =>
      Array.from({ length: 35 }, (_, index) => {
        const time = Date.parse('2026-03-22T00:00:00Z') - (34 - index) * 86_400_000;
        const day = new Date(time).toISOString().slice(0, 10);
        return { day, received: overrides[day] ?? weekday(new Date(time).getUTCDay()) };
      });
    const quietWeekends = (day: number) => (day === 0 || day === 6 ? 5 : 100);
    const closedWeekends = (day: number) => (day === 0 || day === 6 ? 0 : 100);
    const assess = (now: Date, lastReceivedAt: Date, daily: Array<{ day: string; received: number }>) =>
      assessSourceHealth({ now, revokedAt: null, lastReceivedAt, daily });

    test('a quiet Sunday is compared with Sundays, not with the week: no false alarm on Monday', () => {
      const health = assess(new Date('2026-03-23T12:00:00Z'), new Date('2026-03-22T18:00:00Z'), weeks(quietWeekends));
      assert.equal(health.status, 'healthy', health.detail);
      assert.deepEqual({ lastDay: health.lastDay, trailingMedian: health.trailingMedian }, { lastDay: { day: '2026-03-22', received: 5 }, trailingMedian: 5 });
    });

    test('a working day well under the same weekday of earlier weeks is a drop', () => {
      const health = assess(new Date('2026-03-20T12:00:00Z'), new Date('2026-03-19T18:00:00Z'), weeks(quietWeekends, { '2026-03-19': 30 }).slice(0, 32));
      assert.equal(health.status, 'dropped');
      assert.match(health.detail, /30 events, 30% of the usual 100 \(median of the same weekday over the 4 weeks before\)/);
    });

    test('silent from Friday evening to Monday morning is the usual weekend, not "quiet"', () => {
      const health = assess(MONDAY, new Date('2026-03-20T17:00:00Z'), weeks(closedWeekends));
      assert.equal(health.status, 'healthy', health.detail);
    });

    test('silent since Thursday evening is quiet, and the detail names the usual pause', () => {
      const daily = weeks(closedWeekends, { '2026-03-20': 0 });
      const health = assess(MONDAY, new Date('2026-03-19T17:00:00Z'), daily);
      assert.equal(health.status, 'quiet');
      assert.match(health.detail, /No events for 4 days \(it usually sends every day, with pauses of up to 3 days\)/);
    });

    test('one outage in the history does not excuse the next silence', () => {
      const daily = lastDays(Array.from({ length: 30 }, (_, index) => (index >= 10 && index < 15 ? 0 : 100)));
      const health = assessSourceHealth({ now: NOW, revokedAt: null, lastReceivedAt: hoursAgo(30), daily });
      assert.equal(health.status, 'quiet', health.detail);
    });
  });
});
