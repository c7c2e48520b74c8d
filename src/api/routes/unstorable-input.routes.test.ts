import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { signGeneric } from '../../support/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * Input PostgreSQL cannot store (NUL, unpaired surrogates, JSON nested too deep, dates in
 * year 0 or 300000) and URLs that do not decode: a 400 problem naming the field on /api,
 * a cleaned value where Segment and help desks expect leniency — never a 500. The fuzz
 * test (api/fuzz.test.ts) searches for more; these are the cases it found, as examples.
 */
describe('input the database cannot store', () => {
  let t: ApiTest;
  let team: Team;
  let accountId: string;
  let writeKey: string;
  let genericSecret: string;

  before(async () => {
    t = await startApiTest();
    team = await t.team();
    accountId = (await team.admin.post('/api/accounts', { name: 'Storable Co', domain: 'storable.example' })).json().id;
    writeKey = (await team.admin.post('/api/sources', { name: 'App' })).json().writeKey;
    genericSecret = (await team.admin.post('/api/webhooks/secrets', { kind: 'generic' })).json().secret;
  });
  after(() => t.close());

  const assertRefused = (response: LightMyRequestResponse, path: string, message: RegExp) => {
    assert.equal(response.statusCode, 400, response.body);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const issue = (response.json().issues as Array<{ path: string; message: string }>).find((candidate) => candidate.path === path);
    assert.ok(issue, `no issue for ${path}: ${response.body}`);
    assert.match(issue.message, message);
  };
  const accountCount = async () => (await team.admin.get('/api/accounts?limit=200')).json().total as number;

  test('/api: NUL or an unpaired surrogate in any value, key or query is a 400 naming it, and nothing is created', async () => {
    const before = await accountCount();
    assertRefused(await team.admin.post('/api/accounts', { name: 'Null\u0000Co' }), 'body.name', /NUL/);
    assertRefused(await team.admin.post('/api/accounts', { name: 'Broken \ud800 Co' }), 'body.name', /surrogate/);
    assertRefused(await team.admin.post('/api/accounts', { name: 'Keyed Co', externalIds: { 'crm\u0000': '1' } }), 'body.externalIds.crm', /name that must not contain NUL/);
    assertRefused(await team.admin.post(`/api/accounts/${accountId}/notes`, { body: 'fine, then \udc00' }), 'body.body', /surrogate/);
    assertRefused(await team.admin.get('/api/accounts?q=%00'), 'querystring.q', /NUL/);
    assert.equal(await accountCount(), before);
  });

  test('/api: JSON nested past 32 levels is a 400, however deep', async () => {
    const deep = `{"name":"Deep Co","customFields":{"tier":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { authorization: `Bearer ${team.admin.token}`, 'content-type': 'application/json' },
      payload: deep,
    });
    assert.equal(response.statusCode, 400, response.body.slice(0, 300));
    assert.match(response.json().issues[0].message, /nested deeper than 32 levels/);
  });

  test('/api: dates PostgreSQL cannot hold are refused by validation, naming the field', async () => {
    assertRefused(await team.admin.post(`/api/accounts/${accountId}/tasks`, { title: 'Call', dueDate: '0000-01-01' }), 'body.dueDate', /years 1000 to 9999/);
    assertRefused(await team.admin.get('/api/tasks?dueBefore=0000-12-31'), 'querystring.dueBefore', /years 1000 to 9999/);
    assertRefused(
      await team.admin.post('/api/signals', { accountId, type: 'news', title: 'Old news', occurredAt: '1000-01-01T00:00:00+01:00' }),
      'body.occurredAt',
      /years 1000 to 9999/,
    );
  });

  test('malformed URLs are 400 problems, not the router’s plain JSON or a 500', async () => {
    for (const url of ['/api/accounts/%zz', '/api/accounts/%', '/api/accounts/%C0%80', `/api/accounts/${'x'.repeat(200)}`]) {
      const response = await team.admin.get(url);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
    }
  });

  const track = (body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const storedEvent = async (messageId: string) =>
    t.handle.db.selectFrom('events').select(['properties', 'context', 'timestamp']).where('message_id', '=', messageId).executeTakeFirstOrThrow();

  test('/v1 cleans free-form properties and context (Segment is lenient there) and stores the event', async () => {
    const response = await track({
      userId: 'u1',
      event: 'Exported',
      messageId: 'clean-1',
      properties: { 'fo\u0000rmat': 'c\u0000sv', note: 'half \ud83d pair' },
      context: { page: { title: 'Re\u0000port' } },
    });
    assert.equal(response.statusCode, 200, response.body);
    const event = await storedEvent('clean-1');
    assert.deepEqual(event.properties, { format: 'csv', note: 'half \uFFFD pair' });
    assert.deepEqual(event.context, { page: { title: 'Report' } });
  });

  test('/v1 keeps properties nested past 32 levels as JSON text; thousands of levels are refused, not a 500', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const tooDeep = await track(`{"userId":"u1","event":"Deep","properties":{"tree":${nested(15_000)}}}`);
    assertRefused(tooDeep, 'body', /nested thousands of levels deep/);
    const response = await track(`{"userId":"u1","event":"Deep","messageId":"deep-1","properties":{"tree":${nested(1000)}}}`);
    assert.equal(response.statusCode, 200, response.body);
    let level: unknown = (await storedEvent('deep-1')).properties.tree;
    let depth = 1;
    while (Array.isArray(level)) [level, depth] = [level[0], depth + 1];
    assert.equal(typeof level, 'string');
    assert.ok(depth <= 32, `stored ${depth} levels deep`);
  });

  test('/v1 refuses ids it cannot store exactly and timestamps outside years 0001–9999, naming the field', async () => {
    assertRefused(await track({ userId: 'u\udc00', event: 'E' }), 'body.userId', /surrogate/);
    assertRefused(await track({ userId: 'u1', event: 'E\u0000' }), 'body.event', /NUL/);
    assertRefused(await track({ userId: 'u1', event: 'E', timestamp: '0000-01-01T00:00:00Z' }), 'body.timestamp', /years 1000 to 9999/);
    assertRefused(await track({ userId: 'u1', event: 'E', timestamp: '+275000-01-01T00:00:00Z' }), 'body.timestamp', /years 1000 to 9999/);
  });

  test('/v1: clocks so far apart that skew correction would leave year 1000 keep the device’s timestamp', async () => {
    const response = await track({ userId: 'u1', event: 'Skewed', messageId: 'skew-1', timestamp: '1002-01-01T00:00:00Z', sentAt: '9999-01-01T00:00:00Z' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await storedEvent('skew-1')).timestamp.toISOString(), '1002-01-01T00:00:00.000Z');
  });

  const deliver = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return t.app.inject({
      method: 'POST',
      url: `/api/webhooks/support/generic?workspace=${team.workspace.id}`,
      headers: { 'content-type': 'application/json', 'x-boomerang-signature': signGeneric({ secret: genericSecret, body }) },
      payload: body,
    });
  };

  test('help-desk tickets are cleaned rather than lost; impossible dates are refused', async () => {
    const ticket = { id: 'T-1', subject: 'Export \u0000broken', description: 'pasted \ud800 bytes', status: 'open', createdAt: '2026-03-01T10:00:00Z', account: { domain: 'storable.example' } };
    const response = await deliver(ticket);
    assert.equal(response.statusCode, 200, response.body);
    const stored = await t.handle.db.selectFrom('tickets').select(['subject', 'description']).where('external_id', '=', 'T-1').executeTakeFirstOrThrow();
    assert.deepEqual(stored, { subject: 'Export broken', description: 'pasted \uFFFD bytes' });
    assertRefused(await deliver({ ...ticket, id: 'T-2', createdAt: '0000-03-01T10:00:00Z' }), 'body.createdAt', /not a real date/);
  });
});
