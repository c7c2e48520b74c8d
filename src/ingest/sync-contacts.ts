import type { Kysely } from 'kysely';
import { systemActor } from '../auth/index.js';
import { createContact, deleteContact, getContactOrThrow, updateContact, type Contact } from '../contacts/index.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { contactChangeFromTraits } from './contact-from-traits.js';
import { findLinkedUsers, setUserContactIfUnset } from './identities.repository.js';

type Conn = Kysely<Database>;

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

async function contactOrNull(db: Conn, workspaceId: string, contactId: string | null): Promise<Contact | null> {
  if (!contactId) return null;
  try {
    return await getContactOrThrow(db, systemActor(workspaceId), contactId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Makes identified users of known accounts into contacts, through the contacts module so
 * each change is audited and told on the account timeline like one made by hand. Runs
 * after the events are committed (contacts' use cases open their own transactions), and
 * is idempotent: a retried request finds the contact made the first time.
 *
 * @example
 *   await syncContacts(db, { workspaceId, identifiedUserKeys: ['u1'], groupedUserKeys: [] });
 */
export async function syncContacts(db: Conn, options: SyncContactsOptions): Promise<SyncContactsResult> {
  const { workspaceId } = options;
  const identified = new Set(options.identifiedUserKeys);
  const keys = [...new Set([...options.identifiedUserKeys, ...options.groupedUserKeys])];
  const result: SyncContactsResult = { created: 0, updated: 0, failed: [] };
  const actor = systemActor(workspaceId);
  for (const link of await findLinkedUsers(db, workspaceId, keys)) {
    try {
      const existing = await contactOrNull(db, workspaceId, link.contact_id);
      if (existing && !identified.has(link.user_key)) continue;
      const change = contactChangeFromTraits({ userKey: link.user_key, traits: link.traits, existing });
      if (!change) continue;
      if (change.kind === 'update') {
        await updateContact(db, actor, existing!.id, change.input);
        result.updated += 1;
        continue;
      }
      const contact = await createContact(db, actor, link.account_id!, change.input);
      if (await setUserContactIfUnset(db, { workspaceId, userKey: link.user_key, contactId: contact.id })) {
        result.created += 1;
      } else {
        // A concurrent request made this user's contact first; keep one.
        await deleteContact(db, actor, contact.id);
      }
    } catch (error) {
      result.failed.push({ userKey: link.user_key, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
