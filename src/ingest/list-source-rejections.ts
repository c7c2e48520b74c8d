import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import type { SourceRejections, SourceRejectionsQuery } from './ingest.schema.js';
import { findRejections, REJECTIONS_KEPT_PER_SOURCE } from './rejections.repository.js';
import { getSourceOrThrow } from './sources.js';

/**
 * Why a source's refused messages were refused, newest first (issue 15 item 9). Admins only:
 * an excerpt shows the message as sent, which may hold a customer's personal data. Another
 * workspace's source is NotFound.
 *
 * @example
 *   const { data } = await listSourceRejections(db, admin, sourceId, { limit: 50 });
 *   data[0].reason; // "event is required for track calls"
 */
export async function listSourceRejections(
  db: Kysely<Database>,
  actor: Actor,
  sourceId: string,
  query: SourceRejectionsQuery,
): Promise<SourceRejections> {
  assertCanAdministerOrThrow(actor);
  await getSourceOrThrow(db, actor, sourceId);
  const rows = await findRejections(db, { workspaceId: actor.workspaceId, sourceId, limit: query.limit + 1, beforeId: query.before });
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((row) => ({
      id: String(row.id),
      receivedAt: new Date(row.received_at),
      endpoint: row.endpoint,
      kind: row.kind,
      messageIndex: row.message_index,
      messageId: row.message_id,
      messageType: row.message_type,
      event: row.event_name,
      userKey: row.user_key,
      reason: row.reason,
      issues: row.issues,
      requestMessages: row.request_messages,
      excerpt: row.excerpt,
    })),
    nextBefore: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
    keptPerSource: REJECTIONS_KEPT_PER_SOURCE,
  };
}
