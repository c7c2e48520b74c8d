import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Runs `work` under a savepoint of the import's transaction: if it throws, what it wrote is
 * undone and the transaction stays usable, so one bad chunk or row does not end the import.
 * The imports module owns no tables; this is the only SQL it writes itself.
 */
export async function withSavepoint<T>(trx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint boomerang_import`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint boomerang_import`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint boomerang_import`.execute(trx);
    await sql`release savepoint boomerang_import`.execute(trx);
    throw error;
  }
}
