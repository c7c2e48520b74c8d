-- The learnt stay medians (issue 13): the median of completed stays per stage, per segment
-- and over the workspace (segment NULL), kept per workspace and refreshed by the
-- `journey.stay-medians` job, so a stage move reads a few rows instead of sorting every
-- stay of the workspace (about 50 ms at 10,000 history rows, see bench/journey-moves).
CREATE TABLE journey_stay_medians (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  stage text NOT NULL,
  segment text,
  days double precision NOT NULL,
  stays integer NOT NULL,
  refreshed_at timestamptz NOT NULL
);
CREATE INDEX journey_stay_medians_workspace_idx ON journey_stay_medians (workspace_id);

-- Every workspace's medians as they stand (the same statement the job runs, over all workspaces).
INSERT INTO journey_stay_medians (workspace_id, stage, segment, days, stays, refreshed_at)
WITH stays AS (
  SELECT h.workspace_id, h.to_stage AS stage, a.segment,
         EXTRACT(EPOCH FROM (lead(h.changed_at) OVER (PARTITION BY h.account_id ORDER BY h.changed_at, h.seq) - h.changed_at)) / 86400.0 AS days
  FROM account_stage_history h JOIN accounts a ON a.id = h.account_id
)
SELECT workspace_id, stage, segment, percentile_cont(0.5) WITHIN GROUP (ORDER BY days), count(*), now()
FROM stays WHERE days IS NOT NULL AND stage IS NOT NULL
GROUP BY GROUPING SETS ((workspace_id, stage, segment), (workspace_id, stage))
HAVING GROUPING(segment) = 1 OR segment IS NOT NULL;

-- A blueprint step's owner team by id (issue 13): renaming a team (which changes its slug)
-- keeps the step owned, and deleting a team that owns steps is refused like one named by
-- hand-offs, so an export always names teams that exist and applies back. Steps naming a
-- team deleted before this migration lose their owner (the slug named nothing).
ALTER TABLE blueprint_steps ADD COLUMN owner_team_id uuid REFERENCES teams(id);
UPDATE blueprint_steps s SET owner_team_id = t.id FROM teams t WHERE t.workspace_id = s.workspace_id AND t.slug = s.owner_team;
ALTER TABLE blueprint_steps DROP COLUMN owner_team;
CREATE INDEX blueprint_steps_owner_team_idx ON blueprint_steps (owner_team_id) WHERE owner_team_id IS NOT NULL;
