import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import { recordAudit, recordAudits } from '../audit/index.js';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents, type NewDomainEvent } from '../domain-events/index.js';
import { addTimelineEntries, addTimelineEntry, type NewTimelineEntry } from '../timeline/index.js';
import { contactTimelineEntries } from './contact-timeline-entries.js';
import {
  deleteContactRow,
  findContactById,
  findContactByIdForUpdate,
  findContactsByAccount,
  findContactsByMatchKeys,
  insertContact,
  insertContacts,
  updateContactRow,
  type ContactMatchKeys,
  type ContactRecord,
  type ContactRowUpdate,
} from './contacts.repository.js';
import type { Contact, CreateContactInput, UpdateContactInput } from './contacts.schema.js';

export * from './contacts.schema.js';

type Conn = Kysely<Database>;

function toContact(row: ContactRecord): Contact {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    title: row.title,
    phone: row.phone,
    role: row.role,
    expertise: row.expertise,
    status: row.status,
    personalWins: row.personal_wins,
    externalIds: row.external_ids,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columnsFrom(input: UpdateContactInput): ContactRowUpdate {
  const columns: ContactRowUpdate = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.email !== undefined) columns.email = input.email ?? null;
  if (input.title !== undefined) columns.title = input.title ?? null;
  if (input.phone !== undefined) columns.phone = input.phone ?? null;
  if (input.role !== undefined) columns.role = input.role ?? null;
  if (input.expertise !== undefined) columns.expertise = input.expertise;
  if (input.status !== undefined) columns.status = input.status;
  if (input.personalWins !== undefined) columns.personal_wins = JSON.stringify(input.personalWins);
  if (input.externalIds !== undefined) columns.external_ids = JSON.stringify(input.externalIds);
  return columns;
}

function timelineEntriesOf(actor: Actor, before: Contact | null, after: Contact): NewTimelineEntry[] {
  return contactTimelineEntries(before, after).map((entry) => ({
    workspaceId: actor.workspaceId,
    accountId: after.accountId,
    ...entry,
    actorUserId: actor.userId,
    subjectType: 'contact',
    subjectId: after.id,
  }));
}

async function tellTimeline(trx: Conn, actor: Actor, before: Contact | null, after: Contact): Promise<void> {
  for (const entry of timelineEntriesOf(actor, before, after)) await addTimelineEntry(trx, entry);
  await emitDomainEvents(trx, contactEventsOf(actor.workspaceId, before, after));
}

/** contact.arrived for a new contact, contact.left when one leaves, contact.role_changed. */
function contactEventsOf(workspaceId: string, before: Contact | null, after: Contact): NewDomainEvent[] {
  const base = { workspaceId, accountId: after.accountId };
  const payload = { contactId: after.id };
  if (!before) return [{ ...base, type: 'contact.arrived', payload }];
  const events: NewDomainEvent[] = [];
  if (before.status !== 'left' && after.status === 'left') events.push({ ...base, type: 'contact.left', payload });
  if (before.role !== after.role)
    events.push({ ...base, type: 'contact.role_changed', payload: { ...payload, role: { before: before.role, after: after.role } } });
  return events;
}

/**
 * The account's contacts, alphabetical. Anyone in the workspace may read them.
 *
 * @example
 *   const contacts = await listAccountContacts(db, actor, accountId);
 */
export async function listAccountContacts(db: Conn, actor: Actor, accountId: string): Promise<Contact[]> {
  await getAccountOrThrow(db, actor, accountId);
  return (await findContactsByAccount(db, actor.workspaceId, accountId)).map(toContact);
}

/** One contact of the caller's workspace, or NotFound. */
export async function getContactOrThrow(db: Conn, actor: Actor, contactId: string): Promise<Contact> {
  const row = await findContactById(db, actor.workspaceId, contactId);
  if (!row) throw notFound('Contact', contactId);
  return toContact(row);
}

/**
 * Adds a stakeholder to an account (needs write access to the account), audited and told
 * on the account's timeline in one transaction.
 *
 * @example
 *   await createContact(db, actor, accountId, { name: 'Jane Doe', role: 'champion', personalWins: ['Promotion to VP'] });
 */
export async function createContact(
  db: Conn,
  actor: Actor,
  accountId: string,
  input: CreateContactInput,
  clock: Clock = systemClock,
): Promise<Contact> {
  await getAccountForWriteOrThrow(db, actor, accountId, clock.now());
  return inTransaction(db, async (trx) => {
    const contact = toContact(
      await insertContact(trx, {
        ...columnsFrom(input),
        name: input.name,
        workspace_id: actor.workspaceId,
        account_id: accountId,
        personal_wins: JSON.stringify(input.personalWins ?? []),
        external_ids: JSON.stringify(input.externalIds ?? {}),
      }),
    );
    await recordAudit(trx, actor, { action: 'create', entityType: 'contact', entityId: contact.id, after: contact });
    await tellTimeline(trx, actor, null, contact);
    return contact;
  });
}

/**
 * Changes a contact (needs write access to its account). A departure or a role change is
 * told on the timeline; a champion leaving is a churn signal (`champion_left`).
 *
 * @example
 *   await updateContact(db, actor, contactId, { status: 'left' });
 */
export async function updateContact(
  db: Conn,
  actor: Actor,
  contactId: string,
  input: UpdateContactInput,
  clock: Clock = systemClock,
): Promise<Contact> {
  return inTransaction(db, async (trx) => {
    const row = await findContactByIdForUpdate(trx, actor.workspaceId, contactId);
    if (!row) throw notFound('Contact', contactId);
    const before = toContact(row);
    const now = clock.now();
    await getAccountForWriteOrThrow(trx, actor, before.accountId, now);
    const after = toContact(
      await updateContactRow(trx, actor.workspaceId, contactId, { ...columnsFrom(input), updated_at: now }),
    );
    await recordAudit(trx, actor, { action: 'update', entityType: 'contact', entityId: contactId, before, after });
    await tellTimeline(trx, actor, before, after);
    return after;
  });
}

/** Removes a contact (needs write access to its account); the audit log keeps its last state. */
export async function deleteContact(db: Conn, actor: Actor, contactId: string, clock: Clock = systemClock): Promise<void> {
  const before = await getContactOrThrow(db, actor, contactId);
  await getAccountForWriteOrThrow(db, actor, before.accountId, clock.now());
  await inTransaction(db, async (trx) => {
    await deleteContactRow(trx, actor.workspaceId, contactId);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'contact', entityId: contactId, before });
  });
}

/**
 * Contacts of the workspace whose email (any case) or id in CRM `system` is among the keys,
 * so an import can match its rows to people. Anyone in the workspace may read them.
 *
 * @example
 *   await findContactsByEmailsOrExternalIds(db, actor, { emails: ['jane@acme.com'], system: 'hubspot', externalIds: ['51'] });
 */
export async function findContactsByEmailsOrExternalIds(db: Conn, actor: Actor, keys: ContactMatchKeys): Promise<Contact[]> {
  return (await findContactsByMatchKeys(db, actor.workspaceId, keys)).map(toContact);
}

/**
 * Adds many contacts with one multi-row insert (imports), audited and told on the timeline
 * as createContact does, in the caller's transaction when given one. Leaders and admins
 * only (they write every account); the caller has checked the accounts exist.
 */
export async function createContactsInBulk(
  db: Conn,
  actor: Actor,
  inputs: (CreateContactInput & { accountId: string })[],
): Promise<Contact[]> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('add contacts in bulk');
  if (inputs.length === 0) return [];
  return inTransaction(db, async (trx) => {
    const contacts = (
      await insertContacts(
        trx,
        inputs.map((input) => ({
          ...columnsFrom(input),
          name: input.name,
          workspace_id: actor.workspaceId,
          account_id: input.accountId,
          personal_wins: JSON.stringify(input.personalWins ?? []),
          external_ids: JSON.stringify(input.externalIds ?? {}),
        })),
      )
    ).map(toContact);
    await recordAudits(trx, actor, contacts.map((contact) => ({ action: 'create', entityType: 'contact', entityId: contact.id, after: contact })));
    await addTimelineEntries(trx, contacts.flatMap((contact) => timelineEntriesOf(actor, null, contact)));
    await emitDomainEvents(trx, contacts.flatMap((contact) => contactEventsOf(actor.workspaceId, null, contact)));
    return contacts;
  });
}
