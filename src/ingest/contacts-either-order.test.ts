import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount } from '../accounts/index.js';
import { systemActor, type Actor } from '../auth/index.js';
import { listAccountContacts } from '../contacts/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { drainDomainEvents } from '../domain-events/testing/drain-domain-events.js';
import { getAccountUsage, refreshUsageRollups } from '../usage/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { contactsOfNewAccountsConsumer, createSource, ingestTrackingRequest, type SourceRef } from './index.js';

/**
 * Issue 15 item 3: identify, group and track calls that arrive before their account make
 * the same contacts, and the same usage users, as when the account was there first.
 */
describe('contacts and usage users are the same whichever comes first, the events or the account', () => {
  let database: TestDatabase;
  const NOW = new Date('2026-12-03T12:00:00Z');

  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  // From the backend (a server source): two people of Acme, identified, grouped and active.
  const backendCalls = [
    { type: 'identify', messageId: 'i1', userId: 'u-jane', traits: { name: 'Jane Doe', email: 'jane@acme.com' }, timestamp: '2026-12-01T08:00:00Z' },
    { type: 'identify', messageId: 'i2', userId: 'u-raj', traits: { firstName: 'Raj', lastName: 'Patel', email: 'raj@acme.com' }, timestamp: '2026-12-01T08:05:00Z' },
    { type: 'group', messageId: 'g1', userId: 'u-jane', groupId: 'g-acme', timestamp: '2026-12-01T08:10:00Z' },
    { type: 'group', messageId: 'g2', userId: 'u-raj', groupId: 'g-acme', timestamp: '2026-12-01T08:15:00Z' },
    { type: 'track', messageId: 't1', userId: 'u-jane', event: 'Report exported', timestamp: '2026-12-01T09:00:00Z' },
    { type: 'track', messageId: 't2', userId: 'u-jane', event: 'Report exported', timestamp: '2026-12-02T09:00:00Z' },
    { type: 'track', messageId: 't3', userId: 'u-raj', event: 'Invite sent', timestamp: '2026-12-02T10:00:00Z' },
  ];
  // From the web page (a browser source, whose key is public): usage only, never a contact.
  const browserCalls = [
    { type: 'identify', messageId: 'i3', userId: 'u-kim', traits: { name: 'Kim Forged', email: 'kim@elsewhere.com' }, timestamp: '2026-12-01T08:20:00Z' },
    { type: 'track', messageId: 't4', userId: 'u-kim', event: 'Report exported', context: { groupId: 'g-acme' }, timestamp: '2026-12-02T11:00:00Z' },
  ];

  async function world(name: string) {
    const workspaceId = (await createWorkspace(database.db, name)).id;
    const admin: Actor = systemActor(workspaceId);
    const sourceOf = async (kind: 'server' | 'browser'): Promise<SourceRef> => ({ id: (await createSource(database.db, admin, { name: kind, kind })).source.id, workspaceId, kind });
    const backend = await sourceOf('server');
    const page = await sourceOf('browser');
    const sendAll = async () => {
      for (const [source, batch] of [[backend, backendCalls], [page, browserCalls]] as const) {
        const result = await ingestTrackingRequest(database.db, { source, endpoint: 'batch', body: { batch }, receivedAt: NOW });
        assert.equal(result.status, 'stored');
      }
    };
    const createAcme = async () => (await createAccount(database.db, admin, { name: 'Acme', externalIds: { segment: 'g-acme' } })).id;
    return { admin, sendAll, createAcme };
  }

  /** What a CSM sees: the account's contacts and the Usage tab's users. */
  async function seen(admin: Actor, accountId: string) {
    while ((await refreshUsageRollups(database.db, { limit: 100 })).claimed > 0);
    const contacts = (await listAccountContacts(database.db, admin, accountId)).map((contact) => [contact.name, contact.email, contact.externalIds.segment]).sort();
    const usage = await getAccountUsage(database.db, admin, { accountId, days: 30, now: NOW });
    const users = usage.users.map((user) => [user.contactName ?? user.userKey, user.contactEmail, user.activeDays30d, user.events30d]);
    return { contacts, users };
  }

  const expected = {
    contacts: [
      ['Jane Doe', 'jane@acme.com', 'u-jane'],
      ['Raj Patel', 'raj@acme.com', 'u-raj'],
    ],
    // Last seen first: Kim (browser, 2 Dec 11:00) stays an id, Raj (10:00), Jane (09:00).
    // Usage counts track calls, not identify or group: Jane tracked on 1 and 2 Dec, Raj once.
    users: [
      ['u-kim', null, 1, 1],
      ['Raj Patel', 'raj@acme.com', 1, 1],
      ['Jane Doe', 'jane@acme.com', 2, 2],
    ],
  };

  test('the account first, then the events: the ingest call makes the contacts', async () => {
    const { admin, sendAll, createAcme } = await world('Account first');
    const acme = await createAcme();
    await sendAll();
    assert.deepEqual(await seen(admin, acme), expected);
  });

  test('the events first, then the account: the account.created consumer makes the same contacts from the identify traits', async () => {
    const { admin, sendAll, createAcme } = await world('Events first');
    await sendAll();
    const acme = await createAcme();
    // The trigger on accounts attached the waiting events at once, but no person yet.
    assert.deepEqual((await seen(admin, acme)).contacts, []);
    await drainDomainEvents(database.db, [contactsOfNewAccountsConsumer]);
    assert.deepEqual(await seen(admin, acme), expected);
  });
});
