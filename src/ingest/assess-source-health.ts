/** What the data-health screen says about one source. */
export type SourceHealthStatus = 'healthy' | 'quiet' | 'dropped' | 'no_data' | 'revoked';

export type SourceHealthInput = {
  now: Date;
  revokedAt: Date | null;
  lastReceivedAt: Date | null;
  /** Messages received per UTC day ('YYYY-MM-DD'); days without traffic may be absent. */
  daily: ReadonlyArray<{ day: string; received: number }>;
};

export type SourceHealth = {
  status: SourceHealthStatus;
  /** One sentence a person reads next to the flag. */
  detail: string;
  /** Median spacing between days with traffic over the last 30 days; null with fewer than 3 such days. */
  usualGapDays: number | null;
  /** The last complete UTC day (yesterday) and what it received. */
  lastDay: { day: string; received: number };
  /** Median received per day over the 7 days before `lastDay`, quiet days counted as 0. */
  trailingMedian: number;
};

const DAY_MS = 86_400_000;
/** How far back the usual gap between active days is learned. */
export const HEALTH_HISTORY_DAYS = 30;
/** A day under this share of the trailing median is a sharp drop. */
const DROP_RATIO = 0.5;
/** Below this trailing median a "drop" is noise (3 events instead of 8), not a broken pipeline. */
const MIN_MEDIAN_FOR_DROP = 10;

const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function usualGapDays(activeDays: string[]): number | null {
  if (activeDays.length < 3) return null;
  const times = activeDays.map((day) => Date.parse(`${day}T00:00:00Z`)).sort((a, b) => a - b);
  return median(times.slice(1).map((time, index) => Math.round((time - times[index]!) / DAY_MS)));
}

const formatCount = (count: number): string => count.toLocaleString('en-US');

function formatHours(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Flags a source that went quiet (silent for longer than its usual gap between days with
 * traffic, at least 24 h) or whose volume dropped sharply (yesterday under half the median
 * of the 7 days before). Pure: the caller passes `now` and the daily counts.
 */
export function assessSourceHealth(input: SourceHealthInput): SourceHealth {
  const today = Date.parse(`${isoDay(input.now.getTime())}T00:00:00Z`);
  const received = new Map(input.daily.map((row) => [row.day, row.received]));
  const countOn = (time: number) => received.get(isoDay(time)) ?? 0;
  const lastDay = { day: isoDay(today - DAY_MS), received: countOn(today - DAY_MS) };
  const trailingMedian = median(Array.from({ length: 7 }, (_, index) => countOn(today - (index + 2) * DAY_MS)));
  const historyStart = isoDay(today - HEALTH_HISTORY_DAYS * DAY_MS);
  const gap = usualGapDays(input.daily.filter((row) => row.received > 0 && row.day >= historyStart).map((row) => row.day));
  const facts = { usualGapDays: gap, lastDay, trailingMedian };

  if (input.revokedAt) return { status: 'revoked', detail: 'The write key is revoked; this source can no longer send.', ...facts };
  if (!input.lastReceivedAt) return { status: 'no_data', detail: 'Nothing received yet: send a first event with the write key.', ...facts };

  const silentHours = (input.now.getTime() - input.lastReceivedAt.getTime()) / 3_600_000;
  const allowedHours = Math.max(gap ?? 1, 1) * 24;
  if (silentHours > allowedHours) {
    const usual = gap === null ? '' : gap <= 1 ? ' (it usually sends every day)' : ` (it usually sends every ${gap} days)`;
    return { status: 'quiet', detail: `No events for ${formatHours(silentHours)}${usual}.`, ...facts };
  }
  if (trailingMedian >= MIN_MEDIAN_FOR_DROP && lastDay.received < trailingMedian * DROP_RATIO) {
    const share = Math.round((lastDay.received / trailingMedian) * 100);
    return {
      status: 'dropped',
      detail: `Yesterday brought ${formatCount(lastDay.received)} events, ${share}% of the usual ${formatCount(trailingMedian)} a day (median of the 7 days before).`,
      ...facts,
    };
  }
  return { status: 'healthy', detail: 'Sending as usual.', ...facts };
}
