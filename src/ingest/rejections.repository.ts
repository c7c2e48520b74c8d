import { sql, type Kysely } from 'kysely';
import type { Database, IngestRejectionKind } from '../db/schema.js';
import type { RejectedMessage } from './ingest.types.js';

type Conn = Kysely<Database>;

/** Rows kept per source: enough to see every fault of a broken release, bounded whatever an SDK sends. */
export const REJECTIONS_KEPT_PER_SOURCE = 200;

export type RejectionsInsert = {
  source: { id: string; workspaceId: string };
  receivedAt: Date;
  endpoint: string | null;
  kind: IngestRejectionKind;
  requestMessages: number;
  rejected: readonly RejectedMessage[];
};

/**
 * Writes the explanations of one refused request and drops the source's rows past the newest
 * REJECTIONS_KEPT_PER_SOURCE, in the caller's transaction (the refusal's counters commit with them).
 */
export async function insertRejections(db: Conn, options: RejectionsInsert): Promise<void> {
  if (!options.rejected.length) return;
  const { source } = options;
  await db
    .insertInto('ingest_rejections')
    .values(
      options.rejected.map((message) => ({
        workspace_id: source.workspaceId,
        source_id: source.id,
        received_at: options.receivedAt,
        endpoint: options.endpoint,
        kind: options.kind,
        message_index: message.index,
        message_id: message.messageId,
        message_type: message.type,
        event_name: message.event,
        user_key: message.userKey,
        reason: message.reason.slice(0, 2000),
        issues: JSON.stringify(message.issues.slice(0, 20)),
        request_messages: options.requestMessages,
        excerpt: message.excerpt,
      })),
    )
    .execute();
  await sql`
    delete from ingest_rejections
    where source_id = ${source.id} and workspace_id = ${source.workspaceId}
      and id <= (select id from ingest_rejections where source_id = ${source.id}
                 order by id desc offset ${REJECTIONS_KEPT_PER_SOURCE} limit 1)`.execute(db);
}

/** The newest explanations of a source first; `beforeId` pages back. */
export async function findRejections(db: Conn, options: { workspaceId: string; sourceId: string; limit: number; beforeId?: string }) {
  let query = db
    .selectFrom('ingest_rejections')
    .selectAll()
    .where('workspace_id', '=', options.workspaceId)
    .where('source_id', '=', options.sourceId)
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  return query.execute();
}
