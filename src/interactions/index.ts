import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import type { Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { listAccountContacts } from '../contacts/index.js';
import { invalid, notFound, type FieldIssue } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addTimelineEntry, timelineTone } from '../timeline/index.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { listMembers } from '../workspaces/index.js';
import { interactionTimelineText } from './interaction-timeline-entry.js';
import { findAttendeeRows, findInteractionRows, findLastInteractionRows, insertInteraction } from './interactions.repository.js';
import type { Interaction, InteractionInput } from './interactions.schema.js';

export * from './interactions.schema.js';

type Conn = Kysely<Database>;

/** A meeting may be logged a little ahead of the server's clock, never as a plan for later. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Logs a meeting, call or email with an account (needs write access to it): stored with its
 * attendees, audited and told on the timeline with its sentiment as tone, in one transaction.
 * Attendees must be contacts of this account or members of the workspace.
 *
 * @example
 *   await logInteraction(db, actor, accountId, { kind: 'meeting', occurredAt: '2026-12-01T15:00:00Z',
 *     subject: 'QBR', outcome: 'Expanding to the EU team', sentiment: 'positive', contactIds: [janeId], userIds: [] }, clock.now());
 */
export async function logInteraction(db: Conn, actor: Actor, accountId: string, input: InteractionInput, now: Date): Promise<Interaction> {
  await getAccountForWriteOrThrow(db, actor, accountId, now);
  const occurredAt = new Date(input.occurredAt);
  const issues: FieldIssue[] = [];
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) issues.push({ path: 'occurredAt', message: 'is in the future: log an interaction once it has happened' });
  const contacts = new Map((await listAccountContacts(db, actor, accountId)).map((c) => [c.id, c.name]));
  const members = new Map((await listMembers(db, actor)).map((m) => [m.id, m.name]));
  input.contactIds.forEach((id, index) => {
    if (!contacts.has(id)) issues.push({ path: `contactIds.${index}`, message: 'is not a contact of this account' });
  });
  input.userIds.forEach((id, index) => {
    if (!members.has(id)) issues.push({ path: `userIds.${index}`, message: 'is not a member of this workspace' });
  });
  if (issues.length) throw invalid(`The interaction cannot be logged: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);

  const contactIds = [...new Set(input.contactIds)];
  const userIds = [...new Set(input.userIds)];
  return inTransaction(db, async (trx) => {
    const { id } = await insertInteraction(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      kind: input.kind,
      occurredAt,
      subject: input.subject,
      outcome: input.outcome || null,
      sentiment: input.sentiment,
      notes: input.notes || null,
      loggedBy: actor.userId,
      contactIds,
      userIds,
    });
    const [interaction] = await readInteractions(trx, actor, { accountId, id }, { contacts, members });
    await recordAudit(trx, actor, { action: 'create', entityType: 'interaction', entityId: id, after: interaction });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      kind: input.kind,
      ...interactionTimelineText({
        kind: input.kind,
        subject: input.subject,
        attendeeNames: interaction!.attendees.map((a) => a.name),
        outcome: interaction!.outcome,
        notes: interaction!.notes,
      }),
      tone: timelineTone({ of: 'interaction', sentiment: input.sentiment }),
      actorUserId: actor.userId,
      subjectType: 'interaction',
      subjectId: id,
      occurredAt,
    });
    await emitDomainEvents(trx, [
      {
        type: 'interaction.logged',
        workspaceId: actor.workspaceId,
        accountId,
        payload: { interactionId: id, kind: input.kind, occurredAt: occurredAt.toISOString() },
      },
    ]);
    return interaction!;
  });
}

/**
 * The account's logged interactions, newest first (the latest 500). Anyone in the workspace may read them.
 *
 * @example
 *   const interactions = await listAccountInteractions(db, actor, accountId);
 */
export async function listAccountInteractions(db: Conn, actor: Actor, accountId: string): Promise<Interaction[]> {
  await getAccountOrThrow(db, actor, accountId);
  const contacts = new Map((await listAccountContacts(db, actor, accountId)).map((c) => [c.id, c.name]));
  const members = new Map((await listMembers(db, actor)).map((m) => [m.id, m.name]));
  return readInteractions(db, actor, { accountId }, { contacts, members });
}

/**
 * When each account's latest logged interaction happened, for "days since the last CSM touch"
 * (health reads this with notes' created_at). Accounts without one are absent from the map.
 *
 * @example
 *   const last = await findLastInteractionAt(db, workspaceId, [accountId]); // Map { accountId => Date }
 */
export async function findLastInteractionAt(db: Conn, workspaceId: string, accountIds: string[]): Promise<Map<string, Date>> {
  const rows = await findLastInteractionRows(db, workspaceId, accountIds);
  return new Map(rows.map((row) => [row.account_id, new Date(row.last_at as Date | string)]));
}

async function readInteractions(
  db: Conn,
  actor: Actor,
  query: { accountId: string; id?: string },
  names: { contacts: Map<string, string>; members: Map<string, string> },
): Promise<Interaction[]> {
  const rows = await findInteractionRows(db, { workspaceId: actor.workspaceId, ...query });
  if (query.id && rows.length === 0) throw notFound('Interaction', query.id);
  const attendees = await findAttendeeRows(db, actor.workspaceId, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    subject: row.subject,
    outcome: row.outcome,
    sentiment: row.sentiment,
    notes: row.notes,
    loggedBy: row.logged_by ? { id: row.logged_by, name: names.members.get(row.logged_by) ?? 'Former member' } : null,
    attendees: attendees
      .filter((a) => a.interaction_id === row.id)
      .map((a) =>
        a.contact_id
          ? { type: 'contact' as const, id: a.contact_id, name: names.contacts.get(a.contact_id) ?? 'Former contact' }
          : { type: 'user' as const, id: a.user_id!, name: names.members.get(a.user_id!) ?? 'Former member' },
      ),
    createdAt: row.created_at,
  }));
}
