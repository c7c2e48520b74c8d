import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { storePredictionRun } from '../../health-model/testing/store-predictions.js';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

const DAY_MS = 86_400_000;
const now = new Date();
const TODAY = now.toISOString().slice(0, 10);
const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
const at = (offset: number, hour = 12) => new Date(Date.parse(`${day(offset)}T00:00:00Z`) + hour * 3_600_000);

type Band = 'green' | 'yellow' | 'red';

/**
 * A hand-built book for Cleo (csm), with one account of each kind the day view must show or
 * leave out, and a colleague's account that must never show in Cleo's day.
 */
describe('a CSM’s day and the team view', () => {
  let t: ApiTest;
  let team: Team;
  let cleo: Caller;
  let otto: Caller;
  const ids: Record<string, string> = {};

  const createAccount = async (name: string, owner: Caller, extra: Record<string, unknown> = {}) => {
    const res = await team.admin.post('/api/accounts', { name, ownerId: owner.userId, ...extra });
    assert.equal(res.statusCode, 201, res.body);
    ids[name] = res.json().id;
    return ids[name]!;
  };

  /** Stores a current score and history points as the recompute would (hand-built: the measures are not the point here). */
  const storeHealth = async (accountId: string, current: { score: number; band: Band }, history: Array<{ offset: number; score: number; band: Band }>) => {
    const db = t.handle.db;
    await db
      .insertInto('health_scores')
      .values({ workspace_id: team.workspace.id, account_id: accountId, score: current.score, band: current.band, scorecard_key: 'standard', config_version: 0, measures: JSON.stringify([]), as_of: TODAY, computed_at: now })
      .execute();
    for (const point of [...history, { offset: 0, ...current }]) {
      const pointDay = day(point.offset);
      const index = Number(pointDay.slice(8, 10));
      await sql`INSERT INTO health_score_months (workspace_id, account_id, month, scores, bands)
        VALUES (${team.workspace.id}::uuid, ${accountId}::uuid, ${`${pointDay.slice(0, 8)}01`}::date,
          array_fill(NULL::smallint, ARRAY[31]), repeat('-', 31))
        ON CONFLICT (workspace_id, account_id, month) DO NOTHING`.execute(db);
      await sql`UPDATE health_score_months SET scores[${index}::int] = ${point.score}::smallint,
          bands = overlay(bands PLACING ${point.band.charAt(0)} FROM ${index}::int FOR 1)
        WHERE workspace_id = ${team.workspace.id}::uuid AND account_id = ${accountId}::uuid AND month = ${`${pointDay.slice(0, 8)}01`}::date`.execute(db);
    }
  };

  const addTask = async (caller: Caller, accountId: string, title: string, dueOffset: number | null) => {
    const res = await caller.post(`/api/accounts/${accountId}/tasks`, { title, dueDate: dueOffset === null ? null : day(dueOffset) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  before(async () => {
    t = await startApiTest({ now: () => now });
    team = await t.team();
    cleo = team.csm;
    otto = team.otherCsm;
    const db = t.handle.db;
    const ws = team.workspace.id;

    // Health: fell a band; fell 7 points in green; moved 2 points; scored only since this week; a colleague's fall.
    await storeHealth(await createAccount('Falling Co', cleo), { score: 62, band: 'red' }, [{ offset: -7, score: 74, band: 'yellow' }]);
    await storeHealth(await createAccount('Slipping Co', cleo), { score: 88, band: 'green' }, [{ offset: -9, score: 95, band: 'green' }]);
    await storeHealth(await createAccount('Steady Co', cleo), { score: 88, band: 'green' }, [{ offset: -7, score: 90, band: 'green' }]);
    await storeHealth(await createAccount('New Co', cleo), { score: 60, band: 'red' }, [{ offset: -2, score: 90, band: 'green' }]);
    await storeHealth(await createAccount('Elsewhere Co', otto), { score: 50, band: 'red' }, [{ offset: -7, score: 90, band: 'green' }]);

    // Renewals: in 29 days (yellow), beyond 90 days, and a churned account whose date falls in the window.
    const contract = async (name: string, owner: Caller, endOffset: number, seats: number) => {
      const res = await team.admin.post(`/api/accounts/${await createAccount(name, owner)}/subscriptions`, {
        startDate: day(endOffset - 364),
        endDate: day(endOffset),
        items: [{ product: 'Platform', seats, unitPrice: 1200 }],
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    await contract('Renewing Co', cleo, 29, 10);
    await storeHealth(ids['Renewing Co']!, { score: 75, band: 'yellow' }, []);
    await contract('Far Off Co', cleo, 200, 5);
    await contract('Gone Co', cleo, 10, 2);
    assert.equal((await team.admin.patch(`/api/accounts/${ids['Gone Co']}`, { lifecycleStage: 'Churned' })).statusCode, 200);

    // Onboardings: 100 days in Adoption (in use); 10 days in Decision & Contract, never used;
    // 20 days in Adoption and used yesterday; Performance and unused (not an onboarding stage).
    await createAccount('Stuck Co', cleo, { lifecycleStage: 'Adoption' });
    // Written directly: the journey gates Decision & Contract on recorded goals, which a fixture need not tell.
    ids['Quiet Co'] = (
      await db.insertInto('accounts').values({ workspace_id: ws, name: 'Quiet Co', owner_id: cleo.userId, lifecycle_stage: 'Decision & Contract' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await createAccount('Fine Co', cleo, { lifecycleStage: 'Adoption' });
    await createAccount('Mature Co', cleo, { lifecycleStage: 'Performance' });
    for (const [name, offset] of [['Stuck Co', -100], ['Quiet Co', -10], ['Fine Co', -20], ['Mature Co', -400]] as const) {
      await sql`UPDATE accounts SET created_at = ${at(offset)} WHERE id = ${ids[name]!}::uuid`.execute(db);
    }
    const usage = (name: string, offset: number) => ({
      workspace_id: ws, account_id: ids[name]!, day: day(offset), active_users: 2, events: 10, features: 1, event_counts: JSON.stringify({}), last_seen_at: at(offset),
    });
    await db.insertInto('usage_account_days').values([usage('Stuck Co', -3), usage('Fine Co', -1)]).execute();

    // Signals: one recorded now, one recorded three days ago, one on a colleague's account.
    for (const [name, title] of [['Falling Co', 'Announces a vendor review'], ['Steady Co', 'Old news'], ['Elsewhere Co', 'Not yours']] as const) {
      const res = await team.admin.post('/api/signals', { accountId: ids[name], type: 'vendor_review', title, occurredAt: at(-5).toISOString() });
      assert.equal(res.statusCode, 201, res.body);
    }
    await sql`UPDATE signals SET created_at = ${at(-3)} WHERE title = 'Old news'`.execute(db);

    // Tickets: urgent opened this morning; high this morning; urgent five days ago, still pending;
    // urgent three days ago and solved; urgent on a colleague's account.
    const ticket = (name: string, externalId: string, priority: 'urgent' | 'high', offset: number, status: 'open' | 'pending' | 'solved' = 'open') => ({
      workspace_id: ws, account_id: ids[name]!, matched_by: 'account_id' as const, source: 'import' as const, external_id: externalId,
      subject: `Ticket ${externalId}`, status, priority, created_at_source: at(offset, 0), updated_at_source: at(offset, 0),
      url: `https://help.example.com/tickets/${externalId}`,
    });
    await db.insertInto('tickets').values([
      ticket('Steady Co', 'urgent-new', 'urgent', 0), ticket('Steady Co', 'high-new', 'high', 0), ticket('Steady Co', 'urgent-old', 'urgent', -5, 'pending'),
      ticket('Steady Co', 'urgent-solved', 'urgent', -3, 'solved'), ticket('Elsewhere Co', 'urgent-otto', 'urgent', -1),
    ]).execute();

    // Tasks.
    const account = ids['Steady Co']!;
    await addTask(cleo, account, 'Overdue call', -2);
    await addTask(cleo, account, 'Today’s email', 0);
    await addTask(cleo, account, 'Prepare QBR', 3);
    await addTask(cleo, account, 'Next month', 10);
    await addTask(cleo, account, 'Whenever', null);
    const snoozed = await addTask(cleo, account, 'Snoozed and late', -1);
    assert.equal((await cleo.post(`/api/tasks/${snoozed}/snooze`, { until: day(2) })).statusCode, 200);
    const done = await addTask(cleo, account, 'Done already', -3);
    assert.equal((await cleo.post(`/api/tasks/${done}/complete`, {})).statusCode, 200);
    await addTask(otto, ids['Elsewhere Co']!, 'Otto’s overdue', -4);
  });
  after(() => t.close());

  test('the day lists what needs Cleo, and why; everything else stays out', async () => {
    const res = await cleo.get('/api/today');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.today, TODAY);
    assert.equal(body.owner.id, cleo.userId);
    assert.equal(body.reportingCurrency, 'USD');

    const titles = (tasks: Array<{ title: string }>) => tasks.map((task) => task.title);
    assert.deepEqual(titles(body.tasks.overdue), ['Overdue call']);
    assert.deepEqual(titles(body.tasks.dueToday), ['Today’s email']);
    assert.deepEqual(titles(body.tasks.dueThisWeek), ['Prepare QBR']);
    assert.equal(body.tasks.snoozed, 1);

    // A band worse first, then the 7-point fall (baseline nine days back, a weekly gap); 2 points and a baseline of two days ago are not "fell".
    assert.deepEqual(
      body.healthDrops.map((drop: { accountName: string; scoreBefore: number; scoreAfter: number; bandBefore: string; bandAfter: string; bandWorsened: boolean; since: string }) => [
        drop.accountName, drop.scoreBefore, drop.scoreAfter, drop.bandBefore, drop.bandAfter, drop.bandWorsened, drop.since,
      ]),
      [
        ['Falling Co', 74, 62, 'yellow', 'red', true, day(-7)],
        ['Slipping Co', 95, 88, 'green', 'green', false, day(-9)],
      ],
    );

    const renewing = (await team.admin.get(`/api/accounts/${ids['Renewing Co']}`)).json();
    assert.deepEqual(body.renewals, [
      {
        accountId: ids['Renewing Co'],
        accountName: 'Renewing Co',
        renewalDate: renewing.renewalDate,
        daysToRenewal: Math.round((Date.parse(renewing.renewalDate) - Date.parse(TODAY)) / DAY_MS),
        arr: 12_000,
        unratedContracts: 0,
        healthScore: 75,
        healthBand: 'yellow',
      },
    ]);

    assert.deepEqual(
      body.stuckOnboardings.map((item: { accountName: string; daysInStage: number; reasons: string[] }) => [item.accountName, item.daysInStage, item.reasons]),
      [
        ['Quiet Co', 10, ['No product usage recorded yet']],
        ['Stuck Co', 100, ['In Adoption for 100 days (expected within 90)']],
      ],
    );

    // Signals recorded since yesterday, aged from when they happened (five days ago).
    assert.deepEqual(
      body.newSignals.map((signal: { accountId: string; accountName: string; title: string; ageDays: number }) => [signal.accountId, signal.accountName, signal.title, signal.ageDays]),
      [[ids['Falling Co'], 'Falling Co', 'Announces a vendor review', 5]],
    );
    // Every urgent ticket still open, however old, longest waiting first; solved ones and high ones stay out.
    assert.deepEqual(
      body.urgentTickets.map((ticket: { accountName: string; subject: string; ageDays: number; url: string }) => [ticket.accountName, ticket.subject, ticket.ageDays, ticket.url]),
      [
        ['Steady Co', 'Ticket urgent-old', 5, 'https://help.example.com/tickets/urgent-old'],
        ['Steady Co', 'Ticket urgent-new', 0, 'https://help.example.com/tickets/urgent-new'],
      ],
    );
  });

  test('predicted risk that rose 5+ points since the model’s previous run, with the top reason; small rises, first predictions and colleagues’ accounts stay out', async () => {
    const run = (asOf: string, probabilities: Record<string, number>) =>
      storePredictionRun(t.handle.db, {
        workspaceId: team.workspace.id,
        asOf,
        now,
        predictions: Object.entries(probabilities).map(([name, probability]) => ({ accountId: ids[name]!, probability, reason: `${name}: seats unused` })),
      });
    await run(day(-7), { 'Falling Co': 0.2, 'Slipping Co': 0.3, 'Elsewhere Co': 0.1 });
    const nowRun = { 'Falling Co': 0.35, 'Slipping Co': 0.33, 'Elsewhere Co': 0.5, 'New Co': 0.9 };
    await run(TODAY, nowRun);
    // A second run on the same day still compares with last week's, not with this morning's.
    await run(TODAY, nowRun);
    const body = (await cleo.get('/api/today')).json();
    assert.deepEqual(body.riskRises, [
      { accountId: ids['Falling Co'], accountName: 'Falling Co', arr: 0, probability: 0.35, previousProbability: 0.2, previousAsOf: day(-7), asOf: TODAY, reason: 'Falling Co: seats unused' },
    ]);
  });

  test('a stage change on the timeline restarts the onboarding clock', async () => {
    const goals = { goals: 'Roll out to every region', successCriteria: 'All regions live by Q2' };
    assert.equal((await team.admin.put(`/api/accounts/${ids['Stuck Co']}/goals`, goals)).statusCode, 200);
    assert.equal((await team.admin.patch(`/api/accounts/${ids['Stuck Co']}`, { lifecycleStage: 'Decision & Contract' })).statusCode, 200);
    const body = (await cleo.get('/api/today')).json();
    assert.equal(body.stuckOnboardings.find((item: { accountName: string }) => item.accountName === 'Stuck Co'), undefined, 'entered Decision & Contract today and was used three days ago');
    assert.equal((await team.admin.patch(`/api/accounts/${ids['Stuck Co']}`, { lifecycleStage: 'Adoption' })).statusCode, 200);
  });

  test('a leader reads a member’s day; a CSM reads only their own; a viewer’s own book is empty', async () => {
    const asLeader = await team.leader.get(`/api/today?ownerId=${otto.userId}`);
    assert.equal(asLeader.statusCode, 200, asLeader.body);
    assert.deepEqual(asLeader.json().tasks.overdue.map((task: { title: string }) => task.title), ['Otto’s overdue']);
    assert.deepEqual(asLeader.json().healthDrops.map((drop: { accountName: string }) => drop.accountName), ['Elsewhere Co']);
    assert.deepEqual(asLeader.json().newSignals.map((signal: { title: string }) => signal.title), ['Not yours']);
    assert.deepEqual(asLeader.json().urgentTickets.map((ticket: { subject: string }) => ticket.subject), ['Ticket urgent-otto']);

    const peek = await cleo.get(`/api/today?ownerId=${otto.userId}`);
    assert.equal(peek.statusCode, 403);
    assert.equal(peek.headers['content-type'], 'application/problem+json; charset=utf-8');

    const viewer = await team.viewer.get('/api/today');
    assert.equal(viewer.statusCode, 200);
    assert.equal(viewer.json().renewals.length + viewer.json().tasks.overdue.length + viewer.json().healthDrops.length, 0);

    const bad = await cleo.get('/api/today?ownerId=not-a-uuid');
    assert.equal(bad.statusCode, 400);
  });

  test('another workspace cannot read this book, even naming its owner', async () => {
    const outsider = await team.outsider.get(`/api/today?ownerId=${cleo.userId}`);
    assert.equal(outsider.statusCode, 400);
    assert.match(outsider.json().detail, /not a member/);
    const own = (await team.outsider.get('/api/today')).json();
    assert.equal(own.tasks.overdue.length + own.healthDrops.length + own.newSignals.length + own.urgentTickets.length, 0);
    const workload = (await team.outsider.get('/api/team/workload')).json();
    assert.ok(!workload.members.some((row: { userId: string | null }) => row.userId === cleo.userId));
    assert.equal(workload.totals.accounts, 0);
  });

  test('the team view: figures per member, hand-computed; leaders and admins only', async () => {
    for (const refused of [cleo, team.viewer]) {
      const res = await refused.get('/api/team/workload');
      assert.equal(res.statusCode, 403);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const res = await team.leader.get('/api/team/workload');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const row = (userId: string) => body.members.find((member: { userId: string }) => member.userId === userId);
    // Cleo: open tasks Overdue call, Today's email, Prepare QBR, Next month, Whenever, Snoozed and late = 6 (done one out);
    // overdue: Overdue call, Snoozed and late = 2. Book: 4 health + 3 contract + 4 onboarding accounts, minus churned Gone Co = 10;
    // ARR: Renewing Co 12,000 + Far Off Co 6,000; red: Falling Co, New Co (no ARR); yellow: Renewing Co 12,000.
    assert.deepEqual(
      { ...row(cleo.userId), userId: undefined, name: undefined, role: undefined },
      { userId: undefined, name: undefined, role: undefined, openTasks: 6, overdueTasks: 2, accounts: 10, arr: 18_000, redArr: 0, yellowArr: 12_000, atRiskArr: 12_000 },
    );
    assert.deepEqual(
      { openTasks: row(otto.userId).openTasks, overdueTasks: row(otto.userId).overdueTasks, accounts: row(otto.userId).accounts },
      { openTasks: 1, overdueTasks: 1, accounts: 1 },
    );
    assert.equal(row(team.viewer.userId), undefined, 'a viewer who owns nothing is not workload');
    assert.deepEqual(body.totals, { openTasks: 7, overdueTasks: 3, accounts: 11, arr: 18_000, redArr: 0, yellowArr: 12_000, atRiskArr: 12_000 });
    assert.equal((await team.admin.get('/api/team/workload')).statusCode, 200);
  });
});
