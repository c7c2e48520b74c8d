import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

describe('configuration as code over the API', () => {
  let t: ApiTest;
  let team: Team;
  before(async () => {
    t = await startApiTest();
    team = await t.team();
  });
  after(() => t.close());

  test('a leader downloads the YAML, dry-runs an edit and applies it; another workspace is untouched', async () => {
    const exported = await team.leader.get('/api/config');
    assert.equal(exported.statusCode, 200, exported.body);
    assert.equal(exported.headers['content-type'], 'application/yaml; charset=utf-8');
    assert.match(String(exported.headers['content-disposition']), /boomerang-config\.yaml/);
    const edited = exported.body.replace(/^( {4}yellow:) \d+$/m, '$1 60');

    const dryRun = await team.leader.post('/api/config/apply', { document: edited, dryRun: true });
    const { sections } = dryRun.json();
    assert.deepEqual(sections.health, { outcome: 'changed', changes: ['health.bands.yellow: 70 → 60'] });
    for (const name of ['segments', 'teams', 'journey', 'handoffs', 'playbooks', 'flows']) {
      assert.deepEqual(sections[name], { outcome: 'unchanged', changes: [] }, `${name}: exported and applied back, nothing changes`);
    }
    assert.equal((await team.leader.get('/api/health/scorecards')).json().config.bands.yellow, 70);

    assert.equal((await team.leader.post('/api/config/apply', { document: edited })).json().sections.health.outcome, 'changed');
    assert.equal((await team.leader.get('/api/health/scorecards')).json().config.bands.yellow, 60);
    assert.equal((await team.outsider.get('/api/health/scorecards')).json().config.bands.yellow, 70);

    const json = await team.admin.get('/api/config?format=json');
    assert.equal(JSON.parse(json.body).health.bands.yellow, 60);
  });

  test('a bad document is a problem+json naming the path, and changes nothing', async () => {
    const response = await team.admin.post('/api/config/apply', { document: 'boomerang: 1\nhealth:\n  bands: {green: 90, yellow: 120}\n' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(response.json().issues.some((issue: { path: string }) => issue.path.startsWith('health.')), response.body);
  });
});
