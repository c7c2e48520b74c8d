import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { compareBands, type ScoredPair } from './band-shift.js';
import { loadHealthConfig } from './health-config.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { findAccountIds } from './health.repository.js';
import { findAccountLabels } from './portfolio.repository.js';
import type { ScorecardPreview } from './portfolio.schema.js';
import { RECOMPUTE_CHUNK, scoreFacts } from './recompute-health.js';
import { healthConfigSchema } from './scorecard-config.js';

type Conn = Kysely<Database>;

const CHANGED_LISTED = 100;

/**
 * How the portfolio's bands would shift under a draft of the scorecards, before anyone
 * saves it (leaders and admins, who may save). Today's measure readings are read once, in
 * the recompute's set-based chunks, and scored twice with the pure scoring: with the
 * scorecards in force and with the draft, so every difference comes from the draft alone.
 * Nothing is written. Churned accounts are left out, as in the portfolio.
 *
 * @example
 *   const preview = await previewHealthConfig(db, actor, { ...config, bands: { green: 90, yellow: 75 } }, clock);
 *   preview.transitions // → [{ from: 'green', to: 'yellow', accounts: 12 }, …]
 */
export async function previewHealthConfig(db: Conn, actor: Actor, input: unknown, clock: Clock = systemClock): Promise<ScorecardPreview> {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('preview health scorecards');
  const parsed = healthConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'The scorecard configuration is not valid',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const workspaceId = actor.workspaceId;
  const asOf = clock.now().toISOString().slice(0, 10);
  const { config } = await loadHealthConfig(db, workspaceId);
  const ids = await findAccountIds(db, workspaceId);
  const pairs: Array<ScoredPair & { arr: number }> = [];
  for (let start = 0; start < ids.length; start += RECOMPUTE_CHUNK) {
    const chunk = ids.length > RECOMPUTE_CHUNK ? ids.slice(start, start + RECOMPUTE_CHUNK) : undefined;
    for (const facts of await findMeasureFacts(db, { workspaceId, asOf, accountIds: chunk })) {
      if (facts.lifecycle_stage === 'Churned') continue;
      const before = scoreFacts(config, facts, asOf);
      const after = scoreFacts(parsed.data, facts, asOf);
      pairs.push({ accountId: facts.account_id, arr: facts.arr, before: { score: before.score, band: before.band }, after: { score: after.score, band: after.band } });
    }
  }
  const shift = compareBands(pairs);
  const listed = (shift.changed as typeof pairs).sort((a, b) => b.arr - a.arr || a.accountId.localeCompare(b.accountId)).slice(0, CHANGED_LISTED);
  const labels = new Map((await findAccountLabels(db, workspaceId, listed.map((pair) => pair.accountId))).map((row) => [row.id, row]));
  return {
    asOf,
    accounts: pairs.length,
    bands: shift.bands,
    transitions: shift.transitions,
    changedTotal: shift.changed.length,
    changed: listed.map((pair) => ({
      accountId: pair.accountId,
      name: labels.get(pair.accountId)?.name ?? '',
      ownerName: labels.get(pair.accountId)?.owner_name ?? null,
      arr: pair.arr,
      scoreBefore: pair.before.score,
      bandBefore: pair.before.band,
      scoreAfter: pair.after.score,
      bandAfter: pair.after.band,
    })),
  };
}
