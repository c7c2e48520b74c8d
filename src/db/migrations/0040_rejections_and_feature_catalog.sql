-- Issue 15, item 9 ("a rejected event is counted but never explained"): one row per message
-- a /v1 request refused, saying exactly why. Owned by src/ingest. A refused batch is refused
-- whole, so each row also says how many messages were refused with it. Bounded: ingest keeps
-- the newest 200 rows per source (pruned in the refusal's own transaction).
CREATE TABLE ingest_rejections (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  -- /v1 endpoint (track, batch…); null when the body could not be read at all.
  endpoint text,
  kind text NOT NULL CHECK (kind IN ('invalid', 'too_large', 'unreadable')),
  -- Position in the batch (0 for a single call); null when the envelope or body is at fault.
  message_index integer,
  message_id text,
  message_type text,
  event_name text,
  user_key text,
  reason text NOT NULL,
  -- [{path, message}] of this message (or of the envelope).
  issues jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Messages of the request refused along with this one (the whole batch).
  request_messages integer NOT NULL,
  -- The offending message as sent (cleaned, cut to 2,000 characters), so the admin sees it.
  excerpt text
);
CREATE INDEX ingest_rejections_source_idx ON ingest_rejections (source_id, id DESC);
CREATE INDEX ingest_rejections_workspace_idx ON ingest_rejections (workspace_id);

-- Issue 15, item 2: the product's features as a catalog the workspace curates. Owned by
-- src/usage. Every save is a new version effective from a day; breadth on a day is measured
-- against the version in force that day, so a new event name (or a later edit) never
-- rewrites history. Document: {features: [{key, name, group, description, events[]}], ignored[]}.
CREATE TABLE product_catalog_versions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  effective_day date NOT NULL,
  document jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, version)
);
CREATE INDEX product_catalog_versions_day_idx ON product_catalog_versions (workspace_id, effective_day, version);
