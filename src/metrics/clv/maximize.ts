// fmin is pinned at 0.0.2 on purpose: 0.0.4 declares "type": "module" over a UMD build, so
// it exports nothing under Node, and its shrink step assigns an undeclared loop variable,
// which throws in strict mode. 0.0.2 is the same Nelder–Mead without those two faults.
import fmin from 'fmin';

export type Maximum = { params: number[]; logLikelihood: number; evaluations: number; restarts: number };

/** Per-customer change in log-likelihood below which a restart counts as no improvement. */
const TOLERANCE = 1e-10;
const MAX_RESTARTS = 20;
const ITERATIONS_PER_RUN = 2000;

/**
 * Maximises a log-likelihood over positive parameters with fmin's Nelder–Mead on their
 * logarithms (so every step stays positive without constraints). The objective is the mean
 * negative log-likelihood per customer, so the tolerance does not depend on how many
 * customers there are. Nelder–Mead can stall on a collapsed simplex, so — as is usual with it —
 * we restart from the best point with a fresh simplex until a restart no longer improves.
 * A restart moves an offset that starts at 0, because fmin sizes the first simplex as
 * `zeroDelta` for a 0 coordinate but as 5 % of any other, which near log 1 = 0 is no step at all.
 */
export function maximizeLogLikelihood(
  logLikelihood: (params: number[]) => number,
  count: number,
  initial: number[],
): Maximum {
  let base = initial.map(Math.log);
  let evaluations = 0;
  const objective = (offset: number[]): number => {
    evaluations++;
    const value = logLikelihood(base.map((log, i) => Math.exp(log + offset[i]!)));
    // NaN or -Infinity (a parameter overflowed) must lose every comparison in the simplex.
    return Number.isFinite(value) ? -value / count : Infinity;
  };
  let best = objective(initial.map(() => 0));
  let restarts = 0;
  for (; restarts < MAX_RESTARTS; restarts++) {
    const run = fmin.nelderMead(
      objective,
      initial.map(() => 0),
      { maxIterations: ITERATIONS_PER_RUN, minErrorDelta: TOLERANCE, zeroDelta: restarts === 0 ? 0.5 : 0.05 },
    );
    const improved = best - run.fx;
    if (run.fx < best) {
      best = run.fx;
      base = base.map((log, i) => log + run.x[i]!);
    }
    if (!(improved > TOLERANCE)) break;
  }
  if (!Number.isFinite(best)) throw new Error('The likelihood is not finite anywhere the optimiser looked.');
  const params = base.map(Math.exp);
  return { params, logLikelihood: logLikelihood(params), evaluations, restarts };
}
