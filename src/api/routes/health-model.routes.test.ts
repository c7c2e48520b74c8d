import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClock } from '../../core/clock.js';
import { createJobRunner, scheduleJob } from '../../jobs/index.js';
import { healthBacktestJob, healthModelTrainJob, retrainHealthModel } from '../../health-model/index.js';
import { seedRenewals } from '../../health-model/testing/seed-renewals.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

describe('churn model API: risk on the Health tab, model versions, backtest', () => {
  let t: ApiTest;
  let team: Team;
  let renewed: string[];
  const clock = createTestClock(new Date('2026-06-01T08:00:00Z'));

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    renewed = await seedRenewals(t.handle.db, team.workspace.id);
  });
  after(() => t.close());

  test('before any model the account health has risk null; a retrain stores version 1 and every active account’s risk names it', async () => {
    const first = await team.leader.get(`/api/accounts/${renewed[0]}/health`);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().risk, null);
    assert.ok('score' in first.json() && 'measures' in first.json(), 'the existing fields stay');

    const result = await retrainHealthModel(t.handle.db, { workspaceId: team.workspace.id, clock });
    assert.ok(result.trained);
    assert.equal(result.version, 1);
    // 30 terms cut every 28 days (13 cuts each); the 12 lost accounts' last 6 cuts are within 180 days of their churn.
    assert.equal(result.trainingRows, 390);
    assert.equal(result.trainingPositives, 72);
    assert.equal(result.predictions, 18, 'only accounts with ARR today');

    const risky = (await team.leader.get(`/api/accounts/${renewed[0]}/health`)).json().risk;
    const calm = (await team.leader.get(`/api/accounts/${renewed[1]}/health`)).json().risk;
    assert.equal(risky.modelVersion, 1);
    assert.equal(risky.asOf, '2026-06-01');
    // Account 0 has fresh layoff news, like every account lost last year; account 1 has none.
    assert.ok(risky.probability > calm.probability, `${risky.probability} vs ${calm.probability}`);
    assert.equal(risky.reasons[0].feature, 'negative_signals');
    assert.match(risky.reasons[0].text, /1 warning sign in the news/);

    assert.equal((await retrainHealthModel(t.handle.db, { workspaceId: team.workspace.id, clock })).trained, true);
    assert.equal((await team.leader.get(`/api/accounts/${renewed[0]}/health`)).json().risk.modelVersion, 2);
  });

  test('model versions: leaders and admins see them; CSMs and viewers are refused; another workspace sees none', async () => {
    const versions = await team.leader.get('/api/health/model/versions');
    assert.equal(versions.statusCode, 200, versions.body);
    assert.deepEqual(versions.json().data.map((v: { version: number }) => v.version), [2, 1]);
    assert.equal(versions.json().data[0].trainingRows, 390);
    assert.equal(versions.json().data[0].horizonDays, 180);
    assert.equal((await team.admin.get('/api/health/model/versions')).statusCode, 200);
    for (const caller of [team.csm, team.viewer]) {
      const refused = await caller.get('/api/health/model/versions');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const otherLeader = await t.caller(await t.workspace('Elsewhere'), 'leader');
    assert.deepEqual((await otherLeader.get('/api/health/model/versions')).json().data, []);
    assert.equal((await otherLeader.get(`/api/accounts/${renewed[0]}/health`)).statusCode, 404);
  });

  test('backtest: before any run a clear 404; leaders queue one (202), asking again joins it, the job stores the report', async () => {
    const none = await team.leader.get('/api/health/backtest');
    assert.equal(none.statusCode, 404);
    assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(none.json().detail, /No backtest has been run in this workspace yet/);

    const queued = await team.leader.post('/api/health/backtest', { asOf: '2026-01-01', horizonDays: 90 });
    assert.equal(queued.statusCode, 202, queued.body);
    assert.equal(queued.headers.location, '/api/health/backtest');
    assert.equal(queued.json().status, 'queued');
    assert.equal((await team.admin.post('/api/health/backtest', { asOf: '2026-01-01', horizonDays: 90 })).json().id, queued.json().id, 'the same parameters join the queued run');
    const pending = (await team.leader.get('/api/health/backtest')).json();
    assert.equal(pending.latest.status, 'queued');
    assert.equal(pending.completed, null);

    const runner = createJobRunner({ db: t.handle.db, handlers: [healthBacktestJob], clock });
    assert.equal((await runner.runDue()).done, 1);
    const done = (await team.leader.get('/api/health/backtest')).json();
    assert.equal(done.latest.status, 'done');
    assert.equal(done.completed.id, queued.json().id);
    assert.deepEqual([done.completed.asOf, done.completed.horizonDays], ['2026-01-01', 90]);
    // Trained on the 30 terms ended on 2026-01-01 (the lost accounts' last 3 cuts are within its
    // 90 days); the 18 renewed accounts are scored as of that day.
    assert.deepEqual(done.completed.report.training, { rows: 390, positives: 36, model: done.completed.report.training.model, cut_every_days: 28 });
    assert.equal(done.completed.report.accounts, 18);
    assert.ok(!('cases' in done.completed.report));
  });

  test('backtest: too little history fails the run with the reason; a horizon not yet over is a 400 and stores nothing', async () => {
    clock.advance(60_000); // runs are ordered by when they were asked for
    const early = await team.leader.post('/api/health/backtest', { asOf: '2025-11-01', horizonDays: 90 });
    assert.equal(early.statusCode, 202, early.body);
    await createJobRunner({ db: t.handle.db, handlers: [healthBacktestJob], clock }).runDue();
    const failed = (await team.leader.get('/api/health/backtest')).json();
    assert.equal(failed.latest.status, 'failed');
    assert.match(failed.latest.error, /Too little history before 2025-11-01/);
    assert.equal(failed.completed.asOf, '2026-01-01', 'the last report stays');

    const future = await team.leader.post('/api/health/backtest', { asOf: '2026-05-01', horizonDays: 180 });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().detail, /after today/);
    assert.equal((await team.leader.post('/api/health/backtest', { asOf: 'not-a-day' })).statusCode, 400);
    assert.equal((await team.leader.get('/api/health/backtest')).json().latest.id, failed.latest.id);
  });

  test('backtest: CSMs and viewers are refused; another workspace sees none and its run stays its own', async () => {
    for (const caller of [team.csm, team.viewer]) {
      assert.equal((await caller.get('/api/health/backtest')).statusCode, 403);
      assert.equal((await caller.post('/api/health/backtest', {})).statusCode, 403);
    }
    const otherLeader = await t.caller(await t.workspace('Backtest Elsewhere'), 'leader');
    assert.equal((await otherLeader.get('/api/health/backtest')).statusCode, 404);
    assert.equal((await otherLeader.post('/api/health/backtest', { asOf: '2026-01-01', horizonDays: 90 })).statusCode, 202);
    assert.equal((await otherLeader.get('/api/health/backtest')).json().latest.status, 'queued');
    assert.equal((await team.leader.get('/api/health/backtest')).json().latest.status, 'failed');
  });

  test('the weekly training queues a backtest on the default horizon after a new model', async () => {
    clock.advance(60_000);
    const runner = createJobRunner({ db: t.handle.db, handlers: [healthModelTrainJob], clock });
    await scheduleJob(t.handle.db, { type: 'health.model.train', workspaceId: team.workspace.id }, clock);
    await runner.runDue();
    const latest = (await team.leader.get('/api/health/backtest')).json().latest;
    assert.deepEqual([latest.status, latest.asOf, latest.horizonDays], ['queued', '2025-12-03', 180]);
  });
});
