-- Issue 12 items 2 and 4. A CSM's day lists accounts whose predicted churn risk rose since last
-- week: a retrain replaces each account's prediction, so it keeps the one from the previous day
-- it ran on (owned by src/health-model). A segment can name a pool of people (a team or a list
-- of members) that playbook tasks with the "segment's pool" owner rule go to (src/segments).
ALTER TABLE health_model_predictions
  ADD COLUMN previous_probability double precision CHECK (previous_probability BETWEEN 0 AND 1),
  ADD COLUMN previous_as_of date;

ALTER TABLE segments ADD COLUMN pool jsonb;
