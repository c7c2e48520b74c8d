-- Issue 13: a workspace now gets its default teams and hand-off rules when it is created
-- (setup/create-workspace.ts), no longer on the first read of teams, rules or hand-offs, so
-- reads never write. Workspaces created before that and never read get them here, exactly as
-- handoffs/default-rules.ts and teams' DEFAULT_TEAMS gave them on 2026-12-06. A workspace with
-- a handoff_setup row got them already (and may have deleted some since): it is left alone.
-- Safe with data: a team or rule the workspace already has under that name is kept as it is.

INSERT INTO teams (workspace_id, name, slug)
SELECT w.id, t.name, t.slug
FROM workspaces w
CROSS JOIN (VALUES ('Marketing', 'marketing'), ('Sales', 'sales'), ('Onboarding', 'onboarding'), ('Customer Success', 'customer_success'), ('Support', 'support')) AS t (name, slug)
WHERE NOT EXISTS (SELECT 1 FROM handoff_setup s WHERE s.workspace_id = w.id)
ON CONFLICT DO NOTHING;

INSERT INTO handoff_rules (workspace_id, name, sender_team_id, receiver_team_id, triggers, completion, clock_amount, clock_unit, business_hours, escalation, enabled, created_at, updated_at)
SELECT w.id, r.name, sender.id, receiver.id, r.triggers::jsonb, r.completion::jsonb, r.clock_amount, r.clock_unit, false, r.escalation::jsonb, true,
  now() + r.position * interval '1 millisecond', now()
FROM workspaces w
CROSS JOIN (VALUES
  (0, 'Qualified lead → first sales contact', 'marketing', 'sales',
    '[{"event":"account.created","stage":"Consideration"},{"event":"account.updated","stage":"Consideration"}]',
    '[{"event":"interaction.logged","kinds":["call","meeting","email"]},{"event":"account.updated","stages":["Trial","Decision & Contract"]}]',
    24, 'hours', '[{"afterHours":0,"to":"receiver_lead","createTask":true},{"afterHours":24,"to":"admin","createTask":true}]'),
  (1, 'Deal won → onboarding kickoff', 'sales', 'onboarding',
    '[{"event":"contract.signed"},{"event":"account.updated","stage":"Decision & Contract"}]',
    '[{"event":"interaction.logged","kinds":["meeting"]}]',
    5, 'days', '[{"afterHours":0,"to":"receiver_lead","createTask":true},{"afterHours":48,"to":"admin","createTask":true}]'),
  (2, 'Onboarding done → CSM adoption review', 'onboarding', 'customer_success',
    '[{"event":"account.updated","stage":"Adoption"}]',
    '[{"event":"interaction.logged","kinds":["meeting"]},{"event":"account.updated","stages":["Performance","Transformation","Advocacy"]}]',
    14, 'days', '[{"afterHours":0,"to":"receiver_lead","createTask":true},{"afterHours":72,"to":"admin","createTask":true}]')
) AS r (position, name, sender, receiver, triggers, completion, clock_amount, clock_unit, escalation)
JOIN teams sender ON sender.workspace_id = w.id AND sender.slug = r.sender
JOIN teams receiver ON receiver.workspace_id = w.id AND receiver.slug = r.receiver
WHERE NOT EXISTS (SELECT 1 FROM handoff_setup s WHERE s.workspace_id = w.id)
  AND NOT EXISTS (SELECT 1 FROM handoff_rules taken WHERE taken.workspace_id = w.id AND lower(taken.name) = lower(r.name));

INSERT INTO handoff_setup (workspace_id, seeded_at)
SELECT w.id, now() FROM workspaces w
WHERE NOT EXISTS (SELECT 1 FROM handoff_setup s WHERE s.workspace_id = w.id);
