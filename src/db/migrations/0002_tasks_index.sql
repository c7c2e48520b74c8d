-- Keyset indexes for the task list (tasks.repository.ts): the order is due date with
-- undated tasks last, then priority urgent → low, then id. The expressions must stay
-- exactly as tasks.repository.ts writes them (DUE_KEY, PRIORITY_RANK) or the planner
-- falls back to sorting.

-- "My open tasks": one owner, one status, in list order.
CREATE INDEX tasks_ws_owner_status_order_idx ON tasks (
  workspace_id, owner_id, status,
  coalesce(due_date, 'infinity'::date),
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END),
  id
);

-- A leader's view across owners: every open (or overdue) task in the workspace, in list order.
CREATE INDEX tasks_ws_status_order_idx ON tasks (
  workspace_id, status,
  coalesce(due_date, 'infinity'::date),
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END),
  id
);
