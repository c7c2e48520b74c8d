import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

describe('saved views of the accounts list', () => {
  let t: ApiTest;
  let team: Team;
  before(async () => {
    t = await startApiTest();
    team = await t.team();
  });
  after(() => t.close());

  test('a person saves, renames and deletes views of their own; nobody else sees or touches them', async () => {
    const created = await team.viewer.post('/api/saved-views', { name: 'Renewing this quarter', filters: { renewsWithin: 'this_quarter', segment: 'smb' } });
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    assert.deepEqual(view.filters, { renewsWithin: 'this_quarter', segment: 'smb' });
    assert.deepEqual((await team.viewer.get('/api/saved-views')).json().data.map((v: { name: string }) => v.name), ['Renewing this quarter']);

    // A colleague of the same workspace and another workspace's admin: none listed, 404 on the view.
    for (const other of [team.admin, team.outsider]) {
      assert.deepEqual((await other.get('/api/saved-views')).json().data, []);
      assert.equal((await other.patch(`/api/saved-views/${view.id}`, { name: 'Mine now' })).statusCode, 404);
      assert.equal((await other.delete(`/api/saved-views/${view.id}`)).statusCode, 404);
    }

    const renamed = await team.viewer.patch(`/api/saved-views/${view.id}`, { name: 'Q renewals', filters: { renewsWithin: 'next_90_days' } });
    assert.deepEqual([renamed.json().name, renamed.json().filters], ['Q renewals', { renewsWithin: 'next_90_days' }]);
    assert.equal((await team.viewer.delete(`/api/saved-views/${view.id}`)).statusCode, 204);
    assert.deepEqual((await team.viewer.get('/api/saved-views')).json().data, []);
  });

  test('bad filters and a second view of the same name are refused', async () => {
    const unknown = await team.csm.post('/api/saved-views', { name: 'Odd', filters: { renewsWithin: 'someday' } });
    assert.equal(unknown.statusCode, 400);
    const extra = await team.csm.post('/api/saved-views', { name: 'Odd', filters: { dropTables: 'true' } });
    assert.equal(extra.statusCode, 400);
    assert.equal((await team.csm.post('/api/saved-views', { name: 'Mine', filters: {} })).statusCode, 201);
    const twice = await team.csm.post('/api/saved-views', { name: 'Mine', filters: { segment: 'smb' } });
    assert.equal(twice.statusCode, 409, twice.body);
  });
});
