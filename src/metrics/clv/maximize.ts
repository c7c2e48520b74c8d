// numeric.js's uncmin: quasi-Newton (BFGS) with a backtracking line search and a finite-difference
// gradient. Chosen over fmin's Nelder–Mead: fmin 0.0.4 exports nothing under Node (a UMD
// build in a "type": "module" package) and its shrink step throws in strict mode, and 0.0.2
// lists its build tools (rollup, tape, uglify-js) as runtime dependencies, ~100 packages.
// numeric has no dependencies.
import numeric from 'numeric';

export type Maximum = { params: number[]; logLikelihood: number; evaluations: number };

/** Stop when a quasi-Newton step in the log-parameters is shorter than this. */
const STEP_TOLERANCE = 1e-10;
const MAX_ITERATIONS = 1000;
/** Restarts with a fresh Hessian estimate while they still gain this much mean log-likelihood. */
const GAIN_TOLERANCE = 1e-10;
const MAX_RESTARTS = 5;

/**
 * Maximises a log-likelihood over positive parameters by minimising the mean negative
 * log-likelihood per customer over their logarithms: every step stays positive without
 * constraints, and the tolerance does not depend on how many customers there are. BFGS can
 * stop on a stale Hessian estimate, so it restarts from its answer until that gains nothing.
 */
export function maximizeLogLikelihood(
  logLikelihood: (params: number[]) => number,
  count: number,
  initial: number[],
): Maximum {
  let evaluations = 0;
  const objective = (logs: number[]): number => {
    evaluations++;
    const value = logLikelihood(logs.map(Math.exp));
    // An overflowed parameter must lose the line search's comparison, never win it.
    return Number.isFinite(value) ? -value / count : Infinity;
  };
  let best = { solution: initial.map(Math.log), f: objective(initial.map(Math.log)) };
  if (!Number.isFinite(best.f)) throw new Error('The likelihood is not finite at the starting point.');
  for (let restart = 0; restart <= MAX_RESTARTS; restart++) {
    const run = numeric.uncmin(objective, best.solution, STEP_TOLERANCE, undefined, MAX_ITERATIONS);
    const gain = best.f - run.f;
    if (run.f < best.f) best = { solution: run.solution, f: run.f };
    if (!(gain > GAIN_TOLERANCE)) break;
  }
  const params = best.solution.map(Math.exp);
  return { params, logLikelihood: logLikelihood(params), evaluations };
}
