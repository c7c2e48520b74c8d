import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { countMomentsOfKinds, findMomentsOfKinds } from '../experience/index.js';
import { loadJourney, type LoadedJourney } from '../journeys/index.js';
import { listTeams } from '../teams/index.js';
import { layoutBlueprint } from './blueprint-layout.js';
import type { Blueprint, BlueprintInput, BlueprintView, StepMoment, StepMomentCounts } from './blueprints.schema.js';
import {
  countStepRows,
  deleteBlueprintRow,
  findBlueprintRows,
  findStepRows,
  insertBlueprintRow,
  replaceStepRows,
  updateBlueprintRow,
  type BlueprintRow,
  type StepRow,
} from './blueprints.repository.js';
import { checkBlueprint } from './check-blueprint.js';
import { countStepMoments } from './step-moments.js';

type Conn = Kysely<Database>;

function assertCanEditOrThrow(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('edit service blueprints');
}

const stageOf = (journey: LoadedJourney, key: string | null) => (key === null ? undefined : journey.config.stages.find((stage) => stage.key === key));

function toBlueprint(row: BlueprintRow, steps: StepRow[], journey: LoadedJourney): Blueprint {
  return {
    id: row.id,
    name: row.name,
    stageKey: row.stage_key,
    stageName: stageOf(journey, row.stage_key)?.name ?? null,
    description: row.description,
    steps: steps
      .filter((step) => step.blueprint_id === row.id)
      .map((step) => ({
        id: step.id,
        lane: step.lane,
        column: step.position,
        title: step.title,
        detail: step.detail,
        ownerTeam: step.owner_team,
        target: step.target_amount !== null && step.target_unit !== null ? { amount: step.target_amount, unit: step.target_unit } : null,
        momentKinds: step.moment_kinds,
      })),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The stage names a blueprint's moments may carry: the stage's name and its aliases (older data); null = any stage. */
function momentStages(journey: LoadedJourney, blueprint: Blueprint): string[] | null {
  if (blueprint.stageKey === null) return null;
  const stage = stageOf(journey, blueprint.stageKey);
  return stage ? [stage.name, ...stage.aliases] : [];
}

/**
 * The workspace's blueprints with their stage and step count. Everyone in the workspace reads them.
 *
 * @example
 *   const { data } = await listBlueprints(db, actor);
 */
export async function listBlueprints(db: Conn, actor: Actor) {
  const [rows, counts, journey] = await Promise.all([findBlueprintRows(db, actor.workspaceId), countStepRows(db, actor.workspaceId), loadJourney(db, actor.workspaceId)]);
  return {
    data: rows.map((row) => ({
      id: row.id,
      name: row.name,
      stageKey: row.stage_key,
      stageName: stageOf(journey, row.stage_key)?.name ?? null,
      steps: counts.get(row.id) ?? 0,
      updatedAt: new Date(row.updated_at),
    })),
  };
}

/** One blueprint; another workspace's id is not found. */
export async function getBlueprintOrThrow(db: Conn, actor: Actor, id: string): Promise<Blueprint> {
  const [row] = await findBlueprintRows(db, actor.workspaceId, id);
  if (!row) throw notFound('Blueprint', id);
  return toBlueprint(row, await findStepRows(db, actor.workspaceId, [id]), await loadJourney(db, actor.workspaceId));
}

/** Moments of truth per step: the moments of each step's kinds in the blueprint's stage. */
export async function countBlueprintMoments(db: Conn, actor: Actor, blueprint: Blueprint): Promise<StepMomentCounts[]> {
  const kinds = blueprint.steps.flatMap((step) => step.momentKinds);
  const stages = momentStages(await loadJourney(db, actor.workspaceId), blueprint);
  const counts = kinds.length && stages?.length !== 0 ? await countMomentsOfKinds(db, { workspaceId: actor.workspaceId, kinds, stages }) : [];
  return countStepMoments(blueprint.steps, counts);
}

/**
 * A blueprint as the editor shows it: steps, diagram layout and moments per step.
 *
 * @example
 *   const { blueprint, layout, moments } = await getBlueprintView(db, actor, id);
 */
export async function getBlueprintView(db: Conn, actor: Actor, id: string): Promise<BlueprintView> {
  const blueprint = await getBlueprintOrThrow(db, actor, id);
  return { blueprint, layout: layoutBlueprint(blueprint.steps), moments: await countBlueprintMoments(db, actor, blueprint) };
}

/** The newest moments of truth linked to a blueprint's steps (or one step), with their accounts. */
export async function listBlueprintMoments(db: Conn, actor: Actor, id: string, query: { stepId?: string | undefined; limit: number }): Promise<{ data: StepMoment[] }> {
  const blueprint = await getBlueprintOrThrow(db, actor, id);
  const steps = query.stepId ? blueprint.steps.filter((step) => step.id === query.stepId) : blueprint.steps;
  if (query.stepId && steps.length === 0) throw notFound('Blueprint step', query.stepId);
  const stepOfKind = new Map(steps.flatMap((step) => step.momentKinds.map((kind) => [kind, step.id] as const)));
  const stages = momentStages(await loadJourney(db, actor.workspaceId), blueprint);
  if (stepOfKind.size === 0 || stages?.length === 0) return { data: [] };
  const moments = await findMomentsOfKinds(db, { workspaceId: actor.workspaceId, kinds: [...stepOfKind.keys()], stages, limit: query.limit });
  return { data: moments.map(({ id: momentId, ...moment }) => ({ stepId: stepOfKind.get(moment.kind)!, momentId, ...moment })) };
}

async function checkOrThrow(db: Conn, actor: Actor, input: BlueprintInput, options: { id: string | null; stepIds: string[] }): Promise<void> {
  const [journey, teams, others] = await Promise.all([loadJourney(db, actor.workspaceId), listTeams(db, actor), findBlueprintRows(db, actor.workspaceId)]);
  const issues = checkBlueprint(input, { stageKeys: journey.config.stages.map((stage) => stage.key), teamSlugs: teams.map((team) => team.slug), stepIds: options.stepIds });
  if (issues.length) throw invalid(`The blueprint cannot be saved: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, issues);
  const clash = others.find((row) => row.id !== options.id && row.name.toLowerCase() === input.name.toLowerCase());
  if (clash) throw conflict(`A blueprint named "${clash.name}" exists already: choose another name.`);
}

/**
 * Creates a blueprint (leaders and admins); audited.
 *
 * @example
 *   const view = await createBlueprint(db, actor, { name: 'Onboarding', stageKey: 'adoption', description: '', steps: [] }, now);
 */
export async function createBlueprint(db: Conn, actor: Actor, input: BlueprintInput, now: Date): Promise<BlueprintView> {
  assertCanEditOrThrow(actor);
  await checkOrThrow(db, actor, input, { id: null, stepIds: [] });
  const id = await inTransaction(db, async (trx) => {
    const id = await insertBlueprintRow(trx, { workspaceId: actor.workspaceId, name: input.name, stageKey: input.stageKey, description: input.description, createdBy: actor.userId, now });
    await replaceStepRows(trx, actor.workspaceId, id, input.steps);
    await recordAudit(trx, actor, { action: 'create', entityType: 'blueprint', entityId: id, after: input });
    return id;
  });
  return getBlueprintView(db, actor, id);
}

/**
 * Replaces a blueprint's name, stage, description and steps (leaders and admins); steps keep
 * their ids when the body gives them, so their moments stay linked; audited with before/after.
 */
export async function updateBlueprint(db: Conn, actor: Actor, id: string, input: BlueprintInput, now: Date): Promise<BlueprintView> {
  const before = await getBlueprintOrThrow(db, actor, id);
  assertCanEditOrThrow(actor);
  await checkOrThrow(db, actor, input, { id, stepIds: before.steps.map((step) => step.id) });
  await inTransaction(db, async (trx) => {
    await updateBlueprintRow(trx, actor.workspaceId, id, { name: input.name, stageKey: input.stageKey, description: input.description, now });
    await replaceStepRows(trx, actor.workspaceId, id, input.steps);
    await recordAudit(trx, actor, { action: 'update', entityType: 'blueprint', entityId: id, before, after: input });
  });
  return getBlueprintView(db, actor, id);
}

/** Deletes a blueprint and its steps (leaders and admins); audited. */
export async function deleteBlueprint(db: Conn, actor: Actor, id: string): Promise<void> {
  const before = await getBlueprintOrThrow(db, actor, id);
  assertCanEditOrThrow(actor);
  await inTransaction(db, async (trx) => {
    await deleteBlueprintRow(trx, actor.workspaceId, id);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'blueprint', entityId: id, before });
  });
}
