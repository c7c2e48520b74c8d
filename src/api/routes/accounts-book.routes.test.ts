import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * The accounts list as a book of business (issue 15, item 5). Today is 2026-05-20 (Q2):
 * Alpha $10,000 renews 2026-06-10, Beta $20,000 renews 2026-08-01, Gamma $5,000 renews
 * 2026-12-01; "Delta, the ""old"" one" churned on 2026-03-31 (stage Churned, a reason given).
 */
describe('the accounts list for a book of business', () => {
  const NOW = new Date('2026-05-20T10:00:00Z');
  let t: ApiTest;
  let team: Team;
  const ids: Record<string, string> = {};
  const list = async (query: string) => {
    const res = await team.viewer.get(`/api/accounts?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { data: { name: string }[]; total: number; totals: unknown };
  };

  before(async () => {
    t = await startApiTest({ now: () => NOW });
    team = await t.team();
    const { admin } = team;
    const deals: [string, number, string][] = [['Alpha', 10_000, '2026-06-10'], ['Beta', 20_000, '2026-08-01'], ['Gamma', 5_000, '2026-12-01'], ['Delta, the "old" one', 8_000, '2026-12-31']];
    for (const [name, arr, endDate] of deals) {
      ids[name] = (await admin.post('/api/accounts', { name })).json().id;
      const res = await admin.post(`/api/accounts/${ids[name]}/subscriptions`, { startDate: '2026-01-01', endDate, effectiveDate: '2026-01-01', items: [{ product: 'Platform', seats: 10, unitPrice: arr / 10 }] });
      assert.equal(res.statusCode, 201, res.body);
      ids[`${name} contract`] = res.json().id;
    }
    const delta = ids['Delta, the "old" one'];
    assert.equal((await admin.patch(`/api/subscriptions/${ids['Delta, the "old" one contract']}`, { status: 'cancelled', effectiveDate: '2026-03-31' })).statusCode, 200);
    const churned = await admin.patch(`/api/accounts/${delta}`, { lifecycleStage: 'Churned', churnReason: 'Moved to a competitor' });
    assert.equal(churned.statusCode, 200, churned.body);
  });
  after(() => t.close());

  test('totals cover the whole filter, and churned accounts are hidden unless asked for', async () => {
    const page = await list('limit=2');
    assert.deepEqual(page.data.map((a) => a.name), ['Alpha', 'Beta']);
    assert.deepEqual(page.totals, { accounts: 3, arr: 35_000, currency: 'USD', unratedContracts: 0 });
    const all = await list('includeChurned=true');
    assert.equal(all.total, 4);
    assert.deepEqual(all.totals, { accounts: 4, arr: 35_000, currency: 'USD', unratedContracts: 0 });
  });

  test('renewal windows count from today', async () => {
    const cases: [string, string[], number][] = [
      ['renewsWithin=this_quarter', ['Alpha'], 10_000],
      ['renewsWithin=next_90_days', ['Alpha', 'Beta'], 30_000],
      ['renewsWithin=next_quarter', ['Beta'], 20_000],
      ['renewsWithin=this_year', ['Alpha', 'Beta', 'Gamma'], 35_000],
      ['renewsFrom=2026-07-01&renewsTo=2026-12-31', ['Beta', 'Gamma'], 25_000],
      ['renewsWithin=next_90_days&renewsFrom=2026-07-01', ['Beta'], 20_000],
    ];
    for (const [query, names, arr] of cases) {
      const page = await list(query);
      assert.deepEqual(page.data.map((a) => a.name), names, query);
      assert.deepEqual(page.totals, { accounts: names.length, arr, currency: 'USD', unratedContracts: 0 }, query);
    }
    assert.equal((await team.viewer.get('/api/accounts?renewsWithin=someday')).statusCode, 400);
  });

  test('the header’s facts: churn date from the ledger and the reason given', async () => {
    const delta = (await team.viewer.get(`/api/accounts/${ids['Delta, the "old" one']}`)).json();
    assert.equal(delta.churnedOn, '2026-03-31');
    assert.equal(delta.churnReason, 'Moved to a competitor');
    assert.equal((await team.viewer.get(`/api/accounts/${ids.Alpha}`)).json().churnedOn, null);
  });

  test('CSV export has the same filters and escapes names', async () => {
    const res = await team.viewer.get('/api/accounts.csv?renewsWithin=next_90_days&sort=arr&order=desc');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="accounts-2026-05-20.csv"');
    const lines = res.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,name,domain,owner,segment,lifecycle_stage,arr,currency,contracts_without_rate,renewal_date,churn_reason');
    assert.deepEqual(lines.slice(1), [`${ids.Beta},Beta,,,,,20000,USD,0,2026-08-01,`, `${ids.Alpha},Alpha,,,,,10000,USD,0,2026-06-10,`]);
    const churned = (await team.viewer.get('/api/accounts.csv?includeChurned=true&lifecycleStage=Churned')).body.trimEnd().split('\r\n');
    assert.deepEqual(churned.slice(1), [`${ids['Delta, the "old" one']},"Delta, the ""old"" one",,,,Churned,0,USD,0,,Moved to a competitor`]);
    // Another workspace exports its own (empty) book.
    assert.equal((await team.outsider.get('/api/accounts.csv?includeChurned=true')).body.trimEnd().split('\r\n').length, 1);
  });
});
