-- Time-based journey criteria and stuck stays (issue 13 items 1 and 3).

-- The one-time mark of the `journey.stay-check` timer: the stay raised its `stage_stuck`
-- signal (a rerun of the job, or a later check of the same stay, raises none).
ALTER TABLE account_stage_history ADD COLUMN stuck_signaled_at timestamptz;

-- The signal a stay raises when it has lasted past twice the expected stay.
ALTER TABLE signals DROP CONSTRAINT signals_type_check;
ALTER TABLE signals ADD CONSTRAINT signals_type_check
  CHECK (type IN ('news', 'funding', 'leadership_change', 'vendor_review', 'layoff', 'acquisition', 'other', 'milestone_overdue', 'flow_stuck', 'stage_stuck'));

-- Moments read the stage an account was in from the journey's account_stage_history, the
-- single record of stage changes; experience's own copy is gone.
DROP TABLE experience_stage_log;
