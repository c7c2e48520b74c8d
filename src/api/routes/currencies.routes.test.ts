import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * Money in one currency (issue 15, item 1), figures worked by hand. The workspace reports in USD.
 * - US Inc: $100,000 from 2025-01-05.
 * - Euro GmbH: 168 seats × €1,100 = €184,800 from 2025-01-10.
 * - Brit Ltd: 10 seats × £1,000 = £10,000 from 2025-02-01.
 * - Swiss AG: 3 seats × CHF 33.35 = CHF 100.05 from 2025-01-15 (at 0.5: $50.025 → $50.03, half away from zero).
 * Rates: EUR 1.05 from 2025-01-01 and 1.08 from 2025-03-01; GBP 1.25 and CHF 0.5 from 2025-01-01.
 * The steps run in order: first without rates, then with them, then April's changes.
 */
describe('exchange rates and the reporting currency', () => {
  const NOW = new Date('2025-04-15T12:00:00Z');
  let t: ApiTest;
  let team: Team;
  let admin: Caller;
  const ids: Record<string, string> = {};
  const contracts: Record<string, string> = {};

  async function contract(account: string, currency: string, effectiveDate: string, seats: number, unitPrice: number) {
    const res = await admin.post(`/api/accounts/${ids[account]}/subscriptions`, {
      startDate: effectiveDate, endDate: '2025-12-31', effectiveDate, currency, items: [{ product: 'Platform', seats, unitPrice }],
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  }
  const account = async (name: string) => (await admin.get(`/api/accounts/${ids[name]}`)).json();
  const totals = async () => (await team.viewer.get('/api/accounts?limit=10')).json().totals;
  const bridge = async (query: string) => {
    const res = await team.viewer.get(`/api/metrics/bridge?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    team = await t.team();
    admin = team.admin;
    for (const name of ['US Inc', 'Euro GmbH', 'Brit Ltd', 'Swiss AG']) ids[name] = (await admin.post('/api/accounts', { name })).json().id;
    await contract('US Inc', 'USD', '2025-01-05', 10, 10_000);
    contracts.euro = await contract('Euro GmbH', 'EUR', '2025-01-10', 168, 1_100);
    contracts.brit = await contract('Brit Ltd', 'GBP', '2025-02-01', 10, 1_000);
    await contract('Swiss AG', 'CHF', '2025-01-15', 3, 33.35);
  });
  after(() => t.close());

  test('a contract in a currency without a rate is flagged and left out of every sum, never summed as is', async () => {
    const euro = await account('Euro GmbH');
    assert.equal(euro.arr, 0);
    assert.equal(euro.unratedContracts, 1);
    assert.deepEqual(euro.arrByCurrency, [{ currency: 'EUR', arr: 184_800, rate: null }]);
    assert.deepEqual(await totals(), { accounts: 4, arr: 100_000, currency: 'USD', unratedContracts: 3 });
    const q1 = await bridge('period=quarter&anchor=2025-03');
    assert.deepEqual(q1.money, { reportingCurrency: 'USD', ratesOn: '2025-03-31', unratedCurrencies: ['CHF', 'EUR', 'GBP'] });
    assert.equal(q1.total.bridge.end, 100_000);
  });

  test('with rates, cached ARR and the list totals are in USD at the latest rate, the original beside it', async () => {
    const res = await team.leader.put('/api/exchange-rates', {
      rates: [
        { currency: 'EUR', effectiveDate: '2025-01-01', rate: '1.05' },
        { currency: 'EUR', effectiveDate: '2025-03-01', rate: 1.08 },
        { currency: 'GBP', effectiveDate: '2025-01-01', rate: '1.25' },
        { currency: 'CHF', effectiveDate: '2025-01-01', rate: '0.5' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().contractCurrencies.map((c: { currency: string; hasRate: boolean }) => [c.currency, c.hasRate]).sort(), [['CHF', true], ['EUR', true], ['GBP', true], ['USD', true]]);
    const euro = await account('Euro GmbH');
    // €184,800 × 1.08 = $199,584
    assert.equal(euro.arr, 199_584);
    assert.equal(euro.unratedContracts, 0);
    assert.deepEqual(euro.arrByCurrency, [{ currency: 'EUR', arr: 184_800, rate: 1.08 }]);
    assert.equal((await account('Swiss AG')).arr, 50.03);
    // 100,000 + 199,584 + 12,500 + 50.03
    assert.deepEqual(await totals(), { accounts: 4, arr: 312_134.03, currency: 'USD', unratedContracts: 0 });
  });

  test('metrics convert the ledger at each currency’s rate on the last day reported, so a rate change is never expansion', async () => {
    // January at January's rates: 100,000 + 184,800 × 1.05 (194,040) + 50.03.
    const january = await bridge('period=month&anchor=2025-01');
    assert.deepEqual(january.total.bridge, { start: 0, new: 294_090.03, expansion: 0, contraction: 0, churn: 0, reactivation: 0, end: 294_090.03 });
    // Q1 at 31 March's rates (EUR 1.08): 100,000 + 199,584 + 12,500 + 50.03.
    const q1 = await bridge('period=quarter&anchor=2025-03');
    assert.deepEqual(q1.money, { reportingCurrency: 'USD', ratesOn: '2025-03-31', unratedCurrencies: [] });
    assert.equal(q1.total.bridge.new, 312_134.03);
    // March alone: EUR went from 1.05 to 1.08 on 1 March, no contract moved: no expansion, start = end.
    const march = await bridge('period=month&anchor=2025-03');
    assert.deepEqual(march.total.bridge, { start: 312_134.03, new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, end: 312_134.03 });
  });

  test('contract changes book movements in their own currency; the bridge converts them', async () => {
    // Euro GmbH grows to 200 seats: +€35,200 → +$38,016 at 1.08.
    const grow = await admin.patch(`/api/subscriptions/${contracts.euro}`, { items: [{ product: 'Platform', seats: 200, unitPrice: 1_100 }], effectiveDate: '2025-04-01' });
    assert.equal(grow.statusCode, 200, grow.body);
    // Brit Ltd cancels: −£10,000 → −$12,500.
    assert.equal((await admin.patch(`/api/subscriptions/${contracts.brit}`, { status: 'cancelled', effectiveDate: '2025-04-10' })).statusCode, 200);
    // US Inc adds a €10,000 contract: expansion of a customer paying in USD, not a new customer (+$10,800).
    await contract('US Inc', 'EUR', '2025-04-12', 1, 10_000);

    const movements = (await admin.get(`/api/accounts/${ids['Euro GmbH']}/arr-movements`)).json().data;
    assert.deepEqual(movements.map((m: { kind: string; currency: string; amount: number; arrAfter: number }) => [m.kind, m.currency, m.amount, m.arrAfter]), [
      ['new', 'EUR', 184_800, 184_800],
      ['expansion', 'EUR', 35_200, 220_000],
    ]);
    const us = (await admin.get(`/api/accounts/${ids['US Inc']}/arr-movements`)).json().data;
    assert.deepEqual(us.map((m: { kind: string; currency: string; amount: number }) => [m.kind, m.currency, m.amount]), [['new', 'USD', 100_000], ['expansion', 'EUR', 10_000]]);
    const usAccount = await account('US Inc');
    assert.equal(usAccount.arr, 110_800);
    assert.deepEqual(usAccount.arrByCurrency, [{ currency: 'USD', arr: 100_000, rate: 1 }, { currency: 'EUR', arr: 10_000, rate: 1.08 }]);

    const april = await bridge('period=custom&from=2025-04-01&to=2025-04-15');
    // start 312,134.03 + 38,016 + 10,800 − 12,500 = 348,450.03 = 110,800 + 237,600 + 50.03
    assert.deepEqual(april.total.bridge, { start: 312_134.03, new: 0, expansion: 48_816, contraction: 0, churn: -12_500, reactivation: 0, end: 348_450.03 });
    assert.equal((await totals()).arr, 348_450.03);
  });

  test('a later rate revalues current ARR without booking a movement; deleting it goes back', async () => {
    const before = (await admin.get(`/api/accounts/${ids['Euro GmbH']}/arr-movements`)).json().data.length;
    assert.equal((await admin.put('/api/exchange-rates', { rates: [{ currency: 'EUR', effectiveDate: '2025-04-14', rate: '1.1' }] })).statusCode, 200);
    // €220,000 × 1.1
    assert.equal((await account('Euro GmbH')).arr, 242_000);
    assert.equal((await admin.get(`/api/accounts/${ids['Euro GmbH']}/arr-movements`)).json().data.length, before);
    const deleted = await admin.delete('/api/exchange-rates/EUR?effectiveDate=2025-04-14');
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await account('Euro GmbH')).arr, 237_600);
  });

  test('bad rates are refused and change nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ rates: [{ currency: 'eur', effectiveDate: '2025-01-01', rate: '1.1' }] }, /ISO 4217/],
      [{ rates: [{ currency: 'EUR', effectiveDate: '2025-01-01', rate: '0' }] }, /greater than 0/],
      [{ rates: [{ currency: 'EUR', effectiveDate: '2025-01-01', rate: '1.123456789' }] }, /at most 8 decimals/],
      [{ rates: [{ currency: 'EUR', effectiveDate: '2025-05-01', rate: '1.1' }] }, /after today/],
      [{ rates: [{ currency: 'USD', effectiveDate: '2025-01-01', rate: '1' }] }, /reporting currency/],
    ];
    for (const [body, message] of cases) {
      const res = await admin.put('/api/exchange-rates', body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(res.body, message);
    }
    assert.equal((await admin.get('/api/exchange-rates')).json().data.length, 4);
    assert.equal((await admin.delete('/api/exchange-rates/JPY')).statusCode, 404);
  });

  test('rates are the workspace’s own, and the reporting currency changes only without rates', async () => {
    const outsider = await team.outsider.get('/api/exchange-rates');
    assert.deepEqual(outsider.json(), { reportingCurrency: 'USD', data: [], contractCurrencies: [] });
    assert.equal((await team.outsider.delete('/api/exchange-rates/EUR')).statusCode, 404);
    assert.equal((await admin.get('/api/exchange-rates')).json().data.length, 4);

    const refused = await admin.patch('/api/workspace/settings', { reportingCurrency: 'EUR' });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /quoted in USD/);
    assert.equal((await team.leader.patch('/api/workspace/settings', { reportingCurrency: 'EUR' })).statusCode, 403);
    // Another workspace without rates moves to EUR: its (empty) figures follow.
    assert.deepEqual((await team.outsider.patch('/api/workspace/settings', { reportingCurrency: 'EUR' })).json(), { reportingCurrency: 'EUR' });
    assert.deepEqual((await admin.get('/api/workspace/settings')).json(), { reportingCurrency: 'USD' });
  });
});
