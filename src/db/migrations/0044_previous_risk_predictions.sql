-- Issue 12 item 4: a CSM's day lists accounts whose predicted churn risk rose since last week.
-- A retrain replaces each account's prediction, so it keeps the one from the previous day it
-- ran on (owned by src/health-model).
ALTER TABLE health_model_predictions
  ADD COLUMN previous_probability double precision CHECK (previous_probability BETWEEN 0 AND 1),
  ADD COLUMN previous_as_of date;
