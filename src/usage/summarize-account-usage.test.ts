import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  seatsPurchasedNow,
  seatsPurchasedOn,
  summarizeAccountUsage,
  type SeatContract,
  type UsageDayRow,
} from './summarize-account-usage.js';

const contract = (status: SeatContract['status'], startDate: string, endDate: string, ...seats: number[]): SeatContract => ({
  status,
  startDate,
  endDate,
  items: seats.map((n) => ({ product: 'Platform', seats: n })),
});

const row = (day: string, eventCounts: Record<string, number>, activeUsers = 1): UsageDayRow => ({
  day,
  activeUsers,
  events: Object.values(eventCounts).reduce((a, b) => a + b, 0),
  features: Object.keys(eventCounts).length,
  eventCounts,
});

describe('addDays', () => {
  const cases: Array<[string, number, string]> = [
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-03-30', 1, '2025-03-31'], // a daylight-saving change in Europe: still one day
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-01-01', -29, '2024-12-03'],
  ];
  for (const [day, days, expected] of cases) test(`${day} ${days >= 0 ? '+' : ''}${days}`, () => assert.equal(addDays(day, days), expected));
});

describe('seats purchased', () => {
  const contracts = [
    contract('active', '2025-01-01', '2025-12-31', 10, 5),
    contract('expired', '2024-01-01', '2024-12-31', 8),
    contract('cancelled', '2025-06-01', '2026-05-31', 100),
  ];
  const cases: Array<[day: string, seats: number]> = [
    ['2023-12-31', 0],
    ['2024-01-01', 8],
    ['2024-12-31', 8],
    ['2025-01-01', 15],
    ['2025-07-01', 15], // the cancelled contract never counts
    ['2026-01-01', 0],
  ];
  for (const [day, seats] of cases) test(`on ${day}: ${seats}`, () => assert.equal(seatsPurchasedOn(contracts, day), seats));
  test('now: active contracts only', () => assert.equal(seatsPurchasedNow(contracts), 15));
  test("an add-on's seats are held by people who have a main seat: the contract lets in its largest product's seats", () => {
    const withAddOn: SeatContract = {
      status: 'active',
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      items: [
        { product: 'Platform', seats: 40 },
        { product: 'Analytics add-on', seats: 10 },
        { product: 'Platform', seats: 5 }, // bought later: more of the same product adds up
      ],
    };
    assert.equal(seatsPurchasedNow([withAddOn]), 45);
    assert.equal(seatsPurchasedOn([withAddOn, contract('active', '2025-01-01', '2025-12-31', 8)], '2025-03-01'), 53, 'separate contracts add up');
  });
});

describe('summarizeAccountUsage', () => {
  test('fills empty days, ranks top events over the window only, counts trailing 30-day breadth', () => {
    const rows = [
      row('2025-01-01', { 'Old feature': 50 }), // 30 days before 2025-01-31: outside the window of the 30th, inside the 1st's
      row('2025-01-30', { Login: 3, Export: 1 }, 2),
      row('2025-02-01', { Login: 2, Share: 1 }, 3),
    ];
    const series = summarizeAccountUsage({
      rows,
      contracts: [contract('active', '2025-02-01', '2026-01-31', 4)],
      fromDay: '2025-01-30',
      toDay: '2025-02-01',
      topN: 2,
    });
    assert.deepEqual(series.topEvents, [
      { name: 'Login', count: 5 },
      { name: 'Export', count: 1 }, // ties by name: Export before Share
    ]);
    assert.deepEqual(
      series.daily.map((d) => [d.day, d.activeUsers, d.events, d.features30d, d.seatsPurchased, d.topEventCounts]),
      [
        ['2025-01-30', 2, 4, 3, 0, [3, 1]], // Old feature (29 days back), Login, Export
        ['2025-01-31', 0, 0, 2, 0, [0, 0]], // Old feature has left the window
        ['2025-02-01', 3, 3, 3, 4, [2, 0]], // Login, Export, Share
      ],
    );
    assert.equal(series.featuresUsed30d, 3);
  });

  test('no activity at all', () => {
    const series = summarizeAccountUsage({ rows: [], contracts: [], fromDay: '2025-01-01', toDay: '2025-01-02', topN: 5 });
    assert.deepEqual(series, {
      daily: [
        { day: '2025-01-01', activeUsers: 0, events: 0, features: 0, features30d: 0, seatsPurchased: 0, topEventCounts: [] },
        { day: '2025-01-02', activeUsers: 0, events: 0, features: 0, features30d: 0, seatsPurchased: 0, topEventCounts: [] },
      ],
      topEvents: [],
      featuresUsed30d: 0,
    });
  });
});
