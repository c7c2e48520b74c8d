-- The lifecycle journey (issue 13 item 1): each workspace's stages as one validated document
-- (absent: the default journey in journeys/default-journey.ts), every stage change with its
-- time, reason and actor, milestones per stage entry with due-date timers, and the customer's
-- goals and success criteria that the default gate into "Decision & Contract" asks for.

CREATE TABLE journeys (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  config jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE account_stage_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders changes made at the same instant (one transaction, a test clock) as they were written.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  from_stage text,
  to_stage text,
  changed_at timestamptz NOT NULL,
  reason text,
  -- How the move came: api (PATCH /api/accounts), journey (journey API / UI), import,
  -- automation (playbooks, auto-advance), demo, migration (the stage an account had before 0031).
  source text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token', 'automation', 'operator')),
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_automation text
);
CREATE INDEX account_stage_history_account ON account_stage_history (workspace_id, account_id, changed_at DESC, seq DESC);

CREATE TABLE account_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  stage_entry_id uuid NOT NULL REFERENCES account_stage_history(id) ON DELETE CASCADE,
  stage_key text NOT NULL,
  milestone_key text NOT NULL,
  name text NOT NULL,
  due_at timestamptz NOT NULL,
  completed_at timestamptz,
  completed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  completed_how text CHECK (completed_how IN ('manual', 'rule')),
  overdue_signaled_at timestamptz,
  UNIQUE (stage_entry_id, milestone_key)
);
CREATE INDEX account_milestones_account ON account_milestones (workspace_id, account_id);

CREATE TABLE account_goals (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  goals text NOT NULL DEFAULT '',
  success_criteria text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL
);

-- The last time each domain event type happened to an account, kept by the journeys
-- consumer so "event" criteria outlive the domain-event retention.
CREATE TABLE account_journey_events (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  event_type text NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, event_type)
);

-- An overdue milestone is a risk signal (health and playbooks read signals).
ALTER TABLE signals DROP CONSTRAINT signals_type_check;
ALTER TABLE signals ADD CONSTRAINT signals_type_check
  CHECK (type IN ('news', 'funding', 'leadership_change', 'vendor_review', 'layoff', 'acquisition', 'other', 'milestone_overdue'));

-- Stage values written before the journey owned them (imports from HubSpot/Salesforce, older
-- tests) map onto the default stages; anything unrecognised stays and shows as "Unmapped".
UPDATE accounts SET lifecycle_stage = CASE lower(trim(lifecycle_stage))
    WHEN 'subscriber' THEN 'Awareness' WHEN 'lead' THEN 'Awareness' WHEN 'prospect' THEN 'Awareness'
    WHEN 'marketingqualifiedlead' THEN 'Consideration' WHEN 'salesqualifiedlead' THEN 'Consideration'
    WHEN 'mql' THEN 'Consideration' WHEN 'sql' THEN 'Consideration' WHEN 'qualified' THEN 'Consideration'
    WHEN 'trial' THEN 'Trial' WHEN 'pilot' THEN 'Trial' WHEN 'poc' THEN 'Trial' WHEN 'evaluation' THEN 'Trial'
    WHEN 'opportunity' THEN 'Trial' WHEN 'negotiation' THEN 'Decision & Contract'
    WHEN 'customer' THEN 'Adoption' WHEN 'onboarding' THEN 'Adoption' WHEN 'implementation' THEN 'Adoption'
    WHEN 'active' THEN 'Performance' WHEN 'live' THEN 'Performance'
    WHEN 'expansion' THEN 'Transformation'
    WHEN 'evangelist' THEN 'Advocacy' WHEN 'advocate' THEN 'Advocacy' WHEN 'promoter' THEN 'Advocacy'
    WHEN 'churned' THEN 'Churned' WHEN 'lost' THEN 'Churned' WHEN 'cancelled' THEN 'Churned'
    ELSE lifecycle_stage END
  WHERE lifecycle_stage IS NOT NULL;

-- The stage each account already had is its first recorded stay, from when it was last changed.
INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, changed_at, reason, source, actor_kind)
  SELECT workspace_id, id, NULL, lifecycle_stage, updated_at, 'Stage held before the journey was recorded', 'migration', 'operator'
  FROM accounts WHERE lifecycle_stage IS NOT NULL;
