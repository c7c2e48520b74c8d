import type { Kysely } from 'kysely';
import { automationActor, type Actor } from '../auth/index.js';
import {
  createContact,
  createContactsInBulk,
  deleteContact,
  getContactOrThrow,
  updateContact,
  type Contact,
} from '../contacts/index.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { accountsGainingMatchKeys, type DomainEventConsumer } from '../domain-events/index.js';
import { contactChangeFromTraits, newContactFromTraits, writtenFieldsOf } from './contact-from-traits.js';
import {
  attachContactToUserEvents,
  findIdentifiedUsersWithoutContact,
  findLinkedUsers,
  lockUsersWithoutContact,
  setUserContactIfUnset,
  setUserContacts,
  setUserContactWritten,
} from './identities.repository.js';
import { inTransaction } from '../db/transaction.js';

type Conn = Kysely<Database>;

/** How contact sync shows in the audit log (`actorAutomation`): work of the system, not of an operator. */
export const CONTACT_SYNC_AUTOMATION = 'ingest.contact-sync';

export type SyncContactsOptions = {
  workspaceId: string;
  /** Users whose traits changed: their contact is created or updated. */
  identifiedUserKeys: string[];
  /** Users who were (re)linked to a group: a contact is created if they have none. */
  groupedUserKeys: string[];
};

export type SyncContactsResult = {
  created: number;
  updated: number;
  /** Per-user failures; the events are stored regardless and the next identify retries. */
  failed: Array<{ userKey: string; reason: string }>;
};

async function contactOrNull(db: Conn, contactId: string | null, actor: Actor): Promise<Contact | null> {
  if (!contactId) return null;
  try {
    return await getContactOrThrow(db, actor, contactId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Makes identified users of known accounts into contacts (only for a trusted source's
 * calls: storeEvents names no users for an untrusted one), through the contacts module so
 * each change is audited and told on the account timeline like one made by hand. Runs
 * after the events are committed (contacts' use cases open their own transactions), and
 * is idempotent: a retried request finds the contact made the first time. Users without a
 * contact (every new user of a group call) get theirs with one bulk insert; changes to
 * existing contacts go one by one.
 *
 * @example
 *   await syncContacts(db, { workspaceId, identifiedUserKeys: ['u1'], groupedUserKeys: [] });
 */
export async function syncContacts(db: Conn, options: SyncContactsOptions): Promise<SyncContactsResult> {
  const { workspaceId } = options;
  const identified = new Set(options.identifiedUserKeys);
  const keys = [...new Set([...options.identifiedUserKeys, ...options.groupedUserKeys])];
  const result: SyncContactsResult = { created: 0, updated: 0, failed: [] };
  const actor = automationActor(workspaceId, CONTACT_SYNC_AUTOMATION);
  const links = await findLinkedUsers(db, workspaceId, keys);

  const newcomers = links.filter((link) => !link.contact_id);
  try {
    result.created += await createContactsOfUsers(db, workspaceId, newcomers.map((link) => link.user_key));
  } catch {
    // One bad user (an account deleted meanwhile, say) must not cost the others their
    // contact: the batch rolled back, so each is tried alone and failures are reported.
    for (const link of newcomers) await syncUser(db, actor, link, identified, result);
  }
  // A grouped user who has a contact keeps it as it is; identify traits may change the
  // fields ingestion gave a contact it created (contactChangeFromTraits), nothing else.
  for (const link of links) {
    if (link.contact_id && identified.has(link.user_key)) await syncUser(db, actor, link, identified, result);
  }
  return result;
}

/** Creates the contacts of users who have none yet, in one transaction; returns how many. */
async function createContactsOfUsers(db: Conn, workspaceId: string, userKeys: string[]): Promise<number> {
  if (userKeys.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    const users = await lockUsersWithoutContact(trx, workspaceId, userKeys);
    const inputs = users.map((user) => ({ ...newContactFromTraits(user.user_key, user.traits), accountId: user.account_id! }));
    // Returned in input order, as a multi-row insert returns its rows.
    const contacts = await createContactsInBulk(trx, automationActor(workspaceId, CONTACT_SYNC_AUTOMATION), inputs);
    await setUserContacts(
      trx,
      workspaceId,
      users.map((user, index) => ({ userKey: user.user_key, contactId: contacts[index]!.id, written: writtenFieldsOf(inputs[index]!) })),
    );
    await attachContactToUserEvents(trx, workspaceId, users.map((user) => user.user_key));
    return contacts.length;
  });
}

type LinkedUser = Awaited<ReturnType<typeof findLinkedUsers>>[number];

async function syncUser(db: Conn, actor: Actor, link: LinkedUser, identified: Set<string>, result: SyncContactsResult) {
  try {
    const existing = await contactOrNull(db, link.contact_id, actor);
    if (existing && !identified.has(link.user_key)) return;
    const change = contactChangeFromTraits({ userKey: link.user_key, traits: link.traits, existing, written: link.contact_written });
    if (!change) return;
    const { workspaceId } = actor;
    if (change.kind === 'update') {
      await inTransaction(db, async (trx) => {
        await updateContact(trx, actor, existing!.id, change.input);
        await setUserContactWritten(trx, { workspaceId, userKey: link.user_key, written: change.written });
      });
      result.updated += 1;
      return;
    }
    const contact = await createContact(db, actor, link.account_id!, change.input);
    if (await setUserContactIfUnset(db, { workspaceId, userKey: link.user_key, contactId: contact.id, written: change.written })) {
      await attachContactToUserEvents(db, workspaceId, [link.user_key]);
      result.created += 1;
    } else {
      // A concurrent request made this user's contact first; keep one.
      await deleteContact(db, actor, contact.id);
    }
  } catch (error) {
    result.failed.push({ userKey: link.user_key, reason: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Domain event consumer `ingest.contacts-of-new-accounts`: users identified before their
 * account existed (the group named an external id or domain no account had yet) were linked
 * to it by the trigger on `accounts` when it appeared, but no ingest call followed to make
 * their contacts. On `account.created`, or `account.updated` that changed a domain or the
 * external ids, those users get their contacts from the identify traits, as if the account
 * had been there first; their events get the contact too, so usage lists the person.
 * Whoever made the account (API, import, a later sync). Users of untrusted sources have no
 * traits kept, so they get no contact here either.
 */
export const contactsOfNewAccountsConsumer: DomainEventConsumer = {
  name: 'ingest.contacts-of-new-accounts',
  eventTypes: ['account.created', 'account.updated'],
  async handle(trx, events) {
    for (const [workspaceId, accountIds] of accountsGainingMatchKeys(events)) {
      await createContactsOfUsers(trx, workspaceId, await findIdentifiedUsersWithoutContact(trx, workspaceId, accountIds));
    }
  },
};
