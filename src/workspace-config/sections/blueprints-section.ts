import { z } from 'zod';
import {
  BLUEPRINT_LANES,
  blueprintInputSchema,
  blueprintStepInputSchema,
  blueprintToDocument,
  createBlueprint,
  deleteBlueprint,
  getBlueprintOrThrow,
  listBlueprints,
  updateBlueprint,
  type BlueprintInput,
} from '../../blueprints/index.js';
import type { FieldIssue } from '../../core/errors.js';
import { listTeams } from '../../teams/index.js';
import { namedItemsSection } from '../named-items.js';

/** A blueprint in the file: the blueprint export's JSON (the POST body, without ids), owner teams by name. */
export const blueprintItemSchema = blueprintInputSchema.extend({
  steps: z
    .array(
      blueprintStepInputSchema.omit({ id: true }).extend({
        ownerTeam: z.string().trim().min(1).max(80).nullable().default(null).describe('The team that owns the step, by name'),
      }),
    )
    .max(300)
    .default([]),
});
type BlueprintItem = z.infer<typeof blueprintItemSchema>;

/** The workspace's teams both ways: slug by lower-cased name (the file), name by slug (what steps store). */
type Teams = { slugOf: Map<string, string>; nameOf: Map<string, string> };

const cell = (step: { lane: string; column: number }) => `${step.lane}:${step.column}`;
const inLaneOrder = <Step extends { lane: (typeof BLUEPRINT_LANES)[number]; column: number }>(steps: Step[]) =>
  [...steps].sort((a, b) => BLUEPRINT_LANES.indexOf(a.lane) - BLUEPRINT_LANES.indexOf(b.lane) || a.column - b.column);

/** Resolves the owner teams by name; steps in lane then time order so a reordered file compares equal. Pure. */
export function prepareBlueprint(blueprint: BlueprintItem, teams: Teams) {
  const issues: FieldIssue[] = [];
  const steps = blueprint.steps.map((step, index) => {
    if (step.ownerTeam === null) return step;
    const slug = teams.slugOf.get(step.ownerTeam.toLowerCase());
    if (!slug) issues.push({ path: `steps.${index}.ownerTeam`, message: `no team of this workspace is named "${step.ownerTeam}"` });
    return { ...step, ownerTeam: slug ?? null };
  });
  if (issues.length) return { issues };
  const input: BlueprintInput = { ...blueprint, steps: inLaneOrder(steps) };
  return { input, comparable: input };
}

/** Service blueprints: applied after the teams and the journey's stages their steps name. */
export const blueprintsSection = namedItemsSection<BlueprintItem, Teams, BlueprintInput>({
  key: 'blueprints',
  describe: 'service blueprints',
  noun: 'blueprint',
  caseInsensitive: true,
  itemSchema: blueprintItemSchema as unknown as z.ZodType<BlueprintItem>,
  lookups: async (db, actor) => {
    const teams = await listTeams(db, actor);
    return { slugOf: new Map(teams.map((team) => [team.name.toLowerCase(), team.slug])), nameOf: new Map(teams.map((team) => [team.slug, team.name])) };
  },
  list: async (db, actor, teams) => {
    const { data } = await listBlueprints(db, actor);
    return Promise.all(
      data.map(async ({ id, name }) => {
        const document = blueprintToDocument(await getBlueprintOrThrow(db, actor, id));
        // Steps hold their team by id and a team owning steps cannot be deleted, so every slug read here has its team.
        const steps = document.steps.map((step) => ({ ...step, ownerTeam: step.ownerTeam === null ? null : teams.nameOf.get(step.ownerTeam)! }));
        return { id, name, item: { ...document, steps } };
      }),
    );
  },
  prepare: prepareBlueprint,
  create: (trx, actor, input, clock) => createBlueprint(trx, actor, input, clock.now()),
  update: async (trx, actor, id, input, clock) => {
    // A step in the same lane and column keeps its id, so the moments listed at it stay linked.
    const idAt = new Map((await getBlueprintOrThrow(trx, actor, id)).steps.map((step) => [cell(step), step.id]));
    return updateBlueprint(trx, actor, id, { ...input, steps: input.steps.map((step) => {
      const kept = idAt.get(cell(step));
      return kept ? { ...step, id: kept } : step;
    }) }, clock.now());
  },
  remove: (trx, actor, id) => deleteBlueprint(trx, actor, id),
});
