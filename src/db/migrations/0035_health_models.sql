-- The churn-risk model trained on the workspace's own past (issue 11, item 4). Owned by
-- src/health-model; all SQL on these tables is in src/health-model/health-model.repository.ts.
--
-- Every training run is a new version: the fitted model as plain JSON (src/churn-model
-- `ChurnModel`), what it was trained on (renewals decided by `decided_by`, features read
-- `lead_days` before each) and the validation AUC that chose it.
CREATE TABLE health_models (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  trained_at timestamptz NOT NULL,
  decided_by date NOT NULL,
  lead_days integer NOT NULL,
  training_rows integer NOT NULL,
  training_positives integer NOT NULL,
  family text NOT NULL CHECK (family IN ('logistic', 'gbdt')),
  validation_auc double precision,
  model jsonb NOT NULL,
  PRIMARY KEY (workspace_id, version)
);

-- Each account's current risk: the probability of churning or contracting at its next
-- renewal, its top reasons (TreeSHAP / linear contributions, in words) and the model version
-- that said so. Replaced by each run; a prediction always names its model.
CREATE TABLE health_model_predictions (
  workspace_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  model_version integer NOT NULL,
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  reasons jsonb NOT NULL,
  as_of date NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, account_id),
  FOREIGN KEY (workspace_id, model_version) REFERENCES health_models (workspace_id, version) ON DELETE CASCADE
);
