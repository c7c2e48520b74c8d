import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;
type Owner = { workspaceId: string; userId: string };

const columns = ['id', 'name', 'filters', 'created_at', 'updated_at'] as const;

export async function findSavedViews(db: Conn, { workspaceId, userId }: Owner) {
  return db.selectFrom('saved_views').select(columns).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).orderBy('name').execute();
}

export async function insertSavedView(db: Conn, { workspaceId, userId }: Owner, view: { name: string; filters: object }) {
  return db
    .insertInto('saved_views')
    .values({ workspace_id: workspaceId, user_id: userId, name: view.name, filters: JSON.stringify(view.filters) })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function updateSavedViewRow(db: Conn, { workspaceId, userId }: Owner, id: string, changes: { name?: string; filters?: object }, now: Date) {
  return db
    .updateTable('saved_views')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.filters !== undefined ? { filters: JSON.stringify(changes.filters) } : {}),
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function deleteSavedViewRow(db: Conn, { workspaceId, userId }: Owner, id: string): Promise<boolean> {
  // RETURNING, not numDeletedRows: the PGlite driver does not report affected rows of a delete.
  const rows = await db.deleteFrom('saved_views').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}
