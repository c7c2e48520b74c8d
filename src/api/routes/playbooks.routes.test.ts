import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestClock } from '../../core/clock.js';
import { openDatabase } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { emitDomainEvents, startDomainEventDispatcher } from '../../domain-events/index.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { createJobRunner, startJobWorker } from '../../jobs/index.js';
import { createPlaybookAdvanceJob, playbookTriggersConsumer, type PlaybookDefinitionInput } from '../../playbooks/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const vendorReview = (overrides: Partial<PlaybookDefinitionInput> = {}): PlaybookDefinitionInput => ({
  name: 'Vendor review',
  trigger: { kind: 'signal', signalKind: 'vendor_review' },
  steps: [{ type: 'create_task', title: 'Vendor review at {{account.name}}', owner: { kind: 'account_owner' }, dueInDays: 2, priority: 'high' }],
  ...overrides,
});

describe('playbooks API and engine', () => {
  let t: ApiTest;
  let team: Team;
  const clock = createTestClock(new Date());
  const runner = () => createJobRunner({ db: t.handle.db, handlers: [createPlaybookAdvanceJob()], clock });
  /** What the server's dispatcher and worker do in the background, now. */
  const settle = async () => {
    await drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock);
    await runner().runDue();
  };
  const newAccount = async (name: string, ownerId = team.csm.userId) => (await team.admin.post('/api/accounts', { name, ownerId })).json().id as string;
  const signal = (accountId: string, type = 'vendor_review') => team.csm.post('/api/signals', { accountId, type, title: 'Announced a review of all vendors' });
  const tasksOf = async (accountId: string) =>
    (await team.admin.get(`/api/tasks?accountId=${accountId}&limit=200`)).json().data as { title: string; ownerId: string; dueDate: string; priority: string }[];
  const createPlaybook = async (definition: PlaybookDefinitionInput, enabled = true) => {
    const res = await team.admin.post('/api/playbooks', { definition, enabled });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; version: number; enabled: boolean };
  };
  const disableAll = async () => {
    for (const playbook of (await team.admin.get('/api/playbooks')).json().data) await team.admin.post(`/api/playbooks/${playbook.id}/disable`);
  };

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
  });
  after(() => t.close());

  test('POST /api/signals with type vendor_review gives the owner a task within seconds (dispatcher and worker running)', async () => {
    const playbook = await createPlaybook(vendorReview());
    const accountId = await newAccount('Initech');
    const dispatcher = await startDomainEventDispatcher({ db: t.handle.db, consumers: [playbookTriggersConsumer], clock, pollMs: 50 });
    const worker = startJobWorker({ db: t.handle.db, handlers: [createPlaybookAdvanceJob()], clock, pollMs: 50 });
    try {
      const started = Date.now();
      assert.equal((await signal(accountId)).statusCode, 201);
      let mine: { title: string; dueDate: string; priority: string }[] = [];
      while (Date.now() - started < 10_000) {
        mine = (await team.csm.get('/api/tasks?ownerId=me')).json().data;
        if (mine.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal(mine.length, 1, 'the owner has the task');
      assert.equal(mine[0]!.title, 'Vendor review at Initech');
      assert.equal(mine[0]!.priority, 'high');
      const today = clock.now().toISOString().slice(0, 10);
      assert.equal(mine[0]!.dueDate, new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10));
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    } finally {
      await dispatcher.stop();
      await worker.stop();
    }
    const runs = (await team.viewer.get(`/api/accounts/${accountId}/playbook-runs`)).json().data;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].playbookId, playbook.id);
    assert.equal(runs[0].state, 'done');
    assert.match(runs[0].reason, /vendor review/);
    assert.deepEqual(runs[0].steps.map((s: { stepKey: string; outcome: string }) => [s.stepKey, s.outcome]), [['0', 'created']]);
    const byPlaybook = (await team.viewer.get(`/api/playbooks/${playbook.id}/runs`)).json().data;
    assert.equal(byPlaybook[0].id, runs[0].id);
    await disableAll();
  });

  test('re-entry: once per account enters once; a redelivered or second signal enters nothing more', async () => {
    await createPlaybook(vendorReview({ name: 'Once only' }));
    const accountId = await newAccount('Globex');
    await signal(accountId);
    await signal(accountId);
    await settle();
    await settle();
    assert.equal((await tasksOf(accountId)).length, 1);
    await disableAll();
  });

  test('re-entry every N days: enters again only after N days', async () => {
    await createPlaybook(vendorReview({ name: 'Every 10 days', reentry: { kind: 'every', days: 10 } }));
    const accountId = await newAccount('Hooli');
    await signal(accountId);
    await settle();
    clock.advance(3 * 86_400_000);
    await signal(accountId);
    await settle();
    assert.equal((await tasksOf(accountId)).length, 1);
    clock.advance(8 * 86_400_000);
    await signal(accountId);
    await settle();
    assert.equal((await tasksOf(accountId)).length, 2);
    await disableAll();
  });

  test('holdout: a share of entering accounts is recorded as control at entry and gets no steps', async () => {
    const playbook = await createPlaybook(vendorReview({ name: 'Half held out', holdoutPercent: 50 }));
    const accounts: string[] = [];
    for (let i = 0; i < 30; i += 1) accounts.push(await newAccount(`Holdout ${i}`));
    for (const accountId of accounts) await signal(accountId);
    await settle();
    const runs = (await team.viewer.get(`/api/playbooks/${playbook.id}/runs?limit=500`)).json().data as { accountId: string; isHoldout: boolean; state: string }[];
    assert.equal(runs.length, 30);
    const held = runs.filter((run) => run.isHoldout);
    assert.ok(held.length > 0 && held.length < 30, `held out ${held.length} of 30`);
    for (const run of runs) assert.equal((await tasksOf(run.accountId)).length, run.isHoldout ? 0 : 1);
    for (const run of held) assert.equal(run.state, 'holdout');
    const listed = (await team.viewer.get(`/api/playbooks/${playbook.id}`)).json();
    assert.deepEqual(listed.stats, { entered: 30 - held.length, heldOut: held.length, active: 0 });
    await disableAll();
  });

  test('dry run lists who would enter now and why, and who the conditions or re-entry keep out; enters nobody', async () => {
    const small = await newAccount('Small Co');
    const big = await newAccount('Big Co');
    await team.admin.patch(`/api/accounts/${big}`, { segment: 'Enterprise' });
    await signal(small);
    await signal(big);
    const playbook = await createPlaybook(vendorReview({ name: 'Enterprise reviews', conditions: [{ field: 'segment', op: 'eq', value: 'Enterprise' }] }), false);
    const res = await team.leader.post(`/api/playbooks/${playbook.id}/dry-run`);
    assert.equal(res.statusCode, 200, res.body);
    const dry = res.json();
    assert.ok(dry.wouldEnter.some((row: { accountId: string; reason: string }) => row.accountId === big && /vendor_review|Signal/.test(row.reason)));
    assert.ok(!dry.wouldEnter.some((row: { accountId: string }) => row.accountId === small));
    assert.match(dry.excluded.find((row: { accountId: string }) => row.accountId === small).why, /conditions/);
    assert.equal((await team.viewer.get(`/api/playbooks/${playbook.id}/runs`)).json().data.length, 0);
  });

  test('a wait resumes from its job; the same step run twice (retry, second worker) creates one task', async () => {
    await createPlaybook(
      vendorReview({
        name: 'Wait then follow up',
        steps: [
          { type: 'create_task', title: 'Call {{account.name}}', dueInDays: 1 },
          { type: 'wait', days: 3 },
          { type: 'create_task', title: 'Follow up with {{account.name}}', dueInDays: 1 },
        ],
      }),
    );
    const accountId = await newAccount('Waystar');
    await signal(accountId);
    await drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock);
    // Two runners claim at once: only one step runs per run position.
    await Promise.all([runner().runDue(), runner().runDue()]);
    assert.deepEqual((await tasksOf(accountId)).map((task) => task.title), ['Call Waystar']);
    const [run] = (await team.viewer.get(`/api/accounts/${accountId}/playbook-runs`)).json().data;
    assert.equal(run.state, 'waiting');
    // A duplicate job for the same run changes nothing while the wait lasts.
    const { advanceRunOneStep } = await import('../../playbooks/index.js');
    assert.equal(await advanceRunOneStep(t.handle.db, run.id, { clock }), false);
    clock.advance(3 * 86_400_000 + 1000);
    await Promise.all([runner().runDue(), runner().runDue()]);
    await runner().runDue();
    assert.deepEqual((await tasksOf(accountId)).map((task) => task.title).sort(), ['Call Waystar', 'Follow up with Waystar']);
    const [done] = (await team.viewer.get(`/api/accounts/${accountId}/playbook-runs`)).json().data;
    assert.equal(done.state, 'done');
    assert.deepEqual(done.steps.map((s: { stepKey: string; outcome: string }) => `${s.stepKey}:${s.outcome}`), ['0:created', '1:waited', '2:created']);
    await disableAll();
  });

  test('health turned red: a task, then an escalation to a leader when it is overdue; branches and set-field go through the accounts module', async () => {
    await createPlaybook({
      name: 'Red health',
      trigger: { kind: 'health_band', band: 'red' },
      steps: [
        { type: 'create_task', title: 'Recovery plan for {{account.name}}', dueInDays: 1 },
        { type: 'branch', if: [{ field: 'arr', op: 'gte', value: 0 }], then: [{ type: 'set_field', field: 'lifecycleStage', value: 'Performance' }], else: [] },
        { type: 'escalate', afterDaysOverdue: 1 },
      ],
    });
    const accountId = await newAccount('Red Co');
    await inTransaction(t.handle.db, (trx) =>
      emitDomainEvents(trx, [
        { type: 'health.changed', workspaceId: team.workspace.id, accountId, payload: { scoreBefore: 55, scoreAfter: 30, bandBefore: 'yellow', bandAfter: 'red', asOf: '2026-01-05' } },
      ]),
    );
    await settle();
    assert.equal((await tasksOf(accountId)).length, 1);
    const account = (await team.viewer.get(`/api/accounts/${accountId}`)).json();
    assert.equal(account.lifecycleStage, 'Performance');
    clock.advance(3 * 86_400_000);
    await runner().runDue();
    const tasks = await tasksOf(accountId);
    const escalation = tasks.find((task) => task.title.startsWith('Escalation'));
    assert.ok(escalation, JSON.stringify(tasks));
    assert.equal(escalation.ownerId, team.leader.userId);
    await runner().runDue();
    assert.equal((await tasksOf(accountId)).length, 2);
    await disableAll();
  });

  test('bad definitions are refused with the field that is wrong, and nothing is stored', async () => {
    const before = (await team.admin.get('/api/playbooks')).json().data.length;
    const unknownVariable = await team.admin.post('/api/playbooks', { definition: vendorReview({ name: 'Typo', steps: [{ type: 'create_task', title: 'Hi {{contact.frstName}}' }] }) });
    assert.equal(unknownVariable.statusCode, 400);
    assert.equal(unknownVariable.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(unknownVariable.body, /unknown variable contact\.frstName/);
    const noSteps = await team.admin.post('/api/playbooks', { definition: { ...vendorReview(), steps: [] } });
    assert.equal(noSteps.statusCode, 400);
    const badTrigger = await team.admin.post('/api/playbooks', { definition: { ...vendorReview(), trigger: { kind: 'signal', signalKind: 'gossip' } } });
    assert.equal(badTrigger.statusCode, 400);
    const stranger = await team.admin.post('/api/playbooks', { definition: vendorReview({ name: 'Stranger', steps: [{ type: 'create_task', title: 'x', owner: { kind: 'user', userId: team.outsider.userId } }] }) });
    assert.equal(stranger.statusCode, 400, stranger.body);
    assert.match(stranger.body, /not a member/);
    const noSuchStage = await team.admin.post('/api/playbooks', { definition: vendorReview({ name: 'Typo stage', steps: [{ type: 'set_field', field: 'lifecycleStage', value: 'Onbaording' }] }) });
    assert.equal(noSuchStage.statusCode, 400, noSuchStage.body);
    assert.deepEqual(noSuchStage.json().issues.map((issue: { path: string }) => issue.path), ['definition.steps.0.value']);
    assert.match(noSuchStage.body, /“Onbaording” is not a stage of this workspace’s journey \(its stages: .*Adoption/);
    assert.equal((await team.admin.get('/api/playbooks')).json().data.length, before);
  });

  test('stages may be given by key or alias; the playbook stores the journey’s name, so the trigger matches what accounts store', async () => {
    const saved = await team.admin.post('/api/playbooks', {
      definition: { ...vendorReview({ name: 'Welcome to adoption', steps: [{ type: 'set_field', field: 'lifecycleStage', value: 'live' }] }), trigger: { kind: 'stage_entered', stage: 'onboarding' } },
    });
    assert.equal(saved.statusCode, 201, saved.body);
    const { definition } = saved.json();
    assert.equal(definition.trigger.stage, 'Adoption');
    assert.equal(definition.steps[0].value, 'Performance');
    await team.admin.delete(`/api/playbooks/${saved.json().id}`);
  });

  test('roles: admins and leaders write, CSMs and viewers read', async () => {
    assert.equal((await team.csm.post('/api/playbooks', { definition: vendorReview({ name: 'By a CSM' }) })).statusCode, 403);
    assert.equal((await team.viewer.post('/api/playbooks', { definition: vendorReview({ name: 'By a viewer' }) })).statusCode, 403);
    const created = await team.leader.post('/api/playbooks', { definition: vendorReview({ name: 'By a leader' }) });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json();
    assert.equal((await team.csm.get(`/api/playbooks/${id}`)).statusCode, 200);
    assert.equal((await team.csm.post(`/api/playbooks/${id}/enable`)).statusCode, 403);
    const saved = await team.leader.put(`/api/playbooks/${id}`, { definition: vendorReview({ name: 'By a leader', holdoutPercent: 10 }) });
    assert.equal(saved.json().version, 2);
    assert.equal((await team.viewer.get(`/api/playbooks/${id}/versions`)).json().data.length, 2);
  });

  test('workspace isolation: another workspace neither sees nor changes the playbook, and its signals enter nothing here', async () => {
    const playbook = await createPlaybook(vendorReview({ name: 'Ours' }));
    assert.equal((await team.outsider.get(`/api/playbooks/${playbook.id}`)).statusCode, 404);
    assert.equal((await team.outsider.post(`/api/playbooks/${playbook.id}/dry-run`)).statusCode, 404);
    assert.equal((await team.outsider.put(`/api/playbooks/${playbook.id}`, { definition: vendorReview({ name: 'Theirs' }) })).statusCode, 404);
    assert.equal((await team.outsider.post(`/api/playbooks/${playbook.id}/disable`)).statusCode, 404);
    assert.equal((await team.outsider.get(`/api/playbooks/${playbook.id}/runs`)).statusCode, 404);
    assert.ok(!(await team.outsider.get('/api/playbooks')).json().data.some((p: { id: string }) => p.id === playbook.id));
    const theirAccount = (await team.outsider.post('/api/accounts', { name: 'Elsewhere', ownerId: team.outsider.userId })).json().id;
    await team.outsider.post('/api/signals', { accountId: theirAccount, type: 'vendor_review', title: 'Review' });
    await settle();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from playbook_runs where account_id = ${theirAccount}`.execute(t.handle.db);
    assert.equal(rows[0]!.n, 0);
    assert.equal((await team.admin.get(`/api/accounts/${theirAccount}/playbook-runs`)).statusCode, 404);
    await disableAll();
  });

  test('two processes on PostgreSQL never double-fire', { skip: !process.env.DATABASE_URL }, async () => {
    await createPlaybook(
      vendorReview({
        name: 'Two workers',
        steps: [
          { type: 'create_task', title: 'First {{account.name}}' },
          { type: 'create_task', title: 'Second {{account.name}}' },
        ],
      }),
    );
    const accounts: string[] = [];
    for (let i = 0; i < 40; i += 1) accounts.push(await newAccount(`Pair ${i}`));
    for (const accountId of accounts) await signal(accountId);
    const other = await openDatabase({ databaseUrl: t.handle.databaseUrl!, poolSize: 4 });
    try {
      await Promise.all([
        drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock),
        drainDomainEvents(other.db, [playbookTriggersConsumer], clock),
      ]);
      const runners = [t.handle.db, other.db, t.handle.db, other.db].map((db) => createJobRunner({ db, handlers: [createPlaybookAdvanceJob()], clock }));
      await Promise.all(runners.map((r) => r.runDue()));
    } finally {
      await other.close();
    }
    for (const accountId of accounts) assert.deepEqual((await tasksOf(accountId)).map((task) => task.title.split(' ')[0]).sort(), ['First', 'Second']);
    await disableAll();
  });
});
