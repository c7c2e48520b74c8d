import type { Kysely } from 'kysely';
import type { Database, InteractionKind, TimelineTone } from '../db/schema.js';

type Conn = Kysely<Database>;

export type NewInteraction = {
  workspaceId: string;
  accountId: string;
  kind: InteractionKind;
  occurredAt: Date;
  subject: string;
  outcome: string | null;
  sentiment: TimelineTone;
  notes: string | null;
  loggedBy: string | null;
  contactIds: string[];
  userIds: string[];
};

/** The interaction and its attendees, in the caller's transaction. */
export async function insertInteraction(db: Conn, interaction: NewInteraction): Promise<{ id: string }> {
  const row = await db
    .insertInto('interactions')
    .values({
      workspace_id: interaction.workspaceId,
      account_id: interaction.accountId,
      kind: interaction.kind,
      occurred_at: interaction.occurredAt,
      subject: interaction.subject,
      outcome: interaction.outcome,
      sentiment: interaction.sentiment,
      notes: interaction.notes,
      logged_by: interaction.loggedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const attendees = [
    ...interaction.contactIds.map((contactId) => ({ contact_id: contactId, user_id: null })),
    ...interaction.userIds.map((userId) => ({ contact_id: null, user_id: userId })),
  ];
  if (attendees.length) {
    await db
      .insertInto('interaction_attendees')
      .values(attendees.map((a) => ({ ...a, workspace_id: interaction.workspaceId, interaction_id: row.id })))
      .execute();
  }
  return row;
}

export async function findInteractionRows(db: Conn, query: { workspaceId: string; accountId: string; id?: string }) {
  let select = db
    .selectFrom('interactions')
    .selectAll()
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', '=', query.accountId);
  if (query.id) select = select.where('id', '=', query.id);
  return select.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(500).execute();
}

export async function findAttendeeRows(db: Conn, workspaceId: string, interactionIds: string[]) {
  if (interactionIds.length === 0) return [];
  return db
    .selectFrom('interaction_attendees')
    .select(['interaction_id', 'contact_id', 'user_id'])
    .where('workspace_id', '=', workspaceId)
    .where('interaction_id', 'in', interactionIds)
    .execute();
}

/** The latest occurred_at per account, for "days since the last CSM touch". */
export async function findLastInteractionRows(db: Conn, workspaceId: string, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('interactions')
    .select(['account_id', (eb) => eb.fn.max('occurred_at').as('last_at')])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .groupBy('account_id')
    .execute();
}
