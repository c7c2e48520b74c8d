-- Usage rollups (issue 4, item 3): per account and per user per UTC day, recomputed from
-- raw events. Owned by src/usage; all SQL on these tables is in src/usage/usage.repository.ts.
--
-- Exactness: a rollup row is never incremented; every (account, day) touched by an event
-- insert, attach, detach or delete is marked dirty by the triggers below, and the worker
-- recomputes the marked days from `events`. So the incremental result equals a rebuild.
-- Activity is track, page and screen calls; a user is coalesce(user_id, anonymous_id), the
-- user key of src/ingest. Features are distinct track event names.

CREATE TABLE usage_account_days (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day date NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  active_users integer NOT NULL,
  events integer NOT NULL,
  -- Distinct track event names used that day.
  features integer NOT NULL,
  -- Every track event name of the day with its count: {"Report exported": 12}. All names,
  -- not a top N, so breadth over any window is an exact union of the days' keys.
  event_counts jsonb NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, day)
);

CREATE TABLE usage_user_days (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day date NOT NULL,
  user_key text NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- The contact the user's events carried that day, when ingest knew it.
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  events integer NOT NULL,
  features integer NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, day, user_key)
);
CREATE INDEX usage_user_days_contact_idx ON usage_user_days (contact_id) WHERE contact_id IS NOT NULL;

-- Every feature (track event name) the workspace's product has sent on an attached event:
-- the denominator of adoption breadth. Only ever added to (a rebuild upserts too), so a
-- feature stays known when the accounts that used it go.
CREATE TABLE usage_features (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  first_seen_day date NOT NULL,
  PRIMARY KEY (workspace_id, name)
);

-- (account, day) pairs whose rollup must be recomputed. No foreign key to accounts: a
-- deleted account's events are detached in its delete's cascade, and the pair is then
-- cleared by the worker (there is nothing left to count).
CREATE TABLE usage_dirty_days (
  account_id uuid NOT NULL,
  day date NOT NULL,
  workspace_id uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, day)
);
-- The worker claims the oldest marks first; a bulk load can leave 100,000 of them.
CREATE INDEX usage_dirty_days_marked_idx ON usage_dirty_days (marked_at);
CREATE INDEX usage_dirty_days_workspace_idx ON usage_dirty_days (workspace_id);

-- Statement-level with transition tables: one insert of the distinct pairs per ingest
-- statement, however many events it stored. Events without an account and identify,
-- group and alias calls never count, so they are skipped here. The insert and the delete
-- trigger give their (new or old) rows the same transition-table name.
CREATE FUNCTION usage_mark_events()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_dirty_days (account_id, day, workspace_id)
  SELECT DISTINCT account_id, (timestamp AT TIME ZONE 'UTC')::date, workspace_id
  FROM usage_changed_events
  WHERE account_id IS NOT NULL AND type IN ('track', 'page', 'screen')
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- Attaching (account_id null → account), detaching (account deleted) and moving events:
-- both the old and the new account's day change. Transition tables cannot be combined
-- with UPDATE OF <column>, so rows where nothing the rollups count changed are filtered here.
CREATE FUNCTION usage_mark_updated_events()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_dirty_days (account_id, day, workspace_id)
  SELECT DISTINCT moved.account_id, moved.day, moved.workspace_id
  FROM usage_old_events o
  JOIN usage_new_events n ON n.id = o.id
  CROSS JOIN LATERAL (VALUES
    (o.account_id, (o.timestamp AT TIME ZONE 'UTC')::date, o.workspace_id),
    (n.account_id, (n.timestamp AT TIME ZONE 'UTC')::date, n.workspace_id)
  ) AS moved(account_id, day, workspace_id)
  WHERE (o.account_id IS DISTINCT FROM n.account_id OR o.timestamp <> n.timestamp
      OR o.event IS DISTINCT FROM n.event OR o.user_id IS DISTINCT FROM n.user_id
      OR o.anonymous_id IS DISTINCT FROM n.anonymous_id OR o.contact_id IS DISTINCT FROM n.contact_id)
    AND moved.account_id IS NOT NULL AND n.type IN ('track', 'page', 'screen')
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER events_usage_inserted AFTER INSERT ON events
  REFERENCING NEW TABLE AS usage_changed_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_events();

CREATE TRIGGER events_usage_updated AFTER UPDATE ON events
  REFERENCING OLD TABLE AS usage_old_events NEW TABLE AS usage_new_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_updated_events();

CREATE TRIGGER events_usage_deleted AFTER DELETE ON events
  REFERENCING OLD TABLE AS usage_changed_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_events();
