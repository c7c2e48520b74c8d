-- Usage rollups count a user's aliases as the user (issue 4, "Data in"): the anonymousId an
-- identify call tied to a userId, or an alias call's previousId, is one user with the userId.
-- Owned by src/usage; the SQL that reads these tables is in src/usage/usage.repository.ts.
--
-- Rollups store each user under the end of its alias chain (user_aliases, owned by ingest).
-- A new or re-pointed alias changes that for days already rolled up, which no event trigger
-- sees; so the trigger below marks the user keys whose rolled-up days are now stale, and the
-- worker turns them into dirty (account, day) pairs under its per-workspace lock.

-- The days a user key was rolled up under, for turning a marked key into dirty days.
CREATE INDEX usage_user_days_user_idx ON usage_user_days (workspace_id, user_key);

-- Rolled-up user keys whose days must be recomputed because an alias changed.
CREATE TABLE usage_dirty_users (
  workspace_id uuid NOT NULL,
  user_key text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_key)
);
CREATE INDEX usage_dirty_users_marked_idx ON usage_dirty_users (marked_at);

-- The end of a user key's alias chain, followed for up to four links (anonymousId → userId
-- → a later userId is two): the key rollups store its activity under. Bounded joins rather
-- than recursion, so the recomputation in usage.repository.ts can walk the same four links
-- for every event as plain index joins; keep the two in step.
CREATE FUNCTION usage_resolve_user_key(p_workspace_id uuid, p_user_key text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(a4.user_key, a3.user_key, a2.user_key, a1.user_key, p_user_key)
  FROM (SELECT) AS start
  LEFT JOIN user_aliases a1 ON a1.workspace_id = p_workspace_id AND a1.alias_id = p_user_key
  LEFT JOIN user_aliases a2 ON a2.workspace_id = p_workspace_id AND a2.alias_id = a1.user_key
  LEFT JOIN user_aliases a3 ON a3.workspace_id = p_workspace_id AND a3.alias_id = a2.user_key
  LEFT JOIN user_aliases a4 ON a4.workspace_id = p_workspace_id AND a4.alias_id = a3.user_key
$$;

-- A new alias: the alias's own days (rolled up under it while it was nobody's alias) now
-- belong to its user.
CREATE FUNCTION usage_mark_new_aliases()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_dirty_users (workspace_id, user_key)
  SELECT DISTINCT workspace_id, alias_id FROM usage_new_aliases
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- A re-pointed alias (identify upserts it on every call, mostly unchanged): its days were
-- rolled up under the old user's chain end, and are now stale there.
CREATE FUNCTION usage_mark_moved_aliases()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_dirty_users (workspace_id, user_key)
  SELECT DISTINCT o.workspace_id, usage_resolve_user_key(o.workspace_id, o.user_key)
  FROM usage_old_aliases o
  JOIN usage_new_aliases n ON n.workspace_id = o.workspace_id AND n.alias_id = o.alias_id
  WHERE n.user_key IS DISTINCT FROM o.user_key
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER user_aliases_usage_inserted AFTER INSERT ON user_aliases
  REFERENCING NEW TABLE AS usage_new_aliases
  FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_new_aliases();

CREATE TRIGGER user_aliases_usage_updated AFTER UPDATE ON user_aliases
  REFERENCING OLD TABLE AS usage_old_aliases NEW TABLE AS usage_new_aliases
  FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_moved_aliases();
