import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * The Segment-compatible /v1 API: auth by write key, spec validation with named messages,
 * durable and deduplicated storage, identity resolution, exact per-source counters.
 */
describe('ingest API (/v1)', () => {
  let t: ApiTest;
  let admin: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let ourWorkspaceId: string;
  let writeKey: string;
  let sourceId: string;
  /** A clock the tests can stop, for the clock-skew case; otherwise real time. */
  let frozenAt: Date | undefined;

  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const send = (path: string, body: unknown, options: { key?: string | null; contentType?: string } = {}): Promise<LightMyRequestResponse> => {
    const key = options.key === undefined ? writeKey : options.key;
    return t.app.inject({
      method: 'POST',
      url: `/v1/${path}`,
      headers: {
        'content-type': options.contentType ?? 'application/json',
        ...(key ? { authorization: basic(key) } : {}),
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  };
  const newSource = async (caller: Caller, name: string, kind: 'browser' | 'server' = 'browser') => {
    const res = await caller.post('/api/sources', { name, kind });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; writeKey: string };
  };
  const stats = async (id: string) => {
    const { received, accepted, duplicates, rejected, unmatched } = (await viewer.get(`/api/sources/${id}/stats`)).json();
    return { received, accepted, duplicates, rejected, unmatched };
  };
  const eventsOf = (id: string) =>
    t.handle.db.selectFrom('events').selectAll().where('source_id', '=', id).orderBy('id').execute();
  const eventCount = async () =>
    Number((await t.handle.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const assertProblem = (res: LightMyRequestResponse, status: number, detail: RegExp) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(res.json().detail, detail);
  };

  before(async () => {
    t = await startApiTest({ now: () => frozenAt ?? new Date() });
    const team = await t.team();
    ({ admin, viewer, outsider } = team);
    ourWorkspaceId = team.workspace.id;
    // Server-side: most tests here are about what a trusted sender's identify does.
    ({ writeKey, id: sourceId } = await newSource(admin, 'Backend', 'server'));
  });
  after(() => t.close());

  test('every call type is stored with its fields; 200 {"success":true} comes after the commit', async () => {
    const calls: Array<[path: string, body: Record<string, unknown>]> = [
      ['track', { userId: 'u-a', event: 'Report Exported', properties: { format: 'csv' }, context: { ip: '10.0.0.1' }, messageId: 'call-track' }],
      ['identify', { anonymousId: 'anon-a', traits: { plan: 'pro' }, messageId: 'call-identify' }],
      ['group', { userId: 'u-a', groupId: 'grp-unknown', traits: { name: 'Nobody Inc' }, messageId: 'call-group' }],
      ['page', { userId: 'u-a', name: 'Pricing', properties: { path: '/pricing' }, messageId: 'call-page' }],
      ['screen', { anonymousId: 'anon-a', name: 'Home', messageId: 'call-screen' }],
      ['alias', { userId: 'u-a', previousId: 'anon-a', messageId: 'call-alias' }],
    ];
    for (const [path, body] of calls) {
      const res = await send(path, body);
      assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
      assert.deepEqual(res.json(), { success: true });
    }
    const rows = await eventsOf(sourceId);
    assert.deepEqual(
      rows.map((row) => [row.type, row.message_id, row.event, row.user_id, row.anonymous_id, row.group_id, row.previous_id]),
      [
        ['track', 'call-track', 'Report Exported', 'u-a', null, null, null],
        ['identify', 'call-identify', null, null, 'anon-a', null, null],
        ['group', 'call-group', null, 'u-a', null, 'grp-unknown', null],
        ['page', 'call-page', 'Pricing', 'u-a', null, null, null],
        ['screen', 'call-screen', 'Home', null, 'anon-a', null, null],
        ['alias', 'call-alias', null, 'u-a', null, null, 'anon-a'],
      ],
    );
    assert.deepEqual(rows[0]!.properties, { format: 'csv' });
    assert.deepEqual(rows[0]!.context, { ip: '10.0.0.1' });
    assert.deepEqual(rows[1]!.properties, { plan: 'pro' }, 'identify traits are kept');
    assert.ok(rows.every((row) => row.workspace_id && row.received_at instanceof Date && row.timestamp instanceof Date));
  });

  test('writeKey in the body authenticates too and is never stored; text/plain bodies (sendBeacon) are accepted', async () => {
    const res = await send('track', { writeKey, userId: 'u-body', event: 'Signed In', messageId: 'body-key' }, { key: null });
    assert.equal(res.statusCode, 200, res.body);
    const beacon = await send('track', { userId: 'u-body', event: 'Left Page', messageId: 'beacon' }, { contentType: 'text/plain;charset=UTF-8' });
    assert.equal(beacon.statusCode, 200, beacon.body);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from events where source_id = ${sourceId} and (properties::text || context::text) like ${`%${writeKey}%`}`.execute(t.handle.db);
    assert.equal(rows[0]!.n, 0);
  });

  test('a missing, wrong or revoked write key gets 401 and stores nothing', async () => {
    const doomed = await newSource(admin, 'Old backend');
    assert.equal((await send('track', { userId: 'u', event: 'x', messageId: 'ok-before-revoke' }, { key: doomed.writeKey })).statusCode, 200);
    assert.equal((await admin.delete(`/api/sources/${doomed.id}`)).statusCode, 204);
    const before = [await eventCount(), await stats(doomed.id)];
    const body = { userId: 'u', event: 'x' };
    for (const res of [
      await send('track', body, { key: null }),
      await send('track', body, { key: 'bwk_not-a-real-key' }),
      await send('batch', { batch: [{ type: 'track', ...body }] }, { key: doomed.writeKey }),
      await send('track', { ...body, writeKey: doomed.writeKey }, { key: null }),
      await t.app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: `Bearer ${doomed.writeKey}` }, payload: body }),
    ]) {
      assertProblem(res, 401, /write key/i);
      assert.equal(res.json().code, 'unauthenticated');
    }
    assert.deepEqual([await eventCount(), await stats(doomed.id)], before);
  });

  test('an API token does not open /v1, and a write key does not open /api', async () => {
    const withToken = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: `Bearer ${admin.token}` }, payload: { userId: 'u', event: 'x' } });
    assert.equal(withToken.statusCode, 401);
    const withKey = await t.app.inject({ method: 'GET', url: '/api/sources', headers: { authorization: basic(writeKey) } });
    assert.equal(withKey.statusCode, 401);
  });

  test('oversized messages and batches get 413 naming the message (index and messageId); nothing is stored', async () => {
    const before = await eventCount();
    const blob = (kb: number) => 'x'.repeat(kb * 1024);
    const tooBigMessage = await send('batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'fine', messageId: 'size-ok' },
        { type: 'track', userId: 'u', event: 'fine', messageId: 'size-ok-2' },
        { type: 'track', userId: 'u', event: 'huge', messageId: 'size-huge', properties: { blob: blob(40) } },
      ],
    });
    assertProblem(tooBigMessage, 413, /Message 2 of the batch \(messageId size-huge\) is 40\.\d KB; a message may be at most 32 KB/);
    assert.equal(tooBigMessage.json().code, 'payload_too_large');
    assert.equal(tooBigMessage.json().issues[0].path, 'batch[2]');

    const batch = Array.from({ length: 25 }, (_, i) => ({ type: 'track', userId: 'u', event: 'e', messageId: `bulk-${i}`, properties: { blob: blob(25) } }));
    assertProblem(await send('batch', { batch }), 413, /passes 500 KB at message 19 of the batch \(messageId bulk-19\)/);
    assertProblem(await send('track', { userId: 'u', event: 'e', messageId: 'single-huge', properties: { blob: blob(33) } }), 413, /messageId single-huge.*32 KB/);
    assertProblem(await send('batch', { batch: [{ type: 'track', userId: 'u', event: 'e', properties: { blob: blob(3000) } }] }), 413, /larger than this endpoint accepts/);
    assert.equal(await eventCount(), before);
  });

  test('invalid messages get 400 naming the message and field; the valid rest of the batch is not stored either', async () => {
    const before = await eventCount();
    const good = { type: 'track', userId: 'u', event: 'fine', messageId: 'valid-neighbour' };
    const cases: Array<[path: string, body: unknown, detail: RegExp]> = [
      ['batch', { batch: [good, { type: 'track', event: 'anonymous?', messageId: 'no-user' }] }, /Message 1 of the batch \(messageId no-user\) is invalid: batch\[1\]\.userId a userId or an anonymousId is required/],
      ['batch', { batch: [good, { type: 'track', userId: 'u', event: 'x', properties: ['a'] }] }, /batch\[1\]\.properties must be an object/],
      ['batch', { batch: [{ type: 'purchase', userId: 'u' }, good] }, /batch\[0\]\.type must be one of/],
      ['batch', { batch: [good, { type: 'track', userId: { id: 1 }, event: 'x' }] }, /batch\[1\]\.userId must be a string/],
      ['batch', { batch: 'not an array' }, /"batch" array/],
      ['track', { userId: 'u', messageId: 'no-event' }, /messageId no-event.*body\.event is required/],
      ['track', { userId: 'u', event: 'x', timestamp: 'last tuesday' }, /body\.timestamp must be an ISO-8601 date/],
      ['group', { userId: 'u' }, /body\.groupId is required/],
      ['alias', { userId: 'u' }, /body\.previousId is required/],
      ['identify', { userId: 'u', traits: 'vip' }, /body\.traits must be an object/],
    ];
    for (const [path, body, detail] of cases) {
      const res = await send(path, body);
      assertProblem(res, 400, detail);
      assert.equal(res.json().code, 'validation_failed');
    }
    assertProblem(await send('track', '{"userId": "u", "event": '), 400, /not valid JSON/);
    assert.equal(await eventCount(), before);
  });

  test('a retried batch is stored once; duplicates inside one batch too; missing messageIds are generated', async () => {
    const retry = await newSource(admin, 'Retrying backend');
    const batch = { batch: ['r1', 'r2', 'r3'].map((messageId) => ({ type: 'track', userId: 'u-retry', event: 'Ping', messageId })) };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      assert.equal((await send('batch', batch, { key: retry.writeKey })).statusCode, 200);
    }
    const withInnerDuplicate = { batch: [{ type: 'track', userId: 'u-retry', event: 'Ping', messageId: 'r4' }, { type: 'track', userId: 'u-retry', event: 'Ping', messageId: 'r4' }] };
    assert.equal((await send('batch', withInnerDuplicate, { key: retry.writeKey })).statusCode, 200);
    const noIds = { batch: [{ type: 'track', userId: 'u-retry', event: 'Ping' }, { type: 'track', userId: 'u-retry', event: 'Ping' }] };
    assert.equal((await send('batch', noIds, { key: retry.writeKey })).statusCode, 200);

    const rows = await eventsOf(retry.id);
    assert.equal(rows.length, 6);
    assert.equal(new Set(rows.map((row) => row.message_id)).size, 6);
    assert.deepEqual(await stats(retry.id), { received: 13, accepted: 6, duplicates: 7, rejected: 0, unmatched: 6 });
  });

  test('the same batch sent concurrently, in different orders, is stored once with exact counters', async () => {
    const racing = await newSource(admin, 'Racing clients');
    const messages = Array.from({ length: 40 }, (_, i) => ({ type: 'track', userId: `u-race-${i % 4}`, event: 'Race', messageId: `race-${i}` }));
    const orders = [messages, [...messages].reverse(), [...messages.slice(20), ...messages.slice(0, 20)], messages, [...messages].reverse()];
    const responses = await Promise.all(orders.map((batch) => send('batch', { batch }, { key: racing.writeKey })));
    assert.deepEqual(responses.map((res) => res.statusCode), [200, 200, 200, 200, 200]);
    assert.equal((await eventsOf(racing.id)).length, 40);
    assert.deepEqual(await stats(racing.id), { received: 200, accepted: 40, duplicates: 160, rejected: 0, unmatched: 40 });
  });

  test('the same messageId from two sources is two events (deduplication is per source)', async () => {
    const other = await newSource(admin, 'Mobile app');
    const body = { userId: 'u-x', event: 'Opened', messageId: 'shared-id' };
    assert.equal((await send('track', body)).statusCode, 200);
    assert.equal((await send('track', body, { key: other.writeKey })).statusCode, 200);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from events where message_id = 'shared-id'`.execute(t.handle.db);
    assert.equal(rows[0]!.n, 2);
  });

  test('the event time is corrected for a wrong device clock, as Segment does', async () => {
    frozenAt = new Date('2025-06-01T12:00:00.000Z');
    try {
      const res = await send('batch', {
        sentAt: '2025-06-01T14:00:05.000Z',
        batch: [{ type: 'track', userId: 'u-clock', event: 'Tick', messageId: 'skewed', timestamp: '2025-06-01T14:00:00.000Z' }],
      });
      assert.equal(res.statusCode, 200, res.body);
    } finally {
      frozenAt = undefined;
    }
    const row = (await eventsOf(sourceId)).find((event) => event.message_id === 'skewed')!;
    assert.equal(row.timestamp.toISOString(), '2025-06-01T11:59:55.000Z');
    assert.equal(row.original_timestamp!.toISOString(), '2025-06-01T14:00:00.000Z');
    assert.equal(row.sent_at!.toISOString(), '2025-06-01T14:00:05.000Z');
    assert.equal(row.received_at.toISOString(), '2025-06-01T12:00:00.000Z');
  });

  test('group links the user to the account by external id; its earlier unmatched events are attached', async () => {
    const acme = (await admin.post('/api/accounts', { name: 'Acme', externalIds: { segment: 'grp-acme' } })).json();
    await send('batch', {
      batch: [
        { type: 'track', userId: 'u-jane', event: 'Dashboard Viewed', messageId: 'jane-1' },
        { type: 'page', userId: 'u-jane', name: 'Home', messageId: 'jane-2' },
      ],
    });
    const unmatched = (await viewer.get('/api/ingest/unmatched')).json();
    const jane = unmatched.users.find((user: { userId: string }) => user.userId === 'u-jane');
    assert.equal(jane.events, 2);
    assert.ok(jane.lastSeenAt);

    assert.equal((await send('group', { userId: 'u-jane', groupId: 'grp-acme', traits: { name: 'Acme' }, messageId: 'jane-3' })).statusCode, 200);
    const { rows } = await sql<{ message_id: string; account_id: string | null }>`
      select message_id, account_id from events where user_id = 'u-jane' order by message_id`.execute(t.handle.db);
    assert.deepEqual(rows, ['jane-1', 'jane-2', 'jane-3'].map((message_id) => ({ message_id, account_id: acme.id })));
    const after = (await viewer.get('/api/ingest/unmatched')).json();
    assert.equal(after.users.find((user: { userId: string }) => user.userId === 'u-jane'), undefined);

    assert.equal((await send('track', { userId: 'u-jane', event: 'Later', messageId: 'jane-4' })).statusCode, 200);
    const later = await sql<{ account_id: string }>`select account_id from events where message_id = 'jane-4'`.execute(t.handle.db);
    assert.equal(later.rows[0]!.account_id, acme.id, 'new events of a linked user carry the account at once');
  });

  test('a batch of group calls from many users: their waiting events attach, and each becomes one contact, even when sent twice at once', async () => {
    const initech = (await admin.post('/api/accounts', { name: 'Initech', domain: 'initech.example' })).json();
    const users = Array.from({ length: 30 }, (_, i) => `u-initech-${String(i).padStart(2, '0')}`);
    await send('batch', { batch: users.map((userId) => ({ type: 'track', userId, event: 'Login', messageId: `${userId}-login` })) });
    const groups = users.map((userId) => ({
      type: 'group',
      userId,
      groupId: 'grp-initech',
      traits: { website: 'https://www.initech.example' },
      messageId: `${userId}-group`,
    }));
    const responses = await Promise.all([send('batch', { batch: groups }), send('batch', { batch: [...groups].reverse() })]);
    assert.deepEqual(responses.map((res) => res.statusCode), [200, 200]);

    const { rows } = await sql<{ attached: number }>`
      select count(*)::int as attached from events where user_id like 'u-initech-%' and account_id = ${initech.id}`.execute(t.handle.db);
    assert.equal(rows[0]!.attached, 60, 'the 30 logins and the 30 group calls');
    const contacts = (await viewer.get(`/api/accounts/${initech.id}/contacts`)).json().data as { name: string; externalIds: Record<string, string> }[];
    assert.deepEqual(contacts.map((contact) => contact.externalIds.segment).sort(), users);
    const timeline = (await viewer.get(`/api/accounts/${initech.id}/timeline?limit=200`)).json().data as { kind: string }[];
    assert.equal(timeline.filter((entry) => entry.kind !== 'account_created').length, 30, 'one entry per new contact');
    const links = await sql<{ linked: number }>`
      select count(contact_id)::int as linked from user_links where user_key like 'u-initech-%'`.execute(t.handle.db);
    assert.equal(links.rows[0]!.linked, 30);
  });

  test('identify makes the user a contact of its account (userId as external id "segment") and updates it later', async () => {
    const acme = (await admin.get('/api/accounts?externalId=segment:grp-acme')).json().data[0];
    const res = await send('identify', { userId: 'u-jane', traits: { name: 'Jane Doe', email: 'jane@acme.com', title: 'VP Ops' }, messageId: 'jane-id-1' });
    assert.equal(res.statusCode, 200, res.body);
    const contacts = (await viewer.get(`/api/accounts/${acme.id}/contacts`)).json().data;
    assert.equal(contacts.length, 1);
    assert.deepEqual(
      [contacts[0].name, contacts[0].email, contacts[0].title, contacts[0].externalIds],
      ['Jane Doe', 'jane@acme.com', 'VP Ops', { segment: 'u-jane' }],
    );
    const timeline = (await viewer.get(`/api/accounts/${acme.id}/timeline`)).json().data;
    assert.ok(timeline.some((entry: { kind: string }) => entry.kind === 'contact_added'), 'told on the timeline like a contact added by hand');

    await send('identify', { userId: 'u-jane', traits: { title: 'COO' }, messageId: 'jane-id-2' });
    await send('identify', { userId: 'u-jane', traits: { title: 'COO' }, messageId: 'jane-id-2' });
    const updated = (await viewer.get(`/api/accounts/${acme.id}/contacts`)).json().data;
    assert.deepEqual([updated.length, updated[0].title, updated[0].name], [1, 'COO', 'Jane Doe'], 'one contact, updated, not duplicated');
    const { rows } = await sql<{ contact_id: string | null }>`select contact_id from events where message_id = 'jane-id-2'`.execute(t.handle.db);
    assert.equal(rows[0]!.contact_id, updated[0].id);
  });

  test('identify before group: the contact appears once the group call links the user', async () => {
    await admin.post('/api/accounts', { name: 'Globex', externalIds: { hubspot: 'hs-globex' } });
    await send('identify', { userId: 'u-hank', traits: { name: 'Hank Scorpio', email: 'hank@globex.com' }, messageId: 'hank-1' });
    const globex = (await admin.get('/api/accounts?externalId=hubspot:hs-globex')).json().data[0];
    assert.equal((await viewer.get(`/api/accounts/${globex.id}/contacts`)).json().data.length, 0);
    await send('group', { userId: 'u-hank', groupId: 'hs-globex', messageId: 'hank-2' });
    const contacts = (await viewer.get(`/api/accounts/${globex.id}/contacts`)).json().data;
    assert.deepEqual(contacts.map((c: { name: string; email: string }) => [c.name, c.email]), [['Hank Scorpio', 'hank@globex.com']]);
    const { rows } = await sql<{ account_id: string }>`select account_id from events where message_id = 'hank-1'`.execute(t.handle.db);
    assert.equal(rows[0]!.account_id, globex.id, 'any external id value matches the groupId');
  });

  test('identify with an email a CRM contact has links the user to that contact and account', async () => {
    const initech = (await admin.post('/api/accounts', { name: 'Initech' })).json();
    const bill = (await admin.post(`/api/accounts/${initech.id}/contacts`, { name: 'Bill Lumbergh', email: 'Bill@Initech.com', externalIds: { salesforce: '003B' } })).json();
    await send('track', { userId: 'u-bill', event: 'TPS Report Filed', messageId: 'bill-1' });
    await send('identify', { userId: 'u-bill', traits: { email: 'bill@initech.com' }, messageId: 'bill-2' });
    const { rows } = await sql<{ message_id: string; account_id: string; contact_id: string }>`
      select message_id, account_id, contact_id from events where user_id = 'u-bill' order by message_id`.execute(t.handle.db);
    assert.deepEqual(rows, [
      { message_id: 'bill-1', account_id: initech.id, contact_id: bill.id },
      { message_id: 'bill-2', account_id: initech.id, contact_id: bill.id },
    ]);
    const contacts = (await viewer.get(`/api/accounts/${initech.id}/contacts`)).json().data;
    assert.equal(contacts.length, 1, 'no second contact');
    assert.deepEqual(contacts[0], bill, 'the CRM’s contact is linked, not changed (the link lives in user_links)');
  });

  test('events of an unknown group wait, listed as unmatched, until an account with its domain is created', async () => {
    await send('batch', {
      batch: [
        { type: 'group', userId: 'u-lena', groupId: 'grp-later', traits: { name: 'Later Labs', website: 'https://www.later.io/' }, messageId: 'lena-1' },
        { type: 'track', userId: 'u-lena', event: 'Invited Teammate', messageId: 'lena-2' },
        { type: 'track', userId: 'u-max', event: 'Signed In', context: { groupId: 'grp-later' }, messageId: 'max-1' },
      ],
    });
    const unmatched = (await viewer.get('/api/ingest/unmatched')).json();
    const group = unmatched.groups.find((g: { groupId: string }) => g.groupId === 'grp-later');
    assert.deepEqual([group.name, group.domain, group.events, group.users], ['Later Labs', 'later.io', 3, 2]);
    assert.ok(unmatched.totalEvents >= 3);

    const later = (await admin.post('/api/accounts', { name: 'Later Labs', domain: 'later.io' })).json();
    const { rows } = await sql<{ message_id: string; account_id: string | null }>`
      select message_id, account_id from events where message_id in ('lena-1', 'lena-2', 'max-1') order by message_id`.execute(t.handle.db);
    assert.deepEqual(rows.map((row) => row.account_id), [later.id, later.id, later.id]);
    const after = (await viewer.get('/api/ingest/unmatched')).json();
    assert.equal(after.groups.find((g: { groupId: string }) => g.groupId === 'grp-later'), undefined);
    assert.equal(after.totalEvents, unmatched.totalEvents - 3);
  });

  test('an account given the external id later attaches the waiting events too', async () => {
    const wayne = (await admin.post('/api/accounts', { name: 'Wayne Enterprises' })).json();
    await send('group', { userId: 'u-bruce', groupId: 'sf-wayne', messageId: 'bruce-1' });
    await send('track', { userId: 'u-bruce', event: 'Signal Sent', messageId: 'bruce-2' });
    assert.equal((await admin.patch(`/api/accounts/${wayne.id}`, { externalIds: { salesforce: 'sf-wayne' } })).statusCode, 200);
    const { rows } = await sql<{ account_id: string | null }>`select account_id from events where user_id = 'u-bruce'`.execute(t.handle.db);
    assert.deepEqual(rows.map((row) => row.account_id), [wayne.id, wayne.id]);
  });

  test('deleting an account keeps its events, unmatched again, never dropped', async () => {
    const wayne = (await admin.get('/api/accounts?externalId=salesforce:sf-wayne')).json().data[0];
    assert.equal((await admin.delete(`/api/accounts/${wayne.id}`)).statusCode, 204);
    const { rows } = await sql<{ account_id: string | null }>`select account_id from events where user_id = 'u-bruce'`.execute(t.handle.db);
    assert.deepEqual(rows.map((row) => row.account_id), [null, null]);
    const unmatched = (await viewer.get('/api/ingest/unmatched')).json();
    assert.equal(unmatched.users.find((user: { userId: string }) => user.userId === 'u-bruce').events, 2);
  });

  test('alias brings events sent under the anonymous id to the user', async () => {
    const hooli = (await admin.post('/api/accounts', { name: 'Hooli', externalIds: { segment: 'grp-hooli' } })).json();
    await send('batch', {
      batch: [
        { type: 'group', userId: 'u-gavin', groupId: 'grp-hooli', messageId: 'gavin-1' },
        { type: 'page', anonymousId: 'anon-gavin', name: 'Signup', messageId: 'gavin-anon' },
      ],
    });
    await send('alias', { userId: 'u-gavin', previousId: 'anon-gavin', messageId: 'gavin-alias' });
    await send('track', { anonymousId: 'anon-gavin', event: 'Still Anonymous', messageId: 'gavin-anon-2' });
    const { rows } = await sql<{ message_id: string; account_id: string | null }>`
      select message_id, account_id from events where message_id like 'gavin-%' order by message_id`.execute(t.handle.db);
    assert.ok(rows.length === 4 && rows.every((row) => row.account_id === hooli.id), JSON.stringify(rows));
  });

  test('another workspace’s write key writes only into that workspace, even naming our groups and users', async () => {
    const theirs = await newSource(outsider, 'Their app');
    const acme = (await admin.get('/api/accounts?externalId=segment:grp-acme')).json().data[0];
    const ours = [await eventCount(), await stats(sourceId), (await viewer.get(`/api/accounts/${acme.id}/contacts`)).json().data.length];
    const res = await send('batch', {
      batch: [
        { type: 'group', userId: 'u-jane', groupId: 'grp-acme', messageId: 'spy-1' },
        { type: 'identify', userId: 'u-jane', traits: { name: 'Spy', email: 'spy@evil.com' }, messageId: 'spy-2' },
        { type: 'track', userId: 'u-jane', event: 'Spying', messageId: 'jane-1' },
      ],
    }, { key: theirs.writeKey });
    assert.equal(res.statusCode, 200);
    const { rows } = await sql<{ workspace_id: string; account_id: string | null }>`
      select workspace_id, account_id from events where source_id = ${theirs.id}`.execute(t.handle.db);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => row.account_id === null), 'our accounts are invisible to their events');
    assert.equal(new Set(rows.map((row) => row.workspace_id)).size, 1);
    assert.notEqual(rows[0]!.workspace_id, ourWorkspaceId);
    assert.deepEqual(
      [await eventCount() - 3, await stats(sourceId), (await viewer.get(`/api/accounts/${acme.id}/contacts`)).json().data.length],
      ours,
    );
    assert.equal((await viewer.get(`/api/sources/${theirs.id}/stats`)).statusCode, 404);
    const theirUnmatched = (await outsider.get('/api/ingest/unmatched')).json();
    assert.deepEqual(theirUnmatched.users.map((u: { userId: string }) => u.userId), ['u-jane']);
  });

  test('source stats are exact: received = accepted + duplicates + rejected; unmatched shrinks as events attach', async () => {
    const counted = await newSource(admin, 'Counted');
    const key = { key: counted.writeKey };
    const five = { batch: [1, 2, 3, 4, 5].map((n) => ({ type: 'track', userId: `u-count-${n % 2}`, event: 'Count', messageId: `count-${n}` })) };
    await send('batch', five, key);
    await send('batch', five, key);
    await send('batch', { batch: [five.batch[0], five.batch[1], { type: 'track', event: 'no user' }] }, key);
    await send('track', { userId: 'u', event: 'x', properties: { blob: 'x'.repeat(40_000) } }, key);
    await send('batch', { batch: 7 }, key);
    assert.deepEqual(await stats(counted.id), { received: 15, accepted: 5, duplicates: 5, rejected: 5, unmatched: 5 });

    await admin.post('/api/accounts', { name: 'Counting Co', externalIds: { segment: 'grp-count' } });
    await send('group', { userId: 'u-count-1', groupId: 'grp-count', messageId: 'count-group' }, key);
    assert.deepEqual(await stats(counted.id), { received: 16, accepted: 6, duplicates: 5, rejected: 5, unmatched: 2 });

    const full = (await viewer.get(`/api/sources/${counted.id}/stats`)).json();
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(full.daily, [{ day: today, received: 16, accepted: 6, duplicates: 5, rejected: 5 }]);
    assert.ok(Date.parse(full.lastReceivedAt) <= Date.now());
  });
});
