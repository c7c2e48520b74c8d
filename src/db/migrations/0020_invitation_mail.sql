-- Invitation emails go out through a durable `mail.invitation` job (issue 10), so the admin's
-- list shows how delivery stands. Null for invitations whose link was shown to the admin.
-- 'queued': the job is waiting or retrying; 'sent': the mail server took it (also the job's
-- idempotency mark: a second run of the job sends nothing); 'failed': out of attempts, the
-- job is failed in `boomerang jobs --failed` with its error.
ALTER TABLE invitations ADD COLUMN mail_state text CHECK (mail_state IN ('queued', 'sent', 'failed'));
ALTER TABLE invitations ADD COLUMN mail_sent_at timestamptz;
UPDATE invitations SET mail_state = 'sent' WHERE delivery = 'email';
