// fmin ships no types; this covers the one function we call (build/fmin.js, 0.0.2).
declare module 'fmin' {
  export type NelderMeadOptions = {
    maxIterations?: number;
    /** fmin 0.0.2 uses this one value for both stopping tests: the spread of f and of x over the simplex. */
    minErrorDelta?: number;
    nonZeroDelta?: number;
    zeroDelta?: number;
  };
  export function nelderMead(
    f: (x: number[]) => number,
    initial: number[],
    options?: NelderMeadOptions,
  ): { fx: number; x: number[] };
  const fmin: { nelderMead: typeof nelderMead };
  export default fmin;
}
