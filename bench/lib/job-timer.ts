import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { JobHandler } from '../../src/jobs/index.js';

export const BENCH_TIMER_TYPE = 'bench.timer';

/** Each run of a timer appends a row, so the bench counts executions rather than done marks. */
export async function createRunsTable(db: Kysely<Database>): Promise<void> {
  await sql`CREATE TABLE bench_job_runs (job_id uuid NOT NULL, worker text NOT NULL, ran_at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(db);
}

export function benchTimerHandler(worker: string): JobHandler {
  return {
    type: BENCH_TIMER_TYPE,
    run: async (job) => {
      await sql`INSERT INTO bench_job_runs (job_id, worker) VALUES (${job.id}, ${worker})`.execute(job.db);
    },
  };
}
