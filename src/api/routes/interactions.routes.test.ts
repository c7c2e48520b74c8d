import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findLastInteractionAt } from '../../interactions/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const now = new Date('2026-12-05T12:00:00Z');

describe('interactions API: a CSM logs a meeting, call or email', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  /** In csm's book. */
  let accountId: string;
  let janeId: string;
  let otherAccountContactId: string;

  before(async () => {
    t = await startApiTest({ now: () => now });
    const team = await t.team();
    ({ admin, leader, csm, viewer, outsider } = team);
    workspaceId = team.workspace.id;
    accountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json().id;
    janeId = (await admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Jane Doe', role: 'champion' })).json().id;
    const other = (await admin.post('/api/accounts', { name: 'Globex', ownerId: csm.userId })).json().id;
    otherAccountContactId = (await admin.post(`/api/accounts/${other}/contacts`, { name: 'Hank Scorpio' })).json().id;
  });
  after(() => t.close());
  const nameOf = async (caller: Caller): Promise<string> =>
    (await admin.get('/api/users')).json().data.find((member: { id: string }) => member.id === caller.userId).name;

  test('a meeting with a contact and a colleague is stored, audited and told on the timeline with its tone', async () => {
    const created = await csm.post(`/api/accounts/${accountId}/interactions`, {
      kind: 'meeting',
      occurredAt: '2026-12-04T15:00:00Z',
      subject: ' Quarterly business review ',
      outcome: 'Expanding to the EU team in Q1',
      sentiment: 'positive',
      notes: 'Jane will send the seat count.',
      contactIds: [janeId],
      userIds: [leader.userId],
    });
    assert.equal(created.statusCode, 201, created.body);
    const interaction = created.json();
    const [csmName, leaderName] = [await nameOf(csm), await nameOf(leader)];
    assert.equal(interaction.subject, 'Quarterly business review');
    assert.equal(interaction.occurredAt, '2026-12-04T15:00:00.000Z');
    assert.deepEqual(interaction.loggedBy, { id: csm.userId, name: csmName });
    assert.deepEqual(
      interaction.attendees.map((a: { type: string; name: string }) => `${a.type}:${a.name}`).sort(),
      ['contact:Jane Doe', `user:${leaderName}`],
    );

    const timeline = (await viewer.get(`/api/accounts/${accountId}/timeline`)).json().data;
    const entry = timeline.find((e: { subjectId: string }) => e.subjectId === interaction.id);
    assert.equal(entry.kind, 'meeting');
    assert.equal(entry.title, 'Meeting: Quarterly business review');
    assert.equal(entry.body, `With Jane Doe, ${leaderName}\nOutcome: Expanding to the EU team in Q1\nJane will send the seat count.`);
    assert.equal(entry.tone, 'positive');
    assert.equal(entry.isSystem, false);
    assert.equal(entry.subjectType, 'interaction');
    assert.equal(entry.occurredAt, '2026-12-04T15:00:00.000Z');

    const audit = (await leader.get(`/api/audit-log?entityType=interaction&entityId=${interaction.id}`)).json().data;
    assert.deepEqual(audit.map((e: { action: string }) => e.action), ['create']);
    assert.deepEqual((await viewer.get(`/api/accounts/${accountId}/interactions`)).json().data.map((i: { id: string }) => i.id), [interaction.id]);
  });

  test('health reads the latest touch per account from the interactions table', async () => {
    await csm.post(`/api/accounts/${accountId}/interactions`, { kind: 'call', occurredAt: '2026-11-20T09:00:00Z', subject: 'Older call' });
    const last = await findLastInteractionAt(t.handle.db, workspaceId, [accountId]);
    assert.deepEqual([...last.entries()], [[accountId, new Date('2026-12-04T15:00:00Z')]]);
  });

  test('an attendee from another account, a stranger as user, or a date in the future is refused and nothing is stored', async () => {
    const before = (await admin.get(`/api/accounts/${accountId}/interactions`)).json().data.length;
    const refused = await csm.post(`/api/accounts/${accountId}/interactions`, {
      kind: 'email',
      occurredAt: '2026-12-06T12:00:00Z',
      subject: 'Follow-up',
      contactIds: [otherAccountContactId],
      userIds: [outsider.userId],
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const detail = refused.json().detail as string;
    for (const part of ['occurredAt is in the future', 'contactIds.0 is not a contact of this account', 'userIds.0 is not a member of this workspace']) {
      assert.ok(detail.includes(part), detail);
    }
    assert.equal((await csm.post(`/api/accounts/${accountId}/interactions`, { kind: 'lunch', occurredAt: '2026-12-01T12:00:00Z', subject: 'x' })).statusCode, 400);
    assert.equal((await admin.get(`/api/accounts/${accountId}/interactions`)).json().data.length, before);
  });

  test('a viewer cannot log one; another workspace does not see the account', async () => {
    const body = { kind: 'call', occurredAt: '2026-12-01T12:00:00Z', subject: 'Check-in' };
    assert.equal((await viewer.post(`/api/accounts/${accountId}/interactions`, body)).statusCode, 403);
    assert.equal((await outsider.post(`/api/accounts/${accountId}/interactions`, body)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${accountId}/interactions`)).statusCode, 404);
  });
});
