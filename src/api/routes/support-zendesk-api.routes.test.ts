import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signZendesk } from '../../support/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/zendesk');
const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

/**
 * Zendesk tickets as its API speaks (issue 16 item 7): `{"ticket": {...}}` from
 * GET /api/v2/tickets/{id}, and an incremental-export page (`tickets`, sideloaded `users`,
 * `next_page`, `end_of_stream`). The webhook and `import tickets --preset zendesk` key them
 * on Zendesk's own id, so a backfill and the live webhook store one ticket.
 */
describe('Zendesk API tickets through the webhook and the import', () => {
  let t: ApiTest;
  let admin: Caller;
  let workspaceId: string;
  let acmeId: string;
  const clock = new Date('2025-01-08T10:15:00Z');

  before(async () => {
    t = await startApiTest({ now: () => clock });
    let workspace;
    ({ workspace, admin } = await t.team());
    workspaceId = workspace.id;
    acmeId = (await admin.post('/api/accounts', { name: 'Acme', domain: 'acme.com', externalIds: { zendesk: '8447346622462' } })).json().id;
    assert.equal((await admin.post('/api/webhooks/secrets', { kind: 'zendesk', secret: SECRET })).statusCode, 201);
  });
  after(() => t.close());

  const deliver = (body: string) => {
    const timestamp = clock.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return t.app.inject({
      method: 'POST',
      url: `/api/webhooks/support/zendesk?workspace=${workspaceId}`,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signZendesk({ secret: SECRET, timestamp, body }),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      payload: body,
    });
  };
  const tickets = () =>
    t.handle.db
      .selectFrom('tickets')
      .select(['source', 'external_id', 'status', 'tags', 'account_id', 'requester_email', 'csat', 'url'])
      .orderBy('external_id')
      .execute();

  test('the webhook takes a ticket as the API returns it: numeric ids, tags as a list', async () => {
    const res = await deliver(readFileSync(join(FIXTURES, 'api-ticket.json'), 'utf8'));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'created');
    assert.deepEqual(await tickets(), [
      {
        source: 'zendesk',
        external_id: '35436',
        status: 'open',
        tags: ['exports', 'enterprise'],
        account_id: acmeId,
        requester_email: null,
        csat: null,
        url: 'https://acmehelp.zendesk.com/agent/tickets/35436',
      },
    ]);
  });

  test('a list body on the webhook is refused with what to do instead', async () => {
    const res = await deliver(readFileSync(join(FIXTURES, 'incremental-tickets-page.json'), 'utf8'));
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /import tickets --preset zendesk/);
  });

  test('importing an incremental-export page updates the webhook’s ticket instead of storing it twice', async () => {
    const page = readFileSync(join(FIXTURES, 'incremental-tickets-page.json'), 'utf8');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports/tickets?preset=zendesk&mode=good-rows',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/x-ndjson' },
      payload: page,
    });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.deepEqual(
      { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed },
      { rows: 3, created: 1, updated: 1, failed: 1 },
    );
    assert.deepEqual(report.errors, [{ row: 3, column: null, reason: 'not imported: Ticket 35438 is deleted; nothing to record.' }]);
    assert.deepEqual(await tickets(), [
      {
        source: 'zendesk',
        external_id: '35436',
        status: 'solved',
        tags: ['exports', 'enterprise', 'fixed_in_release'],
        account_id: acmeId,
        requester_email: 'ada@acme.com',
        csat: 'good',
        url: 'https://acmehelp.zendesk.com/agent/tickets/35436',
      },
      {
        source: 'zendesk',
        external_id: '35437',
        status: 'pending',
        tags: ['sso'],
        account_id: null,
        requester_email: 'li@globex.io',
        csat: null,
        url: 'https://acmehelp.zendesk.com/agent/tickets/35437',
      },
    ]);
  });
});
