import type { BackendName } from './lib/backends.js';

export type BenchOptions = {
  /** Accounts to load (accounts-list). */
  accounts: number;
  /** Measured requests per query type in the sequential run, after the warm-up. */
  samples: number;
  /** Unmeasured rounds first: plans cached, pages in the buffer cache, JIT warm. */
  warmup: number;
  /** Requests in flight in the throughput run. */
  concurrency: number;
  /** Total requests in the throughput run. */
  concurrentRequests: number;
  databaseUrl: string;
  /** Also EXPLAIN ANALYZE the statements behind each query type and keep the plans. */
  explain: boolean;
  /** A SQL script run after loading and before ANALYZE: to try an index without a migration. */
  setupSql: string | undefined;
  /** Messages in the ingestion throughput run (and rows in its COPY baseline). */
  events: number;
  /** Length of the ingestion burst during which server memory is sampled. */
  burstSeconds: number;
  /** Small sizes only (demo: the first-start world alone). */
  quick: boolean;
  /** Demo: also load 100,000 accounts × 12 months on PostgreSQL. */
  large: boolean;
};

export type BenchContext = { backend: BackendName; options: BenchOptions };

/** What one benchmark on one backend hands back: JSON for the file, lines for people. */
export type BenchRun = { result: Record<string, unknown>; summary: string[] };

export type Benchmark = {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchRun>;
};
