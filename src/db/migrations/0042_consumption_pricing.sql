-- Consumption pricing (issue 14 item 5), owned by src/subscriptions. A contract is committed
-- (line items only, the default), usage_based (ARR from trailing usage of one billable event)
-- or hybrid (line items are a committed floor; usage above it adds ARR). The usage part is
-- kept as one system line item (`usage`), so every sum of contract ARR — account ARR, the
-- ledger, metrics, health — counts it without knowing about pricing models.
ALTER TABLE subscriptions
  ADD COLUMN pricing_model text NOT NULL DEFAULT 'committed'
    CHECK (pricing_model IN ('committed', 'usage_based', 'hybrid')),
  -- The billable metric: an event name counted in usage_account_days.event_counts.
  ADD COLUMN usage_metric text,
  ADD COLUMN usage_unit_price numeric(18, 6) CHECK (usage_unit_price >= 0),
  ADD COLUMN usage_window_days integer CHECK (usage_window_days BETWEEN 1 AND 365),
  -- Last measurement: units in the window ending on usage_measured_through.
  ADD COLUMN usage_units numeric(20, 0),
  ADD COLUMN usage_measured_through date,
  ADD CONSTRAINT subscriptions_usage_terms_check CHECK (
    (pricing_model = 'committed') = (usage_metric IS NULL)
    AND (usage_metric IS NULL) = (usage_unit_price IS NULL)
    AND (usage_metric IS NULL) = (usage_window_days IS NULL));

ALTER TABLE subscription_items ADD COLUMN usage boolean NOT NULL DEFAULT false;

-- The daily recompute finds a workspace's usage-priced contracts without a scan of all.
CREATE INDEX subscriptions_usage_priced_idx ON subscriptions (workspace_id) WHERE pricing_model <> 'committed' AND status = 'active';
