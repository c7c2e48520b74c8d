-- A CSM's day (issue 12, item 4). A task can be snoozed until a date: it leaves the day view
-- (GET /api/today) until then and comes back by itself, with its due date unchanged. A task
-- completed from the day view keeps the outcome note the CSM wrote (it is also the body of
-- the task_completed timeline entry).
ALTER TABLE tasks ADD COLUMN snoozed_until date;
ALTER TABLE tasks ADD COLUMN outcome text;
ALTER TABLE tasks ADD CONSTRAINT tasks_outcome_length CHECK (outcome IS NULL OR length(outcome) <= 5000);
