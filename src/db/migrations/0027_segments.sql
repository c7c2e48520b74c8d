-- Segments (issue 12, item 1): saved, dynamic account filters with an engagement model.
-- Owned by src/segments; all SQL on these tables is in src/segments/*.repository.ts.
--
-- `rules` is the JSON rule document validated by src/segments/segment-rules.ts (groups of
-- conditions matched all/any); `version` grows with each change of the rules.
CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  engagement_model text NOT NULL CHECK (engagement_model IN ('high_touch', 'low_touch', 'tech_touch')),
  rules jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  evaluated_at timestamptz,
  UNIQUE (workspace_id, name)
);

-- Who is in each segment now. Kept current by src/segments (rules saved, the
-- `segments.membership` domain-event consumer, the `segments.evaluate` job); a row
-- inserted or deleted is a `segment.entered` / `segment.left` event in the same transaction.
CREATE TABLE segment_memberships (
  segment_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (segment_id, account_id)
);
-- An account's segments (account page, playbooks, the CSM cockpit).
CREATE INDEX segment_memberships_account_idx ON segment_memberships (workspace_id, account_id);
