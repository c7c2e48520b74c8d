-- Issue 12 items 3 and 5: email and webhooks leaving Boomerang (src/outbound/).

-- Every email and webhook delivery, queued in the caller's transaction. (workspace_id,
-- idempotency_key) is unique, so a playbook step retried, replayed or run by a second
-- process queues nothing twice. status: queued → sending → sent; or suppressed (the address
-- is on the suppression list), refused (a webhook to a forbidden address), failed (out of
-- attempts, or interrupted mid-send and deliberately not resent: last_error says which).
CREATE TABLE outbound_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  -- The email address (lower case) or the webhook URL.
  recipient text NOT NULL,
  subject text,
  -- The email's text, or the webhook's JSON body exactly as it is sent and signed.
  body text NOT NULL,
  bulk boolean NOT NULL DEFAULT false,
  format text CHECK (format IN ('json', 'slack')),
  origin jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'suppressed', 'refused', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK ((channel = 'email') = (subject IS NOT NULL)),
  CHECK ((channel = 'webhook') = (format IS NOT NULL))
);
CREATE UNIQUE INDEX outbound_messages_key_idx ON outbound_messages (workspace_id, idempotency_key);
CREATE INDEX outbound_messages_log_idx ON outbound_messages (workspace_id, created_at DESC, id DESC);
CREATE INDEX outbound_messages_account_idx ON outbound_messages (workspace_id, account_id, created_at DESC)
  WHERE account_id IS NOT NULL;

-- Addresses that get no bulk (one-to-many) email from this workspace, lower case.
CREATE TABLE outbound_suppressions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('unsubscribed', 'added')),
  -- The mail whose link was followed, or the person who added it.
  message_id uuid REFERENCES outbound_messages(id) ON DELETE SET NULL,
  added_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, email)
);

-- Per workspace: the sender of its email, and the webhook signing secret (sealed with the
-- server's secret key, core/secret-box.ts; the previous one keeps signing for a day after a
-- rotation so receivers can switch without dropping deliveries).
CREATE TABLE outbound_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  sender_name text,
  sender_address text,
  signing_secret text,
  signing_secret_prefix text,
  signing_secret_created_at timestamptz,
  previous_signing_secret text,
  previous_signing_secret_until timestamptz,
  updated_at timestamptz NOT NULL
);
