-- Signals that disagree (issue 11 item 7): heavy usage but a shrinking contract, rising
-- spend with falling adoption. Judged with each current score from the same day's facts
-- (src/health/signal-disagreements.ts), kept beside it so the portfolio lists them in one
-- read: a JSON array of {kind, text}, empty when the signals agree.
ALTER TABLE health_scores ADD COLUMN disagreements jsonb NOT NULL DEFAULT '[]'::jsonb;
