import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob } from '../jobs/index.js';
import { fullRecomputeJob } from './full-recompute.js';
import { findLatestConfig, insertConfigVersion } from './health.repository.js';
import { DEFAULT_HEALTH_CONFIG, healthConfigSchema, type HealthConfig } from './scorecard-config.js';

type Conn = Kysely<Database>;

/** The configuration in force and its version; version 0 is the built-in default, never saved. */
export type VersionedHealthConfig = { version: number; config: HealthConfig; updatedAt: Date | null };

/**
 * The workspace's scorecards. Every workspace has them: until someone saves its own, the
 * built-in default (version 0).
 */
export async function loadHealthConfig(db: Conn, workspaceId: string): Promise<VersionedHealthConfig> {
  const row = await findLatestConfig(db, workspaceId);
  if (!row) return { version: 0, config: DEFAULT_HEALTH_CONFIG, updatedAt: null };
  return { version: row.version, config: healthConfigSchema.parse(row.config), updatedAt: row.created_at };
}

/** Anyone in the workspace may read the scorecards (the Health tab explains scores with them). */
export async function getHealthConfig(db: Conn, actor: Actor): Promise<VersionedHealthConfig> {
  return loadHealthConfig(db, actor.workspaceId);
}

/**
 * Saves a new version of the scorecards (leaders and admins), audited. Invalid documents
 * are refused with the failing paths, changing nothing. Every account is scored again with
 * the new version by a job queued in the same transaction.
 *
 * @example
 *   await saveHealthConfig(db, actor, { bands: { green: 75, yellow: 50 }, scorecards: [...] });
 */
export async function saveHealthConfig(db: Conn, actor: Actor, input: unknown, clock: Clock = systemClock): Promise<VersionedHealthConfig> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('change health scorecards');
  const parsed = healthConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'The scorecard configuration is not valid',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return inTransaction(db, async (trx) => {
    const before = await loadHealthConfig(trx, actor.workspaceId);
    const version = before.version + 1;
    const now = clock.now();
    await insertConfigVersion(trx, { workspaceId: actor.workspaceId, version, config: parsed.data, createdBy: actor.userId, now });
    await scheduleJob(trx, fullRecomputeJob(actor.workspaceId, `config-v${version}`), clock);
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'health_scorecards',
      entityId: actor.workspaceId,
      before: { version: before.version },
      after: { version, scorecards: parsed.data.scorecards.map((card) => card.key) },
    });
    return { version, config: parsed.data, updatedAt: now };
  });
}
