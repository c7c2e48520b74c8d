-- Issue 15 item 6. Each timeline entry carries its tone (positive / neutral / negative), decided
-- by the writer through timeline/timeline-tone.ts, so a lost contract never reads as good news.
ALTER TABLE timeline_entries ADD COLUMN tone text NOT NULL DEFAULT 'neutral'
  CHECK (tone IN ('positive', 'neutral', 'negative'));

-- Entries written before this migration get the tone the same rules give them.
UPDATE timeline_entries SET tone = 'negative'
WHERE kind IN ('contract_cancelled', 'contract_expired', 'champion_left', 'contact_left')
   OR (kind = 'contract_changed' AND (title LIKE '%Contraction%' OR title LIKE '%Churn:%'))
   OR (kind = 'ticket' AND (title LIKE 'Bad CSAT%' OR title LIKE 'Urgent ticket opened%'))
   OR (kind = 'onboarding' AND title LIKE 'Onboarding stalled%');
UPDATE timeline_entries SET tone = 'positive'
WHERE kind = 'contract_signed'
   OR (kind = 'contract_changed' AND (title LIKE '%Expansion%' OR title LIKE '%Reactivation%'))
   OR (kind = 'ticket' AND title LIKE 'Good CSAT%');
UPDATE timeline_entries t SET tone = CASE
    WHEN s.kind = 'nps' AND s.score <= 6 THEN 'negative'
    WHEN s.kind = 'nps' AND s.score >= 9 THEN 'positive'
    WHEN s.kind = 'csat' AND s.score <= 2 THEN 'negative'
    WHEN s.kind = 'csat' AND s.score >= 4 THEN 'positive'
    WHEN s.kind = 'ces' AND s.score <= 3 THEN 'negative'
    WHEN s.kind = 'ces' AND s.score >= 6 THEN 'positive'
    ELSE 'neutral' END
FROM survey_responses s
WHERE t.subject_type = 'survey_response' AND t.subject_id = s.id AND t.workspace_id = s.workspace_id;
UPDATE timeline_entries t SET tone = CASE
    WHEN s.type IN ('leadership_change', 'vendor_review', 'layoff') THEN 'negative'
    WHEN s.type = 'funding' THEN 'positive'
    ELSE 'neutral' END
FROM signals s
WHERE t.subject_type = 'signal' AND t.subject_id = s.id AND t.workspace_id = s.workspace_id;

-- A CSM's logged meeting, call or email with an account: the "CSM touches" that health reads
-- as days since the last touch (with notes.created_at). occurred_at is when it happened, not
-- when it was logged.
CREATE TABLE interactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('meeting', 'call', 'email')),
  occurred_at timestamptz NOT NULL,
  subject text NOT NULL,
  outcome text,
  sentiment text NOT NULL DEFAULT 'neutral' CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  notes text,
  logged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_account_idx ON interactions (workspace_id, account_id, occurred_at DESC);

-- Who took part: contacts of the account and/or members of the workspace, one of the two a row.
CREATE TABLE interaction_attendees (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  interaction_id uuid NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  CHECK (num_nonnulls(contact_id, user_id) = 1)
);
CREATE UNIQUE INDEX interaction_attendees_contact_idx ON interaction_attendees (interaction_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE UNIQUE INDEX interaction_attendees_user_idx ON interaction_attendees (interaction_id, user_id) WHERE user_id IS NOT NULL;
