-- Money in one currency (issue 15, item 1). A workspace reports in one currency; contracts
-- keep their own; `exchange_rates` says what one unit of a currency is worth in the
-- reporting currency from a date on (the rate for a day is the latest on or before it).
ALTER TABLE workspaces ADD COLUMN reporting_currency text NOT NULL DEFAULT 'USD'
  CHECK (reporting_currency ~ '^[A-Z]{3}$');

CREATE TABLE exchange_rates (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  effective_date date NOT NULL,
  -- Units of the reporting currency one unit of `currency` buys; exact decimal.
  rate numeric(18, 8) NOT NULL CHECK (rate > 0),
  source text NOT NULL DEFAULT 'entered' CHECK (source IN ('entered', 'imported', 'config')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, currency, effective_date)
);

-- Cached ARR (accounts.arr) is now in the reporting currency at the latest rate; contracts
-- in a currency without a rate are left out of it and counted here, never summed as is.
ALTER TABLE accounts ADD COLUMN unrated_contracts integer NOT NULL DEFAULT 0;
-- Why the customer left, told by whoever marked the account churned (issue 15, item 5).
ALTER TABLE accounts ADD COLUMN churn_reason text;

-- The ledger books each movement in the currency of the contract that moved; arr_before and
-- arr_after are the account's ARR in that currency. Rows booked before this migration summed
-- currencies as stored; they are labelled with their contract's currency (USD when unknown).
ALTER TABLE arr_movements ADD COLUMN currency text NOT NULL DEFAULT 'USD';
UPDATE arr_movements m SET currency = s.currency FROM subscriptions s WHERE s.id = m.subscription_id;

-- Saved account-list views (issue 15, item 5): per user, a name and the list's filters.
CREATE TABLE saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  filters jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, user_id, name)
);
