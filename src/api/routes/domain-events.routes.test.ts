import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signGeneric } from '../../support/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/** Each change other modules may react to writes its domain event with the change. */
describe('domain events written by the use cases', () => {
  let t: ApiTest;
  let admin: Caller;
  let workspaceId: string;
  let seen = 0;

  before(async () => {
    t = await startApiTest();
    let workspace;
    ({ workspace, admin } = await t.team());
    workspaceId = workspace.id;
  });
  after(() => t.close());

  /** The events written since the last call, oldest first. */
  async function newEvents() {
    const rows = await t.handle.db
      .selectFrom('domain_events')
      .select(['id', 'type', 'workspace_id', 'account_id', 'payload'])
      .where('id', '>', seen as never)
      .orderBy('id')
      .execute();
    if (rows.length) seen = Number(rows[rows.length - 1]!.id);
    for (const row of rows) assert.equal(row.workspace_id, workspaceId);
    return rows.map((row) => ({ type: row.type, accountId: row.account_id, payload: row.payload }));
  }

  test('an account created, then changed: account.updated names the tracked fields that changed', async () => {
    await newEvents();
    const created = await admin.post('/api/accounts', { name: 'Acme', domain: 'acme.io', segment: 'mid-market' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.deepEqual(await newEvents(), [
      {
        type: 'account.created',
        accountId: id,
        payload: { name: 'Acme', ownerId: null, lifecycleStage: null, segment: 'mid-market', domain: 'acme.io', externalIds: {} },
      },
    ]);

    await admin.patch(`/api/accounts/${id}`, { lifecycleStage: 'onboarding', externalIds: { salesforce: '001A' }, industry: 'Retail' });
    assert.deepEqual(await newEvents(), [
      {
        type: 'account.updated',
        accountId: id,
        payload: {
          changed: {
            lifecycleStage: { before: null, after: 'Adoption' }, // 'onboarding' names the journey's Adoption stage
            externalIds: { before: {}, after: { salesforce: '001A' } },
            industry: { before: null, after: 'Retail' },
          },
        },
      },
    ]);
    await admin.patch(`/api/accounts/${id}`, { churnReason: 'Budget cut' });
    assert.deepEqual(await newEvents(), [], 'a change of an untracked field only makes no event');
  });

  test('contracts: signed, then expanded, then churned', async () => {
    const id = (await admin.post('/api/accounts', { name: 'Globex' })).json().id;
    await newEvents();
    const contract = await admin.post(`/api/accounts/${id}/subscriptions`, {
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      status: 'active',
      autoRenew: true,
      currency: 'USD',
      effectiveDate: '2025-01-01',
      items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }],
    });
    assert.equal(contract.statusCode, 201, contract.body);
    const subscriptionId = contract.json().id;
    const movement = (arrBefore: number, arrAfter: number, effectiveDate: string) => ({ subscriptionId, arrBefore, arrAfter, effectiveDate });
    assert.deepEqual(await newEvents(), [{ type: 'contract.signed', accountId: id, payload: movement(0, 12_000, '2025-01-01') }]);

    await admin.patch(`/api/subscriptions/${subscriptionId}`, { items: [{ product: 'Platform', seats: 15, unitPrice: 1200 }], effectiveDate: '2025-06-01' });
    assert.deepEqual(await newEvents(), [{ type: 'contract.expanded', accountId: id, payload: movement(12_000, 18_000, '2025-06-01') }]);

    await admin.patch(`/api/subscriptions/${subscriptionId}`, { status: 'cancelled', effectiveDate: '2025-12-31' });
    assert.deepEqual(await newEvents(), [{ type: 'contract.churned', accountId: id, payload: movement(18_000, 0, '2025-12-31') }]);
  });

  test('a ticket opened, then solved', async () => {
    const id = (await admin.post('/api/accounts', { name: 'Initech', domain: 'initech.example' })).json().id;
    const secret = (await admin.post('/api/webhooks/secrets', { kind: 'generic' })).json().secret;
    await newEvents();
    const deliver = async (ticket: Record<string, unknown>) => {
      const body = JSON.stringify({ id: 'T-1', subject: 'Export broken', requester: { email: 'bill@initech.example' }, createdAt: '2025-03-01T09:00:00Z', ...ticket });
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/webhooks/support/generic?workspace=${workspaceId}`,
        headers: { 'content-type': 'application/json', 'x-boomerang-signature': signGeneric({ secret, body }) },
        payload: body,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().ticketId as string;
    };
    const ticketId = await deliver({ status: 'open' });
    assert.deepEqual(await newEvents(), [{ type: 'ticket.opened', accountId: id, payload: { ticketId, status: 'open' } }]);
    await deliver({ status: 'solved', updatedAt: '2025-03-02T09:00:00Z', solvedAt: '2025-03-02T09:00:00Z' });
    assert.deepEqual(await newEvents(), [{ type: 'ticket.solved', accountId: id, payload: { ticketId, status: 'solved' } }]);
  });

  test('an ingested batch makes one event per account, however many messages', async () => {
    const a = (await admin.post('/api/accounts', { name: 'Hooli', externalIds: { segment: 'grp-hooli' } })).json().id;
    const b = (await admin.post('/api/accounts', { name: 'Umbrella', externalIds: { segment: 'grp-umbrella' } })).json().id;
    const source = (await admin.post('/api/sources', { name: 'Backend', kind: 'server' })).json();
    await newEvents();
    const track = (userId: string, groupId: string, messageId: string, timestamp: string) => ({
      type: 'track', userId, event: 'Report Run', messageId, timestamp, context: { groupId },
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` },
      payload: JSON.stringify({
        batch: [
          { type: 'group', userId: 'u1', groupId: 'grp-hooli', messageId: 'g1', timestamp: '2025-03-01T10:00:00Z' },
          { type: 'group', userId: 'u2', groupId: 'grp-umbrella', messageId: 'g2', timestamp: '2025-03-01T10:00:00Z' },
          track('u1', 'grp-hooli', 'm1', '2025-03-01T10:05:00Z'),
          track('u1', 'grp-hooli', 'm2', '2025-03-02T10:05:00Z'),
          track('u2', 'grp-umbrella', 'm3', '2025-03-02T11:00:00Z'),
          track('nobody', 'grp-unknown', 'm4', '2025-03-02T11:00:00Z'),
        ],
      }),
    });
    assert.equal(response.statusCode, 200, response.body);
    const events = (await newEvents()).filter((event) => event.type === 'usage.events_ingested');
    const byAccount = new Map(events.map((event) => [event.accountId, event.payload]));
    assert.equal(events.length, 2, 'one per account; the unmatched message makes none');
    assert.deepEqual(byAccount.get(a), { events: 3, days: ['2025-03-01', '2025-03-02'] });
    assert.deepEqual(byAccount.get(b), { events: 2, days: ['2025-03-01', '2025-03-02'] });
  });
});
