import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const enterprise = { match: 'all', conditions: [{ field: 'arr', op: 'gte', value: 100000 }] };

describe('segments API', () => {
  let t: ApiTest;
  let team: Team;
  const accounts: Record<string, string> = {};

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    for (const [name, segment] of [['Big Co', 'enterprise'], ['Small Co', 'smb'], ['Mid Co', 'mid-market']] as const) {
      const response = await team.admin.post('/api/accounts', { name, segment, ownerId: team.csm.userId });
      assert.equal(response.statusCode, 201, response.body);
      accounts[name] = response.json().id;
    }
    // ARR comes from contracts: Big Co 120 seats × 1,000 = 120,000.
    const contract = await team.admin.post(`/api/accounts/${accounts['Big Co']}/subscriptions`, {
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      items: [{ product: 'Platform', seats: 120, unitPrice: 1000 }],
    });
    assert.equal(contract.statusCode, 201, contract.body);
  });
  after(() => t.close());

  test('a leader saves a segment; every member reads it, its members and an account’s segments', async () => {
    const created = await team.leader.post('/api/segments', { name: 'Enterprise', engagementModel: 'high_touch', rules: enterprise });
    assert.equal(created.statusCode, 201, created.body);
    const segment = created.json();
    assert.equal(segment.memberCount, 1);
    assert.equal(segment.engagementModel, 'high_touch');

    for (const caller of [team.viewer, team.csm, team.admin]) {
      const list = await caller.get('/api/segments');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().data.map((s: { name: string; memberCount: number }) => [s.name, s.memberCount]), [['Enterprise', 1]]);
    }
    const members = await team.viewer.get(`/api/segments/${segment.id}/accounts`);
    assert.equal(members.statusCode, 200);
    assert.deepEqual(members.json().data.map((m: { name: string; arr: number }) => [m.name, m.arr]), [['Big Co', 120000]]);
    const ofAccount = await team.csm.get(`/api/accounts/${accounts['Big Co']}/segments`);
    assert.deepEqual(ofAccount.json().data.map((s: { name: string; engagementModel: string }) => [s.name, s.engagementModel]), [['Enterprise', 'high_touch']]);
    assert.deepEqual((await team.csm.get(`/api/accounts/${accounts['Small Co']}/segments`)).json().data, []);
    await team.admin.delete(`/api/segments/${segment.id}`);
  });

  test('members are paged by name', async () => {
    const everyone = await team.admin.post('/api/segments', { name: 'Everyone', engagementModel: 'tech_touch', rules: { match: 'all', conditions: [] } });
    const id = everyone.json().id;
    const first = (await team.viewer.get(`/api/segments/${id}/accounts?limit=2`)).json();
    assert.deepEqual(first.data.map((m: { name: string }) => m.name), ['Big Co', 'Mid Co']);
    const second = (await team.viewer.get(`/api/segments/${id}/accounts?limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(second.data.map((m: { name: string }) => m.name), ['Small Co']);
    assert.equal(second.nextCursor, null);
    await team.admin.delete(`/api/segments/${id}`);
  });

  test('the preview counts unsaved rules and stores nothing', async () => {
    const preview = await team.leader.post('/api/segments/preview', { rules: { match: 'any', conditions: [{ field: 'segment', op: 'in', value: ['smb', 'mid-market'] }] } });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.json().count, 2);
    assert.deepEqual(preview.json().accounts.map((a: { name: string }) => a.name).sort(), ['Mid Co', 'Small Co']);
    assert.deepEqual((await team.admin.get('/api/segments')).json().data, []);
  });

  test('only leaders and admins define segments or preview rules', async () => {
    for (const caller of [team.viewer, team.csm]) {
      const refused = await caller.post('/api/segments', { name: 'Mine', engagementModel: 'low_touch', rules: enterprise });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal((await caller.post('/api/segments/preview', { rules: enterprise })).statusCode, 403);
    }
    const segment = (await team.admin.post('/api/segments', { name: 'Guarded', engagementModel: 'low_touch', rules: enterprise })).json();
    assert.equal((await team.csm.patch(`/api/segments/${segment.id}`, { name: 'Renamed' })).statusCode, 403);
    assert.equal((await team.viewer.delete(`/api/segments/${segment.id}`)).statusCode, 403);
    // Another workspace sees nothing of it.
    assert.equal((await team.outsider.get(`/api/segments/${segment.id}`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/segments/${segment.id}/accounts`)).statusCode, 404);
    assert.equal((await team.outsider.patch(`/api/segments/${segment.id}`, { name: 'Stolen' })).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/accounts/${accounts['Big Co']}/segments`)).statusCode, 404);
    assert.deepEqual((await team.outsider.get('/api/segments')).json().data, []);
    assert.equal((await team.admin.get(`/api/segments/${segment.id}`)).json().name, 'Guarded');
    await team.admin.delete(`/api/segments/${segment.id}`);
  });

  test('bad rules are a problem naming the bad field or operator, and change nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ match: 'all', conditions: [{ field: 'churnRisk', op: 'gt', value: 0.5 }] }, /rules\.conditions\[0\]\.field: unknown field "churnRisk"/],
      [{ match: 'all', conditions: [{ field: 'arr', op: 'contains', value: '1' }] }, /rules\.conditions\[0\]\.op: operator "contains" does not apply to arr \(number\)/],
      [{ match: 'all', conditions: [{ field: 'renewalDate', op: 'within_next_days', value: 'soon' }] }, /whole number of days/],
    ];
    for (const [rules, detail] of cases) {
      for (const url of ['/api/segments', '/api/segments/preview']) {
        const response = await team.admin.post(url, { name: 'Bad', engagementModel: 'high_touch', rules, ...(url.endsWith('preview') ? { name: undefined, engagementModel: undefined } : {}) });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.match(response.json().detail, detail);
      }
    }
    const shape = await team.admin.post('/api/segments', { name: 'Bad', engagementModel: 'medium_touch', rules: enterprise });
    assert.equal(shape.statusCode, 400);
    assert.match(shape.body, /engagementModel/);
    const duplicate = await team.admin.post('/api/segments', { name: 'Twice', engagementModel: 'high_touch', rules: enterprise });
    assert.equal((await team.admin.post('/api/segments', { name: 'Twice', engagementModel: 'low_touch', rules: enterprise })).statusCode, 409);
    const badPatch = await team.admin.patch(`/api/segments/${duplicate.json().id}`, { rules: { match: 'all', conditions: [{ field: 'health.band', op: 'eq', value: 'blue' }] } });
    assert.equal(badPatch.statusCode, 400);
    assert.deepEqual((await team.admin.get(`/api/segments/${duplicate.json().id}`)).json().rules, enterprise);
    await team.admin.delete(`/api/segments/${duplicate.json().id}`);
    assert.deepEqual((await team.admin.get('/api/segments')).json().data, []);
  });

  test('the rule editor’s field list includes the workspace’s custom fields', async () => {
    const defined = await team.admin.post('/api/custom-fields', { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    assert.equal(defined.statusCode, 201, defined.body);
    const fields = (await team.viewer.get('/api/segments/fields')).json().data as { field: string; kind: string; operators: string[]; options?: string[] }[];
    const tier = fields.find((field) => field.field === 'customFields.tier');
    assert.deepEqual(tier?.options, ['gold', 'silver']);
    assert.equal(tier?.kind, 'enum');
    assert.ok(fields.find((field) => field.field === 'arr')?.operators.includes('between'));
  });
});
