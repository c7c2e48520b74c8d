-- Issue 12 item 6: the holdout of each run is auditable. holdout_draw is the number in [0, 1)
-- that decided it (derived from the playbook, account and entry key, so anyone can recompute
-- it), holdout_percent the share held out by the version it entered with: the run is a
-- control exactly when holdout_draw * 100 < holdout_percent. Older runs keep nulls.
ALTER TABLE playbook_runs ADD COLUMN holdout_draw double precision CHECK (holdout_draw >= 0 AND holdout_draw < 1);
ALTER TABLE playbook_runs ADD COLUMN holdout_percent real CHECK (holdout_percent >= 0 AND holdout_percent <= 50);
