-- Work done by the system (a job, a rule, later a playbook) is recorded as automation with its
-- name (issue 10, item 4), never as an admin with no user. Such a row has neither a user nor
-- an API token; a row with none of the three is the operator (CLI, first start).
ALTER TABLE audit_log ADD COLUMN actor_automation text;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_automation_acts_alone
  CHECK (actor_automation IS NULL OR (actor_user_id IS NULL AND actor_token_id IS NULL));
