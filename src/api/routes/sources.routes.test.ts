import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAdminCommand } from '../../admin/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

describe('sources API (/api/sources) and the source create command', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceName: string;

  const track = (writeKey: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { userId: 'u1', event: 'Ping' },
    });

  before(async () => {
    t = await startApiTest();
    const team = await t.team();
    ({ admin, leader, csm, viewer, outsider } = team);
    workspaceName = team.workspace.name;
  });
  after(() => t.close());

  test('an admin creates a source; the write key is shown once and works at once; everyone lists it without the key', async () => {
    const created = await admin.post('/api/sources', { name: 'Web app (production)' });
    assert.equal(created.statusCode, 201, created.body);
    const { writeKey, ...source } = created.json();
    assert.match(writeKey, /^bwk_[A-Za-z0-9_-]{43}$/);
    assert.equal(source.name, 'Web app (production)');
    assert.equal(source.writeKeyPrefix, writeKey.slice(0, 10));
    assert.deepEqual([source.revokedAt, source.lastReceivedAt], [null, null]);

    assert.equal((await track(writeKey)).statusCode, 200);
    for (const caller of [admin, leader, csm, viewer]) {
      const list = await caller.get('/api/sources');
      assert.equal(list.statusCode, 200);
      const [listed] = list.json().data;
      assert.equal(listed.id, source.id);
      assert.ok(listed.lastReceivedAt, 'the list tells when the source last sent');
      assert.ok(!list.body.includes(writeKey), 'the key is never shown again');
    }
    const audit = (await admin.get(`/api/audit-log?entityType=source&entityId=${source.id}`)).json().data;
    assert.deepEqual(audit.map((entry: { action: string }) => entry.action), ['create']);
    assert.ok(!JSON.stringify(audit).includes(writeKey), 'the audit log keeps no key');
  });

  test('only admins create and revoke sources', async () => {
    const source = (await admin.post('/api/sources', { name: 'Backend' })).json();
    for (const caller of [leader, csm, viewer]) {
      assert.equal((await caller.post('/api/sources', { name: 'Mine' })).statusCode, 403);
      assert.equal((await caller.delete(`/api/sources/${source.id}`)).statusCode, 403);
    }
    assert.equal((await track(source.writeKey)).statusCode, 200, 'still live');
    assert.ok(!(await viewer.get('/api/sources')).json().data.some((s: { name: string }) => s.name === 'Mine'));
  });

  test('revoking refuses the key at once, keeps the source listed, is idempotent and frees the name', async () => {
    const source = (await admin.post('/api/sources', { name: 'Legacy SDK' })).json();
    assert.equal((await admin.delete(`/api/sources/${source.id}`)).statusCode, 204);
    assert.equal((await track(source.writeKey)).statusCode, 401);
    const listed = (await viewer.get('/api/sources')).json().data;
    const revoked = listed.find((s: { id: string }) => s.id === source.id);
    assert.ok(revoked.revokedAt);
    assert.ok(listed.indexOf(revoked) > listed.findIndex((s: { revokedAt: string | null }) => s.revokedAt === null), 'live sources come first');
    assert.equal((await admin.delete(`/api/sources/${source.id}`)).statusCode, 204);
    assert.equal((await viewer.get('/api/sources')).json().data.find((s: { id: string }) => s.id === source.id).revokedAt, revoked.revokedAt);
    assert.equal((await admin.post('/api/sources', { name: 'Legacy SDK' })).statusCode, 201, 'a revoked source’s name can be reused');
    const audit = (await admin.get(`/api/audit-log?entityType=source&entityId=${source.id}`)).json().data;
    assert.deepEqual(audit.map((entry: { action: string }) => entry.action), ['revoke', 'revoke', 'create']);
  });

  test('two live sources cannot share a name (409); bad input gets 400 naming the field', async () => {
    await admin.post('/api/sources', { name: 'Mobile' });
    const duplicate = await admin.post('/api/sources', { name: 'mobile' });
    assert.equal(duplicate.statusCode, 409);
    assert.match(duplicate.json().detail, /source named "mobile" exists already/);
    for (const [body, field] of [
      [{}, /name/],
      [{ name: '   ' }, /name/],
      [{ name: 'x'.repeat(101) }, /name/],
      [{ name: 'ok', writeKey: 'mine' }, /writeKey/],
    ] as const) {
      const res = await admin.post('/api/sources', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(res.json().detail, field);
    }
    assert.equal((await admin.get('/api/sources/not-a-uuid/stats')).statusCode, 400);
  });

  test('a source is a browser source (untrusted) unless created as server; only an admin changes its kind, audited', async () => {
    const browser = (await admin.post('/api/sources', { name: 'Marketing site' })).json();
    assert.equal(browser.kind, 'browser', 'the safe default: a key that may ship in a web page');
    const server = await admin.post('/api/sources', { name: 'Billing backend', kind: 'server' });
    assert.equal(server.statusCode, 201, server.body);
    assert.equal(server.json().kind, 'server');
    const listed = (await viewer.get('/api/sources')).json().data;
    assert.equal(listed.find((s: { id: string }) => s.id === server.json().id).kind, 'server');

    for (const caller of [leader, csm, viewer]) {
      assert.equal((await caller.patch(`/api/sources/${browser.id}`, { kind: 'server' })).statusCode, 403);
    }
    assert.equal((await outsider.patch(`/api/sources/${browser.id}`, { kind: 'server' })).statusCode, 404);
    for (const body of [{ kind: 'trusted' }, {}, { kind: 'server', name: 'renamed' }]) {
      const res = await admin.patch(`/api/sources/${browser.id}`, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.match(res.json().detail, /kind|name/);
    }
    assert.equal((await viewer.get('/api/sources')).json().data.find((s: { id: string }) => s.id === browser.id).kind, 'browser', 'refused changes change nothing');

    const changed = await admin.patch(`/api/sources/${browser.id}`, { kind: 'server' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().kind, 'server');
    const audit = (await admin.get(`/api/audit-log?entityType=source&entityId=${browser.id}`)).json().data;
    assert.deepEqual(
      audit.map((entry: { action: string; before: { kind: string } | null; after: { kind: string } }) => [entry.action, entry.before?.kind ?? null, entry.after.kind]),
      [['update', 'browser', 'server'], ['create', null, 'browser']],
    );
  });

  test('stats of a new source are all zero, with no days', async () => {
    const source = (await admin.post('/api/sources', { name: 'Quiet' })).json();
    const stats = await viewer.get(`/api/sources/${source.id}/stats?days=7`);
    assert.equal(stats.statusCode, 200);
    assert.deepEqual(stats.json(), { received: 0, accepted: 0, duplicates: 0, rejected: 0, unmatched: 0, lastReceivedAt: null, daily: [] });
  });

  test('another workspace sees none of our sources: 404 on stats and revoke, and an empty list', async () => {
    const source = (await admin.post('/api/sources', { name: 'Private' })).json();
    assert.equal((await outsider.get(`/api/sources/${source.id}/stats`)).statusCode, 404);
    assert.equal((await outsider.delete(`/api/sources/${source.id}`)).statusCode, 404);
    assert.deepEqual((await outsider.get('/api/sources')).json().data, []);
    assert.deepEqual((await outsider.get('/api/ingest/unmatched')).json(), { totalEvents: 0, users: [], groups: [] });
    assert.equal((await track(source.writeKey)).statusCode, 200, 'not revoked by the attempt');
  });

  test('the OpenAPI document describes the sources API and the /v1 endpoints with write-key auth', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/sources', '/api/sources/{id}', '/api/sources/{id}/stats', '/api/ingest/unmatched', '/v1/track', '/v1/batch', '/v1/alias']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.deepEqual(doc.paths['/v1/batch'].post.security, [{ writeKey: [] }]);
    assert.equal(doc.components.securitySchemes.writeKey.scheme, 'basic');
  });

  test('`boomerang source create` prints only a working write key (the same command runs through a running server)', async () => {
    const output = await runAdminCommand(t.handle.db, 'source.create', { workspace: workspaceName, name: 'From the CLI' });
    assert.match(output.stdout, /^bwk_[A-Za-z0-9_-]{43}$/);
    assert.match(output.stderr, /Created source "From the CLI"/);
    assert.equal((await track(output.stdout)).statusCode, 200);
    await assert.rejects(runAdminCommand(t.handle.db, 'source.create', { workspace: 'No Such Workspace', name: 'x' }), { code: 'not_found' });
    await assert.rejects(runAdminCommand(t.handle.db, 'source.create', { workspace: workspaceName }), { code: 'validation_failed' });
    const kinds = async () => new Map((await viewer.get('/api/sources')).json().data.map((s: { name: string; kind: string }) => [s.name, s.kind]));
    assert.equal((await kinds()).get('From the CLI'), 'browser');
    const server = await runAdminCommand(t.handle.db, 'source.create', { workspace: workspaceName, name: 'CLI backend', server: true });
    assert.match(server.stderr, /Server-side: keep the key secret/);
    assert.equal((await kinds()).get('CLI backend'), 'server');
  });
});
