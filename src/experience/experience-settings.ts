import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { findSettingsRow, upsertSettingsRow } from './experience.repository.js';
import { DEFAULT_EXPERIENCE_PARAMS, type ExperienceParams } from './experience-score.js';
import { experienceParamsFrom, experienceParamsSchema, type ExperienceSettings } from './experience.schema.js';

type Conn = Kysely<Database>;

/** The workspace's score parameters (the defaults until someone saves their own). */
export async function loadExperienceParams(db: Conn, workspaceId: string): Promise<{ params: ExperienceParams; updatedAt: Date | null }> {
  const row = await findSettingsRow(db, workspaceId);
  if (!row) return { params: DEFAULT_EXPERIENCE_PARAMS, updatedAt: null };
  return { params: experienceParamsFrom(row.params), updatedAt: row.updated_at };
}

/** Anyone in the workspace may read the parameters (the account page explains the score with them). */
export async function getExperienceSettings(db: Conn, actor: Actor): Promise<ExperienceSettings> {
  const { params, updatedAt } = await loadExperienceParams(db, actor.workspaceId);
  return { params, defaults: DEFAULT_EXPERIENCE_PARAMS, updatedAt };
}

/**
 * Saves the score parameters (leaders and admins), audited; invalid values are refused with
 * the failing fields and change nothing. Scores are computed from moments on read, so they
 * follow at once; health picks them up at its next recompute.
 *
 * @example
 *   await saveExperienceSettings(db, actor, { negativeWeight: 4, halfLifeDays: 60, knockOnMultiplier: 2, knockOnWindowDays: 14, scale: 4 }, now);
 */
export async function saveExperienceSettings(db: Conn, actor: Actor, input: unknown, now: Date): Promise<ExperienceSettings> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('change the experience score settings');
  const parsed = experienceParamsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'params', message: issue.message }));
    throw invalid(`The experience settings are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
  }
  return inTransaction(db, async (trx) => {
    const before = await loadExperienceParams(trx, actor.workspaceId);
    await upsertSettingsRow(trx, { workspaceId: actor.workspaceId, params: parsed.data, updatedBy: actor.userId, now });
    await recordAudit(trx, actor, { action: 'update', entityType: 'experience_settings', entityId: actor.workspaceId, before: before.params, after: parsed.data });
    return { params: parsed.data, defaults: DEFAULT_EXPERIENCE_PARAMS, updatedAt: now };
  });
}
