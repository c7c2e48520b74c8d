-- Product flows and stuck-step detection (issue 13, item 6), owned by src/flows.
-- A flow is an ordered list of steps, each matched by an ingested track event; progress is
-- kept per user and step, and a user stuck at a step (failing it, repeating the step before
-- it, or idle too long) opens one episode and raises one `flow_stuck` signal.
CREATE TABLE flows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  -- The steps as validated by flows.schema.ts (key, name, event, where, failure, thresholds).
  steps jsonb NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

-- Each ingested event that matched a step, once: batches of one account overlap in the days
-- they cover, so the consumer re-reads a day and this key keeps every event counted once.
CREATE TABLE flow_step_hits (
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  step smallint NOT NULL,
  PRIMARY KEY (flow_id, event_id, step)
);

-- A user's progress on one step: first success (reached), last attempt, counts.
CREATE TABLE flow_user_steps (
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  user_key text NOT NULL,
  step smallint NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid REFERENCES accounts(id) ON DELETE CASCADE,
  reached_at timestamptz,
  last_at timestamptz NOT NULL,
  successes integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  PRIMARY KEY (flow_id, user_key, step)
);
CREATE INDEX flow_user_steps_account_idx ON flow_user_steps (workspace_id, account_id);
CREATE INDEX flow_user_steps_reached_idx ON flow_user_steps (flow_id, step, reached_at);

-- A user stuck at a step: open until the user gets past it. One open episode per
-- (flow, user, step) is what makes the signal "once per user/step episode".
CREATE TABLE flow_stuck_episodes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  user_key text NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  step smallint NOT NULL,
  reason text NOT NULL CHECK (reason IN ('failed', 'repeated', 'idle')),
  detail text NOT NULL,
  raised_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE UNIQUE INDEX flow_stuck_open_key ON flow_stuck_episodes (flow_id, user_key, step) WHERE resolved_at IS NULL;
CREATE INDEX flow_stuck_account_idx ON flow_stuck_episodes (workspace_id, account_id) WHERE resolved_at IS NULL;

-- The signal a stuck user raises on its account.
ALTER TABLE signals DROP CONSTRAINT signals_type_check;
ALTER TABLE signals ADD CONSTRAINT signals_type_check
  CHECK (type IN ('news', 'funding', 'leadership_change', 'vendor_review', 'layoff', 'acquisition', 'other', 'milestone_overdue', 'flow_stuck'));
