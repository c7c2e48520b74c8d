import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * /api/metrics/forecast, /forecast/backtest, /clv, /capacity, /time-to-value over contracts
 * booked through the API on 2025-04-15, figures worked by hand:
 * - Beta (SMB): 8,000 from 2023-05-01, cancelled on 2024-04-30 → churned at its 2024-05-01 renewal.
 * - Gamma (SMB): 5,000 from 2023-03-01, 6,000 from 2024-03-01 (expanded ×1.2), flat at 2025-03-01.
 * - Acme (SMB): 10,000 from 2024-06-01 to 2025-05-31: renews 2025-06-01.
 * - Delta (Enterprise, no owner): 50,000 from 2025-01-01 to 2025-12-31: renews 2026-01-01.
 */
describe('metrics planning API', () => {
  const NOW = new Date('2025-04-15T12:00:00Z');
  let t: ApiTest;
  let team: Team;
  let admin: Caller;
  const ids: Record<string, string> = {};

  async function contract(account: string, startDate: string, endDate: string, arr: number) {
    const res = await admin.post(`/api/accounts/${ids[account]}/subscriptions`, { startDate, endDate, effectiveDate: startDate, items: [{ product: 'Platform', seats: 10, unitPrice: arr / 10 }] });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  }

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    team = await t.team();
    admin = team.admin;
    for (const [name, segment, ownerId] of [['Acme', 'smb', team.csm.userId], ['Beta', 'smb', team.otherCsm.userId], ['Gamma', 'smb', team.otherCsm.userId], ['Delta', 'enterprise', null]] as const) {
      const res = await admin.post('/api/accounts', { name, segment, ownerId });
      assert.equal(res.statusCode, 201, res.body);
      ids[name] = res.json().id;
    }
    const beta = await contract('Beta', '2023-05-01', '2024-04-30', 8_000);
    assert.equal((await admin.patch(`/api/subscriptions/${beta}`, { status: 'cancelled', effectiveDate: '2024-04-30' })).statusCode, 200);
    const gamma = await contract('Gamma', '2023-03-01', '2026-04-30', 5_000);
    assert.equal((await admin.patch(`/api/subscriptions/${gamma}`, { items: [{ product: 'Platform', seats: 12, unitPrice: 500 }], effectiveDate: '2024-03-01' })).statusCode, 200);
    await contract('Acme', '2024-06-01', '2025-05-31', 10_000);
    await contract('Delta', '2025-01-01', '2025-12-31', 50_000);
  });
  after(() => t.close());

  test('forecast: P(renew) from the three past renewals, expected ARR by month and by CSM', async () => {
    const res = await team.csm.get('/api/metrics/forecast');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual([body.asOf, body.through, body.source], ['2025-04-15', '2026-04-15', 'segment history']);
    // History: Beta churned, Gamma ×1.2, Gamma flat → p = 2/3; given renewal half expand by 20 %.
    assert.deepEqual(body.history.rates[0], { segment: '(all)', renewals: 3, renewed: 1 / 3, expanded: 1 / 3, contracted: 0, churned: 1 / 3, expansionRatio: 1.2, contractionRatio: 1 });
    // Acme: 2/3 × 10,000 × (½ + ½ × 1.2) = 7,333.33. Delta (no enterprise history: the workspace's rates): 36,666.67.
    assert.deepEqual(
      body.contracts.map((c: { accountName: string; renewalOn: string; arr: number; expectedArr: number; expectedExpansion: number; expectedChurn: number }) => [c.accountName, c.renewalOn, c.arr, c.expectedArr, c.expectedExpansion, c.expectedChurn]),
      [['Acme', '2025-06-01', 10_000, 7_333.33, 666.67, -3_333.33], ['Delta', '2026-01-01', 50_000, 36_666.67, 3_333.33, -16_666.67]],
    );
    assert.equal(body.byCsm[0].label, '(no owner)');
    assert.deepEqual(body.byMonth.map((m: { key: string; expectedArr: number }) => [m.key, m.expectedArr]), [['2025-06', 7_333.33], ['2026-01', 36_666.67]]);
    assert.deepEqual(body.byCsm.map((m: { key: string; label: string; expectedArr: number }) => [m.key, m.expectedArr]), [['', 36_666.67], [team.csm.userId, 7_333.33]]);
    assert.deepEqual([body.total.arr, body.total.expectedArr], [60_000, 44_000]);
  });

  test('backtest: last year’s forecast from what was known on 2024-04-15, scored against what happened', async () => {
    const body = (await team.viewer.get('/api/metrics/forecast/backtest')).json();
    // Known then: Gamma's expansion only → p = 1. Due: Beta (churned), Gamma (renewed). Brier = (1 + 0) / 2.
    assert.deepEqual([body.asOf, body.knownBy, body.historyRenewals, body.renewals, body.brier, body.baselineBrier], ['2024-04-15', '2025-04-15', 1, 2, 0.5, 0.5]);
    assert.deepEqual(body.byMonth.map((m: { month: string; expectedArr: number; actualArr: number }) => [m.month, m.expectedArr, m.actualArr]), [['2024-05', 9_600, 0], ['2025-03', 7_200, 6_000]]);
    assert.deepEqual(body.calibration, [{ from: 0.9, to: 1, count: 2, meanPredicted: 1, actualRate: 0.5 }]);
  });

  test('CLV per segment with margin and discount rate as parameters', async () => {
    // Twelve months to 2025-03: SMB cohort Beta + Gamma, Beta churned → c = ½; ARPA = (6,000 + 10,000) ÷ 2.
    const plain = (await admin.get('/api/metrics/clv?anchor=2025-03&margin=0.8&discountRate=0')).json();
    const smb = plain.segments.find((s: { segment: string }) => s.segment === 'smb');
    assert.deepEqual([smb.arpa, smb.churnRate, smb.clv], [8_000, 0.5, 12_800]);
    const discounted = (await admin.get('/api/metrics/clv?anchor=2025-03&margin=0.8&discountRate=0.1')).json();
    // 6,400 × 1.1 ÷ 0.6.
    assert.equal(discounted.segments.find((s: { segment: string }) => s.segment === 'smb').clv, 11_733.33);
  });

  test('capacity: books and unowned customers for everyone, suggested moves for leaders only', async () => {
    const csmView = (await team.csm.get('/api/metrics/capacity')).json();
    assert.deepEqual(csmView.csms.map((c: { ownerId: string; accounts: number; arr: number; load: number }) => [c.ownerId, c.accounts, c.arr, c.load]), [[team.csm.userId, 1, 10_000, 0.01], [team.otherCsm.userId, 1, 6_000, 0.01]]);
    assert.deepEqual([csmView.unowned.accounts, csmView.unowned.arr, csmView.unowned.list[0].accountName], [1, 50_000, 'Delta']);
    assert.equal(csmView.rebalancing, null);
    const leaderView = (await team.leader.get('/api/metrics/capacity')).json();
    assert.deepEqual(leaderView.rebalancing.moves, []);
  });

  test('time to value: no usage yet, so every customer is censored', async () => {
    const body = (await admin.get('/api/metrics/time-to-value?anchor=2025-03&measure=firstUsage')).json();
    assert.deepEqual(body.groups.map((s: { group: string; customers: number; reached: number; medianDays: number | null }) => [s.group, s.customers, s.reached, s.medianDays]), [['(all)', 4, 0, null], ['enterprise', 1, 0, null], ['smb', 3, 0, null]]);
  });

  test('another workspace sees none of it', async () => {
    const forecast = (await team.outsider.get('/api/metrics/forecast')).json();
    assert.deepEqual([forecast.contracts, forecast.total.arr], [[], 0]);
    assert.deepEqual((await team.outsider.get('/api/metrics/capacity')).json().csms, []);
  });

  test('bad input: problem+json 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/metrics/forecast?horizonMonths=0', 'horizonMonths'],
      ['/api/metrics/forecast?asOf=tomorrow', 'asOf'],
      ['/api/metrics/forecast/backtest?asOf=2024-13-01', 'asOf'],
      ['/api/metrics/clv?margin=1.5', 'margin'],
      ['/api/metrics/clv?discountRate=-0.1', 'discountRate'],
      ['/api/metrics/time-to-value?customValue=x', 'customField'],
    ] as const) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(JSON.stringify(res.json()).includes(field), `${url} should name ${field}: ${res.body}`);
    }
  });
  // Last: it stores a churn model whose prediction the earlier tests must not see.
  test('a stored churn-model prediction replaces segment history for its account, and each row says which it used', async () => {
    const workspaceId = team.workspace.id;
    await t.handle.db.insertInto('health_models').values({ workspace_id: workspaceId, version: 1, trained_at: NOW, decided_by: '2025-04-10', horizon_days: 90, training_rows: 40, training_positives: 8, family: 'logistic', validation_auc: 0.8, model: JSON.stringify({}) }).execute();
    await t.handle.db.insertInto('health_model_predictions').values({ workspace_id: workspaceId, account_id: ids.Acme!, model_version: 1, probability: 0.2, reasons: JSON.stringify([]), as_of: '2025-04-10', computed_at: NOW }).execute();
    const body = (await team.csm.get('/api/metrics/forecast')).json();
    // Acme: p = 1 − 0.2; the renewal mix stays the history's → 0.8 × 10,000 × (½ + ½ × 1.2) = 8,800. Delta as before.
    assert.deepEqual(
      body.contracts.map((c: { accountName: string; probability: number; source: string; expectedArr: number }) => [c.accountName, c.probability, c.source, c.expectedArr]),
      [['Acme', 0.8, 'churn model v1', 8_800], ['Delta', 1 - 1 / 3, 'segment history', 36_666.67]],
    );
    assert.deepEqual([body.source, body.sources], ['churn model, else segment history', [{ source: 'churn model v1', contracts: 1 }, { source: 'segment history', contracts: 1 }]]);
    // A forecast as of a day before the prediction was made cannot use it.
    const earlier = (await team.csm.get('/api/metrics/forecast?asOf=2025-04-01')).json();
    assert.deepEqual(earlier.sources, [{ source: 'segment history', contracts: 2 }]);
    // Nor can last year's backtest: it reports segment history as its source, with its Brier.
    const backtest = (await team.viewer.get('/api/metrics/forecast/backtest')).json();
    assert.deepEqual([backtest.source, backtest.sources], ['segment history', [{ source: 'segment history', renewals: 2, brier: 0.5 }]]);
  });
});
