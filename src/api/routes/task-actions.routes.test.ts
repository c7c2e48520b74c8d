import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const DAY_MS = 86_400_000;

describe('task actions of the day view: complete with an outcome, snooze, reassign', () => {
  let t: ApiTest;
  let team: Team;
  /** The clock the routes read; a test moves it forward to see a snooze run out. */
  let now = new Date();
  const today = () => now.toISOString().slice(0, 10);
  const day = (offset: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
  let accountId: string;
  let colleagueAccountId: string;

  before(async () => {
    t = await startApiTest({ now: () => now });
    team = await t.team();
    accountId = (await team.admin.post('/api/accounts', { name: 'Initech', ownerId: team.csm.userId })).json().id;
    colleagueAccountId = (await team.admin.post('/api/accounts', { name: 'Hooli', ownerId: team.otherCsm.userId })).json().id;
  });
  after(() => t.close());

  const addTask = async (title: string, dueOffset: number, on = accountId, caller = team.csm) => {
    const res = await caller.post(`/api/accounts/${on}/tasks`, { title, dueDate: day(dueOffset) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const dayTitles = async (caller = team.csm) => {
    const body = (await caller.get('/api/today')).json();
    return [...body.tasks.overdue, ...body.tasks.dueToday, ...body.tasks.dueThisWeek].map((task: { title: string }) => task.title);
  };
  const taskOf = async (id: string) => (await team.admin.get(`/api/tasks/${id}`)).json();

  test('completing with an outcome: done, the note on the timeline, task.completed emitted, gone from the day', async () => {
    const id = await addTask('Call the sponsor', -1);
    assert.deepEqual(await dayTitles(), ['Call the sponsor']);
    const res = await team.csm.post(`/api/tasks/${id}/complete`, { outcome: '  Sponsor agreed to a QBR on the 12th  ' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'done');
    assert.equal(res.json().outcome, 'Sponsor agreed to a QBR on the 12th');
    assert.equal(res.json().completedAt, now.toISOString());
    assert.deepEqual(await dayTitles(), []);

    const timeline = (await team.csm.get(`/api/accounts/${accountId}/timeline`)).json().data as Array<{ kind: string; title: string; body: string | null; subjectId: string | null }>;
    const entry = timeline.find((item) => item.kind === 'task_completed' && item.subjectId === id);
    assert.deepEqual({ title: entry?.title, body: entry?.body }, { title: 'Task completed: Call the sponsor', body: 'Sponsor agreed to a QBR on the 12th' });
    const events = await t.handle.db.selectFrom('domain_events').select('payload').where('type', '=', 'task.completed').where('account_id', '=', accountId).execute();
    assert.deepEqual(events.map((event) => event.payload), [{ taskId: id }]);

    // Twice is a conflict, and changes nothing.
    const again = await team.csm.post(`/api/tasks/${id}/complete`, { outcome: 'Again' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(again.json().detail, /already done/);
    assert.equal((await taskOf(id)).outcome, 'Sponsor agreed to a QBR on the 12th');

    // Reopening clears the outcome with completedAt: it belonged to that completion.
    const reopened = await team.csm.patch(`/api/tasks/${id}`, { status: 'open' });
    assert.equal(reopened.json().outcome, null);
    assert.equal((await team.csm.post(`/api/tasks/${id}/complete`, {})).json().outcome, null, 'the note is optional');
  });

  test('a snoozed task leaves the day until its day, keeps its due date, and can be woken', async () => {
    const id = await addTask('Chase the invoice', -2);
    for (const until of [today(), day(-1), day(367), '2026-02-30']) {
      const refused = await team.csm.post(`/api/tasks/${id}/snooze`, { until });
      assert.equal(refused.statusCode, 400, `until ${until}: ${refused.body}`);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal((await taskOf(id)).snoozedUntil, null);

    const snoozed = await team.csm.post(`/api/tasks/${id}/snooze`, { until: day(3) });
    assert.equal(snoozed.statusCode, 200, snoozed.body);
    assert.deepEqual([snoozed.json().snoozedUntil, snoozed.json().dueDate], [day(3), day(-2)]);
    assert.deepEqual(await dayTitles(), []);
    assert.equal((await team.csm.get('/api/today')).json().tasks.snoozed, 1);
    // GET /api/tasks keeps listing it (its filters are unchanged), with the snooze shown.
    const listed = (await team.csm.get('/api/tasks?ownerId=me&status=open')).json().data as Array<{ id: string; snoozedUntil: string | null }>;
    assert.equal(listed.find((task) => task.id === id)?.snoozedUntil, day(3));

    const saved = now;
    now = new Date(now.getTime() + 3 * DAY_MS);
    try {
      assert.deepEqual(await dayTitles(), ['Chase the invoice'], 'back on its day, overdue');
      assert.equal((await team.csm.get('/api/today')).json().tasks.overdue[0].title, 'Chase the invoice');
    } finally {
      now = saved;
    }

    const woken = await team.csm.delete(`/api/tasks/${id}/snooze`);
    assert.equal(woken.statusCode, 200);
    assert.equal(woken.json().snoozedUntil, null);
    assert.deepEqual(await dayTitles(), ['Chase the invoice']);
    assert.equal((await team.csm.post(`/api/tasks/${id}/complete`, {})).statusCode, 200);
    assert.equal((await team.csm.post(`/api/tasks/${id}/snooze`, { until: day(2) })).statusCode, 409, 'a done task is not snoozed');
  });

  test('reassigning hands the task to a member who can work it; it moves to their day', async () => {
    const id = await addTask('Send the renewal quote', 1);
    for (const [ownerId, why] of [[team.viewer.userId, /viewer/], [team.outsider.userId, /not a member/]] as const) {
      const refused = await team.csm.post(`/api/tasks/${id}/reassign`, { ownerId });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json().detail, why);
    }
    const res = await team.csm.post(`/api/tasks/${id}/reassign`, { ownerId: team.otherCsm.userId });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().ownerId, team.otherCsm.userId);
    assert.deepEqual(await dayTitles(), []);
    assert.deepEqual(await dayTitles(team.otherCsm), ['Send the renewal quote']);
    // Its new owner may work it although the account is in another book.
    assert.equal((await team.otherCsm.post(`/api/tasks/${id}/complete`, { outcome: 'Quote sent' })).statusCode, 200);
  });

  test('roles and workspaces: a viewer changes nothing, a CSM not a colleague’s task, another workspace sees nothing', async () => {
    const mine = await addTask('Mine', 2);
    const theirs = await addTask('Theirs', 2, colleagueAccountId, team.otherCsm);
    const attempts = [
      { caller: team.viewer, id: mine, status: 403 },
      { caller: team.csm, id: theirs, status: 403 },
      { caller: team.outsider, id: mine, status: 404 },
    ];
    for (const { caller, id, status } of attempts) {
      const before = JSON.stringify(await taskOf(id));
      for (const [path, body] of [['complete', { outcome: 'x' }], ['snooze', { until: day(2) }], ['reassign', { ownerId: team.leader.userId }]] as const) {
        const res = await caller.post(`/api/tasks/${id}/${path}`, body);
        assert.equal(res.statusCode, status, `${path}: ${res.body}`);
      }
      assert.equal((await caller.delete(`/api/tasks/${id}/snooze`)).statusCode, status);
      assert.equal(JSON.stringify(await taskOf(id)), before);
    }
    // A leader may act on anyone's task.
    assert.equal((await team.leader.post(`/api/tasks/${theirs}/reassign`, { ownerId: team.csm.userId })).statusCode, 200);
    assert.equal((await team.csm.post(`/api/tasks/${theirs}/snooze`, { until: day(5) })).statusCode, 200, 'now its owner');
    // Unknown fields are refused.
    assert.equal((await team.csm.post(`/api/tasks/${mine}/complete`, { outcome: 'ok', status: 'open' })).statusCode, 400);
  });
});
