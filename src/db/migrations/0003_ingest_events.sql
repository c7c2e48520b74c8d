-- Event ingestion (issue 4): Segment-compatible sources, raw events, identity links.
-- Owned by src/ingest; all SQL that reads or writes these tables is in src/ingest/*.repository.ts.

-- A source is one sender (an app, a backend); its write key is the only credential /v1 takes.
CREATE TABLE sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- SHA-256 of the write key: a leaked table lets nobody send events.
  write_key_hash text NOT NULL UNIQUE,
  -- The first characters, so people can tell keys apart in lists.
  write_key_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX sources_workspace_idx ON sources (workspace_id);
-- Two live sources with one name would be told apart by nobody.
CREATE UNIQUE INDEX sources_live_name_key ON sources (workspace_id, lower(name)) WHERE revoked_at IS NULL;

-- Counters per source and UTC day, written in the transaction that stores the events, so
-- they never disagree with the events table. Per day so the data-health screen can show
-- volume over time; unmatched is counted live from events (it shrinks as events attach).
CREATE TABLE source_daily_stats (
  source_id uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  day date NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  received bigint NOT NULL DEFAULT 0,
  accepted bigint NOT NULL DEFAULT 0,
  duplicates bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  last_received_at timestamptz NOT NULL,
  PRIMARY KEY (source_id, day)
);

-- Raw events as sent (one row per message), never dropped. account_id is null while the
-- sender's user or group is unknown ("unmatched") and is filled in when a later group or
-- identify call, or a new account, makes the match.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  message_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('track', 'identify', 'group', 'page', 'screen', 'alias')),
  -- track: the event name; page and screen: the page or screen name.
  event text,
  user_id text,
  anonymous_id text,
  -- group: the group's id; other calls: context.groupId when the sender set it.
  group_id text,
  -- alias: the id being merged into user_id.
  previous_id text,
  account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  -- track/page/screen: properties; identify/group: traits.
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- When it happened (clock skew corrected as Segment does); the others as sent/received.
  timestamp timestamptz NOT NULL,
  original_timestamp timestamptz,
  sent_at timestamptz,
  received_at timestamptz NOT NULL,
  CHECK (user_id IS NOT NULL OR anonymous_id IS NOT NULL)
);
-- Deduplication: a retried message (same messageId from the same source) is stored once.
CREATE UNIQUE INDEX events_source_message_key ON events (source_id, message_id);
-- Usage rollups: one account's events by time. Led by account_id (a uuid, unique across
-- workspaces) so the ON DELETE SET NULL of an account uses it too instead of a full scan.
CREATE INDEX events_account_time_idx ON events (account_id, timestamp) WHERE account_id IS NOT NULL;
-- For ON DELETE SET NULL of a contact, and per-contact reads.
CREATE INDEX events_contact_idx ON events (contact_id) WHERE contact_id IS NOT NULL;
-- Attaching and listing unmatched events by user (userId, or anonymousId when there is none).
CREATE INDEX events_unmatched_user_idx ON events (workspace_id, (coalesce(user_id, anonymous_id))) WHERE account_id IS NULL;
CREATE INDEX events_unmatched_group_idx ON events (workspace_id, group_id) WHERE account_id IS NULL AND group_id IS NOT NULL;
CREATE INDEX events_unmatched_source_idx ON events (source_id) WHERE account_id IS NULL;

-- What identify/group/alias calls taught us about a user of the customer's product.
CREATE TABLE user_links (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- userId, or the anonymousId of a user who was never identified.
  user_key text NOT NULL,
  -- The group (customer company) of the user's latest group call.
  group_id text,
  account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  email text,
  traits jsonb NOT NULL DEFAULT '{}'::jsonb,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_key)
);
CREATE INDEX user_links_group_idx ON user_links (workspace_id, group_id);
CREATE INDEX user_links_account_idx ON user_links (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX user_links_contact_idx ON user_links (contact_id) WHERE contact_id IS NOT NULL;

-- Groups (Segment's word for the customer's company) and the account each one is.
CREATE TABLE group_links (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  group_id text NOT NULL,
  account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  name text,
  -- Host from traits.domain or traits.website, lower case, without www.
  domain text,
  traits jsonb NOT NULL DEFAULT '{}'::jsonb,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, group_id)
);
CREATE INDEX group_links_unmatched_domain_idx ON group_links (workspace_id, domain) WHERE account_id IS NULL;
CREATE INDEX group_links_account_idx ON group_links (account_id) WHERE account_id IS NOT NULL;

-- Other ids of one user: the anonymousId an identify call tied to a userId, or an alias
-- call's previousId. Events sent under an alias belong to the user.
CREATE TABLE user_aliases (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  alias_id text NOT NULL,
  user_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, alias_id)
);
CREATE INDEX user_aliases_user_idx ON user_aliases (workspace_id, user_key);

-- The host of a domain or URL, lower case, without www.: "https://www.Acme.com/x" → "acme.com".
-- Mirrors groupDomain() in src/ingest/plan-identities.ts, which does the same to group traits.
CREATE FUNCTION ingest_host(p_domain text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT nullif(regexp_replace(lower(trim(p_domain)), '^([a-z][a-z0-9+.-]*://)?(www\.)?([^/:?#[:space:]]+).*$', '\3'), '')
$$;

-- How well an account matches a group, best first: 1 = the account's "segment" external id
-- is the groupId, 2 = another external id is, 3 = same domain; null = no match. The
-- trigger below applies the same three rules as joins (so bulk inserts stay fast).
CREATE FUNCTION ingest_group_match_rank(p_group_id text, p_group_domain text, p_external_ids jsonb, p_domain text)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN p_external_ids ->> 'segment' = p_group_id THEN 1
    WHEN EXISTS (SELECT 1 FROM jsonb_each_text(p_external_ids) AS ids(system, value) WHERE ids.value = p_group_id) THEN 2
    WHEN p_group_domain IS NOT NULL AND ingest_host(p_domain) = p_group_domain THEN 3
  END
$$;

-- The user's own key and every alias of it: the ids its events may carry.
CREATE FUNCTION ingest_user_ids(p_workspace_id uuid, p_user_key text)
RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array_prepend(p_user_key, coalesce(array_agg(alias_id), '{}'::text[]))
  FROM user_aliases WHERE workspace_id = p_workspace_id AND user_key = p_user_key
$$;

-- Gives the user's unmatched events the user's account (and contact). Returns how many.
CREATE FUNCTION ingest_attach_user_events(p_workspace_id uuid, p_user_key text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  attached integer;
BEGIN
  UPDATE events e SET account_id = l.account_id, contact_id = coalesce(e.contact_id, l.contact_id)
  FROM user_links l
  WHERE l.workspace_id = p_workspace_id AND l.user_key = p_user_key AND l.account_id IS NOT NULL
    AND e.workspace_id = p_workspace_id AND e.account_id IS NULL
    AND coalesce(e.user_id, e.anonymous_id) = ANY (ingest_user_ids(p_workspace_id, p_user_key));
  GET DIAGNOSTICS attached = ROW_COUNT;
  RETURN attached;
END
$$;

-- A group now known to be an account: the group, its users and every waiting event of
-- either get the account. Returns how many events were attached.
CREATE FUNCTION ingest_link_group(p_workspace_id uuid, p_group_id text, p_account_id uuid)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  attached integer;
  more integer;
  linked record;
BEGIN
  UPDATE group_links SET account_id = p_account_id WHERE workspace_id = p_workspace_id AND group_id = p_group_id;
  UPDATE events SET account_id = p_account_id
  WHERE workspace_id = p_workspace_id AND account_id IS NULL AND group_id = p_group_id;
  GET DIAGNOSTICS attached = ROW_COUNT;
  FOR linked IN
    UPDATE user_links SET account_id = p_account_id
    WHERE workspace_id = p_workspace_id AND group_id = p_group_id AND account_id IS DISTINCT FROM p_account_id
    RETURNING user_key
  LOOP
    more := ingest_attach_user_events(p_workspace_id, linked.user_key);
    attached := attached + more;
  END LOOP;
  RETURN attached;
END
$$;

-- When an account is created or changed (API, import, CLI, demo: every path), groups that
-- were waiting for it are matched and their events attached, in the same transaction.
-- Statement-level with a transition table, and equi-joins on the group's primary key and
-- on group_links_unmatched_domain_idx, so a bulk insert of accounts costs two joins.
CREATE FUNCTION ingest_match_changed_accounts()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  found record;
BEGIN
  FOR found IN
    SELECT DISTINCT ON (m.workspace_id, m.group_id) m.workspace_id, m.group_id, m.account_id
    FROM (
      SELECT g.workspace_id, g.group_id, a.id AS account_id, a.created_at,
        CASE WHEN ids.system = 'segment' THEN 1 ELSE 2 END AS rank
      FROM changed_accounts a
      CROSS JOIN LATERAL jsonb_each_text(a.external_ids) AS ids(system, value)
      JOIN group_links g ON g.workspace_id = a.workspace_id AND g.group_id = ids.value AND g.account_id IS NULL
      UNION ALL
      SELECT g.workspace_id, g.group_id, a.id, a.created_at, 3
      FROM changed_accounts a
      JOIN group_links g ON g.workspace_id = a.workspace_id AND g.domain = ingest_host(a.domain) AND g.account_id IS NULL
    ) m
    ORDER BY m.workspace_id, m.group_id, m.rank, m.created_at, m.account_id
  LOOP
    PERFORM ingest_link_group(found.workspace_id, found.group_id, found.account_id);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_ingest_match_inserted AFTER INSERT ON accounts
  REFERENCING NEW TABLE AS changed_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_match_changed_accounts();

CREATE TRIGGER accounts_ingest_match_updated AFTER UPDATE ON accounts
  REFERENCING NEW TABLE AS changed_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_match_changed_accounts();
