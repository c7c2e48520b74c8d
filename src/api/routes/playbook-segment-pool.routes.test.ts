import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUserInWorkspace, systemActor } from '../../auth/index.js';
import { createTestClock } from '../../core/clock.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../../jobs/index.js';
import { createPlaybookAdvanceJob, playbookTriggersConsumer } from '../../playbooks/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * A playbook task owned by "the segment's pool": the pool is a team named on the segment; the
 * task goes to its member with the fewest open tasks (ties by name), and the run history says
 * which rule chose the owner, or why it fell back to the account owner.
 */
describe('segment pool as a playbook task owner', () => {
  let t: ApiTest;
  let team: Team;
  const clock = createTestClock(new Date('2026-11-02T09:00:00Z'));
  const people: Record<'ada' | 'bo' | 'cy', string> = { ada: '', bo: '', cy: '' };
  const nameOf = (userId: string) => Object.entries(people).find(([, id]) => id === userId)?.[0] ?? (userId === team.csm.userId ? 'account owner' : userId);

  const settle = async () => {
    await drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock);
    await createJobRunner({ db: t.handle.db, handlers: [createPlaybookAdvanceJob()], clock }).runDue();
  };
  const newAccount = async (name: string, segment: string) => (await team.admin.post('/api/accounts', { name, segment, ownerId: team.csm.userId })).json().id as string;
  const signal = async (accountId: string) => {
    assert.equal((await team.csm.post('/api/signals', { accountId, type: 'vendor_review', title: 'Announced a vendor review' })).statusCode, 201);
    await settle();
  };
  const createTeam = async (name: string, memberIds: string[]) => {
    const res = await team.admin.post('/api/teams', { name, memberIds });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const createSegment = async (name: string, field: string, poolTeamId: string | null) => {
    const res = await team.leader.post('/api/segments', { name, engagementModel: 'low_touch', poolTeamId, rules: { match: 'all', conditions: [{ field: 'segment', op: 'eq', value: field }] } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; pool: { id: string; name: string } | null };
  };
  const enablePlaybook = async (name: string, segmentId?: string) => {
    const definition = {
      name,
      trigger: { kind: 'signal', signalKind: 'vendor_review' },
      steps: [{ type: 'create_task', title: 'Vendor review at {{account.name}}', owner: { kind: 'segment_pool', ...(segmentId ? { segmentId } : {}) }, dueInDays: 2 }],
    };
    const res = await team.admin.post('/api/playbooks', { definition, enabled: true });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const disableAll = async () => {
    for (const playbook of (await team.admin.get('/api/playbooks')).json().data) await team.admin.post(`/api/playbooks/${playbook.id}/disable`);
  };
  /** The owner and the rule of the task step of the account's one run. */
  const taskStep = async (accountId: string) => {
    const [run] = (await team.viewer.get(`/api/accounts/${accountId}/playbook-runs`)).json().data;
    const step = run.steps.find((s: { stepType: string }) => s.stepType === 'create_task');
    return { owner: nameOf(step.detail.ownerId), rule: step.detail.ownerRule as string };
  };
  const openTask = (ownerId: string, status: 'open' | 'in_progress' | 'done' = 'open') =>
    t.handle.db
      .insertInto('tasks')
      .values({ workspace_id: team.workspace.id, account_id: holder, owner_id: ownerId, title: 'Earlier work', status })
      .execute();
  let holder: string;

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    for (const name of ['ada', 'bo', 'cy'] as const) {
      const user = await createUserInWorkspace(t.handle.db, systemActor(team.workspace.id), {
        email: `${name}@acme.example`,
        name: name[0]!.toUpperCase() + name.slice(1),
        password: 'correct horse battery',
        workspaceId: team.workspace.id,
        role: 'csm',
      });
      people[name] = user.id;
    }
    holder = await newAccount('Earlier work holder', 'none');
  });
  after(() => t.close());

  test('each task goes to the pool member with the fewest open tasks, ties by name; done tasks do not count', async () => {
    // Before: Ada 2 open (one in progress) + 1 done, Bo 1 open, Cy none.
    await openTask(people.ada);
    await openTask(people.ada, 'in_progress');
    await openTask(people.ada, 'done');
    await openTask(people.bo);
    const accounts = [];
    for (const name of ['Acme One', 'Acme Two', 'Acme Three', 'Acme Four']) accounts.push(await newAccount(name, 'mid'));
    // Saving the segment fills its membership (the step names no segment: the account's pooled one counts).
    const pod = await createTeam('Mid-market pod', [people.cy, people.ada, people.bo]);
    const segment = await createSegment('Mid-market', 'mid', pod);
    assert.deepEqual(segment.pool, { id: pod, name: 'Mid-market pod' });
    await enablePlaybook('Vendor review (pool)');

    const owners = [];
    for (const accountId of accounts) {
      await signal(accountId);
      owners.push(await taskStep(accountId));
    }
    // Open tasks (Ada, Bo, Cy): 2,1,0 → Cy; 2,1,1 → Bo (before Cy by name); 2,2,1 → Cy; 2,2,2 → Ada.
    const rule = "segment pool 'Mid-market pod': least open tasks";
    assert.deepEqual(owners, [
      { owner: 'cy', rule },
      { owner: 'bo', rule },
      { owner: 'cy', rule },
      { owner: 'ada', rule },
    ]);
    const mine = (await team.admin.get(`/api/tasks?accountId=${accounts[3]}`)).json().data;
    assert.deepEqual(mine.map((task: { title: string; ownerId: string }) => [task.title, nameOf(task.ownerId)]), [['Vendor review at Acme Four', 'ada']]);
    await disableAll();
  });

  test('fallbacks to the account owner say why: no pooled segment, a segment without a pool, an empty pool', async () => {
    const lonely = await newAccount('Solo Ltd', 'solo');
    await enablePlaybook('Any pool');
    await signal(lonely);
    assert.deepEqual(await taskStep(lonely), { owner: 'account owner', rule: 'account owner (no segment of the account has a pool)' });
    await disableAll();

    const enterprise = await createSegment('Enterprise', 'ent', null);
    const big = await newAccount('Big Corp', 'ent');
    await enablePlaybook('Enterprise pool', enterprise.id);
    await signal(big);
    assert.deepEqual(await taskStep(big), { owner: 'account owner', rule: "account owner (segment 'Enterprise' has no pool)" });
    await disableAll();

    const empty = await createTeam('Empty pod', []);
    const small = await createSegment('Small business', 'smb', empty);
    const tiny = await newAccount('Tiny Co', 'smb');
    await enablePlaybook('Small pool', small.id);
    await signal(tiny);
    assert.deepEqual(await taskStep(tiny), { owner: 'account owner', rule: "account owner (segment pool 'Empty pod' has no members)" });
    await disableAll();
  });

  test('the pool is edited through the segments API: another workspace’s team is refused and nothing changes; null clears it', async () => {
    const pod = await createTeam('Renewals pod', [people.ada]);
    const segment = await createSegment('Renewing', 'renewing', pod);
    const foreign = (await team.outsider.get('/api/teams')).json().data[0].id as string;

    const refused = await team.leader.patch(`/api/segments/${segment.id}`, { poolTeamId: foreign });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(refused.json().detail, /is not a team of this workspace/);
    assert.deepEqual((await team.viewer.get(`/api/segments/${segment.id}`)).json().pool, { id: pod, name: 'Renewals pod' });

    assert.equal((await team.csm.patch(`/api/segments/${segment.id}`, { poolTeamId: null })).statusCode, 403);
    const cleared = await team.leader.patch(`/api/segments/${segment.id}`, { poolTeamId: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().pool, null);
  });
});
