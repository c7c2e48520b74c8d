import type { FlowStuckReason } from '../db/schema.js';
import type { FlowStep } from './flows.schema.js';

/** A user's record on one step of a flow (absent steps: never attempted). */
export type UserStepRecord = { reachedAt: Date | null; lastAt: Date | null; successes: number; failures: number };

export type ProgressAssessment = {
  /** The first step not reached after the furthest one reached: what the user works on; `steps.length` when done. */
  currentStep: number;
  /** Why the user is stuck at `currentStep` now, or null. */
  stuck: { reason: FlowStuckReason; detail: string } | null;
  /** When the user will count as idle at `currentStep` if nothing happens (in the future), or null. */
  idleAt: Date | null;
};

const EMPTY: UserStepRecord = { reachedAt: null, lastAt: null, successes: 0, failures: 0 };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function minutesText(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/**
 * Where a user stands in a flow and whether it is stuck, as of `now`. Pure.
 *
 * The user works on the step after the furthest one it reached (steps may be skipped; progress
 * never goes back). It is stuck there when, in this order:
 * - it failed that step `maxFailures` times (default 1 when the step defines a failure);
 * - it did the step before more than that step's `maxRepeats` times without getting further;
 * - the step's `idleMinutes` passed since it reached the step before.
 *
 * @example
 *   assessProgress(steps, [{ reachedAt, lastAt, successes: 1, failures: 0 }, { ...EMPTY, failures: 2 }], now);
 *   // { currentStep: 1, stuck: { reason: 'failed', detail: 'Failed “Address entered” 2 times' }, idleAt: null }
 */
export function assessProgress(steps: readonly FlowStep[], records: readonly (UserStepRecord | undefined)[], now: Date): ProgressAssessment {
  let furthest = -1;
  records.forEach((record, index) => {
    if (record && record.successes > 0 && index < steps.length) furthest = Math.max(furthest, index);
  });
  const currentStep = furthest + 1;
  if (currentStep >= steps.length) return { currentStep, stuck: null, idleAt: null };
  const step = steps[currentStep]!;
  const here = records[currentStep] ?? EMPTY;
  if (step.failure && here.failures >= (step.maxFailures ?? 1)) {
    return { currentStep, stuck: { reason: 'failed', detail: `Failed “${step.name}” ${plural(here.failures, 'time')}` }, idleAt: null };
  }
  const previous = currentStep > 0 ? steps[currentStep - 1]! : null;
  const before = currentStep > 0 ? (records[currentStep - 1] ?? EMPTY) : EMPTY;
  if (previous?.maxRepeats !== undefined && before.successes > previous.maxRepeats) {
    return {
      currentStep,
      stuck: { reason: 'repeated', detail: `Did “${previous.name}” ${plural(before.successes, 'time')} without reaching “${step.name}”` },
      idleAt: null,
    };
  }
  if (previous && step.idleMinutes !== undefined && before.reachedAt) {
    const idleAt = new Date(before.reachedAt.getTime() + step.idleMinutes * 60_000);
    if (idleAt.getTime() <= now.getTime()) {
      return {
        currentStep,
        stuck: { reason: 'idle', detail: `Did not reach “${step.name}” within ${minutesText(step.idleMinutes)} of “${previous.name}”` },
        idleAt: null,
      };
    }
    return { currentStep, stuck: null, idleAt };
  }
  return { currentStep, stuck: null, idleAt: null };
}
