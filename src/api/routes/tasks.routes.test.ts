import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

type TaskJson = {
  id: string;
  accountId: string;
  accountName: string;
  ownerId: string | null;
  ownerName: string | null;
  title: string;
  dueDate: string | null;
  priority: string;
  status: string;
  completedAt: string | null;
};

describe('tasks API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  /** In csm's book. */
  let ownAccountId: string;
  /** In otherCsm's book. */
  let colleagueAccountId: string;

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    ownAccountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json().id;
    colleagueAccountId = (await admin.post('/api/accounts', { name: 'Hooli', ownerId: otherCsm.userId })).json().id;
  });
  after(() => t.close());

  const addTask = async (caller: Caller, accountId: string, body: Record<string, unknown>): Promise<TaskJson> => {
    const res = await caller.post(`/api/accounts/${accountId}/tasks`, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  /** Follows nextCursor to the end; returns every page as it came. */
  const allPages = async (caller: Caller, query: string): Promise<TaskJson[][]> => {
    const pages: TaskJson[][] = [];
    let cursor: string | null = null;
    do {
      const res = await caller.get(`/api/tasks?${query}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      pages.push(res.json().data);
      cursor = res.json().nextCursor;
    } while (cursor);
    return pages;
  };
  const titles = (tasks: TaskJson[]) => tasks.map((task) => task.title);
  const taskCount = async () => (await admin.get('/api/tasks?limit=200')).json().data.length;

  test('a csm’s task list: soonest due first, undated last, most urgent first, paged two at a time', async () => {
    // Created out of order on purpose; a leader assigns one, so "me" is about the owner, not the author.
    await addTask(csm, ownAccountId, { title: 'Order 3: renewal call, urgent', dueDate: '2031-03-10', priority: 'urgent' });
    await addTask(csm, ownAccountId, { title: 'Order 7: undated, high', priority: 'high' });
    await addTask(csm, ownAccountId, { title: 'Order 5: renewal deck, low', dueDate: '2031-03-10', priority: 'low' });
    await addTask(leader, ownAccountId, { title: 'Order 1: kickoff', dueDate: '2031-02-15', priority: 'low', ownerId: csm.userId });
    await addTask(csm, ownAccountId, { title: 'Order 6: undated, urgent', priority: 'urgent' });
    await addTask(csm, ownAccountId, { title: 'Order 2: training, default priority', dueDate: '2031-03-01' });
    await addTask(csm, ownAccountId, { title: 'Order 4: pricing, high', dueDate: '2031-03-10', priority: 'high' });
    await addTask(otherCsm, colleagueAccountId, { title: 'Someone else’s task', dueDate: '2031-01-01', priority: 'urgent' });

    const pages = await allPages(csm, 'ownerId=me&limit=2');
    assert.deepEqual(pages.map((page) => page.length), [2, 2, 2, 1]);
    const seen = pages.flat();
    assert.deepEqual(titles(seen), [
      'Order 1: kickoff',
      'Order 2: training, default priority',
      'Order 3: renewal call, urgent',
      'Order 4: pricing, high',
      'Order 5: renewal deck, low',
      'Order 6: undated, urgent',
      'Order 7: undated, high',
    ]);
    assert.equal(new Set(seen.map((task) => task.id)).size, 7, 'each task once');
    assert.ok(seen.every((task) => task.ownerId === csm.userId && task.ownerName === 'Csm 3' && task.accountName === 'Initech'));
    assert.equal(seen[1]!.priority, 'medium');

    const dueSoon = await allPages(csm, 'ownerId=me&dueBefore=2031-03-10');
    assert.deepEqual(titles(dueSoon.flat()), ['Order 1: kickoff', 'Order 2: training, default priority'], 'strictly before, undated left out');
    const byOwnerId = await allPages(leader, `ownerId=${otherCsm.userId}`);
    assert.deepEqual(titles(byOwnerId.flat()), ['Someone else’s task']);
  });

  test('tasks with the same due date and priority page by id without skipping or repeating', async () => {
    const accountId = (await admin.post('/api/accounts', { name: 'Ties Ltd', ownerId: csm.userId })).json().id;
    const created = [];
    for (let index = 0; index < 5; index += 1) created.push(await addTask(csm, accountId, { title: `Tie ${index}`, dueDate: '2031-06-01' }));
    const pages = await allPages(viewer, `accountId=${accountId}&limit=2`);
    assert.deepEqual(
      pages.flat().map((task) => task.id),
      created.map((task) => task.id).sort(),
    );
  });

  test('completing a task sets completedAt and tells the timeline; reopening clears it', async () => {
    const task = await addTask(csm, ownAccountId, { title: 'Send the QBR deck', description: 'Use the new template', dueDate: '2031-04-01' });
    assert.equal(task.status, 'open');
    assert.equal(task.completedAt, null);
    const [created] = (await csm.get(`/api/accounts/${ownAccountId}/timeline`)).json().data;
    assert.deepEqual([created.kind, created.title, created.body, created.subjectId], ['task_created', 'Task: Send the QBR deck', 'Use the new template', task.id]);

    const startedAt = Date.now();
    const done = await csm.patch(`/api/tasks/${task.id}`, { status: 'done' });
    assert.equal(done.statusCode, 200, done.body);
    const completedAt = Date.parse(done.json().completedAt);
    assert.ok(completedAt >= startedAt - 1000 && completedAt <= Date.now() + 1000, 'completedAt is the moment of completion');
    assert.deepEqual((await viewer.get(`/api/tasks/${task.id}`)).json(), done.json());
    const [completed] = (await csm.get(`/api/accounts/${ownAccountId}/timeline`)).json().data;
    assert.deepEqual([completed.kind, completed.title, completed.subjectId], ['task_completed', 'Task completed: Send the QBR deck', task.id]);

    const retitled = (await csm.patch(`/api/tasks/${task.id}`, { title: 'Send the QBR deck (v2)' })).json();
    assert.equal(retitled.completedAt, done.json().completedAt, 'other changes keep completedAt');
    const reopened = (await csm.patch(`/api/tasks/${task.id}`, { status: 'in_progress' })).json();
    assert.equal(reopened.completedAt, null);

    const audit = (await leader.get(`/api/audit-log?entityType=task&entityId=${task.id}`)).json().data;
    assert.deepEqual(audit.map((entry: { action: string }) => entry.action), ['update', 'update', 'update', 'create']);
    assert.equal(audit[2].before.status, 'open');
    assert.equal(audit[2].after.status, 'done');
  });

  test('a csm cannot add tasks on a colleague’s account, but can work a task assigned to it there', async () => {
    const countBefore = await taskCount();
    assert.equal((await csm.post(`/api/accounts/${colleagueAccountId}/tasks`, { title: 'Sneaky' })).statusCode, 403);
    assert.equal(await taskCount(), countBefore);

    const assigned = await addTask(otherCsm, colleagueAccountId, { title: 'Check the SSO setup', ownerId: csm.userId });
    const notAssigned = await addTask(otherCsm, colleagueAccountId, { title: 'Colleague’s own task' });
    const done = await csm.patch(`/api/tasks/${assigned.id}`, { status: 'done' });
    assert.equal(done.statusCode, 200, done.body);
    assert.notEqual(done.json().completedAt, null);

    assert.equal((await csm.patch(`/api/tasks/${notAssigned.id}`, { status: 'done' })).statusCode, 403);
    assert.equal((await csm.delete(`/api/tasks/${assigned.id}`)).statusCode, 403, 'deleting needs the account');
    assert.equal((await csm.get(`/api/tasks/${notAssigned.id}`)).json().status, 'open');
    assert.equal((await otherCsm.delete(`/api/tasks/${notAssigned.id}`)).statusCode, 204);
    assert.equal((await otherCsm.get(`/api/tasks/${notAssigned.id}`)).statusCode, 404);
  });

  test('a viewer reads tasks but every write is 403, even on a task it owns', async () => {
    const task = await addTask(admin, ownAccountId, { title: 'Viewer-owned', ownerId: viewer.userId });
    const countBefore = await taskCount();
    assert.equal((await viewer.get(`/api/tasks/${task.id}`)).statusCode, 200);
    assert.equal((await viewer.post(`/api/accounts/${ownAccountId}/tasks`, { title: 'Nope' })).statusCode, 403);
    assert.equal((await viewer.patch(`/api/tasks/${task.id}`, { status: 'done' })).statusCode, 403);
    assert.equal((await viewer.delete(`/api/tasks/${task.id}`)).statusCode, 403);
    assert.equal(await taskCount(), countBefore);
    assert.deepEqual((await admin.get(`/api/tasks/${task.id}`)).json(), task);
  });

  test('another workspace gets 404 on every read and write, and nothing changes', async () => {
    const task = await addTask(csm, ownAccountId, { title: 'Confidential', dueDate: '2031-05-01' });
    const countBefore = await taskCount();

    assert.equal((await outsider.get(`/api/tasks/${task.id}`)).statusCode, 404);
    assert.equal((await outsider.post(`/api/accounts/${ownAccountId}/tasks`, { title: 'Injected' })).statusCode, 404);
    assert.equal((await outsider.patch(`/api/tasks/${task.id}`, { status: 'done' })).statusCode, 404);
    assert.equal((await outsider.patch(`/api/tasks/${task.id}`, { ownerId: outsider.userId })).statusCode, 404);
    assert.equal((await outsider.delete(`/api/tasks/${task.id}`)).statusCode, 404);
    assert.deepEqual((await outsider.get(`/api/tasks?accountId=${ownAccountId}`)).json().data, []);
    assert.deepEqual((await outsider.get(`/api/tasks?ownerId=${csm.userId}`)).json().data, []);

    assert.equal(await taskCount(), countBefore);
    assert.deepEqual((await csm.get(`/api/tasks/${task.id}`)).json(), task);
  });

  test('bad input gets a 400 problem naming the field, and nothing is written', async () => {
    const task = await addTask(csm, ownAccountId, { title: 'Untouched', dueDate: '2031-07-01', priority: 'high' });
    const countBefore = await taskCount();
    const create = (body: unknown) => csm.post(`/api/accounts/${ownAccountId}/tasks`, body);
    const change = (body: unknown) => csm.patch(`/api/tasks/${task.id}`, body);
    const cursorOf = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

    const cases: Array<[string, () => ReturnType<Caller['get']>, RegExp]> = [
      ['empty title', () => create({ title: '  ' }), /title/],
      ['missing title', () => create({ dueDate: '2031-01-01' }), /title/],
      ['title not text', () => create({ title: 7 }), /title/],
      ['unknown field', () => create({ title: 'x', assignee: csm.userId }), /assignee/],
      ['impossible date', () => create({ title: 'x', dueDate: '2031-02-30' }), /dueDate/],
      ['date in another format', () => create({ title: 'x', dueDate: '03/01/2031' }), /dueDate/],
      ['unknown priority', () => create({ title: 'x', priority: 'critical' }), /priority/],
      ['owner not a uuid', () => create({ title: 'x', ownerId: 'bob' }), /ownerId/],
      ['owner from another workspace', () => create({ title: 'x', ownerId: outsider.userId }), /ownerId/],
      ['empty change', () => change({}), /at least one field/],
      ['unknown status', () => change({ status: 'finished' }), /status/],
      ['priority not text', () => change({ priority: 3 }), /priority/],
      ['change to an outside owner', () => change({ ownerId: outsider.userId }), /ownerId/],
      ['change with unknown field', () => change({ accountId: ownAccountId }), /accountId/],
      ['list: bad dueBefore', () => csm.get('/api/tasks?dueBefore=tomorrow'), /dueBefore/],
      ['list: unknown status', () => csm.get('/api/tasks?status=closed'), /status/],
      ['list: unknown parameter', () => csm.get('/api/tasks?owner=me'), /owner/],
      ['list: limit out of range', () => csm.get('/api/tasks?limit=0'), /limit/],
      ['list: garbage cursor', () => csm.get('/api/tasks?cursor=garbage'), /cursor/],
      ['list: cursor from another list', () => csm.get(`/api/tasks?cursor=${cursorOf('initech', task.id)}`), /cursor/],
      ['list: cursor with a bad date', () => csm.get(`/api/tasks?cursor=${cursorOf('someday 1', task.id)}`), /date/],
      ['list: cursor with a bad id', () => csm.get(`/api/tasks?cursor=${cursorOf('2031-01-01 1', 'x')}`), /cursor/],
    ];
    for (const [name, send, field] of cases) {
      const res = await send();
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
      assert.equal(res.json().code, 'validation_failed', name);
      assert.match(res.json().detail, field, name);
    }
    assert.equal(await taskCount(), countBefore);
    assert.deepEqual((await csm.get(`/api/tasks/${task.id}`)).json(), task);
  });
});
