/** One user's progress as the funnel reads it: when it first reached each step (null: not yet), where it is stuck now. */
export type FunnelUser = { reachedAt: (Date | null)[]; stuckStep: number | null };

export type FunnelStepFigures = {
  users: number;
  conversionFromPrevious: number | null;
  conversionFromStart: number | null;
  medianMinutesFromPrevious: number | null;
  stuck: number;
};

/** The median of the values, or null for none (the mean of the middle two for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * A flow's funnel over users who entered it in the period (the caller passes only those). Pure.
 * A user counts at a step when it reached that step and every step before it (a strict,
 * ordered funnel, so each step's count is at most the previous one's). The time between two
 * steps is from first reaching the previous to first reaching this one, in minutes, over the
 * users counted at this step (never below zero: an event sent late does not travel back).
 * `stuck` counts the period's users stuck at the step now, wherever they got to before.
 *
 * @example
 *   computeFunnel(3, [{ reachedAt: [t0, t1, null], stuckStep: 2 }]);
 *   // [{ users: 1, … }, { users: 1, conversionFromPrevious: 1, … }, { users: 0, stuck: 1, … }]
 */
export function computeFunnel(stepCount: number, users: readonly FunnelUser[]): FunnelStepFigures[] {
  const figures: FunnelStepFigures[] = [];
  let counted = users.filter((user) => user.reachedAt[0]);
  const start = counted.length;
  for (let step = 0; step < stepCount; step++) {
    if (step > 0) counted = counted.filter((user) => user.reachedAt[step]);
    const previous = step === 0 ? null : figures[step - 1]!.users;
    const minutes =
      step === 0
        ? []
        : counted.map((user) => Math.max(0, (user.reachedAt[step]!.getTime() - user.reachedAt[step - 1]!.getTime()) / 60_000));
    const middle = median(minutes);
    figures.push({
      users: counted.length,
      conversionFromPrevious: previous === null ? null : ratio(counted.length, previous),
      conversionFromStart: step === 0 ? null : ratio(counted.length, start),
      medianMinutesFromPrevious: middle === null ? null : Math.round(middle * 10) / 10,
      stuck: users.filter((user) => user.stuckStep === step).length,
    });
  }
  return figures;
}
