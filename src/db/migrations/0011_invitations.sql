-- Invitations by email (issue 9, finding 1). Users are global across the installation, so a
-- workspace admin never sets a password or learns anything about a login: they invite an
-- email, and the person behind it either sets their own password through a one-time link or,
-- if the email already has a login, accepts after logging in. Owned by src/auth.

-- When the user's control of the email was proven: a login made through an invitation link
-- that was sent to that address by mail, or by the operator (CLI, first start). Only such a
-- login sees invitations in the app without the link; anyone else must open the mailed link,
-- because logins made before this migration may have been set up by another workspace's admin.
ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz;

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'csm', 'viewer')),
  -- SHA-256 of the link's secret, like sessions and API tokens: a leaked table opens nothing.
  token_hash text NOT NULL UNIQUE,
  -- 'email': sent to the address by SMTP; 'link': shown once to the inviting admin to pass on.
  delivery text NOT NULL CHECK (delivery IN ('email', 'link')),
  invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  declined_at timestamptz,
  revoked_at timestamptz
);
-- At most one open invitation per address and workspace; inviting again replaces it.
CREATE UNIQUE INDEX invitations_open_email_key ON invitations (workspace_id, lower(email))
  WHERE accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_email_idx ON invitations (lower(email));
