import type { Kysely } from 'kysely';

/**
 * Runs `work` in a transaction: the caller's when `db` already is one, a new one otherwise.
 * Use cases use it so a bulk caller (imports) can run many of them inside one transaction
 * that commits or rolls back as a whole; Kysely refuses `transaction()` on a transaction.
 *
 * @example
 *   return inTransaction(db, async (trx) => { await insertThing(trx, values); });
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
