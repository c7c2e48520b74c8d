import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClock } from '../../core/clock.js';
import { recomputeUsageArr, usageArrDailyJob } from '../../subscriptions/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * Consumption pricing end to end, worked by hand. Signed 2026-04-01:
 * - Meter, usage_based: api_call at $0.50, 90 days. Window Jan 1 – Mar 31 holds 1,000 (Jan 15)
 *   + 800 (Mar 15) = 1,800 units (the Dec 31 day and `login` events do not count)
 *   → 1,800 × 0.5 × 365/90 = $3,650.
 * - Tiered, hybrid: floor 5 seats × $1,000 = $5,000; api_call at $1, 30 days. Mar 2 – 31 holds
 *   300 → $3,650, under the floor → ARR $5,000.
 * - Seats, committed: $12,000.
 * Re-measured 2026-05-01: Meter's window (Jan 31 – Apr 30) holds 800 + 100 (Apr 10) = 900 →
 * $1,825 (contraction −1,825); Tiered's (Apr 1 – 30) 600 → $7,300 (expansion +2,300).
 * May bridge: 20,650 − 1,825 + 2,300 = 21,125.
 */
describe('consumption pricing: usage-based ARR, the ledger and the bridge', () => {
  let now = new Date('2026-04-01T09:00:00Z');
  let t: ApiTest;
  let team: Team;
  const ids: Record<string, string> = {};
  const contracts: Record<string, string> = {};

  const usageDay = (account: string, day: string, counts: Record<string, number>) => ({
    workspace_id: team.workspace.id,
    account_id: ids[account]!,
    day,
    active_users: 1,
    events: Object.values(counts).reduce((a, b) => a + b, 0),
    features: 1,
    event_counts: JSON.stringify(counts),
    last_seen_at: new Date(`${day}T12:00:00Z`),
  });
  const arrOf = async (account: string) => (await team.viewer.get(`/api/accounts/${ids[account]}`)).json().arr;

  before(async () => {
    t = await startApiTest({ now: () => now });
    team = await t.team();
    for (const name of ['Meter', 'Tiered', 'Seats']) ids[name] = (await team.admin.post('/api/accounts', { name, ownerId: team.csm.userId })).json().id;
    await t.handle.db
      .insertInto('usage_account_days')
      .values([
        usageDay('Meter', '2025-12-31', { api_call: 5_000 }),
        usageDay('Meter', '2026-01-15', { api_call: 1_000, login: 999 }),
        usageDay('Meter', '2026-03-15', { api_call: 800 }),
        usageDay('Tiered', '2026-03-10', { api_call: 300 }),
      ])
      .execute();
    const sign = async (account: string, body: object) => {
      const res = await team.csm.post(`/api/accounts/${ids[account]}/subscriptions`, { startDate: '2026-04-01', endDate: '2027-03-31', effectiveDate: '2026-04-01', ...body });
      assert.equal(res.statusCode, 201, res.body);
      contracts[account] = res.json().id;
      return res.json();
    };
    const meter = await sign('Meter', { pricing: { model: 'usage_based', metric: 'api_call', unitPrice: 0.5 } });
    assert.deepEqual([meter.arr, meter.items, meter.pricing, meter.usage], [
      3_650,
      [],
      { model: 'usage_based', metric: 'api_call', unitPrice: 0.5, windowDays: 90 },
      { units: 1_800, from: '2026-01-01', through: '2026-03-31', arr: 3_650, addedArr: 3_650 },
    ]);
    const tiered = await sign('Tiered', { items: [{ product: 'Platform', seats: 5, unitPrice: 1_000 }], pricing: { model: 'hybrid', metric: 'api_call', unitPrice: 1, windowDays: 30 } });
    assert.deepEqual([tiered.arr, tiered.usage], [5_000, { units: 300, from: '2026-03-02', through: '2026-03-31', arr: 3_650, addedArr: 0 }]);
    await sign('Seats', { items: [{ product: 'Platform', seats: 10, unitPrice: 1_200 }] });

    await t.handle.db
      .insertInto('usage_account_days')
      .values([usageDay('Meter', '2026-04-10', { api_call: 100 }), usageDay('Tiered', '2026-04-20', { api_call: 600 })])
      .execute();
    now = new Date('2026-05-01T03:00:00Z');
    assert.deepEqual(await recomputeUsageArr(t.handle.db, team.workspace.id, now), { contracts: 2, moved: 2 });
    // Twice the same day: same measurement, nothing more booked.
    assert.deepEqual(await recomputeUsageArr(t.handle.db, team.workspace.id, now), { contracts: 2, moved: 0 });
    now = new Date('2026-06-02T09:00:00Z');
  });
  after(() => t.close());

  test('each change of usage ARR is a ledger movement and moves the account’s ARR', async () => {
    assert.deepEqual([await arrOf('Meter'), await arrOf('Tiered'), await arrOf('Seats')], [1_825, 7_300, 12_000]);
    const ledger = async (account: string) =>
      (await team.viewer.get(`/api/accounts/${ids[account]}/arr-movements`)).json().data.map((m: { kind: string; amount: number; occurredOn: string }) => [m.kind, m.amount, m.occurredOn]);
    assert.deepEqual(await ledger('Meter'), [['new', 3_650, '2026-04-01'], ['contraction', -1_825, '2026-05-01']]);
    assert.deepEqual(await ledger('Tiered'), [['new', 5_000, '2026-04-01'], ['expansion', 2_300, '2026-05-01']]);
  });

  test('the May bridge adds up with the usage-based accounts in it, and NRR/GRR count them', async () => {
    const res = await team.leader.get('/api/metrics/bridge?period=month&anchor=2026-05');
    assert.equal(res.statusCode, 200, res.body);
    const { bridge, retention } = res.json().total;
    assert.deepEqual(bridge, { start: 20_650, new: 0, expansion: 2_300, contraction: -1_825, churn: 0, reactivation: 0, end: 21_125 });
    assert.equal(retention.nrr, 21_125 / 20_650);
    assert.equal(retention.grr, (1_825 + 5_000 + 12_000) / 20_650);
  });

  test('the daily job queues one re-measure per workspace with usage pricing, once a day', async () => {
    const clock = createTestClock(new Date('2026-06-02T00:05:00Z'));
    const run = () => usageArrDailyJob.run({ db: t.handle.db, clock, id: 'x', type: usageArrDailyJob.type, workspaceId: null, payload: {}, attempt: 1, maxAttempts: 3, signal: new AbortController().signal });
    await run();
    await run();
    const queued = await t.handle.db.selectFrom('jobs').select(['type', 'workspace_id', 'unique_key']).where('type', '=', 'subscriptions.usage-arr').execute();
    assert.deepEqual(queued, [{ type: 'subscriptions.usage-arr', workspace_id: team.workspace.id, unique_key: `usage-arr:${team.workspace.id}:2026-06-02` }]);
  });

  test('bad pricing is refused as problem+json and changes nothing', async () => {
    const url = `/api/accounts/${ids.Seats}/subscriptions`;
    const base = { startDate: '2026-04-01', endDate: '2027-03-31' };
    const refusals = [
      [url, { ...base, items: [{ product: 'X', seats: 1, unitPrice: 1 }], pricing: { model: 'usage_based', metric: 'api_call', unitPrice: 1 } }, /usage_based contract has no line items/],
      [url, { ...base, pricing: { model: 'hybrid', metric: 'api_call', unitPrice: 1 } }, /need at least one/],
      [url, { ...base, pricing: { model: 'usage_based', metric: 'api_call', unitPrice: -1 } }, /unitPrice/],
      [url, { ...base, pricing: { model: 'usage_based', metric: 'api_call', unitPrice: 1, windowDays: 0 } }, /windowDays/],
      [url, { ...base, pricing: { model: 'metered', metric: 'api_call', unitPrice: 1 } }, /model/],
    ] as const;
    for (const [path, body, message] of refusals) {
      const res = await team.admin.post(path, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.match(res.body, message);
    }
    // Seats to usage_based while it keeps its line items: refused, contract as it was.
    const patch = await team.admin.patch(`/api/subscriptions/${contracts.Seats}`, { pricing: { model: 'usage_based', metric: 'api_call', unitPrice: 1 } });
    assert.equal(patch.statusCode, 400, patch.body);
    assert.match(patch.body, /items must be empty for a usage_based contract/);
    const seats = (await team.viewer.get(`/api/subscriptions/${contracts.Seats}`)).json();
    assert.deepEqual([seats.arr, seats.pricing.model], [12_000, 'committed']);
    assert.equal((await team.viewer.get(`/api/accounts/${ids.Seats}/subscriptions`)).json().data.length, 1);
  });
});
