import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OutboundMessagesTable, OutboundStatus } from '../db/schema.js';

type Conn = Kysely<Database>;

export type OutboundMessageRow = Selectable<OutboundMessagesTable>;

export type NewOutboundMessage = {
  id: string;
  workspaceId: string;
  idempotencyKey: string;
  channel: 'email' | 'webhook';
  accountId: string | null;
  contactId: string | null;
  recipient: string;
  subject: string | null;
  body: string;
  bulk: boolean;
  format: 'json' | 'slack' | null;
  origin: Record<string, unknown>;
  status: OutboundStatus;
  lastError: string | null;
  now: Date;
};

/**
 * Inserts the message unless one with the same (workspace, idempotency key) exists. Returns
 * true when this call inserted it; a concurrent second call waits on the unique index and
 * then inserts nothing.
 */
export async function insertMessageOnce(db: Conn, message: NewOutboundMessage): Promise<boolean> {
  const rows = await db
    .insertInto('outbound_messages')
    .values({
      id: message.id,
      workspace_id: message.workspaceId,
      idempotency_key: message.idempotencyKey,
      channel: message.channel,
      account_id: message.accountId,
      contact_id: message.contactId,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      bulk: message.bulk,
      format: message.format,
      origin: JSON.stringify(message.origin),
      status: message.status,
      last_error: message.lastError,
      created_at: message.now,
      updated_at: message.now,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function findMessageByKey(db: Conn, workspaceId: string, idempotencyKey: string) {
  return db
    .selectFrom('outbound_messages')
    .select(['id', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function findMessage(db: Conn, workspaceId: string, id: string) {
  return db
    .selectFrom('outbound_messages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Takes a message for sending: queued → sending, counting the attempt. Only one caller wins;
 * the mark commits before the send, so a run after a crash mid-send sees `sending`.
 */
export async function claimMessage(db: Conn, workspaceId: string, id: string, from: OutboundStatus[], now: Date) {
  return db
    .updateTable('outbound_messages')
    .set({ status: 'sending', attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export async function setMessageStatus(
  db: Conn,
  workspaceId: string,
  id: string,
  change: { status: OutboundStatus; lastError?: string | null; sentAt?: Date; now: Date },
): Promise<void> {
  await db
    .updateTable('outbound_messages')
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.lastError !== undefined ? { last_error: change.lastError } : {}),
      ...(change.sentAt ? { sent_at: change.sentAt } : {}),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Newest first, keyset on (created_at, id). */
export async function findMessagePage(
  db: Conn,
  query: {
    workspaceId: string;
    accountId?: string;
    status?: OutboundStatus;
    channel?: 'email' | 'webhook';
    after?: { createdAt: string; id: string };
    limit: number;
  },
) {
  let select = db
    .selectFrom('outbound_messages')
    .selectAll()
    .select(sql<string>`created_at::text`.as('created_key'))
    .where('workspace_id', '=', query.workspaceId);
  if (query.accountId) select = select.where('account_id', '=', query.accountId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.channel) select = select.where('channel', '=', query.channel);
  if (query.after) {
    const after = query.after;
    select = select.where(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  }
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function isAddressSuppressed(db: Conn, workspaceId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('outbound_suppressions')
    .select('email')
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/** Returns true when the address was not on the list before. */
export async function insertSuppression(
  db: Conn,
  row: { workspaceId: string; email: string; reason: 'unsubscribed' | 'added'; messageId: string | null; addedBy: string | null; now: Date },
): Promise<boolean> {
  const rows = await db
    .insertInto('outbound_suppressions')
    .values({
      workspace_id: row.workspaceId,
      email: row.email,
      reason: row.reason,
      message_id: row.messageId,
      added_by: row.addedBy,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'email']).doNothing())
    .returning('email')
    .execute();
  return rows.length === 1;
}

/** RETURNING rather than the affected-row count, which PGlite reports as 0 for a plain delete. */
export async function deleteSuppression(db: Conn, workspaceId: string, email: string): Promise<boolean> {
  const rows = await db
    .deleteFrom('outbound_suppressions')
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email)
    .returning('email')
    .execute();
  return rows.length === 1;
}

export async function findSuppressions(db: Conn, workspaceId: string, query: { search?: string; limit: number }) {
  let select = db
    .selectFrom('outbound_suppressions')
    .leftJoin('users', 'users.id', 'outbound_suppressions.added_by')
    .select([
      'outbound_suppressions.email',
      'outbound_suppressions.reason',
      'outbound_suppressions.message_id',
      'outbound_suppressions.created_at',
      'users.name as added_by_name',
    ])
    .where('outbound_suppressions.workspace_id', '=', workspaceId);
  if (query.search) select = select.where('outbound_suppressions.email', 'like', `%${query.search.replace(/[\\%_]/g, '\\$&')}%`);
  return select.orderBy('outbound_suppressions.created_at', 'desc').orderBy('outbound_suppressions.email').limit(query.limit).execute();
}

export async function findSettings(db: Conn, workspaceId: string) {
  return db.selectFrom('outbound_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function upsertSender(
  db: Conn,
  workspaceId: string,
  sender: { name: string | null; address: string | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('outbound_settings')
    .values({ workspace_id: workspaceId, sender_name: sender.name, sender_address: sender.address, updated_at: now })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({ sender_name: sender.name, sender_address: sender.address, updated_at: now }),
    )
    .execute();
}

/** Locks the workspace's settings row (creating it) so two rotations in parallel keep one previous secret. */
export async function lockSettings(db: Conn, workspaceId: string, now: Date) {
  await db
    .insertInto('outbound_settings')
    .values({ workspace_id: workspaceId, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  return db.selectFrom('outbound_settings').selectAll().where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
}

export async function updateSigningSecret(
  db: Conn,
  workspaceId: string,
  change: {
    secret: string | null;
    prefix: string | null;
    createdAt: Date | null;
    previous: string | null;
    previousUntil: Date | null;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable('outbound_settings')
    .set({
      signing_secret: change.secret,
      signing_secret_prefix: change.prefix,
      signing_secret_created_at: change.createdAt,
      previous_signing_secret: change.previous,
      previous_signing_secret_until: change.previousUntil,
      updated_at: change.now,
    })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export async function findAccountInWorkspace(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'owner_id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function findContactInWorkspace(db: Conn, workspaceId: string, contactId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'account_id', 'email', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', contactId)
    .executeTakeFirst();
}

export async function findWorkspaceName(db: Conn, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirst();
  return row?.name;
}
