-- Stored health backtests (issue 11, item 6): a backtest of the scorecard against the churn
-- model takes tens of seconds on a real workspace, so it runs as a durable job
-- (`health.backtest`) and the model page reads the last stored report. Owned by
-- src/health-model; all SQL on this table is in src/health-model/health-model.repository.ts.
--
-- One row per run with its parameters; `report` is the CLI's JSON without the per-account
-- cases, set when the run is done; `error` says why a failed run failed.
CREATE TABLE health_backtests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  as_of date NOT NULL,
  horizon_days integer NOT NULL CHECK (horizon_days >= 1),
  lead_days integer NOT NULL CHECK (lead_days >= 1),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  report jsonb,
  error text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  CHECK ((status = 'done') = (report IS NOT NULL))
);

CREATE INDEX health_backtests_latest ON health_backtests (workspace_id, created_at DESC);

-- One unfinished run per workspace and parameters: asking again while it runs joins it.
CREATE UNIQUE INDEX health_backtests_one_unfinished ON health_backtests (workspace_id, as_of, horizon_days, lead_days)
  WHERE status IN ('queued', 'running');
