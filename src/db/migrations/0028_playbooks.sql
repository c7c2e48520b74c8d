-- Issue 12 items 2, 3, 6 (holdout), 7. Playbooks: a trigger, conditions and steps, saved as
-- numbered versions; runs per account advance step by step as durable jobs.
CREATE TABLE playbooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  enabled boolean NOT NULL DEFAULT false,
  current_version integer NOT NULL,
  -- The trigger's kind, copied from the current version so the consumer finds the playbooks an
  -- event concerns with one indexed read.
  trigger_kind text NOT NULL,
  -- The newest domain event when the playbook was last enabled: it reacts to later events only,
  -- so enabling it (or loading the demo world's history) does not replay the past.
  events_after bigint NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);
CREATE INDEX playbooks_enabled_idx ON playbooks (workspace_id, trigger_kind) WHERE enabled;

CREATE TABLE playbook_versions (
  playbook_id uuid NOT NULL REFERENCES playbooks(id) ON DELETE CASCADE,
  version integer NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  definition jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (playbook_id, version)
);

-- One account's pass through one playbook. entry_key names what made it enter (a domain event,
-- a schedule day): the unique index makes a second delivery of the same cause enter nothing.
-- A holdout run is recorded at entry and gets no steps.
CREATE TABLE playbook_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  playbook_id uuid NOT NULL REFERENCES playbooks(id) ON DELETE CASCADE,
  version integer NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  entry_key text NOT NULL,
  reason text NOT NULL,
  context jsonb NOT NULL DEFAULT '{}',
  is_holdout boolean NOT NULL DEFAULT false,
  state text NOT NULL CHECK (state IN ('running', 'waiting', 'done', 'failed', 'holdout')),
  -- Where the run stands: the path of the next step ("2", "3/then/0"); null once finished.
  position text,
  wake_at timestamptz,
  last_error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (playbook_id, account_id, entry_key)
);
CREATE INDEX playbook_runs_account_idx ON playbook_runs (workspace_id, account_id, started_at DESC);
CREATE INDEX playbook_runs_playbook_idx ON playbook_runs (workspace_id, playbook_id, started_at DESC);

-- Each executed step, once: (run_id, step_key) is the idempotency key of its side effect,
-- inserted in the side effect's transaction, so a retry, a crash or a second process that
-- reaches the same step finds the row and does nothing.
CREATE TABLE playbook_step_results (
  run_id uuid NOT NULL REFERENCES playbook_runs(id) ON DELETE CASCADE,
  step_key text NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  step_type text NOT NULL,
  outcome text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  PRIMARY KEY (run_id, step_key)
);
