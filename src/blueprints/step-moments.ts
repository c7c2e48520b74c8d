import type { BlueprintStep, StepMomentCounts } from './blueprints.schema.js';

export type MomentKindCount = { kind: string; outcome: 'positive' | 'neutral' | 'negative'; count: number };

/**
 * Moments of truth per step, pure: each (kind, outcome) count goes to the step that lists the
 * kind (a kind belongs to at most one step of a blueprint: check-blueprint.ts). Every step
 * gets a row, zeros included, in the steps' order.
 */
export function countStepMoments(steps: ReadonlyArray<Pick<BlueprintStep, 'id' | 'momentKinds'>>, counts: readonly MomentKindCount[]): StepMomentCounts[] {
  const stepOfKind = new Map(steps.flatMap((step) => step.momentKinds.map((kind) => [kind, step.id] as const)));
  const rows = new Map(steps.map((step) => [step.id, { stepId: step.id, positive: 0, neutral: 0, negative: 0, total: 0 }]));
  for (const { kind, outcome, count } of counts) {
    const stepId = stepOfKind.get(kind);
    if (stepId === undefined) continue;
    const row = rows.get(stepId)!;
    row[outcome] += count;
    row.total += count;
  }
  return [...rows.values()];
}
