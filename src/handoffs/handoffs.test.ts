import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createAccount } from '../accounts/index.js';
import { createUserInWorkspace, systemActor } from '../auth/index.js';
import { createTestClock, systemClock, type Clock } from '../core/clock.js';
import { openDatabase } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { removeWhenProcessExits } from '../db/testing/remove-at-exit.js';
import type { DomainEvent } from '../domain-events/index.js';
import { createJobRunner } from '../jobs/index.js';
import { listTeams, updateTeam } from '../teams/index.js';
import { createWorkspaceWithDefaults } from '../setup/index.js';
import { advanceHandoffClock, getHandoffSla, handoffsConsumer, handoffTimerJob, listHandoffs } from './index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let eventId = 1_000_000;

/** A domain event as the dispatcher hands it over, at a chosen time. */
function stageEntered(workspaceId: string, accountId: string, stage: string, at: Date): DomainEvent {
  return { id: eventId++, type: 'account.updated', workspaceId, accountId, occurredAt: at, payload: { changed: { lifecycleStage: { before: 'Trial', after: stage } } } };
}
function meetingLogged(workspaceId: string, accountId: string, at: Date): DomainEvent {
  return { id: eventId++, type: 'interaction.logged', workspaceId, accountId, occurredAt: at, payload: { interactionId: crypto.randomUUID(), kind: 'meeting', occurredAt: at.toISOString() } };
}

async function deliver(db: Kysely<Database>, events: DomainEvent[], clock: Clock) {
  await db.transaction().execute((trx) => handoffsConsumer.handle(trx, events, { clock }));
}

async function setUp(db: Kysely<Database>, name: string) {
  const workspace = await createWorkspaceWithDefaults(db, name, systemClock);
  const actor = systemActor(workspace.id);
  const admin = await createUserInWorkspace(db, actor, { email: `admin@${name}.example`, name: 'Ada Admin', password: 'correct horse battery', workspaceId: workspace.id, role: 'admin' });
  const lead = await createUserInWorkspace(db, actor, { email: `lead@${name}.example`, name: 'Olga Onboarding', password: 'correct horse battery', workspaceId: workspace.id, role: 'csm' });
  const account = async (accountName: string) => (await createAccount(db, actor, { name: accountName })).id;
  return { workspaceId: workspace.id, actor, admin, lead, account };
}

describe('hand-offs: events start and complete them; the clock escalates once per level', () => {
  let handle: TestDatabase;
  let db: Kysely<Database>;
  before(async () => {
    handle = await createTestDatabase();
    db = handle.db;
  });
  after(() => handle.close());

  test('SLA attainment per team and rule, worked by hand', async () => {
    const w = await setUp(db, 'sla');
    const t0 = new Date('2026-11-02T09:00:00Z');
    const clock = createTestClock(t0);
    const [a, b, c, d, e, old] = await Promise.all(['A', 'B', 'C', 'D', 'E', 'Old'].map((n) => w.account(n)));
    // Deal won → onboarding kickoff (5 days): A on time after 24 h, B late after 6 days, C never, D started 9 days later.
    await deliver(db, [a, b, c].map((id) => stageEntered(w.workspaceId, id!, 'Decision & Contract', t0)), clock);
    await deliver(db, [stageEntered(w.workspaceId, old!, 'Decision & Contract', new Date('2026-10-01T09:00:00Z'))], clock);
    await deliver(db, [meetingLogged(w.workspaceId, a!, new Date(t0.getTime() + DAY)), meetingLogged(w.workspaceId, b!, new Date(t0.getTime() + 6 * DAY))], clock);
    await deliver(db, [stageEntered(w.workspaceId, d!, 'Decision & Contract', new Date(t0.getTime() + 9 * DAY))], clock);
    // Onboarding done → CSM adoption review (14 days): E completed after 2 days.
    await deliver(db, [stageEntered(w.workspaceId, e!, 'Adoption', t0)], clock);
    await deliver(db, [meetingLogged(w.workspaceId, e!, new Date(t0.getTime() + 2 * DAY))], clock);

    const sla = await getHandoffSla(db, w.actor, { from: '2026-11-01', to: '2026-11-30' }, new Date(t0.getTime() + 10 * DAY));
    const onboarding = sla.teams.find((row) => row.team.name === 'Onboarding')!;
    // Decided: A (on time), B (late), C (past due, running); D is not due yet; Old started before the period.
    assert.deepEqual(
      { ...onboarding, team: undefined },
      { team: undefined, started: 4, completed: 2, completedOnTime: 1, openOverdue: 1, decided: 3, attainment: 1 / 3, medianHours: (24 + 144) / 2 },
    );
    const success = sla.teams.find((row) => row.team.name === 'Customer Success')!;
    assert.equal(success.attainment, 1);
    assert.equal(success.medianHours, 48);
    assert.equal(sla.teams.find((row) => row.team.name === 'Sales')!.attainment, null, 'a team that received nothing has no attainment');
    assert.deepEqual(
      sla.rules.map((r) => [r.team.name, r.ruleName, r.started, r.completedOnTime]),
      [
        ['Customer Success', 'Onboarding done → CSM adoption review', 1, 1],
        ['Onboarding', 'Deal won → onboarding kickoff', 4, 1],
      ],
    );
  });

  test('a rule starts one hand-off per account while it runs, and a later stage or meeting completes it', async () => {
    const w = await setUp(db, 'start');
    const clock = createTestClock(new Date('2026-11-02T09:00:00Z'));
    const account = await w.account('Initech');
    await deliver(db, [stageEntered(w.workspaceId, account, 'Adoption', clock.now()), stageEntered(w.workspaceId, account, 'Adoption', clock.now())], clock);
    const started = await listHandoffs(db, w.actor, { accountId: account, limit: 10 }, clock.now());
    assert.equal(started.length, 1, 'the same trigger twice starts one hand-off');
    let handoff = started[0];
    assert.equal(handoff!.state, 'open');
    assert.equal(handoff!.receiver.name, 'Customer Success');
    assert.equal(handoff!.dueAt.toISOString(), '2026-11-16T09:00:00.000Z');
    // A meeting from before the start does not count; entering Performance does.
    await deliver(db, [meetingLogged(w.workspaceId, account, new Date('2026-11-01T09:00:00Z'))], clock);
    assert.equal((await listHandoffs(db, w.actor, { accountId: account, limit: 10 }, clock.now()))[0]!.state, 'open');
    await deliver(db, [stageEntered(w.workspaceId, account, 'Performance', new Date('2026-11-05T09:00:00Z'))], clock);
    [handoff] = await listHandoffs(db, w.actor, { accountId: account, limit: 10 }, clock.now());
    assert.equal(handoff!.state, 'completed');
    assert.equal(handoff!.onTime, true);
    assert.equal(handoff!.completedHow, 'account.updated');
    const events = await db.selectFrom('domain_events').select('type').where('workspace_id', '=', w.workspaceId).where('type', 'like', 'handoff.%').orderBy('id').execute();
    assert.deepEqual(events.map((row) => row.type), ['handoff.started', 'handoff.completed']);
  });

  test('overdue at the due time, then each escalation level exactly once, however often its job runs', async () => {
    const w = await setUp(db, 'escalate');
    const team = (await listTeams(db, w.actor)).find((row) => row.name === 'Onboarding')!;
    await updateTeam(db, w.actor, team.id, { leadId: w.lead.id }, new Date());
    const start = new Date('2026-11-02T09:00:00Z');
    const clock = createTestClock(start);
    const account = await w.account('Globex');
    await deliver(db, [stageEntered(w.workspaceId, account, 'Decision & Contract', start)], clock);
    const runner = createJobRunner({ db, handlers: [handoffTimerJob], clock });
    await runner.runDue();
    let [handoff] = await listHandoffs(db, w.actor, { accountId: account, limit: 1 }, clock.now());
    assert.equal(handoff!.state, 'open', 'nothing happens before the due time');

    clock.set(new Date(start.getTime() + 5 * DAY + 60_000));
    await runner.runDue();
    [handoff] = await listHandoffs(db, w.actor, { accountId: account, limit: 1 }, clock.now());
    assert.equal(handoff!.state, 'escalated');
    assert.equal(handoff!.escalationLevel, 1, 'overdue and the first level (0 h after due) at once');
    // The same level's job again, as after a lost lease or in a second process: nothing more.
    const again = await handoffTimerJob.run({ id: 'x', type: handoffTimerJob.type, workspaceId: w.workspaceId, payload: { handoffId: handoff!.id, level: 1 }, attempt: 2, maxAttempts: 10, db, clock, signal: new AbortController().signal });
    assert.equal(again, undefined);
    assert.equal(await advanceHandoffClock(db, { workspaceId: w.workspaceId, handoffId: handoff!.id, level: 1, clock }), 'nothing');
    assert.equal(await advanceHandoffClock(db, { workspaceId: w.workspaceId, handoffId: handoff!.id, level: 0, clock }), 'nothing');

    clock.advance(48 * HOUR);
    await runner.runDue();
    await runner.runDue();
    const tasks = await db.selectFrom('tasks').select(['title', 'owner_id', 'priority']).where('account_id', '=', account).orderBy('created_at').execute();
    assert.deepEqual(
      tasks.map((task) => [task.title, task.owner_id, task.priority]),
      [
        ['Overdue hand-off (level 1): Deal won → onboarding kickoff', w.lead.id, 'high'],
        ['Overdue hand-off (level 2): Deal won → onboarding kickoff', w.admin.id, 'urgent'],
      ],
    );
    const history = await db.selectFrom('handoff_history').select('action').where('handoff_id', '=', handoff!.id).orderBy('id').execute();
    assert.deepEqual(history.map((row) => row.action), ['started', 'overdue', 'escalated', 'escalated']);
    const timeline = await db.selectFrom('timeline_entries').select('title').where('account_id', '=', account).where('kind', '=', 'handoff').orderBy('occurred_at').execute();
    assert.equal(timeline.length, 4);
  });

  test('two runners on their own connections, each holding a copy of the same level, escalate it once', async () => {
    const w = await setUp(db, 'parallel');
    const start = new Date('2026-11-02T09:00:00Z');
    const clock = createTestClock(start);
    const account = await w.account('Hooli');
    await deliver(db, [stageEntered(w.workspaceId, account, 'Decision & Contract', start)], clock);
    const [handoff] = await listHandoffs(db, w.actor, { accountId: account, limit: 1 }, clock.now());
    clock.set(new Date(start.getTime() + 5 * DAY + 1));
    // Level 0 and a stray duplicate of level 1 under another key, so both runners find work.
    await db.insertInto('jobs').values({ type: handoffTimerJob.type, workspace_id: w.workspaceId, payload: JSON.stringify({ handoffId: handoff!.id, level: 1 }), unique_key: 'stray', run_at: start }).execute();
    const second = handle.databaseUrl ? await openSecondConnection(handle.databaseUrl) : undefined;
    try {
      const runners = [createJobRunner({ db, handlers: [handoffTimerJob], clock, batchSize: 1 }), createJobRunner({ db: second?.db ?? db, handlers: [handoffTimerJob], clock, batchSize: 1 })];
      await Promise.all(runners.map((runner) => runner.runDue()));
      await Promise.all(runners.map((runner) => runner.runDue()));
    } finally {
      await second?.close();
    }
    const escalations = await db.selectFrom('handoff_history').select('detail').where('handoff_id', '=', handoff!.id).where('action', '=', 'escalated').execute();
    assert.equal(escalations.length, 1, JSON.stringify(escalations));
    const tasks = await db.selectFrom('tasks').select('id').where('account_id', '=', account).execute();
    assert.equal(tasks.length, 1);
  });
});

async function openSecondConnection(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const schema = /search_path=(\w+)/.exec(url.searchParams.get('options') ?? '')![1]!;
  url.searchParams.delete('options');
  return openDatabase({ databaseUrl: url.toString(), schema, poolSize: 2 });
}

describe('hand-off clocks survive a restart', () => {
  test('a hand-off started before the process stopped goes overdue and escalates after it started again', async () => {
    const shared = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const dir = shared ? undefined : mkdtempSync(join(tmpdir(), 'handoffs-restart-'));
    const open = async () => (shared ? openSecondConnection(shared.databaseUrl!) : openDatabase({ dataDir: dir! }));
    const start = new Date('2026-11-02T09:00:00Z');
    try {
      const first = await open();
      if (!shared) await migrateToLatest(first.db);
      const w = await setUp(first.db, 'restart');
      const account = await w.account('Umbrella');
      await deliver(first.db, [stageEntered(w.workspaceId, account, 'Decision & Contract', start)], createTestClock(start));
      await first.close();

      const second = await open();
      try {
        const clock = createTestClock(new Date(start.getTime() + 6 * DAY));
        await createJobRunner({ db: second.db, handlers: [handoffTimerJob], clock }).runDue();
        const [handoff] = await listHandoffs(second.db, w.actor, { accountId: account, limit: 1 }, clock.now());
        assert.equal(handoff!.state, 'escalated');
        assert.equal(handoff!.escalationLevel, 1);
      } finally {
        await second.close();
      }
    } finally {
      if (dir) removeWhenProcessExits(dir);
      await shared?.close();
    }
  });
});
