-- Source trust (issue 9, finding 2): write keys of browser sources are public (an SDK in a
-- web page ships them), so what they send may attribute usage but never write the CRM.
-- Owned by src/ingest; rules in src/ingest/README.md ("Security: what a write key may do").

-- browser: untrusted (the default, and what every existing source becomes: a key that may
-- have been shipped to a browser must not keep the power to create contacts).
-- server: the key is a secret kept on the customer's servers; its identify traits may
-- create contacts and keep up to date the fields those contacts got from ingestion.
ALTER TABLE sources ADD COLUMN kind text NOT NULL DEFAULT 'browser' CHECK (kind IN ('browser', 'server'));

-- The name/email/title ingestion last wrote to the contact it created for this user, so a
-- later identify changes a field only while it still holds that value (or is empty): a
-- value a CSM or the CRM entered is never overwritten. Null when ingestion did not create
-- the contact (matched by email, or linked before this migration): then it never changes it.
ALTER TABLE user_links ADD COLUMN contact_written jsonb;
