import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ThrottleState } from './login-throttle.js';

type Conn = Kysely<Database>;

/**
 * Locks the counters for `keyHashes` until the caller's transaction ends, creating missing
 * ones first (as already expired, i.e. fresh) so that two processes counting the same new
 * key wait for each other instead of both starting from zero. Locked in key order, so two
 * logins locking the same pair cannot deadlock.
 */
export async function lockLoginThrottles(trx: Conn, keyHashes: string[], now: Date): Promise<Map<string, ThrottleState>> {
  const keys = [...new Set(keyHashes)].sort();
  await trx
    .insertInto('login_throttles')
    .values(keys.map((key_hash) => ({ key_hash, window_started_at: now, expires_at: now })))
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
  const rows = await trx.selectFrom('login_throttles').selectAll().where('key_hash', 'in', keys).orderBy('key_hash').forUpdate().execute();
  return new Map(
    rows.map((row) => [
      row.key_hash,
      { attempts: row.attempts, windowStartedAt: row.window_started_at, lockouts: row.lockouts, lockedUntil: row.locked_until, expiresAt: row.expires_at },
    ]),
  );
}

export async function saveLoginThrottle(trx: Conn, keyHash: string, state: ThrottleState): Promise<void> {
  await trx
    .updateTable('login_throttles')
    .set({
      attempts: state.attempts,
      window_started_at: state.windowStartedAt,
      lockouts: state.lockouts,
      locked_until: state.lockedUntil,
      expires_at: state.expiresAt,
    })
    .where('key_hash', '=', keyHash)
    .execute();
}

export async function deleteLoginThrottle(db: Conn, keyHash: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key_hash', '=', keyHash).execute();
}

/** Deletes up to `batch` counters that have run out; returns how many. */
export async function pruneLoginThrottles(db: Conn, now: Date, batch: number): Promise<number> {
  // RETURNING counts the rows: PGlite's driver reports 0 deleted rows for a plain delete.
  const deleted = await db
    .deleteFrom('login_throttles')
    .where('key_hash', 'in', (eb) => eb.selectFrom('login_throttles').select('key_hash').where('expires_at', '<', now).limit(batch))
    .returning('key_hash')
    .execute();
  return deleted.length;
}
