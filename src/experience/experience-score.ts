/**
 * The running experience score (issue 13 item 2), pure: moments in, a score out, for any day.
 * The model and why each part is there: docs/experience.md.
 *
 * 1. Each moment has a base value: +intensity when positive, −intensity × `negativeWeight`
 *    when negative (a bad moment weighs more than a good one), 0 when neutral.
 * 2. Knock-on: a moment within `knockOnWindowDays` after a negative moment counts
 *    `knockOnMultiplier` times (good or bad: the customer is watching closely now). One
 *    multiplier, however many negatives came before: the effect is "on edge", not compound.
 * 3. Decay: a moment's effect halves every `halfLifeDays`.
 * 4. The balance is the sum of the decayed effects; the score maps it to 0–100 with a logistic
 *    curve, 50 = no net experience, `scale` = the balance at which the score reaches ≈ 73.
 */
export type ExperienceParams = {
  negativeWeight: number;
  halfLifeDays: number;
  knockOnMultiplier: number;
  knockOnWindowDays: number;
  scale: number;
};

/** 3:1 — a bad moment weighs three good ones; 90 days half-life; knock-on ×1.5 for 30 days. */
export const DEFAULT_EXPERIENCE_PARAMS: ExperienceParams = Object.freeze({
  negativeWeight: 3,
  halfLifeDays: 90,
  knockOnMultiplier: 1.5,
  knockOnWindowDays: 30,
  scale: 4,
});

export type ExperienceOutcome = 'positive' | 'neutral' | 'negative';

/** What the model needs of a moment. */
export type ScoredMoment = { occurredAt: Date; outcome: ExperienceOutcome; intensity: number };

export type WeightedMoment<M extends ScoredMoment> = { moment: M; base: number; knockOn: boolean; weight: number };

const DAY_MS = 86_400_000;

/**
 * Each moment's weight before decay, in time order: base value × the knock-on multiplier when
 * a negative moment came strictly earlier within the window.
 *
 * @example
 *   momentWeights([{ occurredAt: d0, outcome: 'negative', intensity: 1 }, { occurredAt: d10, outcome: 'positive', intensity: 2 }], DEFAULT_EXPERIENCE_PARAMS)
 *   // → weights −3 and +3 (2 × 1.5: it came 10 days after a bad moment)
 */
export function momentWeights<M extends ScoredMoment>(moments: readonly M[], params: ExperienceParams): WeightedMoment<M>[] {
  const sorted = [...moments].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const windowMs = params.knockOnWindowDays * DAY_MS;
  let lastNegativeAt: number | null = null;
  return sorted.map((moment) => {
    const at = moment.occurredAt.getTime();
    const base = moment.outcome === 'positive' ? moment.intensity : moment.outcome === 'negative' ? -moment.intensity * params.negativeWeight : 0;
    const knockOn = lastNegativeAt !== null && at > lastNegativeAt && at - lastNegativeAt <= windowMs;
    if (moment.outcome === 'negative') lastNegativeAt = at;
    return { moment, base, knockOn, weight: knockOn ? base * params.knockOnMultiplier : base };
  });
}

/** How much of a moment's weight is left after `ageMs`. */
export function decayFactor(ageMs: number, params: ExperienceParams): number {
  return Math.pow(0.5, ageMs / (params.halfLifeDays * DAY_MS));
}

/** The balance → 0–100 map (logistic; 50 at a zero balance), to one decimal. */
export function scoreFromBalance(balance: number, params: ExperienceParams): number {
  return Math.round((100 / (1 + Math.exp(-balance / params.scale))) * 10) / 10;
}

export type ExperienceAt<M extends ScoredMoment> = {
  score: number;
  balance: number;
  /** Every moment up to `at` with its effect now (weight × decay), largest effect first. */
  contributions: Array<WeightedMoment<M> & { effect: number }>;
};

/**
 * The score as of `at`, from the moments that had happened by then.
 *
 * @example
 *   experienceAt([], new Date(), DEFAULT_EXPERIENCE_PARAMS).score // → 50
 */
export function experienceAt<M extends ScoredMoment>(moments: readonly M[], at: Date, params: ExperienceParams): ExperienceAt<M> {
  const now = at.getTime();
  const contributions = momentWeights(
    moments.filter((m) => m.occurredAt.getTime() <= now),
    params,
  ).map((weighted) => ({ ...weighted, effect: weighted.weight * decayFactor(now - weighted.moment.occurredAt.getTime(), params) }));
  const balance = contributions.reduce((sum, c) => sum + c.effect, 0);
  contributions.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  return { score: scoreFromBalance(balance, params), balance, contributions };
}

/**
 * The score at the end of each UTC day from `from` to `to` (inclusive, `YYYY-MM-DD`), for the
 * history chart. Walks the days once: yesterday's balance decays by a day, today's moments add.
 */
export function dailyExperienceSeries(
  moments: readonly ScoredMoment[],
  range: { from: string; to: string },
  params: ExperienceParams,
): Array<{ day: string; score: number; balance: number }> {
  const weighted = momentWeights(moments, params);
  const series: Array<{ day: string; score: number; balance: number }> = [];
  const endOf = (day: string) => Date.parse(`${day}T00:00:00Z`) + DAY_MS;
  const first = endOf(range.from);
  // The balance at the end of the first day, then a day's decay and that day's moments each step.
  let balance = weighted.filter((w) => w.moment.occurredAt.getTime() < first).reduce((sum, w) => sum + w.weight * decayFactor(first - w.moment.occurredAt.getTime(), params), 0);
  let next = weighted.findIndex((w) => w.moment.occurredAt.getTime() >= first);
  if (next === -1) next = weighted.length;
  const dayDecay = decayFactor(DAY_MS, params);
  for (let end = first; end <= endOf(range.to); end += DAY_MS) {
    if (end !== first) {
      balance *= dayDecay;
      while (next < weighted.length && weighted[next]!.moment.occurredAt.getTime() < end) {
        const w = weighted[next++]!;
        balance += w.weight * decayFactor(end - w.moment.occurredAt.getTime(), params);
      }
    }
    series.push({ day: new Date(end - DAY_MS).toISOString().slice(0, 10), score: scoreFromBalance(balance, params), balance: Math.round(balance * 1000) / 1000 });
  }
  return series;
}
