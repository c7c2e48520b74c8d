-- Domain events: the transactional outbox (issue 10, "Domain events"). Owned by
-- src/domain-events; the SQL that reads and writes these tables is in
-- src/domain-events/domain-events.repository.ts.
--
-- A change that other modules react to inserts its event here in the same transaction as the
-- change. Consumers read them in order per partition and move a cursor in the transaction
-- of their own writes, so a committed consumer never sees an event again.
CREATE TABLE domain_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- The account the event is about; null for the few that have none (a ticket that matched no account).
  account_id uuid,
  type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  -- From the application's clock, like job times.
  occurred_at timestamptz NOT NULL,
  -- The writing transaction. Consumers read only events of transactions older than every
  -- transaction still running (pg_snapshot_xmin), so an event committed late by a long
  -- transaction is never skipped by a cursor that already moved past its id.
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- Eight partitions by account (by workspace when there is none): a consumer keeps one cursor
  -- per partition, so one account's events stay in order and a failing one holds up an
  -- eighth of the accounts, not all of them.
  partition smallint GENERATED ALWAYS AS ((hashtext(coalesce(account_id, workspace_id)::text) & 7)::smallint) STORED
);

CREATE INDEX domain_events_partition_idx ON domain_events (partition, txid, id);
CREATE INDEX domain_events_occurred_idx ON domain_events (occurred_at);

-- One row per (consumer, partition): the position of the last event handled, and the failed
-- mark its delivery job writes on its last attempt (cleared by the next success).
CREATE TABLE domain_event_cursors (
  consumer text NOT NULL,
  partition smallint NOT NULL CHECK (partition BETWEEN 0 AND 7),
  -- The types the consumer subscribes to, written when it starts: retention keeps an event
  -- until every consumer of its type has passed it.
  event_types text[] NOT NULL,
  last_txid xid8 NOT NULL DEFAULT '0',
  last_id bigint NOT NULL DEFAULT 0,
  failed_at timestamptz,
  last_error text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (consumer, partition)
);
