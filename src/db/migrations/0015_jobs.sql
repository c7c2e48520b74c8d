-- Durable jobs and timers (issue 10, "Jobs and timers"). Owned by src/jobs; the SQL that
-- reads and writes this table is in src/jobs/jobs.repository.ts.
--
-- Times (run_at, locked_until) are written from the application's clock, never now(), so a
-- test clock moved a week forward makes the week's timers due.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL for system jobs (the usage rollup) that span workspaces and carry no customer data.
  workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  -- Scheduling a job with the same (type, unique_key) while one is queued or running keeps one.
  unique_key text,
  run_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  last_error text,
  -- The worker holding a running job and until when; a lapsed lease (the process died) is
  -- claimed again by any worker.
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- One pending job per key; done and failed ones keep their history without blocking the next.
CREATE UNIQUE INDEX jobs_pending_unique_idx ON jobs (type, unique_key)
  WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');

-- The claim: the due queued jobs in run_at order, and running ones whose lease lapsed.
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';

-- Listing: a workspace's jobs newest first, and the failed ones.
CREATE INDEX jobs_workspace_idx ON jobs (workspace_id, created_at DESC);
CREATE INDEX jobs_failed_idx ON jobs (updated_at DESC) WHERE state = 'failed';
