import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import { getJourney, journeyConfigSchema, putJourney, type Stage } from '../../journeys/index.js';
import type { ConfigSection } from '../config-sections.js';
import { canonical, zodIssues } from '../named-items.js';

/**
 * The journey in the file: the stages in order (each keeps its identity by `key`, with its
 * gate, criteria and milestones), and for stages removed with `prune: true` that still hold
 * accounts, `stageMapping` naming where they go.
 */
const journeyFileSchema = z.strictObject({
  prune: z.boolean().default(false).describe('true: stages in force but not in the file are removed'),
  stages: z.unknown(),
  stageMapping: z.record(z.string().max(100), z.string().max(100)).default({}),
});

/**
 * Stage keys in force that the file leaves out. The journey is one ordered list, so a stage left
 * out cannot simply stay where it was: without `prune: true` the file is refused, naming each.
 */
export function missingStages(inForce: readonly Stage[], file: readonly Stage[]): Stage[] {
  return inForce.filter((stage) => !file.some((kept) => kept.key === stage.key));
}

/** The journey: applied before the hand-off rules and playbooks whose triggers name a stage. */
export const journeySection: ConfigSection = {
  key: 'journey',
  describe: 'lifecycle journey: stages, gates, milestones',
  read: async (db, actor) => ({ prune: false, stages: (await getJourney(db, actor)).stages }),
  apply: async (trx, actor, value, clock) => {
    const file = journeyFileSchema.safeParse(value);
    if (!file.success) throw invalid('The journey is not valid', zodIssues(file.error, ''));
    const next = journeyConfigSchema.safeParse({ stages: file.data.stages });
    if (!next.success) throw invalid('The journey is not valid', zodIssues(next.error, ''));
    const current = await getJourney(trx, actor);
    if (canonical(next.data.stages) === canonical(journeyConfigSchema.parse({ stages: current.stages }).stages)) return 'unchanged';
    const missing = missingStages(current.stages, next.data.stages);
    if (missing.length && !file.data.prune) {
      throw invalid(
        `Stages in force are missing from the file: ${missing.map((stage) => stage.key).join(', ')}. Add them back, or set \`prune: true\` to remove them`,
        missing.map((stage) => ({ path: 'stages', message: `stage "${stage.key}" (${stage.name}) is missing` })),
      );
    }
    await putJourney(trx, actor, { stages: next.data.stages, stageMapping: file.data.stageMapping }, clock.now());
    return 'changed';
  },
  diffView: (value) => {
    const stages = (value as { stages?: Stage[] } | undefined)?.stages ?? [];
    return { '(order)': stages.map((stage) => stage.key), ...Object.fromEntries(stages.map(({ key, milestones, ...rest }) => [key, { ...rest, milestones: Object.fromEntries(milestones.map(({ key: at, ...m }) => [at, m])) }])) };
  },
};
