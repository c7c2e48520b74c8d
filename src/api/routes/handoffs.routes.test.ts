import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { handoffsConsumer } from '../../handoffs/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('hand-offs API: the board, actions, rules and SLA', () => {
  let t: ApiTest;
  let team: Team;
  let teams: Record<string, string>;
  let accountId: string;
  let handoffId: string;
  const drain = () => drainDomainEvents(t.handle.db, [handoffsConsumer]);

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    const list = (await team.viewer.get('/api/teams')).json().data as { id: string; name: string }[];
    teams = Object.fromEntries(list.map((row) => [row.name, row.id]));
    // The CSM works in Onboarding; the other CSM in no team.
    const staffed = await team.admin.patch(`/api/teams/${teams.Onboarding}`, { memberIds: [team.csm.userId], leadId: team.leader.userId });
    assert.equal(staffed.statusCode, 200, staffed.body);
    accountId = (await team.admin.post('/api/accounts', { name: 'Initech', ownerId: team.otherCsm.userId })).json().id;
  });
  after(() => t.close());

  test('the default teams and rules come with the workspace', async () => {
    assert.deepEqual(Object.keys(teams).sort(), ['Customer Success', 'Marketing', 'Onboarding', 'Sales', 'Support']);
    const rules = (await team.viewer.get('/api/handoffs/rules')).json().data as { name: string; clock: unknown; sender: { name: string }; receiver: { name: string } }[];
    assert.deepEqual(
      rules.map((r) => [r.name, r.sender.name, r.receiver.name, r.clock]),
      [
        ['Qualified lead → first sales contact', 'Marketing', 'Sales', { amount: 24, unit: 'hours', businessHours: false }],
        ['Deal won → onboarding kickoff', 'Sales', 'Onboarding', { amount: 5, unit: 'days', businessHours: false }],
        ['Onboarding done → CSM adoption review', 'Onboarding', 'Customer Success', { amount: 14, unit: 'days', businessHours: false }],
      ],
    );
  });

  test('moving an account into Decision & Contract starts an onboarding hand-off on the board and the account', async () => {
    // Decision & Contract is gated on recorded goals and success criteria (journeys/).
    const goals = await team.admin.put(`/api/accounts/${accountId}/goals`, { goals: 'Cut churn', successCriteria: 'GRR above 90%' });
    assert.equal(goals.statusCode, 200, goals.body);
    const moved = await team.admin.patch(`/api/accounts/${accountId}`, { lifecycleStage: 'Decision & Contract' });
    assert.equal(moved.statusCode, 200, moved.body);
    await drain();
    const board = (await team.viewer.get(`/api/handoffs?state=live&teamId=${teams.Onboarding}`)).json().data;
    assert.equal(board.length, 1);
    handoffId = board[0].id;
    assert.equal(board[0].account.name, 'Initech');
    assert.equal(board[0].sender.name, 'Sales');
    assert.equal(board[0].receiver.name, 'Onboarding');
    assert.equal(board[0].state, 'open');
    assert.equal(new Date(board[0].dueAt).getTime() - new Date(board[0].startedAt).getTime(), 5 * 86_400_000);
    assert.deepEqual((await team.viewer.get(`/api/handoffs?accountId=${accountId}`)).json().data.map((h: { id: string }) => h.id), [handoffId]);
    assert.deepEqual((await team.viewer.get('/api/handoffs?overdue=true')).json().data, []);
    const timeline = (await team.viewer.get(`/api/accounts/${accountId}/timeline`)).json().data;
    assert.ok(timeline.some((e: { kind: string; team: string; title: string }) => e.kind === 'handoff' && e.team === 'onboarding' && e.title.startsWith('Hand-off Sales → Onboarding')));
  });

  test('only the receiving team, leaders and admins act on it; a viewer and another team get 403 and nothing changes', async () => {
    for (const caller of [team.viewer, team.otherCsm]) {
      for (const action of ['accept', 'complete', 'reassign']) {
        const body = action === 'reassign' ? { assigneeId: caller.userId } : {};
        const refused = await caller.post(`/api/handoffs/${handoffId}/${action}`, body);
        assert.equal(refused.statusCode, 403, `${action}: ${refused.body}`);
        assert.equal(refused.headers['content-type'], PROBLEM);
      }
    }
    const forSomeoneElse = await team.csm.post(`/api/handoffs/${handoffId}/accept`, { assigneeId: team.otherCsm.userId });
    assert.equal(forSomeoneElse.statusCode, 403);
    assert.equal((await team.viewer.get(`/api/handoffs/${handoffId}`)).json().state, 'open');
  });

  test('another workspace sees nothing and changes nothing', async () => {
    assert.equal((await team.outsider.get(`/api/handoffs/${handoffId}`)).statusCode, 404);
    assert.equal((await team.outsider.post(`/api/handoffs/${handoffId}/accept`, {})).statusCode, 404);
    assert.equal((await team.outsider.post(`/api/handoffs/${handoffId}/complete`, {})).statusCode, 404);
    assert.deepEqual((await team.outsider.get('/api/handoffs')).json().data, []);
    assert.equal((await team.outsider.patch(`/api/teams/${teams.Onboarding}`, { name: 'Mine' })).statusCode, 404);
    const rule = (await team.viewer.get('/api/handoffs/rules')).json().data[0];
    assert.equal((await team.outsider.delete(`/api/handoffs/rules/${rule.id}`)).statusCode, 404);
    const foreignTeam = await team.outsider.post('/api/handoffs/rules', { ...ruleBody(teams.Sales!, teams.Support!), name: 'Stolen teams' });
    assert.equal(foreignTeam.statusCode, 400);
    assert.equal((await team.viewer.get(`/api/handoffs/${handoffId}`)).json().state, 'open');
  });

  test('a member accepts it, a logged kickoff meeting completes it on time, with its history', async () => {
    const accepted = await team.csm.post(`/api/handoffs/${handoffId}/accept`, {});
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().state, 'accepted');
    assert.equal(accepted.json().assignee.id, team.csm.userId);
    assert.equal((await team.leader.post(`/api/handoffs/${handoffId}/accept`, {})).statusCode, 409, 'accepted once');
    const meeting = await team.admin.post(`/api/accounts/${accountId}/interactions`, { kind: 'meeting', occurredAt: new Date().toISOString(), subject: 'Kickoff' });
    assert.equal(meeting.statusCode, 201, meeting.body);
    await drain();
    const done = (await team.viewer.get(`/api/handoffs/${handoffId}`)).json();
    assert.equal(done.state, 'completed');
    assert.equal(done.onTime, true);
    assert.equal(done.completedHow, 'interaction.logged');
    assert.deepEqual(done.history.map((h: { action: string }) => h.action), ['started', 'accepted', 'completed']);
    assert.equal((await team.csm.post(`/api/handoffs/${handoffId}/complete`, {})).statusCode, 409);
    const sla = (await team.viewer.get('/api/handoffs/sla')).json();
    const onboarding = sla.teams.find((row: { team: { name: string } }) => row.team.name === 'Onboarding');
    assert.deepEqual([onboarding.started, onboarding.completedOnTime, onboarding.decided, onboarding.attainment], [1, 1, 1, 1]);
  });

  test('the receiving lead reassigns to another team, whose member completes it by hand', async () => {
    const adoption = await team.admin.patch(`/api/accounts/${accountId}`, { lifecycleStage: 'Adoption' });
    assert.equal(adoption.statusCode, 200);
    await drain();
    const [review] = (await team.viewer.get(`/api/handoffs?accountId=${accountId}&state=open`)).json().data;
    assert.equal(review.receiver.name, 'Customer Success');
    assert.equal((await team.leader.post(`/api/handoffs/${review.id}/reassign`, { teamId: review.sender.id })).statusCode, 400, 'not back to its sender');
    const moved = await team.leader.post(`/api/handoffs/${review.id}/reassign`, { teamId: teams.Support });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().receiver.name, 'Support');
    const completed = await team.admin.post(`/api/handoffs/${review.id}/complete`, { note: 'Review held by phone' });
    assert.equal(completed.statusCode, 200);
    assert.equal(completed.json().completedHow, 'manual');
    const audit = (await team.leader.get(`/api/audit-log?entityType=handoff&entityId=${review.id}`)).json().data;
    assert.equal(audit.length, 2);
  });

  test('rules: admins create, change and delete; others get 403; bad input is a problem and changes nothing', async () => {
    const body = ruleBody(teams.Support!, teams['Customer Success']!);
    assert.equal((await team.leader.post('/api/handoffs/rules', body)).statusCode, 403);
    assert.equal((await team.viewer.post('/api/handoffs/rules', body)).statusCode, 403);
    const before = (await team.admin.get('/api/handoffs/rules')).json().data.length;
    const bad = [
      { ...body, receiverTeamId: body.senderTeamId },
      { ...body, senderTeamId: '00000000-0000-4000-8000-000000000000' },
      { ...body, clock: { amount: 0, unit: 'hours' } },
      { ...body, triggers: [{ event: 'account.updated' }] },
      { ...body, triggers: [] },
      { ...body, escalation: [{ afterHours: 0, to: 'the moon' }] },
      { ...body, surprise: true },
    ];
    for (const payload of bad) {
      const refused = await team.admin.post('/api/handoffs/rules', payload);
      assert.equal(refused.statusCode, 400, JSON.stringify(payload));
      assert.equal(refused.headers['content-type'], PROBLEM);
      assert.ok(refused.json().detail);
    }
    assert.equal((await team.admin.get('/api/handoffs/rules')).json().data.length, before);
    const created = await team.admin.post('/api/handoffs/rules', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await team.admin.post('/api/handoffs/rules', body)).statusCode, 409, 'names are unique');
    const changed = await team.admin.patch(`/api/handoffs/rules/${created.json().id}`, { clock: { amount: 2, unit: 'days', businessHours: true }, enabled: false });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().clock, { amount: 2, unit: 'days', businessHours: true });
    assert.equal(changed.json().enabled, false);
    assert.equal((await team.admin.delete(`/api/teams/${teams.Support}`)).statusCode, 409, 'a team a rule names stays');
    assert.equal((await team.admin.delete(`/api/handoffs/rules/${created.json().id}`)).statusCode, 204);
    assert.equal((await team.admin.get(`/api/handoffs/rules/${created.json().id}`)).statusCode, 404);
  });

  test('teams: admins add and staff them; members must belong to the workspace', async () => {
    assert.equal((await team.leader.post('/api/teams', { name: 'Finance' })).statusCode, 403);
    const stranger = await team.admin.post('/api/teams', { name: 'Finance', memberIds: [team.outsider.userId] });
    assert.equal(stranger.statusCode, 400);
    const finance = await team.admin.post('/api/teams', { name: 'Finance', leadId: team.leader.userId });
    assert.equal(finance.statusCode, 201, finance.body);
    assert.deepEqual(finance.json().members.map((m: { id: string }) => m.id), [team.leader.userId], 'the lead is a member');
    assert.equal(finance.json().slug, 'finance');
    assert.equal((await team.admin.post('/api/teams', { name: 'finance' })).statusCode, 409);
    assert.equal((await team.admin.delete(`/api/teams/${finance.json().id}`)).statusCode, 204);
  });

  test('bad queries are problems', async () => {
    for (const url of ['/api/handoffs?state=lost', '/api/handoffs?overdue=maybe', '/api/handoffs?limit=0', '/api/handoffs/sla?from=2026-12-01&to=2026-11-01', '/api/handoffs/sla?from=tomorrow']) {
      const response = await team.viewer.get(url);
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.headers['content-type'], PROBLEM);
    }
  });
});

function ruleBody(senderTeamId: string, receiverTeamId: string) {
  return {
    name: 'Urgent ticket → CSM call',
    senderTeamId,
    receiverTeamId,
    triggers: [{ event: 'ticket.opened' }],
    completion: [{ event: 'interaction.logged', kinds: ['call'] }],
    clock: { amount: 4, unit: 'hours' },
    escalation: [{ afterHours: 0, to: 'receiver_lead' }],
  };
}
