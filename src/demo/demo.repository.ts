import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;
type Rows<T extends keyof Database> = Insertable<Database[T]>[];

// Bulk writes for the demo loader: one multi-row INSERT per chunk is ~10× faster than a
// row at a time on both PGlite and PostgreSQL (see shared/STACK.md).
const CHUNK = 500;

export async function insertInChunks<T extends keyof Database & string>(db: Conn, table: T, rows: Rows<T>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    // Kysely cannot narrow a generic table name's row type; the caller's Rows<T> is checked.
    await db.insertInto(table).values(rows.slice(start, start + CHUNK) as never).execute();
    // Between statements, the server's loading page gets its turn (see load-demo-world.ts).
    for (let turn = 0; turn < 16; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Links child accounts to their parents in one statement (the parents must exist). */
export async function setParentAccounts(db: Conn, options: { workspaceId: string; links: { id: string; parentId: string }[] }): Promise<void> {
  const { workspaceId, links } = options;
  if (links.length === 0) return;
  await sql`update accounts a set parent_id = l.parent_id
    from unnest(${links.map((link) => link.id)}::uuid[], ${links.map((link) => link.parentId)}::uuid[]) as l(id, parent_id)
    where a.workspace_id = ${workspaceId} and a.id = l.id`.execute(db);
}

/** The hidden truth of a loaded world (migration 0007); written once per load. */
export async function insertGroundTruth(db: Conn, options: { rows: Rows<'demo_ground_truth'> }): Promise<void> {
  await insertInChunks(db, 'demo_ground_truth', options.rows);
}

/** For tests and benchmarks only: product features must never call this. */
export async function findGroundTruth(db: Conn, workspaceId: string) {
  return db.selectFrom('demo_ground_truth').selectAll().where('workspace_id', '=', workspaceId).orderBy('account_id').execute();
}
