import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { accountChanges, emitDomainEvents } from '../domain-events/index.js';
import { findStage } from './journey-rules.js';
import { journeyConfigSchema, type Journey, type PutJourneyInput } from './journey.schema.js';
import { findAccountsInStages, renameStageValues, setAccountsStage, upsertJourneyRow } from './journeys.repository.js';
import { loadJourney } from './load-journey.js';
import { recordStageChanges } from './stage-moves.js';

type Conn = Kysely<Database>;

/** The workspace's journey (stages, gates, criteria, milestones); every member may read it. */
export async function getJourney(db: Conn, actor: Actor): Promise<Journey> {
  const { config, isDefault, updatedAt } = await loadJourney(db, actor.workspaceId);
  return { stages: config.stages, isDefault, updatedAt };
}

/**
 * Replaces the journey (admins). A stage keeps its identity by `key`: a new name renames it on
 * every account and in the history; a stage left out that still holds accounts needs an entry
 * in `stageMapping` naming where they go (recorded as stage changes, reason "stage removed").
 * Mapping into a gated stage is refused: the gate asks for facts account by account.
 */
export async function putJourney(db: Conn, actor: Actor, input: PutJourneyInput, now: Date): Promise<Journey> {
  assertCanAdministerOrThrow(actor);
  const parsed = journeyConfigSchema.safeParse({ stages: input.stages });
  if (!parsed.success) throw invalid(`Invalid journey: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const next = parsed.data;
  return inTransaction(db, async (trx) => {
    const previous = await loadJourney(trx, actor.workspaceId);
    const renames: { from: string; to: string }[] = [];
    const removed: string[] = [];
    for (const stage of previous.config.stages) {
      const kept = next.stages.find((s) => s.key === stage.key);
      if (!kept) removed.push(stage.name);
      else if (kept.name !== stage.name) renames.push({ from: stage.name, to: kept.name });
    }
    const inRemoved = await findAccountsInStages(trx, actor.workspaceId, removed);
    const moves = new Map<string, string>();
    const issues = [];
    for (const name of new Set(inRemoved.map((a) => a.lifecycle_stage!))) {
      const target = findStage(next, input.stageMapping[name]);
      if (!target) issues.push({ path: `stageMapping.${name}`, message: `accounts are in "${name}": name the stage they move to` });
      else if (target.requiredFacts.length) issues.push({ path: `stageMapping.${name}`, message: `"${target.name}" has a gate; move these accounts to a stage without one` });
      else moves.set(name, target.name);
    }
    if (issues.length) throw invalid(`Removed stages still hold accounts: ${issues.map((i) => i.message).join('; ')}`, issues);
    // Two steps so that swapped names (A↔B) never meet.
    for (const [index, r] of renames.entries()) await renameStageValues(trx, actor.workspaceId, r.from, `\u2060renaming ${index}\u2060`);
    for (const [index, r] of renames.entries()) await renameStageValues(trx, actor.workspaceId, `\u2060renaming ${index}\u2060`, r.to);
    for (const [from, to] of moves) {
      const ids = inRemoved.filter((a) => a.lifecycle_stage === from).map((a) => a.id);
      await setAccountsStage(trx, actor.workspaceId, ids, to, now);
    }
    await upsertJourneyRow(trx, { workspaceId: actor.workspaceId, config: next, userId: actor.userId, now });
    const changes = inRemoved.map((a) => ({ accountId: a.id, from: a.lifecycle_stage, to: moves.get(a.lifecycle_stage!)! }));
    await recordStageChanges(
      trx,
      actor,
      changes.map((c) => ({ ...c, reason: `Stage "${c.from}" removed from the journey`, source: 'journey' as const })),
      now,
    );
    await emitDomainEvents(trx, [
      ...changes.map((c) => ({ type: 'account.updated' as const, workspaceId: actor.workspaceId, accountId: c.accountId, payload: { changed: accountChanges({ lifecycleStage: c.from }, { lifecycleStage: c.to })! } })),
    ]);
    await recordAudit(trx, actor, { action: 'update', entityType: 'journey', entityId: actor.workspaceId, before: previous.config, after: next });
    return { stages: next.stages, isDefault: false, updatedAt: now };
  });
}
