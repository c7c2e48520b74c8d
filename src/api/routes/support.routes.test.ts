import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { systemActor } from '../../auth/index.js';
import { recordSurveyResponses, signGeneric, signZendesk, upsertTickets } from '../../support/index.js';
import { zendeskEvent } from '../../support/testing/zendesk-event.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const ZENDESK_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const ZENDESK_ORG = '8447346622462';

describe('support tickets webhook and API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  let outsiderWorkspaceId: string;
  let genericSecret: string;
  let outsiderSecret: string;
  /** Zendesk organization ZENDESK_ORG, domain acme.com, in csm's book. */
  let acmeId: string;
  /** Domain globex.io. */
  let globexId: string;
  // The server's clock, fixed so Zendesk's 5-minute window is tested exactly; deliveries are signed "now" unless a test says otherwise.
  const clock = new Date('2025-01-08T10:15:00Z');

  before(async () => {
    t = await startApiTest({ now: () => clock });
    let workspace;
    ({ workspace, admin, leader, csm, viewer, outsider } = await t.team());
    workspaceId = workspace.id;
    acmeId = (
      await admin.post('/api/accounts', {
        name: 'Acme',
        domain: 'acme.com',
        ownerId: csm.userId,
        externalIds: { zendesk: ZENDESK_ORG },
      })
    ).json().id;
    globexId = (await admin.post('/api/accounts', { name: 'Globex', domain: 'globex.io' })).json().id;

    const zendesk = await admin.post('/api/webhooks/secrets', { kind: 'zendesk', secret: ZENDESK_SECRET });
    assert.equal(zendesk.statusCode, 201, zendesk.body);
    const generic = await admin.post('/api/webhooks/secrets', { kind: 'generic' });
    assert.equal(generic.statusCode, 201, generic.body);
    genericSecret = generic.json().secret;

    const theirs = await outsider.post('/api/webhooks/secrets', {
      kind: 'zendesk',
      secret: 'their-own-zendesk-signing-secret',
    });
    outsiderSecret = theirs.json().secret;
    outsiderWorkspaceId = new URL(theirs.json().url).searchParams.get('workspace')!;
  });
  after(() => t.close());

  type Delivery = {
    kind?: 'zendesk' | 'generic';
    secret?: string;
    timestamp?: string;
    workspace?: string;
    headers?: Record<string, string | undefined>;
    raw?: string;
  };

  /** POSTs the payload as a help desk would: raw JSON bytes, signed over exactly those bytes. */
  function deliver(payload: unknown, options: Delivery = {}) {
    const kind = options.kind ?? 'zendesk';
    const body = options.raw ?? JSON.stringify(payload);
    const timestamp = options.timestamp ?? clock.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signature =
      kind === 'zendesk'
        ? {
            'x-zendesk-webhook-signature': signZendesk({ secret: options.secret ?? ZENDESK_SECRET, timestamp, body }),
            'x-zendesk-webhook-signature-timestamp': timestamp,
          }
        : { 'x-boomerang-signature': signGeneric({ secret: options.secret ?? genericSecret, body }) };
    const headers = Object.fromEntries(
      Object.entries({ 'content-type': 'application/json', ...signature, ...options.headers }).filter(
        ([, value]) => value !== undefined,
      ),
    ) as Record<string, string>;
    return t.app.inject({
      method: 'POST',
      url: `/api/webhooks/support/${kind}?workspace=${options.workspace ?? workspaceId}`,
      headers,
      payload: body,
    });
  }

  async function counts() {
    const { rows } = await sql<{ tickets: number; entries: number }>`
      select (select count(*) from tickets)::int as tickets,
             (select count(*) from timeline_entries where kind = 'ticket')::int as entries`.execute(t.handle.db);
    return rows[0]!;
  }
  const ticketsOf = async (accountId: string) => (await viewer.get(`/api/accounts/${accountId}/tickets`)).json().data;
  const ticketEntriesOf = async (accountId: string) =>
    (await viewer.get(`/api/accounts/${accountId}/timeline?limit=200`))
      .json()
      .data.filter((e: { kind: string }) => e.kind === 'ticket');

  test('only admins manage signing secrets; the secret is shown once, with the URL to configure', async () => {
    const created = await admin.post('/api/webhooks/secrets', { kind: 'generic' });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.ok(body.secret.length >= 40, 'a generated secret is long');
    assert.equal(body.secretPrefix, body.secret.slice(0, 6));
    assert.equal(body.signatureHeader, 'X-Boomerang-Signature');
    assert.match(
      body.url,
      new RegExp(`^http://localhost(:\\d+)?/api/webhooks/support/generic\\?workspace=${workspaceId}$`),
    );

    const list = await admin.get('/api/webhooks/secrets');
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().data.length, 3);
    assert.ok(
      list.json().data.every((s: Record<string, unknown>) => !('secret' in s)),
      'lists never show a secret',
    );

    for (const caller of [leader, csm, viewer]) {
      assert.equal((await caller.post('/api/webhooks/secrets', { kind: 'generic' })).statusCode, 403);
      assert.equal((await caller.get('/api/webhooks/secrets')).statusCode, 403);
    }
    assert.equal((await admin.post('/api/webhooks/secrets', { kind: 'zendesk', secret: 'short' })).statusCode, 400);
    assert.equal((await admin.post('/api/webhooks/secrets', { kind: 'freshdesk' })).statusCode, 400);
    assert.equal(
      (await outsider.delete(`/api/webhooks/secrets/${body.id}`)).statusCode,
      404,
      'another workspace cannot revoke it',
    );

    // A revoked secret no longer verifies anything.
    assert.equal((await admin.delete(`/api/webhooks/secrets/${body.id}`)).statusCode, 204);
    assert.equal((await admin.delete(`/api/webhooks/secrets/${body.id}`)).statusCode, 404);
    const before = await counts();
    const refused = await deliver(
      { id: 'R-1', subject: 'x', status: 'open', createdAt: '2025-01-08T10:00:00Z' },
      { kind: 'generic', secret: body.secret },
    );
    assert.equal(refused.statusCode, 401);
    assert.deepEqual(await counts(), before);
    const audit = (await admin.get(`/api/audit-log?entityType=webhook_secret&entityId=${body.id}`)).json().data;
    assert.deepEqual(
      audit.map((e: { action: string }) => e.action),
      ['revoke', 'create'],
    );
    assert.ok(!JSON.stringify(audit).includes(body.secret), 'the audit log does not hold the secret');
  });

  test('a signed Zendesk ticket.created event is stored, matched by organization and told on the timeline', async () => {
    const res = await deliver(zendeskEvent());
    assert.equal(res.statusCode, 200, res.body);
    const receipt = res.json();
    assert.equal(receipt.status, 'created');
    assert.equal(receipt.accountId, acmeId);
    assert.equal(receipt.matchedBy, 'external_id');

    const [ticket] = await ticketsOf(acmeId);
    assert.equal(ticket.id, receipt.ticketId);
    assert.equal(ticket.source, 'zendesk');
    assert.equal(ticket.externalId, '5158');
    assert.equal(ticket.priority, 'urgent');
    assert.equal(ticket.status, 'open');
    assert.deepEqual(ticket.tags, ['mobile', 'login']);

    const [entry] = await ticketEntriesOf(acmeId);
    assert.equal(entry.title, 'Urgent ticket opened: Cannot login to mobile app');
    assert.equal(entry.team, 'support');
    assert.equal(entry.subjectType, 'ticket');
    assert.equal(entry.subjectId, ticket.id);
    assert.equal(entry.occurredAt, '2025-01-08T10:12:07.000Z');

    const secrets = (await admin.get('/api/webhooks/secrets')).json().data;
    assert.ok(
      secrets.some((s: { kind: string; lastUsedAt: string | null }) => s.kind === 'zendesk' && s.lastUsedAt),
      'the secret’s last use is recorded',
    );
  });

  test('the same delivery again (a Zendesk retry) stores nothing new', async () => {
    const before = await counts();
    const again = await deliver(zendeskEvent());
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().status, 'unchanged');
    assert.deepEqual(await counts(), before);
  });

  test('concurrent deliveries about one new ticket make one ticket and one entry', async () => {
    const before = await counts();
    const payload = zendeskEvent({ detail: { id: '6001', subject: 'Race' } });
    const results = await Promise.all([deliver(payload), deliver(payload), deliver(payload)]);
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [200, 200, 200],
    );
    assert.deepEqual(results.map((r) => r.json().status).sort(), ['created', 'unchanged', 'unchanged']);
    const afterCounts = await counts();
    assert.equal(afterCounts.tickets, before.tickets + 1);
    assert.equal(afterCounts.entries, before.entries + 1);
  });

  test('a status change to solved updates the row and adds one timeline entry; a late older event changes nothing', async () => {
    const before = await counts();
    const solved = await deliver(
      zendeskEvent({
        type: 'zen:event-type:ticket.status_changed',
        detail: { status: 'SOLVED', updated_at: '2025-01-08T16:45:20Z' },
      }),
    );
    assert.equal(solved.statusCode, 200, solved.body);
    assert.equal(solved.json().status, 'updated');
    const ticket = (await ticketsOf(acmeId)).find((tk: { externalId: string }) => tk.externalId === '5158');
    assert.equal(ticket.status, 'solved');
    assert.equal(ticket.solvedAt, '2025-01-08T16:45:20.000Z');
    assert.deepEqual(await counts(), { tickets: before.tickets, entries: before.entries + 1 });
    const [latest] = await ticketEntriesOf(acmeId);
    assert.equal(latest.title, 'Urgent ticket solved: Cannot login to mobile app');

    // Zendesk does not promise order: a priority change from before the solve arrives now.
    const late = await deliver(
      zendeskEvent({
        type: 'zen:event-type:ticket.priority_changed',
        detail: { status: 'OPEN', priority: 'LOW', updated_at: '2025-01-08T12:00:00Z' },
      }),
    );
    assert.equal(late.json().status, 'unchanged');
    const still = (await ticketsOf(acmeId)).find((tk: { externalId: string }) => tk.externalId === '5158');
    assert.equal(still.status, 'solved');
    assert.equal(still.priority, 'urgent');
    assert.deepEqual(await counts(), { tickets: before.tickets, entries: before.entries + 1 });
  });

  test('a Zendesk trigger in the generic shape brings the CSAT rating onto the same ticket', async () => {
    const before = await counts();
    const res = await deliver({
      id: '5158',
      subject: 'Cannot login to mobile app',
      status: 'Solved',
      priority: 'Urgent',
      requester: { email: 'jane@acme.com' },
      createdAt: '2025-01-08T10:12Z',
      updatedAt: '2025-01-09T08:00Z',
      satisfaction: { rating: 'Bad', comment: 'Took two days' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'updated');
    const ticket = (await ticketsOf(acmeId)).find((tk: { externalId: string }) => tk.externalId === '5158');
    assert.equal(ticket.csat, 'bad');
    assert.equal(ticket.csatComment, 'Took two days');
    assert.equal(ticket.requesterEmail, 'jane@acme.com');
    assert.equal(
      ticket.description,
      'Customer is experiencing login issues with the mobile app',
      'fields the trigger does not send are kept',
    );
    const [latest] = await ticketEntriesOf(acmeId);
    assert.equal(latest.title, 'Bad CSAT rating on ticket: Cannot login to mobile app');
    assert.equal(latest.body, '“Took two days”');
    assert.deepEqual(await counts(), { tickets: before.tickets, entries: before.entries + 1 });
  });

  test('bad, missing or stale signatures are 401 problems and store nothing', async () => {
    const payload = zendeskEvent({ detail: { id: '7001', subject: 'Should not exist' } });
    const body = JSON.stringify(payload);
    const timestamp = clock.toISOString();
    const good = signZendesk({ secret: ZENDESK_SECRET, timestamp, body });
    const stale = new Date(clock.getTime() - 5 * 60_000 - 1000).toISOString();
    const before = await counts();
    const cases: Array<[string, Delivery, RegExp]> = [
      ['wrong secret', { secret: 'not-the-zendesk-secret' }, /does not match/],
      [
        'no signature header',
        { headers: { 'x-zendesk-webhook-signature': undefined } },
        /Missing X-Zendesk-Webhook-Signature header/,
      ],
      ['no timestamp header', { headers: { 'x-zendesk-webhook-signature-timestamp': undefined } }, /Timestamp header/],
      [
        'no headers at all',
        { headers: { 'x-zendesk-webhook-signature': undefined, 'x-zendesk-webhook-signature-timestamp': undefined } },
        /Missing/,
      ],
      ['stale timestamp (> 5 min)', { timestamp: stale }, /more than 5 minutes/],
      [
        'timestamp from the future',
        { timestamp: new Date(clock.getTime() + 6 * 60_000).toISOString() },
        /more than 5 minutes/,
      ],
      [
        'signature of another body',
        {
          headers: {
            'x-zendesk-webhook-signature': signZendesk({ secret: ZENDESK_SECRET, timestamp, body: '{}' }),
            'x-zendesk-webhook-signature-timestamp': timestamp,
          },
        },
        /does not match/,
      ],
      [
        'body changed after signing',
        {
          raw: body.replace('Should not exist', 'Tampered'),
          headers: { 'x-zendesk-webhook-signature': good, 'x-zendesk-webhook-signature-timestamp': timestamp },
        },
        /does not match/,
      ],
      [
        'a generic signature on the Zendesk endpoint',
        {
          headers: {
            'x-zendesk-webhook-signature': undefined,
            'x-boomerang-signature': signGeneric({ secret: genericSecret, body }),
          },
        },
        /Missing X-Zendesk/,
      ],
      ['the Zendesk secret on the generic endpoint', { kind: 'generic', secret: ZENDESK_SECRET }, /does not match/],
      [
        'unsigned, not even JSON',
        { raw: 'hello', headers: { 'content-type': 'text/plain', 'x-zendesk-webhook-signature': undefined } },
        /Missing/,
      ],
    ];
    for (const [name, options, reason] of cases) {
      const res = await deliver(payload, options);
      assert.equal(res.statusCode, 401, `${name}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
      assert.equal(res.json().code, 'unauthenticated', name);
      assert.match(res.json().detail, reason, name);
    }
    assert.deepEqual(await counts(), before);
    assert.equal(
      (await t.handle.db.selectFrom('tickets').select('id').where('external_id', '=', '7001').execute()).length,
      0,
    );
  });

  test('another workspace’s secret cannot write here, and its own deliveries stay in its workspace', async () => {
    const payload = zendeskEvent({ detail: { id: '8001', subject: 'Cross-tenant' } });
    const before = await counts();
    const intoOurs = await deliver(payload, { secret: outsiderSecret });
    assert.equal(intoOurs.statusCode, 401);
    assert.deepEqual(await counts(), before);

    const unknownWorkspace = await deliver(payload, { workspace: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknownWorkspace.statusCode, 401, 'an unknown workspace looks like one without secrets');
    assert.equal((await deliver(payload, { workspace: 'acme' })).statusCode, 400);
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/webhooks/support/freshdesk?workspace=${workspaceId}`,
          payload: '{}',
        })
      ).statusCode,
      400,
    );

    const intoTheirs = await deliver(payload, { secret: outsiderSecret, workspace: outsiderWorkspaceId });
    assert.equal(intoTheirs.statusCode, 200, intoTheirs.body);
    assert.equal(intoTheirs.json().accountId, null, 'our Acme (same Zendesk org id) is invisible to them');
    assert.equal((await outsider.get('/api/support/tickets/unmatched')).json().data[0].externalId, '8001');
    assert.equal(
      (await admin.get('/api/support/tickets/unmatched'))
        .json()
        .data.some((tk: { externalId: string }) => tk.externalId === '8001'),
      false,
    );
    assert.equal((await outsider.get(`/api/accounts/${acmeId}/tickets`)).statusCode, 404);
  });

  test('the generic shape: a valid ticket matches by email domain', async () => {
    const res = await deliver(
      {
        id: 'G-1',
        subject: 'Report export broken',
        status: 'open',
        priority: 'high',
        requester: { email: 'bob@globex.io' },
        createdAt: '2025-01-08T09:00:00Z',
        firstResponseMinutes: 42,
        tags: ['export'],
        url: 'https://help.example/tickets/G-1',
      },
      { kind: 'generic' },
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().accountId, globexId);
    assert.equal(res.json().matchedBy, 'email_domain');
    const [ticket] = await ticketsOf(globexId);
    assert.equal(ticket.source, 'generic');
    assert.equal(ticket.firstResponseMinutes, 42);
    assert.equal(ticket.url, 'https://help.example/tickets/G-1');
    assert.equal((await ticketEntriesOf(globexId))[0].title, 'High-priority ticket opened: Report export broken');
  });

  test('the generic shape: invalid bodies are 400 naming the fields, and store nothing', async () => {
    const before = await counts();
    const cases: Array<[string, unknown, string[], string?]> = [
      ['missing fields', { id: 'G-2' }, ['body.createdAt', 'body.status', 'body.subject']],
      [
        'bad values',
        { id: 'G-2', subject: 'x', status: 'escalated', priority: 'p1', createdAt: 'today' },
        ['body.createdAt', 'body.priority', 'body.status'],
      ],
      [
        'unknown field',
        { id: 'G-2', subject: 'x', status: 'open', createdAt: '2025-01-08T09:00:00Z', severity: 1 },
        ['body.severity'],
      ],
      ['not an object', [1, 2], ['body']],
      ['not JSON', undefined, ['body'], '{"id": "G-2",'],
    ];
    for (const [name, payload, fields, raw] of cases) {
      const res = await deliver(payload, { kind: 'generic', raw });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
      assert.deepEqual(
        res
          .json()
          .issues.map((issue: { path: string }) => issue.path)
          .sort(),
        fields,
        name,
      );
      for (const field of fields) assert.ok(res.json().detail.includes(field), `${name}: detail names ${field}`);
    }
    const wrongType = await deliver({}, { kind: 'generic', headers: { 'content-type': 'text/plain' } });
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.json().detail, /application\/json/);
    assert.deepEqual(await counts(), before);
  });

  test('an unmatched ticket is kept, listed, and attached by a rematch once a contact has its requester', async () => {
    // A public mail domain says nothing about the customer, so only a contact can place it.
    const res = await deliver(
      {
        id: 'G-3',
        subject: 'SSO broken',
        status: 'open',
        priority: 'urgent',
        requester: { email: 'initech.it@gmail.com' },
        createdAt: '2025-01-07T09:00:00Z',
      },
      { kind: 'generic' },
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'created');
    assert.equal(res.json().accountId, null);
    const unmatched = (await viewer.get('/api/support/tickets/unmatched')).json().data;
    assert.ok(
      unmatched.some((tk: { externalId: string; accountId: null }) => tk.externalId === 'G-3' && tk.accountId === null),
    );

    const initechId = (await admin.post('/api/accounts', { name: 'Initech', domain: 'initech.com' })).json().id;
    assert.deepEqual(await ticketsOf(initechId), [], 'the new account does not explain a gmail address');
    const contact = await admin.post(`/api/accounts/${initechId}/contacts`, { name: 'IT', email: 'initech.it@gmail.com' });
    assert.equal(contact.statusCode, 201, contact.body);
    assert.equal((await csm.post('/api/support/tickets/rematch')).statusCode, 403);
    const rematch = await leader.post('/api/support/tickets/rematch');
    assert.equal(rematch.statusCode, 200, rematch.body);
    assert.equal(rematch.json().matched, 1);
    const [ticket] = await ticketsOf(initechId);
    assert.equal(ticket.externalId, 'G-3');
    assert.equal(ticket.matchedBy, 'contact_email');
    assert.deepEqual(
      (await ticketEntriesOf(initechId)).map((e: { title: string }) => e.title),
      ['Urgent ticket opened: SSO broken'],
    );
    assert.equal(
      (await viewer.get('/api/support/tickets/unmatched'))
        .json()
        .data.some((tk: { externalId: string }) => tk.externalId === 'G-3'),
      false,
    );
    assert.equal(
      (await leader.post('/api/support/tickets/rematch')).json().matched,
      0,
      'a second rematch finds nothing new',
    );
  });

  test('ticket lists page with cursors and answer 404 for other workspaces', async () => {
    const first = await viewer.get(`/api/accounts/${acmeId}/tickets?limit=1`);
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().data.length, 1);
    assert.ok(first.json().nextCursor);
    const second = await viewer.get(`/api/accounts/${acmeId}/tickets?limit=1&cursor=${first.json().nextCursor}`);
    assert.equal(second.json().data.length, 1);
    assert.notEqual(second.json().data[0].id, first.json().data[0].id);
    assert.equal((await viewer.get(`/api/accounts/${acmeId}/tickets?cursor=garbage`)).statusCode, 400);
    assert.equal((await outsider.get(`/api/accounts/${acmeId}/survey-responses`)).statusCode, 404);
  });

  test('imports: upsertTickets and recordSurveyResponses are idempotent and tell the timeline once', async () => {
    const actor = systemActor(workspaceId);
    const rows = [
      {
        source: 'import' as const,
        externalId: 'I-1',
        subject: 'Slow dashboards',
        status: 'solved' as const,
        priority: 'normal' as const,
        createdAt: new Date('2024-11-01T09:00:00Z'),
        solvedAt: new Date('2024-11-02T09:00:00Z'),
        csat: 'good' as const,
        match: { accountId: globexId },
      },
      {
        source: 'import' as const,
        externalId: 'I-2',
        subject: 'Who am I',
        status: 'open' as const,
        createdAt: new Date('2024-11-03T09:00:00Z'),
        requesterEmail: 'someone@gmail.com',
      },
      {
        source: 'import' as const,
        externalId: 'I-1',
        subject: 'Slow dashboards (EU)',
        status: 'solved' as const,
        createdAt: new Date('2024-11-01T09:00:00Z'),
        match: { accountId: globexId },
      },
    ];
    const first = await upsertTickets(t.handle.db, actor, rows);
    assert.deepEqual(
      first.map((r) => [r.externalId, r.outcome, r.accountId, r.matchedBy]),
      [
        ['I-1', 'created', globexId, 'account_id'],
        ['I-2', 'created', null, null],
        ['I-1', 'updated', globexId, 'account_id'],
      ],
    );
    assert.equal(first[0]!.ticketId, first[2]!.ticketId, 'a ticket listed twice is one ticket');
    const titles = async () => (await ticketEntriesOf(globexId)).map((e: { title: string }) => e.title);
    const told = await titles();
    assert.deepEqual(told.filter((title: string) => title.includes('Slow dashboards')).sort(), [
      'Good CSAT rating on ticket: Slow dashboards',
      'Ticket opened: Slow dashboards',
      'Ticket solved: Slow dashboards',
    ]);
    const again = await upsertTickets(t.handle.db, actor, rows.slice(0, 2));
    assert.deepEqual(
      again.map((r) => r.outcome),
      ['updated', 'unchanged'],
      'I-1 goes back to the first row’s subject',
    );
    assert.deepEqual(await titles(), told, 'nothing told twice');
    await assert.rejects(
      upsertTickets(t.handle.db, { ...actor, role: 'csm', userId: csm.userId }, rows),
      /Only leaders and admins/,
    );

    const contact = (
      await admin.post(`/api/accounts/${acmeId}/contacts`, { name: 'Jane Doe', email: 'jane@acme.com' })
    ).json();
    const answers = [
      {
        source: 'import',
        accountId: acmeId,
        contactId: contact.id,
        kind: 'nps' as const,
        score: 3,
        comment: 'Too slow',
        respondedAt: new Date('2025-01-05T10:00:00Z'),
      },
      {
        source: 'delighted',
        externalId: 'r-77',
        accountId: acmeId,
        kind: 'csat' as const,
        score: 5,
        respondedAt: new Date('2025-01-06T10:00:00Z'),
      },
      {
        source: 'import',
        accountId: acmeId,
        kind: 'nps' as const,
        score: 11,
        respondedAt: new Date('2025-01-05T10:00:00Z'),
      },
      {
        source: 'import',
        accountId: '00000000-0000-4000-8000-000000000000',
        kind: 'ces' as const,
        score: 4,
        respondedAt: new Date('2025-01-05T10:00:00Z'),
      },
      {
        source: 'import',
        accountId: globexId,
        contactId: contact.id,
        kind: 'ces' as const,
        score: 4,
        respondedAt: new Date('2025-01-05T10:00:00Z'),
      },
    ];
    const recorded = await recordSurveyResponses(t.handle.db, actor, answers);
    assert.deepEqual(
      recorded.map((r) => r.outcome),
      ['created', 'created', 'rejected', 'rejected', 'rejected'],
    );
    assert.deepEqual(
      recorded.slice(2).map((r) => (r as { field: string }).field),
      ['score', 'accountId', 'contactId'],
    );
    const list = (await viewer.get(`/api/accounts/${acmeId}/survey-responses`)).json().data;
    assert.deepEqual(
      list.map((r: { kind: string; score: number; contactName: string | null }) => [r.kind, r.score, r.contactName]),
      [
        ['csat', 5, null],
        ['nps', 3, 'Jane Doe'],
      ],
    );
    const surveyEntries = (await viewer.get(`/api/accounts/${acmeId}/timeline?limit=200`))
      .json()
      .data.filter((e: { kind: string }) => e.kind === 'survey');
    assert.deepEqual(
      surveyEntries.map((e: { title: string; body: string | null }) => [e.title, e.body]),
      [
        ['CSAT 5/5', null],
        ['NPS 3 (detractor)', 'Too slow'],
      ],
    );

    const reimport = await recordSurveyResponses(t.handle.db, actor, [answers[0]!, { ...answers[1]!, score: 4 }]);
    assert.deepEqual(
      reimport.map((r) => r.outcome),
      ['unchanged', 'updated'],
    );
    assert.equal((await viewer.get(`/api/accounts/${acmeId}/survey-responses`)).json().data.length, 2);
    assert.equal(
      (await viewer.get(`/api/accounts/${acmeId}/timeline?limit=200`))
        .json()
        .data.filter((e: { kind: string }) => e.kind === 'survey').length,
      2,
    );
  });
});
