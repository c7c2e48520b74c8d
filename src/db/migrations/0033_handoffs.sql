-- Issue 13 item 5: teams and timed hand-offs between them (the relay).

-- Teams of a workspace (Sales, Onboarding, Customer Success…): members and a lead. The slug is
-- the team's name on the account timeline (timeline_entries.team).
CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  slug text NOT NULL,
  lead_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, slug)
);
CREATE UNIQUE INDEX teams_name_idx ON teams (workspace_id, lower(name));

CREATE TABLE team_members (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (workspace_id, user_id);

-- One row once a workspace got the default teams and hand-off rules, so deleting a default
-- does not bring it back.
CREATE TABLE handoff_setup (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  seeded_at timestamptz NOT NULL
);

-- A hand-off rule: which events start the relay from one team to another, what completes it,
-- the clock and the escalation path (JSON validated by handoffs/handoffs.schema.ts).
CREATE TABLE handoff_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  sender_team_id uuid NOT NULL REFERENCES teams(id),
  receiver_team_id uuid NOT NULL REFERENCES teams(id),
  triggers jsonb NOT NULL,
  completion jsonb NOT NULL,
  clock_amount integer NOT NULL CHECK (clock_amount > 0),
  clock_unit text NOT NULL CHECK (clock_unit IN ('hours', 'days')),
  business_hours boolean NOT NULL DEFAULT false,
  escalation jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX handoff_rules_name_idx ON handoff_rules (workspace_id, lower(name));

-- One hand-off of one account. The clock (due_at) and the escalation path are copied from the
-- rule when it starts, so editing a rule never moves a running clock. escalation_level counts
-- the escalations done: the timer job raises it under the row lock only from level - 1, so a
-- level escalates once however often its job runs.
CREATE TABLE handoffs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  rule_id uuid REFERENCES handoff_rules(id) ON DELETE SET NULL,
  rule_name text NOT NULL,
  sender_team_id uuid NOT NULL REFERENCES teams(id),
  receiver_team_id uuid NOT NULL REFERENCES teams(id),
  assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
  state text NOT NULL CHECK (state IN ('open', 'accepted', 'overdue', 'escalated', 'completed')),
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  business_hours boolean NOT NULL DEFAULT false,
  escalation jsonb NOT NULL,
  escalation_level integer NOT NULL DEFAULT 0,
  accepted_at timestamptz,
  overdue_at timestamptz,
  completed_at timestamptz,
  completed_how text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A rule runs one live hand-off per account: a second trigger while one is live starts nothing.
CREATE UNIQUE INDEX handoffs_live_idx ON handoffs (rule_id, account_id) WHERE state <> 'completed';
CREATE INDEX handoffs_board_idx ON handoffs (workspace_id, state, due_at);
CREATE INDEX handoffs_account_idx ON handoffs (workspace_id, account_id, started_at DESC);
CREATE INDEX handoffs_started_idx ON handoffs (workspace_id, started_at);

CREATE TABLE handoff_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  handoff_id uuid NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  action text NOT NULL,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  detail text
);
CREATE INDEX handoff_history_handoff_idx ON handoff_history (handoff_id, id);
