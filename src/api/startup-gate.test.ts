import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StartupStatus } from './startup-gate.js';
import { startApiTest, type ApiTest, type Caller } from './testing/api-test.js';

describe('the server while the first start loads the demo', () => {
  let t: ApiTest;
  let admin: Caller;
  let status: StartupStatus = { ready: true, percent: 100, step: 'Ready' };

  before(async () => {
    t = await startApiTest({ startup: { status: () => status } });
    ({ admin } = await t.team());
  });
  after(() => t.close());

  test('answers status and health, and asks every data route to come back later', async () => {
    status = { ready: false, percent: 40, step: 'Writing product usage' };
    const live = await t.app.inject({ method: 'GET', url: '/api/system/status' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { ready: false, percent: 40, step: 'Writing product usage' });
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);

    const accounts = await admin.get('/api/accounts');
    assert.equal(accounts.statusCode, 503);
    assert.equal(accounts.headers['retry-after'], '5');
    assert.match(String(accounts.headers['content-type']), /application\/problem\+json/);
    assert.match(accounts.json().detail, /preparing the demo workspace \(40%: Writing product usage\)/);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.com', password: 'whatever' } });
    assert.equal(login.statusCode, 503, 'no login against a workspace still being written');
    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/track', payload: {} })).statusCode, 503);
  });

  test('once ready, the same routes answer as usual', async () => {
    status = { ready: true, percent: 100, step: 'Ready' };
    assert.equal((await admin.get('/api/accounts')).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/system/status' })).json().ready, true);
  });
});
