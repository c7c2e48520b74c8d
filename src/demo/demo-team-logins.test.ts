import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { loadDemoWorld } from './load-demo-world.js';

describe('the demo team’s logins and the load’s progress', () => {
  let handle: TestDatabase;
  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());

  test('with a team password the leader and CSMs can log in, and progress climbs to 100', async () => {
    const workspaceId = (await createWorkspace(handle.db, 'Small demo')).id;
    const steps: number[] = [];
    const world = await loadDemoWorld(handle.db, {
      workspaceId,
      accounts: 12,
      months: 2,
      seed: 3,
      today: '2026-11-26',
      teamPassword: 'demo team passphrase',
      onStep: (percent) => steps.push(percent),
    });
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b), 'never goes back');
    assert.equal(steps[0], 1);
    assert.equal(steps.at(-1), 100);
    const leader = world.users.find((user) => user.role === 'leader')!;
    const session = await login(handle.db, { email: leader.email, password: 'demo team passphrase', now: new Date(), clientAddress: '127.0.0.1' });
    assert.equal(session.role, 'leader');
    const csm = world.users.find((user) => user.role === 'csm')!;
    assert.equal((await login(handle.db, { email: csm.email, password: 'demo team passphrase', now: new Date(), clientAddress: '127.0.0.1' })).role, 'csm');
  });

  test('a team password the policy refuses stops the load before it writes anything', async () => {
    const workspaceId = (await createWorkspace(handle.db, 'Refused demo')).id;
    await assert.rejects(loadDemoWorld(handle.db, { workspaceId, accounts: 12, months: 2, seed: 3, teamPassword: 'password' }), /demo team’s password|demo team's password/);
    const accounts = await handle.db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).execute();
    assert.equal(accounts.length, 0);
  });
});
