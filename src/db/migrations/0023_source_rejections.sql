-- Requests refused whole (issue 16 item 3): a body that is not JSON, an unsupported or broken
-- Content-Encoding, a body too large, or a batch that fails validation. They carry no
-- countable messages, so they are counted as requests, per source and day, and the source
-- keeps the last reason so data health can say why an SDK is failing. Owned by src/ingest.
ALTER TABLE source_daily_stats ADD COLUMN rejected_requests integer NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN last_rejected_at timestamptz;
ALTER TABLE sources ADD COLUMN last_rejection text;
