import type { FieldIssue } from '../core/errors.js';
import { LANE_LABELS, type BlueprintInput } from './blueprints.schema.js';

export type CheckBlueprintOptions = {
  /** The journey's stage keys (a blueprint names its stage by key, so a rename keeps it). */
  stageKeys: readonly string[];
  /** The workspace's team slugs. */
  teamSlugs: readonly string[];
  /** Ids of the steps the blueprint has now (none for a new blueprint): only these may be kept. */
  stepIds: readonly string[];
};

/**
 * What is wrong with a blueprint, field by field, pure: a stage or team that does not exist,
 * two steps in one lane at one moment, a moment kind claimed by two steps (a moment happens
 * at one step), a step id that is not one of this blueprint's.
 */
export function checkBlueprint(input: BlueprintInput, options: CheckBlueprintOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.stageKey !== null && !options.stageKeys.includes(input.stageKey)) {
    issues.push({ path: 'stageKey', message: `names no stage of the journey (stages: ${options.stageKeys.join(', ')})` });
  }
  const cells = new Map<string, number>();
  const kinds = new Map<string, number>();
  const ids = new Set<string>();
  input.steps.forEach((step, index) => {
    const at = `steps.${index}`;
    const cell = `${step.lane}:${step.column}`;
    const taken = cells.get(cell);
    if (taken !== undefined) issues.push({ path: `${at}.column`, message: `${LANE_LABELS[step.lane]} already has step ${taken + 1} ("${input.steps[taken]!.title}") at column ${step.column}` });
    else cells.set(cell, index);
    if (step.ownerTeam !== null && !options.teamSlugs.includes(step.ownerTeam)) {
      issues.push({ path: `${at}.ownerTeam`, message: `names no team (teams: ${options.teamSlugs.join(', ')})` });
    }
    for (const kind of new Set(step.momentKinds)) {
      const other = kinds.get(kind);
      if (other !== undefined) issues.push({ path: `${at}.momentKinds`, message: `"${kind}" is already linked to step ${other + 1} ("${input.steps[other]!.title}"): a moment happens at one step` });
      else kinds.set(kind, index);
    }
    if (step.id !== undefined) {
      if (!options.stepIds.includes(step.id)) issues.push({ path: `${at}.id`, message: 'is not a step of this blueprint: leave it out for a new step' });
      else if (ids.has(step.id)) issues.push({ path: `${at}.id`, message: 'is given twice' });
      ids.add(step.id);
    }
  });
  return issues;
}
