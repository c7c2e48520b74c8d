-- Substring search on the accounts list (`q` matches name or domain anywhere, as people
-- type fragments). B-tree indexes cannot serve `like '%…%'`: at 100,000 accounts a term
-- that matches few rows scanned them all, evaluating two lower()+like per row. One stored
-- lower-case text of both, and a trigram GIN index on it, find the candidates instead
-- (accounts.repository.ts, findSearchCandidateIds).
-- The extension lives in `public` so that every schema (one per test run on a shared
-- server) uses the same one; pg_trgm is a trusted extension, so a database owner may add it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
ALTER TABLE accounts ADD COLUMN search_text text GENERATED ALWAYS AS (lower(name) || ' ' || lower(coalesce(domain, ''))) STORED;
CREATE INDEX accounts_search_trgm_idx ON accounts USING gin (search_text public.gin_trgm_ops);

-- A CSM writes only its own book. A grant lets one user also write one account, or every
-- account of a colleague's book (cover during leave, a pooled account, a hand-off in
-- progress), optionally until a date. Leaders and admins give and remove grants; both are
-- audited. Reads are never restricted within a workspace, so grants are about writes only.
CREATE TABLE account_write_grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  grantee_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  account_id uuid REFERENCES accounts(id) ON DELETE CASCADE,
  book_owner_id uuid REFERENCES users(id) ON DELETE CASCADE,
  reason text,
  expires_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((account_id IS NULL) <> (book_owner_id IS NULL)),
  CHECK (book_owner_id IS DISTINCT FROM grantee_id)
);
CREATE INDEX account_write_grants_grantee_idx ON account_write_grants (workspace_id, grantee_id);
CREATE INDEX account_write_grants_account_idx ON account_write_grants (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX account_write_grants_book_idx ON account_write_grants (book_owner_id) WHERE book_owner_id IS NOT NULL;
