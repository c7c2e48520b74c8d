-- Support tickets, survey responses, webhook signing secrets (src/support) and outside
-- signals (src/signals), issue 4 items 4–6. All SQL on these tables is in
-- src/support/support.repository.ts and src/signals/signals.repository.ts.

-- Tickets from a help desk (Zendesk webhook, the generic webhook, imports). One row per
-- ticket, kept current by upserts on (workspace, source, external id), so a retried or
-- replayed delivery changes nothing.
CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- Null while no account matches ("unmatched"): the ticket is kept, never dropped, and
  -- attached when a rematch finds its account.
  account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  -- How the account was found (null = unmatched): the sender named it, an external id of
  -- the account, a contact with the requester's email, or the requester's email domain.
  matched_by text CHECK (matched_by IN ('account_id', 'external_id', 'contact_email', 'email_domain')),
  -- What the sender told us about the customer, kept so a later rematch can use it:
  -- {"accountId"?, "externalId"?: {"system", "id"}, "domain"?}.
  match_hints jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL CHECK (source IN ('zendesk', 'generic', 'import')),
  external_id text NOT NULL,
  subject text NOT NULL,
  description text,
  requester_email text,
  priority text CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'hold', 'solved', 'closed')),
  -- The help desk's own clock. updated_at_source orders deliveries: an older snapshot
  -- arriving late never overwrites a newer one.
  created_at_source timestamptz NOT NULL,
  updated_at_source timestamptz NOT NULL,
  solved_at timestamptz,
  first_response_minutes integer CHECK (first_response_minutes IS NULL OR first_response_minutes >= 0),
  csat text CHECK (csat IN ('good', 'bad')),
  csat_comment text,
  tags jsonb NOT NULL DEFAULT '[]'::jsonb,
  url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tickets_source_external_id_key UNIQUE (workspace_id, source, external_id),
  CHECK ((account_id IS NULL) = (matched_by IS NULL))
);
-- An account's tickets, newest first (account page, health, playbooks).
CREATE INDEX tickets_account_idx ON tickets (workspace_id, account_id, created_at_source DESC, id DESC) WHERE account_id IS NOT NULL;
-- The unmatched list and rematching.
CREATE INDEX tickets_unmatched_idx ON tickets (workspace_id, created_at_source DESC, id DESC) WHERE account_id IS NULL;

-- NPS / CSAT / CES answers (imports today; survey tools later).
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  -- Where the answer came from: 'import', or a survey tool's name.
  source text NOT NULL,
  -- The tool's response id, or a key derived from the answer itself when it has none
  -- (support/survey-response-key.ts), so re-importing a file adds nothing.
  external_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
  score integer NOT NULL,
  comment text,
  responded_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT survey_responses_source_external_id_key UNIQUE (workspace_id, source, external_id),
  -- The usual scales: NPS 0–10, CSAT 1–5, CES 1–7.
  CHECK (
    (kind = 'nps' AND score BETWEEN 0 AND 10)
    OR (kind = 'csat' AND score BETWEEN 1 AND 5)
    OR (kind = 'ces' AND score BETWEEN 1 AND 7)
  )
);
CREATE INDEX survey_responses_account_idx ON survey_responses (workspace_id, account_id, responded_at DESC);

-- Signing secrets for incoming webhooks, per workspace and kind. Kept in clear because
-- verifying an HMAC needs the key itself (a hash would not do); the API shows a secret
-- only once, to the admin who creates it. Several live secrets per kind allow rotation.
CREATE TABLE webhook_secrets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('zendesk', 'generic')),
  secret text NOT NULL,
  -- The first characters, so admins can tell secrets apart in lists.
  secret_prefix text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX webhook_secrets_live_idx ON webhook_secrets (workspace_id, kind) WHERE revoked_at IS NULL;

-- Outside facts about a customer (news, funding, a new CEO announcing a vendor review…),
-- recorded by CS; health and playbooks read them through signals/index.ts.
CREATE TABLE signals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('news', 'funding', 'leadership_change', 'vendor_review', 'layoff', 'acquisition', 'other')),
  title text NOT NULL,
  text text,
  source_url text,
  occurred_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signals_account_idx ON signals (workspace_id, account_id, occurred_at DESC, id DESC);
