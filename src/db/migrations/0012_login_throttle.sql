-- Login throttling (issue 9): failed-login counters shared by every API process, one row per
-- client address and one per account email. Keys are SHA-256 hashes, so the table lists
-- neither the emails people tried nor anything typed into the email field by mistake.
-- Rows past expires_at mean nothing any more; login prunes them a batch at a time.
CREATE TABLE login_throttles (
  key_hash text PRIMARY KEY,
  -- attempts admitted in the current window (a successful login gives its attempt back)
  attempts integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL,
  -- lockouts in a row; each doubles the next one, up to a cap
  lockouts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  expires_at timestamptz NOT NULL
);
CREATE INDEX login_throttles_expires_idx ON login_throttles (expires_at);
