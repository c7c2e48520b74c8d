import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * /api/metrics/* over a ledger booked through the contracts API, figures worked by hand.
 * 2025 Q1: Xylo (Enterprise, a three-year contract from 2024) grows 12,000 → 18,000 on Feb 10;
 * Yarrow (SMB) cancels its 10,000 on Mar 31; Zest (SMB) signs 8,000 on Jan 20.
 */
describe('metrics API', () => {
  const NOW = new Date('2025-04-15T12:00:00Z');
  let t: ApiTest;
  let team: Team;
  let admin: Caller;
  const ids: Record<string, string> = {};

  async function contract(account: string, startDate: string, endDate: string, arr: number, product = 'Platform') {
    const res = await admin.post(`/api/accounts/${ids[account]}/subscriptions`, { startDate, endDate, effectiveDate: startDate, items: [{ product, seats: 10, unitPrice: arr / 10 }] });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  }

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    team = await t.team();
    admin = team.admin;
    for (const [name, segment, ownerId] of [['Xylo', 'Enterprise', team.csm.userId], ['Yarrow', 'SMB', team.otherCsm.userId], ['Zest', 'SMB', team.csm.userId]] as const) {
      ids[name] = (await admin.post('/api/accounts', { name, segment, ownerId })).json().id;
    }
    const xylo = await contract('Xylo', '2024-01-01', '2026-12-31', 12_000);
    const upgrade = await admin.patch(`/api/subscriptions/${xylo}`, { items: [{ product: 'Platform', seats: 15, unitPrice: 1_200 }], effectiveDate: '2025-02-10' });
    assert.equal(upgrade.statusCode, 200, upgrade.body);
    const yarrow = await contract('Yarrow', '2024-06-01', '2025-05-31', 10_000, 'Insights');
    assert.equal((await admin.patch(`/api/subscriptions/${yarrow}`, { status: 'cancelled', effectiveDate: '2025-03-31' })).statusCode, 200);
    await contract('Zest', '2025-01-20', '2026-01-19', 8_000);
  });
  after(() => t.close());

  test('the Q1 bridge adds up and the cohort figures follow the stated formulas', async () => {
    const res = await team.leader.get('/api/metrics/bridge?period=quarter&anchor=2025-03');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.period, { kind: 'quarter', from: '2025-01-01', to: '2025-03-31', label: '2025 Q1' });
    assert.deepEqual(body.total.bridge, { start: 22_000, new: 8_000, expansion: 6_000, contraction: 0, churn: -10_000, reactivation: 0, end: 26_000 });
    // Cohort = Xylo + Yarrow (22,000): Xylo 18,000 at the end, Yarrow 0.
    const r = body.total.retention;
    assert.equal(r.nrr, 18_000 / 22_000);
    assert.equal(r.grr, 12_000 / 22_000);
    assert.equal(r.logoChurn, 0.5);
    assert.equal(r.expansionRate, 6_000 / 22_000);
    assert.match(body.formulas.grr, /min\(ARR at end, ARR at start\)/);
  });

  test('MRR toggle and a breakdown by segment whose groups sum to the whole', async () => {
    // ÷ 12 to the cent; the two cents the floors leave go to the largest remainders (new, churn).
    const mrr = (await admin.get('/api/metrics/bridge?period=quarter&anchor=2025-03&unit=mrr')).json();
    assert.deepEqual(mrr.total.bridge, { start: 1_833.33, new: 666.67, expansion: 500, contraction: 0, churn: -833.33, reactivation: 0, end: 2_166.67 });
    const grouped = (await admin.get('/api/metrics/bridge?period=quarter&anchor=2025-03&groupBy=segment')).json();
    assert.deepEqual(
      grouped.groups.map((g: { label: string; bridge: { start: number; end: number } }) => [g.label, g.bridge.start, g.bridge.end]),
      [['Enterprise', 12_000, 18_000], ['SMB', 10_000, 8_000]],
    );
    const byProduct = (await admin.get('/api/metrics/bridge?period=quarter&anchor=2025-03&product=Insights')).json();
    assert.deepEqual(byProduct.total.bridge, { start: 10_000, new: 0, expansion: 0, contraction: 0, churn: -10_000, reactivation: 0, end: 0 });
  });

  test('each figure lists the ledger rows or accounts behind it, totalling the figure', async () => {
    const expansion = (await admin.get('/api/metrics/bridge/details?period=quarter&anchor=2025-03&component=expansion')).json();
    assert.deepEqual(expansion.movements.map((m: { accountName: string; amount: number; occurredOn: string }) => [m.accountName, m.amount, m.occurredOn]), [['Xylo', 6_000, '2025-02-10']]);
    assert.equal(expansion.total, 6_000);
    const start = (await admin.get('/api/metrics/bridge/details?period=quarter&anchor=2025-03&component=start')).json();
    assert.deepEqual(start.accounts.map((a: { accountName: string }) => a.accountName), ['Xylo', 'Yarrow']);
    assert.equal(start.total, 22_000);
    const lost = (await admin.get('/api/metrics/bridge/details?period=quarter&anchor=2025-03&component=churnedLogos')).json();
    assert.deepEqual(lost.accounts.map((a: { accountName: string }) => a.accountName), ['Yarrow']);
  });

  test('a CSM and a viewer read the whole workspace; a CSM narrows to their book with ownerId', async () => {
    const csmView = (await team.csm.get('/api/metrics/bridge?period=quarter&anchor=2025-03')).json();
    assert.equal(csmView.total.bridge.end, 26_000);
    assert.equal((await team.viewer.get('/api/metrics/bridge?period=quarter&anchor=2025-03')).statusCode, 200);
    const book = (await team.csm.get(`/api/metrics/bridge?period=quarter&anchor=2025-03&ownerId=${team.csm.userId}`)).json();
    assert.deepEqual([book.total.bridge.start, book.total.bridge.end], [12_000, 26_000]);
  });

  test('another workspace sees none of these figures, filtered or not', async () => {
    for (const url of [
      '/api/metrics/bridge?period=quarter&anchor=2025-03',
      `/api/metrics/bridge?period=quarter&anchor=2025-03&ownerId=${team.csm.userId}`,
      '/api/metrics/bridge/details?period=quarter&anchor=2025-03&component=end',
    ]) {
      const res = await team.outsider.get(url);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      if (body.total) assert.deepEqual(body.total.bridge, { start: 0, new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, end: 0 });
      else assert.deepEqual([body.accounts, body.movements, body.total], [[], [], 0]);
    }
    const cohorts = (await team.outsider.get('/api/metrics/cohorts?anchor=2025-03')).json();
    assert.deepEqual(cohorts.rows, []);
  });

  test('retention trend, cohorts and survival', async () => {
    const trend = (await admin.get('/api/metrics/retention?window=month&anchor=2025-03&months=3')).json();
    // Feb: cohort Xylo + Yarrow + Zest (30,000) ends at 36,000; Mar: Yarrow leaves (36,000 → 26,000).
    assert.deepEqual(trend.points.map((p: { month: string; nrr: number }) => [p.month, p.nrr]), [['2025-01', 1], ['2025-02', 36_000 / 30_000], ['2025-03', 26_000 / 36_000]]);
    const cohorts = (await admin.get('/api/metrics/cohorts?by=month&anchor=2025-03&months=3')).json();
    assert.deepEqual(cohorts.rows.map((r: { key: string; cells: { arr: number }[] }) => [r.key, r.cells.map((c) => c.arr)]), [['2025-01', [8_000, 8_000, 8_000]]]);
    const survival = (await admin.get('/api/metrics/survival?by=segment&anchor=2025-03')).json();
    const smb = survival.curves.find((c: { group: string }) => c.group === 'SMB');
    // Yarrow churned after 303 days (2024-06-01 → 2025-03-31); Zest censored.
    assert.deepEqual([smb.subjects, smb.events, smb.steps.find((s: { events: number }) => s.events === 1).time], [2, 1, 303]);
    assert.deepEqual([survival.logRank.groupA, survival.logRank.groupB], ['SMB', 'Enterprise']);
  });

  test('bad input: problem+json 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/metrics/bridge?period=custom&to=2025-03-31', 'from'],
      ['/api/metrics/bridge?period=custom&from=2025-04-01&to=2025-03-31', 'to'],
      ['/api/metrics/bridge?anchor=2025-13', 'anchor'],
      ['/api/metrics/bridge?unit=euro', 'unit'],
      ['/api/metrics/bridge?groupBy=customField', 'customField'],
      ['/api/metrics/bridge/details?component=everything', 'component'],
      ['/api/metrics/retention?months=0', 'months'],
      ['/api/metrics/survival?groupA=Nowhere', 'groupA'],
    ] as const) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(JSON.stringify(res.json()).includes(field), `${url} should name ${field}: ${res.body}`);
    }
  });
});
