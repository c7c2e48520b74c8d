import cliProgress from 'cli-progress';

/** Everything the benchmark says while it runs goes to stderr; stdout is kept for the summary. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export type Progress = { increment(by?: number): void; stop(): void };

/**
 * A progress bar for long steps. When stderr is not a terminal (CI, `| tee`), it prints a
 * line every few seconds instead of redrawing, so logs still show that work is moving.
 */
export function startProgress(label: string, total: number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `[bench] ${label.padEnd(28)} {bar} {percentage}% | {value}/{total} | {duration}s`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

/** Runs `step` and logs how long it took. */
export async function timed<T>(label: string, step: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await step();
  const seconds = (performance.now() - started) / 1000;
  log(`${label}: ${seconds.toFixed(2)} s`);
  return { value, seconds };
}
