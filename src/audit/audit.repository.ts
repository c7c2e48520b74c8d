import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type AuditEntryInput = {
  workspaceId: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorAutomation: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export async function insertAuditEntry(db: Kysely<Database>, entry: AuditEntryInput) {
  await insertAuditEntries(db, [entry]);
}

const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** One multi-row INSERT, for bulk writers (imports). */
export async function insertAuditEntries(db: Kysely<Database>, entries: AuditEntryInput[]) {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        workspace_id: entry.workspaceId,
        actor_user_id: entry.actorUserId,
        actor_token_id: entry.actorTokenId,
        actor_automation: entry.actorAutomation,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        before: jsonOrNull(entry.before),
        after: jsonOrNull(entry.after),
      })),
    )
    .execute();
}

export type AuditQuery = {
  workspaceId: string;
  entityType?: string;
  entityId?: string;
  actorKind?: 'user' | 'token' | 'automation' | 'operator';
  /** occurred_at ≥ from and < to. */
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
};

export async function findAuditEntries(db: Kysely<Database>, query: AuditQuery) {
  let select = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.occurred_at',
      'audit_log.actor_user_id',
      'audit_log.actor_token_id',
      'audit_log.actor_automation',
      'users.name as actor_name',
    ])
    .where('audit_log.workspace_id', '=', query.workspaceId);
  if (query.entityType) select = select.where('audit_log.entity_type', '=', query.entityType);
  if (query.entityId) select = select.where('audit_log.entity_id', '=', query.entityId);
  // The same rule as the index's actorKindOf: automation first, then a person, then a service token, else the operator.
  if (query.actorKind === 'automation') select = select.where('audit_log.actor_automation', 'is not', null);
  else if (query.actorKind) {
    select = select.where('audit_log.actor_automation', 'is', null);
    if (query.actorKind === 'user') select = select.where('audit_log.actor_user_id', 'is not', null);
    else {
      select = select.where('audit_log.actor_user_id', 'is', null);
      select = select.where('audit_log.actor_token_id', query.actorKind === 'token' ? 'is not' : 'is', null);
    }
  }
  if (query.from) select = select.where('audit_log.occurred_at', '>=', query.from);
  if (query.to) select = select.where('audit_log.occurred_at', '<', query.to);
  if (query.beforeId !== undefined) select = select.where('audit_log.id', '<', query.beforeId);
  return select.orderBy('audit_log.id', 'desc').limit(query.limit).execute();
}
