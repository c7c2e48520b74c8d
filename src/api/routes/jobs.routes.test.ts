import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAuditLog } from '../../audit/index.js';
import { systemActor } from '../../auth/index.js';
import { createJobRunner, scheduleJobs } from '../../jobs/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

describe('GET /api/jobs and POST /api/jobs/{id}/retry', () => {
  let t: ApiTest;
  let team: Team;

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    const other = (await t.handle.db.selectFrom('workspaces').select('id').where('name', '=', 'Globex CS').executeTakeFirstOrThrow()).id;
    await scheduleJobs(t.handle.db, [
      { type: 'webhook.send', workspaceId: team.workspace.id, maxAttempts: 1, payload: { url: 'https://hooks.acme.example' } },
      { type: 'webhook.send', workspaceId: other, maxAttempts: 1, payload: { url: 'https://hooks.globex.example' } },
      { type: 'usage.rollup', workspaceId: null, runAt: new Date(Date.now() + 60_000) },
    ]);
    await createJobRunner({ db: t.handle.db, handlers: [{ type: 'webhook.send', run: () => Promise.reject(new Error('connection refused')) }] }).runDue();
  });
  after(() => t.close());

  test('an admin sees the workspace\'s jobs and the system jobs, with the failed one\'s error; not another workspace\'s', async () => {
    const response = await team.admin.get('/api/jobs');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { data: Array<{ type: string; workspaceId: string | null; state: string; lastError: string | null; payload: object }>; counts: object };
    assert.deepEqual(
      body.data.map((job) => [job.type, job.workspaceId, job.state, job.lastError]).sort(),
      [
        ['usage.rollup', null, 'queued', null],
        ['webhook.send', team.workspace.id, 'failed', 'Error: connection refused'],
      ],
    );
    assert.deepEqual(body.counts, { queued: 1, running: 0, done: 0, failed: 1 });
    const failed = (await team.admin.get('/api/jobs?state=failed')).json() as { data: Array<{ payload: object }> };
    assert.deepEqual(failed.data.map((job) => job.payload), [{ url: 'https://hooks.acme.example' }]);
  });

  test('bad filters are refused with the field named', async () => {
    const response = await team.admin.get('/api/jobs?state=stuck');
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(response.body, /state/);
  });

  test('only admins list or retry jobs', async () => {
    for (const caller of [team.leader, team.csm, team.viewer]) assert.equal((await caller.get('/api/jobs')).statusCode, 403);
  });

  test('an admin re-queues a failed job (audited); retrying it again is a conflict; another workspace\'s is not found', async () => {
    const [job] = ((await team.admin.get('/api/jobs?state=failed')).json() as { data: Array<{ id: string }> }).data;
    assert.equal((await team.leader.post(`/api/jobs/${job!.id}/retry`)).statusCode, 403);
    assert.equal((await team.outsider.post(`/api/jobs/${job!.id}/retry`)).statusCode, 404);
    const retried = await team.admin.post(`/api/jobs/${job!.id}/retry`);
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual([retried.json().state, retried.json().attempts], ['queued', 0]);
    assert.equal((await team.admin.post(`/api/jobs/${job!.id}/retry`)).statusCode, 409);
    const audit = await findAuditLog(t.handle.db, systemActor(team.workspace.id), { entityType: 'job', entityId: job!.id });
    assert.deepEqual(audit.data.map((entry) => [entry.action, entry.actorUserId]), [['update', team.admin.userId]]);
  });
});
