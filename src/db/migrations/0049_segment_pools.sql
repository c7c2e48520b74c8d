-- A segment's pool (issue 12): the team whose members share the segment's accounts, the owner
-- a playbook's "segment pool" task step picks from. A deleted team leaves the segment without
-- a pool, and the step falls back to the account owner and says so.
ALTER TABLE segments ADD COLUMN pool_team_id uuid REFERENCES teams(id) ON DELETE SET NULL;
