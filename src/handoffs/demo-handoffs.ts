import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { ensureTeams } from '../teams/index.js';
import { teamSlug } from '../teams/index.js';
import { dueAt } from './handoff-clock.js';
import { scheduleHandoffTimer, tellTimeline } from './handoff-engine.js';
import { findEnabledRules, setUpHandoffDefaults } from './handoff-rules.js';
import { teamNames } from './handoffs-consumer.js';
import { insertHandoffs, insertHistory } from './handoffs.repository.js';

export type DemoHandoffsOptions = {
  workspaceId: string;
  /** The demo's today (YYYY-MM-DD); hand-offs start in the weeks before it. */
  today: string;
  accounts: { id: string; lifecycleStage: string }[];
  /** Real user ids of the demo team. */
  leaderId: string | null;
  csmIds: string[];
};

const HOUR_MS = 3_600_000;
/** What happened to the n-th demo hand-off of a rule, in turn: most on time, some late, some still running. */
const OUTCOMES = ['on_time', 'on_time', 'late', 'running', 'on_time', 'overdue', 'on_time', 'late', 'running'] as const;

/**
 * A few plausible hand-offs for the demo world (one call from the demo loader, in its
 * transaction): the default teams staffed from the demo team (Customer Success led by the
 * leader, Onboarding by a CSM), onboarding kickoffs for accounts that just signed and adoption
 * reviews for accounts in Adoption, some completed on time, some late, some still running.
 * Running ones get their real timers, so the server's worker marks the late ones overdue and
 * escalates them when it starts. Returns how many were written.
 */
export async function loadDemoHandoffs(db: Kysely<Database>, options: DemoHandoffsOptions): Promise<number> {
  const { workspaceId } = options;
  const now = new Date(`${options.today}T12:00:00Z`);
  const clock: Clock = { now: () => now };
  await setUpHandoffDefaults(db, workspaceId, now);
  const [onboardingLead, ...others] = [...options.csmIds].reverse();
  await ensureTeams(db, workspaceId, [
    { name: 'Customer Success', leadId: options.leaderId, memberIds: options.csmIds },
    ...(onboardingLead ? [{ name: 'Onboarding', leadId: onboardingLead, memberIds: others.slice(0, 1) }] : []),
  ]);
  const teams = await teamNames(db, workspaceId);
  const rules = await findEnabledRules(db, workspaceId);
  const byReceiver = (slug: string) => rules.find((rule) => teams.get(rule.receiverTeamId)?.slug === slug);
  const plans = [
    { rule: byReceiver(teamSlug('Onboarding')), stage: 'Decision & Contract' },
    { rule: byReceiver(teamSlug('Customer Success')), stage: 'Adoption' },
  ];
  let written = 0;
  for (const { rule, stage } of plans) {
    if (!rule) continue;
    const accounts = options.accounts.filter((a) => a.lifecycleStage === stage).slice(0, OUTCOMES.length);
    const clockHours = (dueAt(now, rule.clock).getTime() - now.getTime()) / HOUR_MS;
    for (const [index, account] of accounts.entries()) {
      const outcome = OUTCOMES[index]!;
      // Running ones started recently; overdue ones a clock and a half ago; finished ones earlier.
      const ageHours = outcome === 'running' ? clockHours * 0.4 : outcome === 'overdue' ? clockHours * 1.5 : clockHours * (2 + index);
      const startedAt = new Date(now.getTime() - Math.round(ageHours) * HOUR_MS);
      const due = dueAt(startedAt, rule.clock);
      const finished = outcome === 'on_time' || outcome === 'late';
      const completedAt = outcome === 'on_time' ? new Date(startedAt.getTime() + (due.getTime() - startedAt.getTime()) * 0.6) : new Date(due.getTime() + 30 * HOUR_MS);
      const assignee = finished || index % 2 === 0 ? (teams.get(rule.receiverTeamId)?.slug === 'onboarding' ? onboardingLead : options.csmIds[index % Math.max(1, options.csmIds.length)]) ?? null : null;
      const [row] = await insertHandoffs(
        db,
        [
          {
            workspace_id: workspaceId,
            account_id: account.id,
            rule_id: rule.id,
            rule_name: rule.name,
            sender_team_id: rule.senderTeamId,
            receiver_team_id: rule.receiverTeamId,
            state: finished ? 'completed' : assignee ? 'accepted' : 'open',
            started_at: startedAt,
            due_at: due,
            business_hours: rule.clock.businessHours,
            escalation: JSON.stringify(rule.escalation),
            assignee_id: assignee,
            accepted_at: assignee ? new Date(startedAt.getTime() + 2 * HOUR_MS) : null,
            completed_at: finished ? completedAt : null,
            completed_how: finished ? 'interaction.logged' : null,
          },
        ],
        now,
      );
      if (!row) continue;
      written += 1;
      const history = [{ workspaceId, handoffId: row.id, at: startedAt, action: 'started', detail: `account.updated (${stage}); due ${due.toISOString()}` }];
      if (row.accepted_at) history.push({ workspaceId, handoffId: row.id, at: row.accepted_at, action: 'accepted', detail: '' });
      if (finished) history.push({ workspaceId, handoffId: row.id, at: completedAt, action: 'completed', detail: `interaction.logged; ${outcome === 'on_time' ? 'on time' : 'late'}` });
      await insertHistory(db, history.map((h) => ({ ...h, actorUserId: h.action === 'accepted' ? assignee : null })));
      await tellTimeline(db, row, teams, { title: `Hand-off ${teams.get(rule.senderTeamId)?.name} → ${teams.get(rule.receiverTeamId)?.name}: ${rule.name}`, body: `Due ${due.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, at: startedAt });
      if (finished) {
        await tellTimeline(db, row, teams, { title: `Hand-off completed ${outcome === 'on_time' ? 'on time' : 'late'}: ${rule.name}`, tone: outcome === 'on_time' ? 'positive' : 'negative', at: completedAt });
      } else {
        await scheduleHandoffTimer(db, row, 0, due, clock);
      }
    }
  }
  return written;
}
