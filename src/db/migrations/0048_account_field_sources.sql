-- Who last set each account field that people edit and imports also write (issue 15 item 9:
-- a Billing Country column overwrote a region the CSM had set). One row per (account, field),
-- replaced by every write that changes the field; an import keeps a value whose row says
-- `person` unless it was asked to overwrite people's values.
-- field: name, domain, industry, segment, employeeCount, region, lifecycleStage,
-- acquisitionChannel, ownerId, or custom.<key> for a custom field.
CREATE TABLE account_field_sources (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  field text NOT NULL,
  source text NOT NULL CHECK (source IN ('person', 'import', 'automation')),
  set_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  set_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, field)
);
