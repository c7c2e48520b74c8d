-- Issue 13 item 4 (module src/blueprints): service blueprints. A blueprint maps one journey stage
-- (or a process across stages, stage_key null) as steps in lanes — physical evidence, customer
-- actions, front stage, back stage, support processes, technology — ordered in time by column.
-- Steps are rows so moments of truth can be linked to one by its id and a step keeps its id
-- when the blueprint is edited.
CREATE TABLE blueprints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The journey stage's stable key (journeys.config stages[].key); null = every stage.
  stage_key text,
  description text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX blueprints_name_idx ON blueprints (workspace_id, lower(name));

CREATE TABLE blueprint_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  blueprint_id uuid NOT NULL REFERENCES blueprints(id) ON DELETE CASCADE,
  lane text NOT NULL CHECK (lane IN ('evidence', 'customer', 'frontstage', 'backstage', 'support', 'technology')),
  -- Position in time, left to right; one step per lane and column.
  position integer NOT NULL CHECK (position BETWEEN 0 AND 49),
  title text NOT NULL,
  detail text NOT NULL DEFAULT '',
  -- The owning team's slug (teams.slug), kept as text so a blueprint exports as code.
  owner_team text,
  target_amount integer CHECK (target_amount > 0),
  target_unit text CHECK (target_unit IN ('minutes', 'hours', 'days')),
  -- Moments of truth of these kinds (in the blueprint's stage) happened at this step.
  moment_kinds text[] NOT NULL DEFAULT '{}',
  CHECK ((target_amount IS NULL) = (target_unit IS NULL)),
  UNIQUE (blueprint_id, lane, position)
);
CREATE INDEX blueprint_steps_blueprint_idx ON blueprint_steps (workspace_id, blueprint_id);

-- A blueprint step reads the moments of its kinds in its stage, grouped: an index on exactly that.
CREATE INDEX experience_moments_kind_stage_idx ON experience_moments (workspace_id, kind, stage);
