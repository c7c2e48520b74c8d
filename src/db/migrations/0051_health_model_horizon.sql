-- The churn model learns from every term cut on a grid of days, each row labelled by a loss
-- within a horizon after it (issue 11), instead of one row per renewal read a fixed lead time
-- before it. So a model version records the horizon it was trained to predict, and a
-- backtest trains on its own horizon: its lead time goes.
ALTER TABLE health_models RENAME COLUMN lead_days TO horizon_days;
-- Versions trained the old way predicted a loss at a renewal about 90 days off.
COMMENT ON COLUMN health_models.horizon_days IS 'A training row is lost when the account churned or contracted within this many days after its cut day';

DROP INDEX health_backtests_one_unfinished;
-- Two unfinished runs that differed only in lead time become one run.
UPDATE health_backtests b SET status = 'failed', error = 'Superseded: backtests no longer take a lead time', finished_at = b.created_at, report = NULL
WHERE status IN ('queued', 'running') AND EXISTS (
  SELECT 1 FROM health_backtests o
  WHERE o.workspace_id = b.workspace_id AND o.as_of = b.as_of AND o.horizon_days = b.horizon_days
    AND o.status IN ('queued', 'running') AND (o.created_at, o.id) < (b.created_at, b.id));
ALTER TABLE health_backtests DROP COLUMN lead_days;
CREATE UNIQUE INDEX health_backtests_one_unfinished ON health_backtests (workspace_id, as_of, horizon_days)
  WHERE status IN ('queued', 'running');
