-- Health scores (issue 11, "Health you can trust"). Owned by src/health; all SQL on these
-- tables is in src/health/health.repository.ts.
--
-- Scorecards: one versioned JSON document per workspace (validated by zod in
-- src/health/scorecard-config.ts, the shape a later `config export|apply` reuses). Every
-- save is a new version; the highest version is in force. A workspace with no row scores
-- with the built-in default document.
CREATE TABLE health_scorecard_versions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  config jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, version)
);

-- The current score of each account, with every measure's value, points, weight,
-- contribution and freshness flag (JSON array), as of a day.
CREATE TABLE health_scores (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  score smallint CHECK (score BETWEEN 0 AND 100),
  band text CHECK (band IN ('green', 'yellow', 'red')),
  scorecard_key text NOT NULL,
  config_version integer NOT NULL,
  measures jsonb NOT NULL,
  as_of date NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, account_id)
);
-- The accounts list sorts and filters by health.
CREATE INDEX health_scores_score_idx ON health_scores (workspace_id, score, account_id);

-- Daily history, compact: one row per account and month, the day's score at index
-- day-of-month (1-based) and its band as one letter (g/y/r, '-' for none) at the same
-- position of `bands`. 2 years × 100,000 accounts is 2.4 million rows, not 73 million.
CREATE TABLE health_score_months (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  scores smallint[] NOT NULL,
  bands text NOT NULL,
  PRIMARY KEY (workspace_id, account_id, month)
);

-- A CSM's override: shown as an override with its reason, never silently, until it expires
-- or is removed. One in force per account (a new one removes the previous).
CREATE TABLE health_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  score smallint CHECK (score BETWEEN 0 AND 100),
  band text NOT NULL CHECK (band IN ('green', 'yellow', 'red')),
  reason text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  removed_at timestamptz,
  removed_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX health_overrides_current_idx ON health_overrides (workspace_id, account_id) WHERE removed_at IS NULL;

-- Accounts whose inputs changed: the `health.recompute` job drains them (markHealthStale).
CREATE TABLE health_stale_accounts (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  marked_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, account_id)
);

-- Measures read a workspace's usage over a window of days in one set-based statement.
CREATE INDEX usage_account_days_workspace_day_idx ON usage_account_days (workspace_id, day);
CREATE INDEX usage_user_days_workspace_day_idx ON usage_user_days (workspace_id, day);
