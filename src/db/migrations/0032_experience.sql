-- Issue 13 items 2 and 3 (module src/experience): moments of truth and the running experience
-- score. A moment is one touchpoint with its outcome; derived ones carry the key of what they
-- were derived from (unique per workspace), so a redelivered event never records one twice.
CREATE TABLE experience_moments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  -- The stakeholders it concerns (ticket requester, survey respondent, meeting attendees).
  contact_ids uuid[] NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  team text NOT NULL,
  channel text NOT NULL,
  -- The account's lifecycle stage when it happened.
  stage text,
  outcome text NOT NULL CHECK (outcome IN ('positive', 'neutral', 'negative')),
  intensity smallint NOT NULL CHECK (intensity BETWEEN 1 AND 3),
  title text NOT NULL,
  -- Why it got its outcome and intensity, in words (derived moments: the mapping rule).
  reason text NOT NULL,
  source_key text,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX experience_moments_source_idx ON experience_moments (workspace_id, source_key) WHERE source_key IS NOT NULL;
CREATE INDEX experience_moments_account_idx ON experience_moments (workspace_id, account_id, occurred_at);

-- The lifecycle stage each account was in from a time on, so a moment derived later (an
-- imported ticket) is placed in the stage of its own date. Fed by account.created/updated and
-- the demo loader; superseded by the journey module's stage history when that lands.
CREATE TABLE experience_stage_log (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  since timestamptz NOT NULL,
  stage text,
  PRIMARY KEY (workspace_id, account_id, since)
);

-- The score model's parameters per workspace (absent: the defaults in experience-score.ts).
CREATE TABLE experience_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  params jsonb NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);
