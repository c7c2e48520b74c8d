-- Foundation: tenancy, identity, the customer model and the account timeline.
-- Every business table carries workspace_id; repositories filter on it on every query.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Typed custom fields for accounts, declared per workspace.
CREATE TABLE custom_field_definitions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key text NOT NULL,
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'boolean', 'date', 'select')),
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'csm', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'csm', 'viewer')),
  -- A token may act as a user (so a csm token has a book); null means a service token.
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  domain text,
  industry text,
  segment text,
  employee_count integer CHECK (employee_count IS NULL OR employee_count >= 0),
  region text,
  parent_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  lifecycle_stage text,
  -- CRM ids by system, e.g. {"salesforce": "001...", "hubspot": "123"}.
  external_ids jsonb NOT NULL DEFAULT '{}'::jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Sum of active subscription line items; maintained by the subscriptions module so
  -- account lists can sort and filter on ARR without a join.
  arr numeric(14, 2) NOT NULL DEFAULT 0,
  renewal_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Keyset pagination indexes: one per sortable expression (exactly as accounts.repository.ts
-- writes it, nulls folded to a sentinel so keys are total), id breaks ties.
CREATE INDEX accounts_ws_name_idx ON accounts (workspace_id, lower(name), id);
CREATE INDEX accounts_ws_arr_idx ON accounts (workspace_id, arr, id);
CREATE INDEX accounts_ws_created_idx ON accounts (workspace_id, created_at, id);
CREATE INDEX accounts_ws_renewal_idx ON accounts (workspace_id, coalesce(renewal_date, 'infinity'::date), id);
CREATE INDEX accounts_ws_employees_idx ON accounts (workspace_id, coalesce(employee_count, -1), id);
CREATE INDEX accounts_ws_owner_idx ON accounts (workspace_id, owner_id);
CREATE INDEX accounts_ws_segment_idx ON accounts (workspace_id, segment);
CREATE INDEX accounts_ws_domain_idx ON accounts (workspace_id, lower(domain));
CREATE INDEX accounts_parent_idx ON accounts (parent_id);
CREATE INDEX accounts_external_ids_idx ON accounts USING gin (external_ids jsonb_path_ops);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text NOT NULL,
  email text,
  title text,
  role text CHECK (role IN ('champion', 'economic_buyer', 'decision_maker', 'admin', 'end_user')),
  expertise text NOT NULL DEFAULT 'novice' CHECK (expertise IN ('novice', 'expert')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  personal_wins jsonb NOT NULL DEFAULT '[]'::jsonb,
  external_ids jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_idx ON contacts (workspace_id, account_id);
CREATE INDEX contacts_email_idx ON contacts (workspace_id, lower(email));

CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  external_id text,
  status text NOT NULL CHECK (status IN ('active', 'cancelled', 'expired')),
  start_date date NOT NULL,
  end_date date NOT NULL,
  auto_renew boolean NOT NULL DEFAULT false,
  currency text NOT NULL DEFAULT 'USD',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);
CREATE INDEX subscriptions_account_idx ON subscriptions (workspace_id, account_id);

CREATE TABLE subscription_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  subscription_id uuid NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  product text NOT NULL,
  seats integer NOT NULL CHECK (seats >= 0),
  -- Yearly price per seat; ARR of the line is seats × unit_price.
  unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  arr numeric(14, 2) NOT NULL CHECK (arr >= 0)
);
CREATE INDEX subscription_items_subscription_idx ON subscription_items (subscription_id);

-- Every change of an account's ARR, classified. Derived from contract changes, never edited.
CREATE TABLE arr_movements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  subscription_id uuid REFERENCES subscriptions(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
  amount numeric(14, 2) NOT NULL,
  arr_before numeric(14, 2) NOT NULL,
  arr_after numeric(14, 2) NOT NULL,
  occurred_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX arr_movements_account_idx ON arr_movements (workspace_id, account_id, occurred_on);
CREATE INDEX arr_movements_ws_date_idx ON arr_movements (workspace_id, occurred_on);

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_account_idx ON notes (workspace_id, account_id, created_at);

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  title text NOT NULL,
  description text,
  due_date date,
  priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX tasks_account_idx ON tasks (workspace_id, account_id);
CREATE INDEX tasks_owner_idx ON tasks (workspace_id, owner_id, status, due_date);

-- One thread of every interaction with an account, across teams (DESIGN idea 11).
CREATE TABLE timeline_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind text NOT NULL,
  team text NOT NULL DEFAULT 'customer_success',
  title text NOT NULL,
  body text,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- The record this entry tells about (a note, task, contract…), for linking from the UI.
  subject_type text,
  subject_id uuid,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timeline_account_idx ON timeline_entries (workspace_id, account_id, occurred_at DESC, id DESC);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_token_id uuid REFERENCES api_tokens(id) ON DELETE SET NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (workspace_id, entity_type, entity_id);
CREATE INDEX audit_log_time_idx ON audit_log (workspace_id, occurred_at DESC);
