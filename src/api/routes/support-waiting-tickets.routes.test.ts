import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { signGeneric, waitingTicketsConsumer } from '../../support/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * Tickets that arrive before their account wait as unmatched and attach by themselves when
 * the account is created (API or import) or gains the domain or external id they name.
 */
describe('waiting tickets attach when their account appears', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  let secret: string;

  before(async () => {
    t = await startApiTest({ now: () => new Date('2025-03-01T12:00:00Z') });
    let workspace;
    ({ workspace, admin, leader, viewer, outsider } = await t.team());
    workspaceId = workspace.id;
    secret = (await admin.post('/api/webhooks/secrets', { kind: 'generic' })).json().secret;
  });
  after(() => t.close());

  async function deliver(ticket: Record<string, unknown>) {
    const body = JSON.stringify({ status: 'open', ...ticket });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/support/generic?workspace=${workspaceId}`,
      headers: { 'content-type': 'application/json', 'x-boomerang-signature': signGeneric({ secret, body }) },
      payload: body,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().accountId, null, 'no account yet: the ticket waits');
    return response.json().ticketId as string;
  }

  // What the server's dispatcher does in the background after each change.
  const dispatch = () => drainDomainEvents(t.handle.db, [waitingTicketsConsumer]);

  const ticketsOf = async (caller: Caller, accountId: string) =>
    (await caller.get(`/api/accounts/${accountId}/tickets`)).json().data as { id: string; matchedBy: string }[];
  const ticketStoryOf = async (caller: Caller, accountId: string) =>
    ((await caller.get(`/api/accounts/${accountId}/timeline?limit=200`)).json().data as { kind: string; title: string; occurredAt: string }[])
      .filter((entry) => entry.kind === 'ticket')
      .map((entry) => [entry.title, entry.occurredAt]);
  const unmatchedIds = async () =>
    ((await viewer.get('/api/support/tickets/unmatched?limit=100')).json().data as { id: string }[]).map((ticket) => ticket.id);

  test('an account created through the API takes its waiting tickets, with their original times', async () => {
    const ticketId = await deliver({
      id: 'W-1',
      subject: 'Invoices missing',
      priority: 'high',
      requester: { email: 'ap@acme.io' },
      createdAt: '2025-02-10T08:30:00Z',
    });
    const solved = await deliver({
      id: 'W-2',
      subject: 'Password reset',
      status: 'solved',
      requester: { email: 'it@eu.acme.io' },
      createdAt: '2025-02-11T09:00:00Z',
      solvedAt: '2025-02-12T10:00:00Z',
    });
    // Another workspace has an account with the same domain: it never gets these tickets.
    const theirs = await outsider.post('/api/accounts', { name: 'Acme (theirs)', domain: 'acme.io' });
    assert.equal(theirs.statusCode, 201);
    await dispatch();
    assert.deepEqual(await unmatchedIds(), [solved, ticketId]);

    const created = await admin.post('/api/accounts', { name: 'Acme', domain: 'acme.io' });
    assert.equal(created.statusCode, 201, created.body);
    const acmeId = created.json().id;
    await dispatch();

    assert.deepEqual(
      (await ticketsOf(viewer, acmeId)).map((ticket) => [ticket.id, ticket.matchedBy]),
      [
        [solved, 'email_domain'],
        [ticketId, 'email_domain'],
      ],
    );
    assert.deepEqual(await ticketStoryOf(viewer, acmeId), [
      ['Ticket solved: Password reset', '2025-02-12T10:00:00.000Z'],
      ['Ticket opened: Password reset', '2025-02-11T09:00:00.000Z'],
      ['High-priority ticket opened: Invoices missing', '2025-02-10T08:30:00.000Z'],
    ]);
    assert.deepEqual(await unmatchedIds(), []);
    assert.deepEqual(await ticketsOf(outsider, theirs.json().id), []);
    assert.deepEqual(await ticketStoryOf(outsider, theirs.json().id), []);
    assert.equal((await leader.post('/api/support/tickets/rematch')).json().matched, 0, 'nothing was left to rematch');
  });

  test('an account imported from a CRM file takes the tickets that name its domain or CRM id', async () => {
    const byDomain = await deliver({ id: 'W-3', subject: 'Export slow', requester: { email: 'ops@initech.example' }, createdAt: '2025-02-20T07:00:00Z' });
    const byCrmId = await deliver({
      id: 'W-4',
      subject: 'Upgrade question',
      requester: { email: 'someone@gmail.com' },
      account: { externalId: 'salesforce:001INIT' },
      createdAt: '2025-02-21T07:00:00Z',
    });
    const elsewhere = await deliver({ id: 'W-5', subject: 'Not theirs', requester: { email: 'x@hooli.example' }, createdAt: '2025-02-22T07:00:00Z' });

    const report = await leader.post('/api/imports/accounts?idSystem=salesforce', {
      rows: [{ id: '001INIT', company: 'Initech', site: 'https://www.initech.example' }],
      mapping: { externalId: 'id', name: 'company', domain: 'site' },
    });
    assert.equal(report.statusCode, 200, report.body);
    assert.equal(report.json().created, 1);
    await dispatch();
    const [initech] = (await viewer.get('/api/accounts?q=initech')).json().data as { id: string }[];

    assert.deepEqual(
      (await ticketsOf(viewer, initech!.id)).map((ticket) => [ticket.id, ticket.matchedBy]),
      [
        [byCrmId, 'external_id'],
        [byDomain, 'email_domain'],
      ],
    );
    assert.deepEqual(await ticketStoryOf(viewer, initech!.id), [
      ['Ticket opened: Upgrade question', '2025-02-21T07:00:00.000Z'],
      ['Ticket opened: Export slow', '2025-02-20T07:00:00.000Z'],
    ]);
    assert.deepEqual(await unmatchedIds(), [elsewhere]);
  });

  test('a dry-run import attaches nothing', async () => {
    const waiting = await unmatchedIds();
    const report = await leader.post('/api/imports/accounts?idSystem=salesforce&dryRun=true', {
      rows: [{ id: '001HOOLI', company: 'Hooli', site: 'hooli.example' }],
      mapping: { externalId: 'id', name: 'company', domain: 'site' },
    });
    assert.equal(report.statusCode, 200, report.body);
    assert.equal(report.json().committed, false);
    await dispatch();
    assert.deepEqual(await unmatchedIds(), waiting);
  });

  test('an account that gains the domain later takes the tickets then', async () => {
    const [earlier] = await unmatchedIds(); // W-5, waiting for hooli.example since the import test
    const ticketId = await deliver({ id: 'W-6', subject: 'SSO', requester: { email: 'it@hooli.example' }, createdAt: '2025-02-23T07:00:00Z' });
    const hooli = (await admin.post('/api/accounts', { name: 'Hooli' })).json().id;
    await dispatch();
    assert.deepEqual(await ticketsOf(viewer, hooli), []);

    const changed = await admin.patch(`/api/accounts/${hooli}`, { domain: 'hooli.example' });
    assert.equal(changed.statusCode, 200, changed.body);
    await dispatch();
    assert.deepEqual(
      (await ticketsOf(viewer, hooli)).map((ticket) => ticket.id),
      [ticketId, earlier],
    );
    assert.deepEqual(await unmatchedIds(), []);
  });

  test('two new accounts with the waiting ticket\'s domain are ambiguous: the ticket keeps waiting', async () => {
    const ticketId = await deliver({ id: 'W-7', subject: 'Compression', requester: { email: 'r@piedpiper.example' }, createdAt: '2025-02-24T07:00:00Z' });
    const report = await leader.post('/api/imports/accounts?idSystem=salesforce', {
      rows: [
        { id: '001PP1', company: 'Pied Piper', site: 'piedpiper.example' },
        { id: '001PP2', company: 'Pied Piper Holdings', site: 'piedpiper.example' },
      ],
      mapping: { externalId: 'id', name: 'company', domain: 'site' },
    });
    assert.equal(report.json().created, 2, report.body);
    await dispatch();
    assert.deepEqual(await unmatchedIds(), [ticketId]);
  });
});
