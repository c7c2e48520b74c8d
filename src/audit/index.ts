import type { Kysely } from 'kysely';
import { assertCanReadAuditLogOrThrow, type Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { findAuditEntries, insertAuditEntries, type AuditEntryInput } from './audit.repository.js';

export type AuditChange = {
  action: 'create' | 'update' | 'delete' | 'revoke' | 'accept' | 'decline';
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Records who changed what. Call it inside the same transaction as the change, so an
 * audit row exists exactly when the change does.
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, change: AuditChange): Promise<void> {
  await recordAudits(db, actor, [change]);
}

/** Like recordAudit for many changes in one statement (imports); same transaction rule. */
export async function recordAudits(db: Kysely<Database>, actor: Actor, changes: AuditChange[]): Promise<void> {
  await insertAuditEntries(
    db,
    changes.map(
      (change): AuditEntryInput => ({
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        actorTokenId: actor.tokenId,
        actorAutomation: actor.automation ?? null,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        before: change.before ?? null,
        after: change.after ?? null,
      }),
    ),
  );
}

export type AuditLogEntry = {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  occurredAt: Date;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorName: string | null;
  /** user: a person (maybe with a token); token: a service token; automation: a job or rule; operator: CLI or first start. */
  actorKind: AuditActorKind;
  /** The job or rule's name when actorKind is automation. */
  actorAutomation: string | null;
};

export const AUDIT_ACTOR_KINDS = ['user', 'token', 'automation', 'operator'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

function actorKindOf(row: { actor_user_id: string | null; actor_token_id: string | null; actor_automation: string | null }): AuditActorKind {
  if (row.actor_automation) return 'automation';
  if (row.actor_user_id) return 'user';
  return row.actor_token_id ? 'token' : 'operator';
}

export type FindAuditLogOptions = {
  entityType?: string;
  entityId?: string;
  actorKind?: AuditActorKind;
  /** Entries on or after this time. */
  from?: Date;
  /** Entries before this time. */
  to?: Date;
  /** Returns entries older than this id: pass the last id of the previous page. */
  cursor?: number;
  limit?: number;
};

export async function findAuditLog(
  db: Kysely<Database>,
  actor: Actor,
  options: FindAuditLogOptions,
): Promise<{ data: AuditLogEntry[]; nextCursor: string | null }> {
  assertCanReadAuditLogOrThrow(actor);
  const limit = options.limit ?? 50;
  const rows = await findAuditEntries(db, {
    workspaceId: actor.workspaceId,
    entityType: options.entityType,
    entityId: options.entityId,
    actorKind: options.actorKind,
    from: options.from,
    to: options.to,
    beforeId: options.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => ({
      id: row.id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before,
      after: row.after,
      occurredAt: row.occurred_at,
      actorUserId: row.actor_user_id,
      actorTokenId: row.actor_token_id,
      actorName: row.actor_name,
      actorKind: actorKindOf(row),
      actorAutomation: row.actor_automation,
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
