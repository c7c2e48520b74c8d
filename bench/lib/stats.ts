/** Latency figures in milliseconds, rounded to 0.01 ms so JSON files stay readable. */
export type LatencyStats = {
  samples: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * Nearest-rank percentile (no interpolation): the reported p95 is a latency that a real
 * request actually had, which is what a "p95 under 150 ms" target is about.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    samples: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export const ratio = (numerator: number, denominator: number): number => round(numerator / denominator);
