-- Scale-out ingestion (src/ingest with src/event-stream): /v1 requests queued in NATS
-- JetStream are stored by workers. A message can be delivered again (a worker died after
-- its commit but before its ack), so each stored request's batch id (its Nats-Msg-Id) is
-- recorded in the same transaction: a redelivery then stores nothing and counts nothing.
CREATE TABLE ingest_applied_batches (
  batch_id uuid PRIMARY KEY,
  source_id uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Redeliveries come within minutes; workers prune older rows by this index.
CREATE INDEX ingest_applied_batches_applied_at_idx ON ingest_applied_batches (applied_at);
