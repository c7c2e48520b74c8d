/** Pure: turns an account's stored day rollups and contracts into the series the account page draws. */

export type UsageDayRow = {
  day: string;
  activeUsers: number;
  events: number;
  features: number;
  /** Track event name → count that day. */
  eventCounts: Record<string, number>;
};

export type SeatContract = {
  status: 'active' | 'cancelled' | 'expired';
  startDate: string;
  endDate: string;
  items: Array<{ product: string; seats: number }>;
};

/**
 * The people a contract lets in: line items of one product add up (10 seats, then 5 more),
 * while an add-on's seats go to people who already hold a seat of the main product, so
 * the contract's seats are its largest product's.
 */
function contractSeats(contract: SeatContract): number {
  const byProduct = new Map<string, number>();
  for (const item of contract.items) byProduct.set(item.product, (byProduct.get(item.product) ?? 0) + item.seats);
  return Math.max(0, ...byProduct.values());
}

export type UsageDay = {
  day: string;
  activeUsers: number;
  events: number;
  features: number;
  /** Distinct features used in the 30 days ending this day. */
  features30d: number;
  seatsPurchased: number;
  /** Counts of the window's top events this day, in the order of `topEvents`. */
  topEventCounts: number[];
};

export type UsageSeries = {
  daily: UsageDay[];
  topEvents: Array<{ name: string; count: number }>;
  /** Distinct features used in the 30 days ending `toDay`. */
  featuresUsed30d: number;
};

export const BREADTH_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' moved by whole days (UTC, so no daylight-saving shift). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Seats bought for a day: the seats of contracts whose term covers it (see contractSeats).
 * Cancelled contracts are left out (the cancellation date is not recorded, so their term
 * says nothing).
 */
export function seatsPurchasedOn(contracts: SeatContract[], day: string): number {
  let seats = 0;
  for (const contract of contracts) {
    if (contract.status === 'cancelled' || contract.startDate > day || contract.endDate < day) continue;
    seats += contractSeats(contract);
  }
  return seats;
}

/** Seats on the contracts active now: the same contracts the account's ARR counts. */
export function seatsPurchasedNow(contracts: SeatContract[]): number {
  return contracts.filter((contract) => contract.status === 'active').reduce((sum, contract) => sum + contractSeats(contract), 0);
}

/**
 * One entry per day from `fromDay` to `toDay` (days without activity are zeros), the window's
 * top `topN` events by count (ties by name) with their daily counts, and 30-day breadth.
 * `rows` must start 29 days before `fromDay` so the first day's trailing breadth is whole.
 */
export function summarizeAccountUsage(options: {
  rows: UsageDayRow[];
  contracts: SeatContract[];
  fromDay: string;
  toDay: string;
  topN: number;
}): UsageSeries {
  const { rows, contracts, fromDay, toDay, topN } = options;
  const byDay = new Map(rows.map((row) => [row.day, row]));

  const totals = new Map<string, number>();
  for (const row of rows) {
    if (row.day < fromDay || row.day > toDay) continue;
    for (const [name, count] of Object.entries(row.eventCounts)) totals.set(name, (totals.get(name) ?? 0) + count);
  }
  const topEvents = [...totals]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, topN);

  // Trailing 30-day union of feature names: a count per name of the days in the window using it.
  const inWindow = new Map<string, number>();
  const shift = (row: UsageDayRow | undefined, delta: number) => {
    for (const name of Object.keys(row?.eventCounts ?? {})) {
      const next = (inWindow.get(name) ?? 0) + delta;
      if (next === 0) inWindow.delete(name);
      else inWindow.set(name, next);
    }
  };
  for (let day = addDays(fromDay, 1 - BREADTH_WINDOW_DAYS); day < fromDay; day = addDays(day, 1)) shift(byDay.get(day), 1);

  const daily: UsageDay[] = [];
  for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
    const row = byDay.get(day);
    shift(row, 1);
    daily.push({
      day,
      activeUsers: row?.activeUsers ?? 0,
      events: row?.events ?? 0,
      features: row?.features ?? 0,
      features30d: inWindow.size,
      seatsPurchased: seatsPurchasedOn(contracts, day),
      topEventCounts: topEvents.map((top) => row?.eventCounts[top.name] ?? 0),
    });
    shift(byDay.get(addDays(day, 1 - BREADTH_WINDOW_DAYS)), -1);
  }
  return { daily, topEvents, featuresUsed30d: daily.at(-1)?.features30d ?? 0 };
}
