import { sql, type Kysely } from 'kysely';

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

/**
 * Runs `work` in a transaction planned with hash joins rather than nested loops, then puts
 * the planner back. For set-based reads over many accounts: without statistics (PGlite runs
 * no autovacuum, and a bulk load leaves none) the planner guesses one row per input and
 * nest-loops grouped scans, which is quadratic. JIT goes off too: turning nested loops off
 * adds 10^10 to the cost of any plan that keeps one, which crosses PostgreSQL's
 * `jit_above_cost` and made it compile every such statement (1.3 s of JIT for a 30-account
 * measure read that runs in 30 ms).
 *
 * @example
 *   const rows = await withHashJoins(db, (trx) => bigGroupedQuery.execute(trx));
 */
export async function withHashJoins<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    await sql`SET LOCAL jit = off`.execute(trx);
    const result = await work(trx);
    await sql`SET LOCAL enable_nestloop = on`.execute(trx);
    await sql`SET LOCAL jit TO DEFAULT`.execute(trx);
    return result;
  });
}
