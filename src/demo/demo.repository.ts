import type { Insertable, Kysely } from 'kysely';
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
  }
}
