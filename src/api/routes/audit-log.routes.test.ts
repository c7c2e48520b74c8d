import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { recordAudit } from '../../audit/index.js';
import { automationActor } from '../../auth/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

type Entry = { id: number; action: string; entityType: string; entityId: string; actorKind: string; actorAutomation: string | null; occurredAt: string };

describe('GET /api/audit-log filters', () => {
  let t: ApiTest;
  let team: Team;
  let serviceToken: string;

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    const { admin, workspace } = team;
    assert.equal((await admin.post('/api/accounts', { name: 'Person Co' })).statusCode, 201);
    const created = await admin.post('/api/tokens', { name: 'CRM sync', role: 'admin' });
    assert.equal(created.statusCode, 201, created.body);
    serviceToken = created.json().token;
    const byToken = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: { authorization: `Bearer ${serviceToken}` }, payload: { name: 'Token Co' } });
    assert.equal(byToken.statusCode, 201, byToken.body);
    await recordAudit(t.handle.db, automationActor(workspace.id, 'mail.invitation'), { action: 'update', entityType: 'invitation', entityId: 'inv-1', after: { mailState: 'sent' } });
    // One entry from long ago, for the date filter.
    // (audit rows are never updated by the product; the schema types forbid it, so plain SQL here)
    await sql`update audit_log set occurred_at = '2025-06-15T10:00:00Z' where entity_id = 'inv-1'`.execute(t.handle.db);
  });
  after(() => t.close());

  const entries = async (query: string) => {
    const response = await team.admin.get(`/api/audit-log?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().data as Entry[];
  };

  test('by actor kind: people, service tokens, automation, the operator', async () => {
    const people = await entries('actorKind=user&entityType=account');
    assert.deepEqual(people.map((entry) => entry.actorKind), ['user']);
    const tokens = await entries('actorKind=token');
    assert.deepEqual(tokens.map((entry) => [entry.actorKind, entry.entityType]), [['token', 'account']]);
    const automation = await entries('actorKind=automation');
    assert.deepEqual(automation.map((entry) => [entry.actorKind, entry.actorAutomation]), [['automation', 'mail.invitation']]);
    const operator = await entries('actorKind=operator');
    assert.ok(operator.length > 0 && operator.every((entry) => entry.actorKind === 'operator'), 'the team was made by the operator');
  });

  test('by UTC days, both ends included', async () => {
    assert.deepEqual((await entries('from=2025-06-15&to=2025-06-15')).map((entry) => entry.entityId), ['inv-1']);
    assert.deepEqual(await entries('from=2025-06-16&to=2025-12-31'), []);
    assert.deepEqual(await entries('from=2025-06-01&to=2025-06-14'), []);
    assert.ok(!(await entries('from=2025-06-16')).some((entry) => entry.entityId === 'inv-1'));
  });

  test('pages with the cursor through the filtered list', async () => {
    const first = (await team.admin.get('/api/audit-log?actorKind=operator&limit=2')).json();
    assert.equal(first.data.length, 2);
    const second = (await team.admin.get(`/api/audit-log?actorKind=operator&limit=2&cursor=${first.nextCursor}`)).json();
    assert.ok(second.data.every((entry: Entry) => entry.id < first.data[1].id && entry.actorKind === 'operator'));
  });

  test('a bad filter is a 400 problem', async () => {
    const response = await team.admin.get('/api/audit-log?actorKind=robot&from=2025-13-01');
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /problem\+json/);
    assert.equal((await team.csm.get('/api/audit-log?actorKind=user')).statusCode, 403);
  });
});
