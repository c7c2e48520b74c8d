/**
 * Samples the process's resident set size. PGlite runs PostgreSQL inside this process
 * (WebAssembly memory), so RSS is the memory a self-hosted Boomerang really needs; with a
 * PostgreSQL server it only covers the Node side.
 */
export class RssSampler {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // Never keep the process alive just to sample memory.
    this.timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Peak since construction or the last reset, in MB. */
  peakMb(): number {
    this.sample();
    return toMb(this.peakBytes);
  }

  reset(): void {
    this.peakBytes = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const toMb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The kernel's own peak RSS for the whole process (resourceUsage reports kilobytes). */
export const processMaxRssMb = (): number => toMb(process.resourceUsage().maxRSS * 1024);
