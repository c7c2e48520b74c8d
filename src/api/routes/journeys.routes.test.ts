import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { updateAccount } from '../../accounts/index.js';
import { createTestClock, DAY_MS } from '../../core/clock.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../../jobs/index.js';
import { createJourneyCriteriaConsumer, createMilestoneDueJob, MILESTONE_DUE_JOB, STAY_MEDIANS_DELAY_MS, STAY_MEDIANS_JOB, stayMediansJob } from '../../journeys/index.js';
import { recordSignals } from '../../signals/index.js';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * The lifecycle journey through the API: the gate into Decision & Contract on every path,
 * the stage history with actor and reason, time in stage against what similar accounts
 * needed, milestone timers, editing the stages, and who may do what.
 */
describe('journey API', () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  let t: ApiTest;
  let team: Team;

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
  });
  after(() => t.close());

  const createAccount = async (caller: Caller, body: Record<string, unknown>) => {
    const response = await caller.post('/api/accounts', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  const journeyOf = async (caller: Caller, id: string) => {
    const response = await caller.get(`/api/accounts/${id}/journey`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  test('the gate refuses Decision & Contract without goals and success criteria, on PATCH and on the journey API, changing nothing', async () => {
    const id = await createAccount(team.admin, { name: 'Gated Co', lifecycleStage: 'Trial' });
    const patch = await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Decision & Contract' });
    assert.equal(patch.statusCode, 409);
    assert.match(patch.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(patch.json().detail, "Gated Co: Cannot enter Decision & Contract: record the customer's goals and success criteria first.");
    assert.deepEqual(patch.json().issues.map((i: { path: string }) => i.path), ['customerGoals', 'successCriteria']);

    const move = await team.admin.post(`/api/accounts/${id}/journey/stage`, { stage: 'decision & contract', reason: 'Proposal sent' });
    assert.equal(move.statusCode, 409);
    assert.match(move.json().detail, /record the customer's goals and success criteria first/);

    const partly = await team.admin.put(`/api/accounts/${id}/goals`, { goals: 'Go live in 30 days', successCriteria: '' });
    assert.equal(partly.statusCode, 200, partly.body);
    const still = await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Decision & Contract' });
    assert.equal(still.statusCode, 409);
    assert.deepEqual(still.json().issues.map((i: { path: string }) => i.path), ['successCriteria']);

    const journey = await journeyOf(team.viewer, id);
    assert.equal(journey.stage, 'Trial');
    assert.deepEqual(journey.history.map((h: { toStage: string }) => h.toStage), ['Trial']);
    assert.deepEqual(journey.missingForNextStage, ['successCriteria']);
  });

  test('with goals recorded the move passes, and the history names the actor, reason and path', async () => {
    const id = await createAccount(team.csm, { name: 'Ready Co', lifecycleStage: 'Trial' });
    await team.csm.put(`/api/accounts/${id}/goals`, { goals: 'Replace the spreadsheets', successCriteria: 'Legacy tool off by June' });
    clock.advance(DAY_MS);
    const move = await team.csm.post(`/api/accounts/${id}/journey/stage`, { stage: 'Decision & Contract', reason: 'Proposal sent' });
    assert.equal(move.statusCode, 200, move.body);
    const journey = move.json();
    assert.equal(journey.stage, 'Decision & Contract');
    assert.equal(journey.daysInStage, 0);
    const [latest, first] = journey.history;
    assert.deepEqual(
      { from: latest.fromStage, to: latest.toStage, reason: latest.reason, source: latest.source, actor: latest.actorUserId, kind: latest.actorKind, at: latest.changedAt },
      { from: 'Trial', to: 'Decision & Contract', reason: 'Proposal sent', source: 'journey', actor: team.csm.userId, kind: 'token', at: clock.now().toISOString() },
    );
    assert.deepEqual([first.toStage, first.source, first.reason], ['Trial', 'api', 'Account created']);
    assert.deepEqual(journey.milestones.map((m: { key: string; dueAt: string }) => [m.key, m.dueAt]), [
      ['contract-signed', new Date(clock.now().getTime() + 30 * DAY_MS).toISOString()],
    ]);

    const patched = await team.csm.patch(`/api/accounts/${id}`, { lifecycleStage: 'onboarding' });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().lifecycleStage, 'Adoption', 'an alias is stored as the stage it names');
    const history = (await journeyOf(team.csm, id)).history;
    assert.deepEqual([history[0].source, history[0].toStage, history[0].reason], ['api', 'Adoption', null]);
  });

  test('a value that names no stage is refused with the stages listed', async () => {
    const id = await createAccount(team.admin, { name: 'Typo Co' });
    const response = await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Onbaording' });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().detail, /"Onbaording" is not a stage of this workspace's journey \(stages: Awareness, Consideration, Trial, Decision & Contract/);
  });

  test('imports refuse rows that would enter a gated stage, with the reason in the report', async () => {
    const csv = 'Record ID,Company name,Lifecycle Stage\nj1,Deciding Inc,Decision & Contract\nj2,Customer Ltd,customer\n';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/imports/accounts?preset=hubspot&mode=good-rows',
      headers: { authorization: `Bearer ${team.admin.token}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json();
    assert.deepEqual([report.created, report.failed], [1, 1]);
    assert.deepEqual(report.errors, [
      { row: 1, column: 'Lifecycle Stage', reason: "Cannot enter Decision & Contract: record the customer's goals and success criteria first." },
    ]);
    const imported = (await team.admin.get('/api/accounts?q=Customer%20Ltd')).json().data[0];
    assert.equal(imported.lifecycleStage, 'Adoption');
    const history = (await journeyOf(team.admin, imported.id)).history;
    assert.deepEqual([history[0].source, history[0].toStage], ['import', 'Adoption']);
  });

  test('time in stage against the median stay of similar accounts: on track, behind, stuck', async () => {
    const start = clock.now();
    const stays = [10, 20, 30];
    const ids = [];
    for (const [index] of stays.entries()) ids.push(await createAccount(team.admin, { name: `Stayer ${index}`, segment: 'smb', lifecycleStage: 'Awareness' }));
    for (const [index, days] of stays.entries()) {
      clock.set(new Date(start.getTime() + days * DAY_MS));
      assert.equal((await team.admin.patch(`/api/accounts/${ids[index]}`, { lifecycleStage: 'Consideration' })).statusCode, 200);
    }
    // Medians of the completed Awareness stays: 20 days for smb (3 stays) and for the workspace,
    // learnt by the refresh the first move queued (ten minutes after it); until then, the configured 30.
    const smb = await createAccount(team.admin, { name: 'Late Smb', segment: 'smb', lifecycleStage: 'Awareness' });
    const enterprise = await createAccount(team.admin, { name: 'Late Enterprise', segment: 'enterprise', lifecycleStage: 'Awareness' });
    const entered = clock.now();
    assert.deepEqual([(await journeyOf(team.admin, smb)).expectedDays, (await journeyOf(team.admin, smb)).expectedFrom], [30, 'configured']);
    const refreshes = t.handle.db.selectFrom('jobs').select('run_at').where('type', '=', STAY_MEDIANS_JOB).where('workspace_id', '=', team.workspace.id);
    const [queued, ...more] = await refreshes.execute();
    assert.deepEqual([more.length, queued!.run_at <= new Date(start.getTime() + 10 * DAY_MS + STAY_MEDIANS_DELAY_MS)], [0, true], 'one refresh for every move so far');
    await createJobRunner({ db: t.handle.db, handlers: [stayMediansJob], clock }).runDue();
    clock.set(new Date(entered.getTime() + 15 * DAY_MS));
    let journey = await journeyOf(team.admin, smb);
    assert.deepEqual([journey.daysInStage, journey.expectedDays, journey.expectedFrom, journey.status], [15, 20, 'segment', 'on_track']);
    clock.set(new Date(entered.getTime() + 25 * DAY_MS));
    journey = await journeyOf(team.admin, smb);
    assert.deepEqual([journey.daysInStage, journey.expectedDays, journey.status], [25, 20, 'behind']);
    const other = await journeyOf(team.admin, enterprise);
    assert.deepEqual([other.expectedDays, other.expectedFrom, other.status], [20, 'workspace', 'behind']);
    clock.set(new Date(entered.getTime() + 41 * DAY_MS));
    journey = await journeyOf(team.admin, smb);
    assert.deepEqual([journey.daysInStage, journey.status], [41, 'stuck']);

    const board = (await team.viewer.get('/api/journey/board?segment=smb')).json();
    const awareness = board.columns.find((c: { stage: string }) => c.stage === 'Awareness');
    assert.deepEqual([awareness.total, awareness.stuck, awareness.accounts[0].name], [1, 1, 'Late Smb']);
    const consideration = board.columns.find((c: { stage: string }) => c.stage === 'Consideration');
    assert.equal(consideration.total, 3);
    const mine = (await team.viewer.get(`/api/journey/board?ownerId=${team.csm.userId}`)).json();
    assert.ok(mine.columns.every((c: { accounts: { name: string }[] }) => c.accounts.every((a) => a.name !== 'Late Smb')));
  });

  test('an overdue milestone raises one risk signal through its durable timer, also for a new worker after a restart', async () => {
    const id = await createAccount(team.admin, { name: 'Slow Starter', lifecycleStage: 'Adoption' });
    const entered = clock.now();
    const jobs = await t.handle.db.selectFrom('jobs').select(['run_at', 'payload']).where('type', '=', MILESTONE_DUE_JOB).where('workspace_id', '=', team.workspace.id).execute();
    const kickoffDue = new Date(entered.getTime() + 14 * DAY_MS);
    assert.ok(jobs.some((j) => j.run_at.getTime() === kickoffDue.getTime()), 'the timer is a row in the jobs table');
    const handlers = [createMilestoneDueJob((db, actor, signal) => recordSignals(db, actor, [signal]))];
    const overdueSignals = async () => (await team.admin.get(`/api/accounts/${id}/signals`)).json().data.filter((s: { type: string }) => s.type === 'milestone_overdue');

    await createJobRunner({ db: t.handle.db, handlers, clock, workerId: 'before-restart' }).runDue();
    assert.equal((await overdueSignals()).length, 0, 'not due yet');

    const journey = await journeyOf(team.admin, id);
    const integration = journey.milestones.find((m: { key: string }) => m.key === 'first-integration-live');
    await team.admin.put(`/api/accounts/${id}/journey/milestones/${integration.id}`, { done: true });

    clock.set(new Date(entered.getTime() + 50 * DAY_MS));
    const restarted = createJobRunner({ db: t.handle.db, handlers, clock, workerId: 'after-restart' });
    await restarted.runDue();
    await restarted.runDue();
    const signals = await overdueSignals();
    assert.deepEqual(signals.map((s: { title: string }) => s.title), ['Kickoff held is overdue'], 'once, and not for the milestone completed in time');
    const after50 = await journeyOf(team.admin, id);
    assert.equal(after50.status, 'behind');
    assert.deepEqual(after50.milestones.map((m: { key: string; isOverdue: boolean }) => [m.key, m.isOverdue]), [
      ['kickoff-held', true],
      ['first-integration-live', false],
      ['seats-half-active', false],
    ]);
  });

  test('auto-advance: a signed contract moves Decision & Contract to Adoption through the gated path, as automation', async () => {
    const id = await createAccount(team.admin, { name: 'Signer', lifecycleStage: 'Trial' });
    await team.admin.put(`/api/accounts/${id}/goals`, { goals: 'Automate renewals', successCriteria: 'All renewals tracked' });
    await team.admin.post(`/api/accounts/${id}/journey/stage`, { stage: 'Decision & Contract' });
    const consumer = createJourneyCriteriaConsumer(async (db, actor, move) => {
      await updateAccount(db, actor, move.accountId, { lifecycleStage: move.stage }, { reason: move.reason, source: 'automation', now: move.now });
    });
    await drainDomainEvents(t.handle.db, [consumer], clock);
    assert.equal((await journeyOf(team.admin, id)).stage, 'Decision & Contract', 'no contract yet');
    const contract = await team.admin.post(`/api/accounts/${id}/subscriptions`, { startDate: '2026-05-01', endDate: '2027-04-30', items: [{ product: 'Platform', seats: 10, unitPrice: 100 }] });
    assert.equal(contract.statusCode, 201, contract.body);
    await drainDomainEvents(t.handle.db, [consumer], clock);
    const journey = await journeyOf(team.admin, id);
    assert.equal(journey.stage, 'Adoption');
    assert.deepEqual([journey.history[0].actorKind, journey.history[0].actorAutomation, journey.history[0].source], ['automation', 'journey.criteria', 'automation']);
    assert.match(journey.history[0].reason, /exit criteria of Decision & Contract/);
  });

  test('admins edit the stages: rename, add, remove with a mapping; others may only read', async () => {
    const journey = (await team.viewer.get('/api/journey')).json();
    assert.equal(journey.isDefault, true);
    assert.equal((await team.leader.put('/api/journey', { stages: journey.stages })).statusCode, 403);
    const id = await createAccount(team.admin, { name: 'Piloter', lifecycleStage: 'Trial' });
    const aware = await createAccount(team.admin, { name: 'Aware', lifecycleStage: 'Awareness' });

    const renamed = journey.stages
      .filter((s: { key: string }) => s.key !== 'awareness')
      .map((s: { key: string; name: string }) => (s.key === 'trial' ? { ...s, name: 'Pilot' } : s));
    renamed.splice(1, 0, { key: 'security-review', name: 'Security review' });
    const refused = await team.admin.put('/api/journey', { stages: renamed });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().detail, /accounts are in "Awareness": name the stage they move to/);
    assert.equal((await team.admin.put('/api/journey', { stages: renamed, stageMapping: { Awareness: 'Decision & Contract' } })).statusCode, 400, 'not into a gated stage');

    const saved = await team.admin.put('/api/journey', { stages: renamed, stageMapping: { Awareness: 'Consideration' } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().stages.slice(0, 3).map((s: { name: string }) => s.name), ['Consideration', 'Security review', 'Pilot']);
    const piloter = await journeyOf(team.admin, id);
    assert.deepEqual([piloter.stage, piloter.history.at(-1).toStage], ['Pilot', 'Pilot']);
    const moved = await journeyOf(team.admin, aware);
    assert.deepEqual([moved.stage, moved.history[0].reason], ['Consideration', 'Stage "Awareness" removed from the journey']);
    assert.equal((await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Security review' })).statusCode, 200);
    const byKey = await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Trial' });
    assert.equal(byKey.json().lifecycleStage, 'Pilot', 'the stage keeps its key ("trial"), which still names it');
    assert.equal((await team.admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'Awareness' })).statusCode, 400, 'a removed stage is gone');
    // Another workspace still has the default journey.
    assert.equal((await team.outsider.get('/api/journey')).json().stages[0].name, 'Awareness');
  });

  test('roles and workspaces: writes need write access to the account; another workspace sees nothing', async () => {
    const id = await createAccount(team.csm, { name: 'Own Book', lifecycleStage: 'Consideration' });
    assert.equal((await team.otherCsm.post(`/api/accounts/${id}/journey/stage`, { stage: 'Adoption' })).statusCode, 403);
    assert.equal((await team.viewer.put(`/api/accounts/${id}/goals`, { goals: 'x', successCriteria: 'y' })).statusCode, 403);
    assert.equal((await team.outsider.get(`/api/accounts/${id}/journey`)).statusCode, 404);
    assert.equal((await team.outsider.put(`/api/accounts/${id}/goals`, { goals: 'x', successCriteria: 'y' })).statusCode, 404);
    assert.equal((await team.outsider.post(`/api/accounts/${id}/journey/stage`, { stage: 'Consideration' })).statusCode, 404);
    const board = (await team.outsider.get('/api/journey/board')).json();
    assert.equal(board.columns.reduce((n: number, c: { total: number }) => n + c.total, 0), 0);
    const journey = await journeyOf(team.viewer, id);
    assert.deepEqual([journey.stage, journey.goals.goals], ['Consideration', '']);
  });
});
