import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

type Group = { group: string; customers: number; reached: number; medianDays: number | null; within30: number; within90: number; histogram: { fromDay: number; customers: number }[] };

/**
 * GET /api/metrics/time-to-value from journey milestones completed through the API, with
 * acquisition channels set on the accounts; figures worked by hand (asOf 2025-06-30):
 * - A1 (smb, Partner Referral): ARR from 2025-01-01, "50% of seats active" done 2025-01-31 → 30 days.
 * - A2 (smb, Web): ARR from 2025-01-01, done 2025-04-01 → 90 days.
 * - A3 (enterprise, Web): ARR from 2025-02-01, not done → censored at 149 days.
 * - A4 (enterprise, no channel): ARR from 2025-03-01, "Kickoff held" done 2025-03-11 (10 days),
 *   "50% of seats active" not done → censored at 121 days.
 * Seats milestone, all: 30, 90, 121+, 149+ → S(30) = 3/4, S(90) = 3/4 × 2/3 = 1/2 → median 90.
 */
describe('metrics time to value from journey milestones', () => {
  let clock = new Date('2025-01-01T12:00:00Z');
  let t: ApiTest;
  let team: Team;
  let admin: Caller;
  const ids: Record<string, string> = {};

  async function completeMilestone(account: string, key: string, on: string) {
    clock = new Date(`${on}T12:00:00Z`);
    const journey = (await admin.get(`/api/accounts/${ids[account]}/journey`)).json();
    const milestone = journey.milestones.find((m: { key: string }) => m.key === key);
    assert.ok(milestone, `${account} has milestone ${key}`);
    const res = await admin.put(`/api/accounts/${ids[account]}/journey/milestones/${milestone.id}`, { done: true });
    assert.equal(res.statusCode, 200, res.body);
  }

  before(async () => {
    t = await startApiTest({ now: () => clock });
    team = await t.team();
    admin = team.admin;
    const world = [
      ['A1', 'smb', 'Partner Referral', '2025-01-01'],
      ['A2', 'smb', 'Web', '2025-01-01'],
      ['A3', 'enterprise', 'Web', '2025-02-01'],
      ['A4', 'enterprise', null, '2025-03-01'],
    ] as const;
    for (const [name, segment, acquisitionChannel, start] of world) {
      const res = await admin.post('/api/accounts', { name, segment, acquisitionChannel });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().acquisitionChannel, acquisitionChannel);
      ids[name] = res.json().id;
      const contract = await admin.post(`/api/accounts/${ids[name]}/subscriptions`, { startDate: start, endDate: '2025-12-31', effectiveDate: start, items: [{ product: 'Platform', seats: 10, unitPrice: 1_000 }] });
      assert.equal(contract.statusCode, 201, contract.body);
      const moved = await admin.patch(`/api/accounts/${ids[name]}`, { lifecycleStage: 'Adoption' });
      assert.equal(moved.statusCode, 200, moved.body);
    }
    await completeMilestone('A1', 'seats-half-active', '2025-01-31');
    await completeMilestone('A4', 'kickoff-held', '2025-03-11');
    await completeMilestone('A2', 'seats-half-active', '2025-04-01');
    clock = new Date('2025-07-10T12:00:00Z');
  });
  after(() => t.close());

  const figures = (groups: Group[]) => groups.map((g) => [g.group, g.customers, g.reached, g.medianDays]);

  test('by default, to the milestone the journey marks as the value moment, per acquisition channel', async () => {
    const res = await team.viewer.get('/api/metrics/time-to-value?anchor=2025-06&by=channel');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.asOf, '2025-06-30');
    assert.equal(body.measure, 'milestone');
    assert.deepEqual(body.milestone, { key: 'seats-half-active', name: '50% of seats active', stage: 'Adoption', marksValue: true });
    assert.ok(body.milestones.some((m: { key: string }) => m.key === 'kickoff-held'));
    assert.deepEqual(figures(body.groups), [
      ['(all)', 4, 2, 90],
      ['(none)', 1, 0, null],
      ['Partner Referral', 1, 1, 30],
      ['Web', 2, 1, 90],
    ]);
    const all: Group = body.groups[0];
    assert.deepEqual([all.within30, all.within90], [0.25, 0.5]);
    // 30 days → bin 30–44, 90 → bin 90–104.
    assert.deepEqual(all.histogram.filter((b) => b.customers > 0).map((b) => [b.fromDay, b.customers]), [[30, 1], [90, 1]]);
  });

  test('another milestone, per segment; first usage when asked (no usage: all censored)', async () => {
    const kickoff = (await admin.get('/api/metrics/time-to-value?anchor=2025-06&milestone=kickoff-held')).json();
    // A4 at 10 days; A1, A2 censored at 180, A3 at 149 → S = 3/4, median not reached.
    assert.deepEqual(figures(kickoff.groups), [['(all)', 4, 1, null], ['enterprise', 2, 1, 10], ['smb', 2, 0, null]]);
    const usage = (await admin.get('/api/metrics/time-to-value?anchor=2025-06&measure=firstUsage')).json();
    assert.deepEqual([usage.measure, usage.milestone, usage.groups[0].reached], ['firstUsage', null, 0]);
  });

  test('the channel filter narrows every figure; cohorts and survival group by channel', async () => {
    const web = (await admin.get('/api/metrics/time-to-value?anchor=2025-06&channel=Web')).json();
    assert.deepEqual(web.groups[0].customers, 2);
    const cohorts = (await admin.get('/api/metrics/cohorts?anchor=2025-06&by=channel')).json();
    assert.deepEqual(cohorts.rows.map((r: { key: string; accounts: number }) => [r.key, r.accounts]).sort(), [['Partner Referral', 1], ['Web', 2], ['none', 1]]);
    const survival = (await admin.get('/api/metrics/survival?anchor=2025-06&by=channel')).json();
    assert.deepEqual(survival.curves.map((c: { group: string }) => c.group).sort(), ['Partner Referral', 'Web', 'none']);
  });

  test('another workspace sees none of it', async () => {
    const body = (await team.outsider.get('/api/metrics/time-to-value?anchor=2025-06&by=channel')).json();
    assert.deepEqual(body.groups, []);
    const cohorts = (await team.outsider.get('/api/metrics/cohorts?anchor=2025-06&by=channel')).json();
    assert.deepEqual(cohorts.rows, []);
  });

  test('bad input: problem+json 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/metrics/time-to-value?milestone=no-such-milestone', 'milestone'],
      ['/api/metrics/time-to-value?milestone=Not%20A%20Key', 'milestone'],
      ['/api/metrics/time-to-value?measure=firstUsage&milestone=kickoff-held', 'milestone'],
      ['/api/metrics/time-to-value?by=planet', 'by'],
      ['/api/metrics/cohorts?by=planet', 'by'],
    ] as const) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(JSON.stringify(res.json()).includes(field), `${url} should name ${field}: ${res.body}`);
    }
  });
});
