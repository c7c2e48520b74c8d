/** What the data-health screen says about one source. */
export type SourceHealthStatus = 'healthy' | 'quiet' | 'dropped' | 'rejecting' | 'no_data' | 'revoked';

export type SourceHealthInput = {
  now: Date;
  revokedAt: Date | null;
  lastReceivedAt: Date | null;
  /** The last request refused whole and why (sources.last_rejected_at / last_rejection). */
  lastRejection?: { at: Date; reason: string } | null;
  /**
   * Messages received and requests refused whole per UTC day ('YYYY-MM-DD'); days without
   * traffic may be absent.
   */
  daily: ReadonlyArray<{ day: string; received: number; rejectedRequests?: number }>;
};

export type SourceHealth = {
  status: SourceHealthStatus;
  /** One sentence a person reads next to the flag. */
  detail: string;
  /** Median spacing between days with traffic over the last 30 days; null with fewer than 3 such days. */
  usualGapDays: number | null;
  /** The last complete UTC day (yesterday) and what it received. */
  lastDay: { day: string; received: number };
  /**
   * What `lastDay` usually brings: the median of the same weekday in the 4 weeks before
   * (weeks before the source's first traffic left out), or of the 7 days before while the
   * source is younger than 2 such weeks. Quiet days count as 0.
   */
  trailingMedian: number;
};

const DAY_MS = 86_400_000;
/** How far back the usual gap between active days is learned. */
export const HEALTH_HISTORY_DAYS = 30;
/** How many earlier weeks' same weekday make the usual volume of a day. */
const WEEKS_COMPARED = 4;
/** A day under this share of the trailing median is a sharp drop. */
const DROP_RATIO = 0.5;
/** A refusal this recent flags the source: an SDK is failing now, whatever else arrives. */
const REJECTING_WINDOW_HOURS = 24;
/** Below this trailing median a "drop" is noise (3 events instead of 8), not a broken pipeline. */
const MIN_MEDIAN_FOR_DROP = 10;

const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function gapsBetween(activeDays: string[]): number[] {
  const times = activeDays.map((day) => Date.parse(`${day}T00:00:00Z`)).sort((a, b) => a - b);
  return times.slice(1).map((time, index) => Math.round((time - times[index]!) / DAY_MS));
}

/**
 * The longest pause that recurs (seen at least twice, e.g. every weekend of a source that
 * sends on working days only), so that a pause the source makes every week is not "quiet"
 * while a single outage in its history does not excuse the next one.
 */
function recurringPauseDays(gaps: number[]): number {
  return [...gaps].sort((a, b) => b - a)[1] ?? 1;
}

const formatCount = (count: number): string => count.toLocaleString('en-US');

function formatHours(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Flags a source whose requests were refused whole in the last 24 h (its SDK is failing),
 * a source that went quiet (silent for longer than its usual gap between days with
 * traffic or a pause it makes regularly, at least 24 h) or whose volume dropped sharply
 * (yesterday under half of what that weekday usually brings). Pure: the caller passes
 * `now` and the daily counts of the last HEALTH_HISTORY_DAYS days.
 */
export function assessSourceHealth(input: SourceHealthInput): SourceHealth {
  const today = Date.parse(`${isoDay(input.now.getTime())}T00:00:00Z`);
  const received = new Map(input.daily.map((row) => [row.day, row.received]));
  const countOn = (time: number) => received.get(isoDay(time)) ?? 0;
  const yesterday = today - DAY_MS;
  const lastDay = { day: isoDay(yesterday), received: countOn(yesterday) };
  const firstActiveDay = input.daily.filter((row) => row.received > 0).map((row) => row.day).sort()[0];
  // Weekly rhythms are common (B2B products rest at weekends): compare a Sunday with Sundays.
  const sameWeekdays = Array.from({ length: WEEKS_COMPARED }, (_, week) => yesterday - (week + 1) * 7 * DAY_MS).filter(
    (time) => firstActiveDay !== undefined && isoDay(time) >= firstActiveDay,
  );
  const trailingMedian =
    sameWeekdays.length >= 2
      ? median(sameWeekdays.map(countOn))
      : median(Array.from({ length: 7 }, (_, index) => countOn(today - (index + 2) * DAY_MS)));
  const historyStart = isoDay(today - HEALTH_HISTORY_DAYS * DAY_MS);
  const activeDays = input.daily.filter((row) => row.received > 0 && row.day >= historyStart).map((row) => row.day);
  const gaps = gapsBetween(activeDays);
  const gap = activeDays.length < 3 ? null : median(gaps);
  const facts = { usualGapDays: gap, lastDay, trailingMedian };

  if (input.revokedAt) return { status: 'revoked', detail: 'The write key is revoked; this source can no longer send.', ...facts };
  const rejection = input.lastRejection;
  if (rejection && input.now.getTime() - rejection.at.getTime() <= REJECTING_WINDOW_HOURS * 3_600_000) {
    const since = isoDay(yesterday);
    const refused = input.daily.filter((row) => row.day >= since).reduce((sum, row) => sum + (row.rejectedRequests ?? 0), 0);
    const count = refused === 1 ? '1 request' : `${formatCount(refused)} requests`;
    return {
      status: 'rejecting',
      detail: `${count} refused since ${since} (UTC); the last at ${rejection.at.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${rejection.reason}`,
      ...facts,
    };
  }
  // A source made a minute ago has nothing to be healthy about yet (issue 15 item 8).
  if (!input.lastReceivedAt) return { status: 'no_data', detail: 'Waiting for first events: send one with the write key.', ...facts };

  const silentHours = (input.now.getTime() - input.lastReceivedAt.getTime()) / 3_600_000;
  const pause = gap === null ? 1 : Math.max(gap, recurringPauseDays(gaps));
  if (silentHours > Math.max(pause, 1) * 24) {
    const every = gap === null ? '' : gap <= 1 ? 'every day' : `every ${gap} days`;
    const usual = gap === null ? '' : pause > gap ? ` (it usually sends ${every}, with pauses of up to ${pause} days)` : ` (it usually sends ${every})`;
    return { status: 'quiet', detail: `No events for ${formatHours(silentHours)}${usual}.`, ...facts };
  }
  if (trailingMedian >= MIN_MEDIAN_FOR_DROP && lastDay.received < trailingMedian * DROP_RATIO) {
    const share = Math.round((lastDay.received / trailingMedian) * 100);
    return {
      status: 'dropped',
      detail: `Yesterday brought ${formatCount(lastDay.received)} events, ${share}% of the usual ${formatCount(trailingMedian)} (${
        sameWeekdays.length >= 2 ? `median of the same weekday over the ${sameWeekdays.length} weeks before` : 'median of the 7 days before'
      }).`,
      ...facts,
    };
  }
  if (gap === null) return { status: 'healthy', detail: 'Receiving its first events; its usual rhythm is learned after 3 days with traffic.', ...facts };
  return { status: 'healthy', detail: 'Sending as usual.', ...facts };
}
