-- The hidden truth of a generated demo world (src/demo, issue 5): why each simulated
-- account churned or contracted. Tests and benchmarks compare it with what health, the
-- churn model and autopsy pattern mining find in the observable data.
-- PRODUCT FEATURES MUST NEVER READ THIS TABLE: it is the answer they are meant to discover.
-- Only src/demo/demo.repository.ts writes it and only tests read it.
CREATE TABLE demo_ground_truth (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  seed integer NOT NULL,
  -- [{"driver": "champion_departed", "onset": "2026-03-02"}, …]: the drivers that acted, and from when.
  drivers jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome text NOT NULL CHECK (outcome IN ('churned', 'contracted', 'expanded', 'renewed', 'won_back', 'not_yet_renewed')),
  churned_on date,
  contracted_on date,
  -- The earliest driver's churn-autopsy category, for churned, won-back and contracted accounts.
  root_cause text CHECK (root_cause IN ('wrong_product_sold', 'product_flaw', 'poor_crm_documentation',
    'no_visibility_of_account_records', 'poor_services', 'provisioning_problems', 'onboarding',
    'support_closed_without_root_cause', 'cs_missed_signs', 'other')),
  PRIMARY KEY (workspace_id, account_id)
);
