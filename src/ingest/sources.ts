import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { assertCanAdministerOrThrow, type Actor } from '../auth/index.js';
import { AppError, conflict, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { CreateSourceInput, UpdateSourceInput } from './ingest.schema.js';
import type { Source, SourceKind, SourceRef, SourceStats } from './ingest.types.js';
import {
  findLiveSourceByKeyHash,
  findSourceById,
  findSourceDays,
  findSources,
  findSourceTotals,
  countRefusal,
  insertSource,
  revokeSourceRow,
  updateSourceKindRow,
  type SourceRecord,
} from './sources.repository.js';
import { newWriteKey, WRITE_KEY_SHOWN_CHARS } from './write-key.js';

type Conn = Kysely<Database>;

const hashWriteKey = (writeKey: string): string => createHash('sha256').update(writeKey).digest('hex');

function toSource(row: SourceRecord): Source {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    writeKeyPrefix: row.write_key_prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastReceivedAt: row.last_received_at ? new Date(row.last_received_at) : null,
    lastRejection:
      row.last_rejected_at && row.last_rejection ? { at: new Date(row.last_rejected_at), reason: row.last_rejection } : null,
  };
}

/**
 * Creates a source and its write key (admin). The key is returned in clear this once;
 * only its SHA-256 is stored. A source is `browser` (untrusted) unless created as `server`.
 *
 * @example
 *   const { writeKey } = await createSource(db, actor, { name: 'Backend', kind: 'server' });
 */
export async function createSource(db: Conn, actor: Actor, input: CreateSourceInput): Promise<{ source: Source; writeKey: string }> {
  assertCanAdministerOrThrow(actor);
  const writeKey = newWriteKey();
  try {
    return await inTransaction(db, async (trx) => {
      const { id } = await insertSource(trx, {
        workspaceId: actor.workspaceId,
        name: input.name,
        kind: input.kind ?? 'browser',
        writeKeyHash: hashWriteKey(writeKey),
        writeKeyPrefix: writeKey.slice(0, WRITE_KEY_SHOWN_CHARS),
      });
      const source = toSource((await findSourceById(trx, actor.workspaceId, id))!);
      await recordAudit(trx, actor, { action: 'create', entityType: 'source', entityId: id, after: source });
      return { source, writeKey };
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') throw conflict(`A source named "${input.name}" exists already; pick another name or revoke that one.`);
    throw error;
  }
}

/** The workspace's sources, live first. Anyone in the workspace may see them (never the keys). */
export async function listSources(db: Conn, actor: Actor): Promise<Source[]> {
  return (await findSources(db, actor.workspaceId)).map(toSource);
}

export async function getSourceOrThrow(db: Conn, actor: Actor, sourceId: string): Promise<Source> {
  const row = await findSourceById(db, actor.workspaceId, sourceId);
  if (!row) throw notFound('Source', sourceId);
  return toSource(row);
}

/**
 * Changes what a source's calls may do (admin), from its next request on. Marking a source
 * `server` says its key never reached a browser; an admin who is unsure revokes the key and
 * creates a server source instead. Audited with before and after.
 */
export async function updateSource(db: Conn, actor: Actor, sourceId: string, input: UpdateSourceInput): Promise<Source> {
  assertCanAdministerOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const before = await findSourceById(trx, actor.workspaceId, sourceId);
    if (!before || !(await updateSourceKindRow(trx, actor.workspaceId, sourceId, input.kind))) throw notFound('Source', sourceId);
    const after = toSource((await findSourceById(trx, actor.workspaceId, sourceId))!);
    await recordAudit(trx, actor, { action: 'update', entityType: 'source', entityId: sourceId, before: toSource(before), after });
    return after;
  });
}

/** Revokes the write key at once (admin): /v1 refuses it from the next request on. Revoking twice is harmless. */
export async function revokeSource(db: Conn, actor: Actor, sourceId: string, now: Date): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await db.transaction().execute(async (trx) => {
    if (!(await revokeSourceRow(trx, actor.workspaceId, sourceId, now))) throw notFound('Source', sourceId);
    await recordAudit(trx, actor, { action: 'revoke', entityType: 'source', entityId: sourceId });
  });
}

/** received/accepted/duplicates/rejected as counted at ingestion, unmatched as it is now, and daily counts for the last `days` days. */
export async function getSourceStatsOrThrow(
  db: Conn,
  actor: Actor,
  sourceId: string,
  options: { days: number; now: Date },
): Promise<SourceStats> {
  await getSourceOrThrow(db, actor, sourceId);
  const since = new Date(options.now.getTime() - (options.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const [totals, days] = await Promise.all([findSourceTotals(db, sourceId), findSourceDays(db, sourceId, since)]);
  return {
    received: Number(totals.received),
    accepted: Number(totals.accepted),
    duplicates: Number(totals.duplicates),
    rejected: Number(totals.rejected),
    unmatched: Number(totals.unmatched),
    lastReceivedAt: totals.last_received_at ? new Date(totals.last_received_at) : null,
    daily: days.map((day) => ({
      day: day.day,
      received: Number(day.received),
      accepted: Number(day.accepted),
      duplicates: Number(day.duplicates),
      rejected: Number(day.rejected),
    })),
  };
}

export type AuthenticatedSource = SourceRef & { name: string };

/** The live source of a write key, or Unauthenticated (unknown, revoked or missing key). */
export async function authenticateWriteKeyOrThrow(db: Conn, writeKey: string | undefined): Promise<AuthenticatedSource> {
  if (!writeKey) {
    throw new AppError('unauthenticated', 'Send the source write key as the HTTP Basic user name (empty password), or as "writeKey" in the body.');
  }
  const row = await findLiveSourceByKeyHash(db, hashWriteKey(writeKey));
  if (!row) throw new AppError('unauthenticated', 'The write key is unknown or revoked.');
  return { id: row.id, workspaceId: row.workspace_id, name: row.name, kind: row.kind satisfies SourceKind };
}

/**
 * Counts a /v1 request of this source that was refused before it could be parsed (a body
 * that is not JSON, a broken or unsupported Content-Encoding, a body too large), so data
 * health sees an SDK that fails on every batch. Refusals of parsed requests are counted by
 * ingestTrackingRequest itself.
 *
 * @example
 *   await recordRejectedRequest(db, { source, receivedAt: now(), reason: 'The body is not valid JSON.' });
 */
export async function recordRejectedRequest(
  db: Conn,
  options: { source: { id: string; workspaceId: string }; receivedAt: Date; reason: string; endpoint?: string | null },
): Promise<void> {
  await countRefusal(db, { ...options, messageCount: 0, kind: 'unreadable' });
}
