import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEFAULT_JOURNEY } from './default-journey.js';
import { findStage } from './journey-rules.js';
import { insertAccountMilestones, insertGoalsRows, insertStageChangeRows, refreshStayMedianRows, setAccountsStage, type NewAccountMilestone } from './journeys.repository.js';
import { scheduleCurrentStayChecks, scheduleMilestoneTimers } from './stage-moves.js';

/** What the demo world knows about an account's simulated life (demo/ passes it in). */
export type DemoJourneyAccount = {
  id: string;
  ownerId: string | null;
  segment: string;
  industry: string;
  /** The first contract's signature. */
  customerSince: string;
  churnedOn: string | null;
  wonBackOn: string | null;
  /** Hidden drivers with the day each starts; slow onboarding stretches Adoption. */
  drivers: { driver: string; onset: string }[];
  firstExpansionOn: string | null;
};

const DAY_MS = 86_400_000;
const at = (day: string, plusDays = 0, hour = 10) => new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) + plusDays * DAY_MS);

/** A number in [0, 1) fixed by the account and a salt, so the same world gets the same journeys. */
function unit(id: string, salt: string): number {
  let h = 2166136261;
  for (const ch of `${id}:${salt}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}
const between = (id: string, salt: string, lo: number, hi: number) => lo + Math.floor(unit(id, salt) * (hi - lo + 1));

type Step = { stage: string; at: Date; reason: string };
type PlannedMilestone = { key: string; name: string; stage: string; dueAt: Date; completedAt: Date | null };

const GOALS = [
  'Cut the time new teams take to go live from weeks to days',
  'Give leadership one weekly view of renewals and risk',
  'Replace three spreadsheets and a legacy tool with one system',
  'Raise net retention by catching churn signals a quarter earlier',
  'Let support and success work from one customer history',
];
const CRITERIA = [
  '80% of licensed seats active weekly within 90 days; first integration live in 45',
  'Weekly executive report used in the Monday meeting by the end of the first quarter',
  'Legacy tool switched off by month four; no data re-entry',
  'Every at-risk account has an owner and a plan within 48 hours',
];

/**
 * Plans one account's journey from its simulated life (pure): a sales path to the contract,
 * Adoption from the signature with its milestones (late when onboarding was slow — the hidden
 * `slow_onboarding` driver), Performance once adopted, Transformation after a first expansion,
 * Advocacy for some of the healthy expanders, Churned at a churn and Adoption again at a
 * win-back. Only what happened before `today` is kept.
 */
export function planDemoJourney(account: DemoJourneyAccount, today: string): { steps: Step[]; milestones: PlannedMilestone[] } {
  const id = account.id;
  const signed = account.customerSince;
  const steps: Step[] = [];
  const milestones: PlannedMilestone[] = [];
  const adoption = DEFAULT_JOURNEY.stages.find((s) => s.key === 'adoption')!;
  const slow = account.drivers.find((d) => d.driver === 'slow_onboarding');
  const salesStart = between(id, 'sales', 45, 120);
  steps.push({ stage: 'Awareness', at: at(signed, -salesStart), reason: 'First contact from marketing' });
  steps.push({ stage: 'Consideration', at: at(signed, -Math.round(salesStart * 0.6)), reason: 'Qualified by sales' });
  if (account.segment !== 'self-serve') steps.push({ stage: 'Trial', at: at(signed, -Math.round(salesStart * 0.35)), reason: 'Pilot started' });
  steps.push({ stage: 'Decision & Contract', at: at(signed, -between(id, 'decide', 5, 15)), reason: 'Goals and success criteria agreed; proposal sent' });

  const adopt = (from: string, salt: string) => {
    const entered = at(from, 0, 12);
    steps.push({ stage: 'Adoption', at: entered, reason: 'Contract signed' });
    let last = entered;
    for (const m of adoption.milestones) {
      const dueAt = new Date(entered.getTime() + m.dueDays * DAY_MS);
      const slowHere = slow !== undefined && slow.onset < at(from, 120).toISOString().slice(0, 10);
      const offset = slowHere ? between(id, `${salt}${m.key}`, 10, 120) : -between(id, `${salt}${m.key}`, 1, Math.max(2, Math.round(m.dueDays / 3)));
      const done = new Date(dueAt.getTime() + offset * DAY_MS);
      milestones.push({ key: m.key, name: m.name, stage: 'Adoption', dueAt, completedAt: done });
      if (done > last) last = done;
    }
    return last;
  };
  const end = account.churnedOn && !account.wonBackOn ? account.churnedOn : today;
  let adopted = adopt(signed, 'a');
  const life = (adoptedAt: Date, until: string) => {
    if (adoptedAt.toISOString().slice(0, 10) >= until) return;
    steps.push({ stage: 'Performance', at: new Date(adoptedAt.getTime() + DAY_MS), reason: 'Onboarding milestones complete' });
    if (account.firstExpansionOn && account.firstExpansionOn > adoptedAt.toISOString().slice(0, 10) && account.firstExpansionOn < until) {
      steps.push({ stage: 'Transformation', at: at(account.firstExpansionOn, 1), reason: 'Expanded to new teams' });
      const advocacy = at(account.firstExpansionOn, between(id, 'advocate', 120, 300));
      if (account.drivers.length === 0 && unit(id, 'advocacy') < 0.5 && advocacy.toISOString().slice(0, 10) < until) {
        steps.push({ stage: 'Advocacy', at: advocacy, reason: 'Agreed to be a reference' });
      }
    }
  };
  if (account.churnedOn) {
    life(adopted, account.churnedOn);
    steps.push({ stage: 'Churned', at: at(account.churnedOn, 0, 12), reason: 'Did not renew' });
    if (account.wonBackOn) {
      adopted = adopt(account.wonBackOn, 'b');
      life(adopted, today);
    }
  } else {
    life(adopted, end);
  }
  const now = at(today, 0, 0);
  const kept = steps.filter((s) => s.at < now).sort((a, b) => a.at.getTime() - b.at.getTime());
  return { steps: kept, milestones: milestones.map((m) => ({ ...m, completedAt: m.completedAt && m.completedAt < now ? m.completedAt : null })) };
}

const CHUNK = 1000;

/**
 * Writes the demo world's stage histories, milestones and goals (one call from the demo
 * loader, inside its transaction) and sets each account's stage to where its journey
 * ends. Open milestones of current stays get their due timers like any other stay, so
 * overdue ones raise their signal through the ordinary job once the worker runs; then the
 * stay medians are learnt from the whole history and every current stay gets the stay
 * timers a move would have set.
 */
export async function generateDemoJourneys(
  trx: Kysely<Database>,
  options: { workspaceId: string; today: string; accounts: readonly DemoJourneyAccount[] },
): Promise<{ stageChanges: number; milestones: number; stayChecks: number }> {
  const { workspaceId, today } = options;
  const now = at(today, 0, 0);
  let stageChanges = 0;
  let milestoneCount = 0;
  for (let start = 0; start < options.accounts.length; start += CHUNK) {
    const chunk = options.accounts.slice(start, start + CHUNK);
    const plans = chunk.map((account) => ({ account, plan: planDemoJourney(account, today) }));
    const rows = plans.flatMap(({ account, plan }) =>
      plan.steps.map((step, index) => ({
        workspace_id: workspaceId,
        account_id: account.id,
        from_stage: index === 0 ? null : plan.steps[index - 1]!.stage,
        to_stage: step.stage,
        changed_at: step.at,
        reason: step.reason,
        source: 'demo' as const,
        actor_kind: account.ownerId ? ('user' as const) : ('operator' as const),
        actor_user_id: account.ownerId,
        actor_automation: null,
      })),
    );
    const ids = await insertStageChangeRows(trx, rows);
    stageChanges += ids.length;
    const milestoneRows: NewAccountMilestone[] = [];
    const lastEntries = new Set<string>();
    const finalStages = new Map<string, string[]>();
    const goals: Parameters<typeof insertGoalsRows>[1] = [];
    let offset = 0;
    for (const { account, plan } of plans) {
      const entryIds = ids.slice(offset, offset + plan.steps.length);
      offset += plan.steps.length;
      if (entryIds.length) lastEntries.add(entryIds[entryIds.length - 1]!);
      for (const m of plan.milestones) {
        // The stay a milestone belongs to: the last entry into its stage before it fell due.
        let index = -1;
        plan.steps.forEach((s, i) => {
          if (s.stage === m.stage && s.at <= m.dueAt) index = i;
        });
        if (index < 0) continue;
        const stage = findStage(DEFAULT_JOURNEY, m.stage)!;
        milestoneRows.push({
          workspace_id: workspaceId,
          account_id: account.id,
          stage_entry_id: entryIds[index]!,
          stage_key: stage.key,
          milestone_key: m.key,
          name: m.name,
          due_at: m.dueAt,
          completed_at: m.completedAt,
          completed_how: m.completedAt ? 'manual' : null,
        });
      }
      const finalStage = plan.steps[plan.steps.length - 1]?.stage;
      if (finalStage) finalStages.set(finalStage, [...(finalStages.get(finalStage) ?? []), account.id]);
      const decided = plan.steps.find((s) => s.stage === 'Decision & Contract');
      if (decided) {
        goals.push({
          workspace_id: workspaceId,
          account_id: account.id,
          goals: GOALS[between(account.id, 'goal', 0, GOALS.length - 1)]!,
          success_criteria: CRITERIA[between(account.id, 'criteria', 0, CRITERIA.length - 1)]!,
          updated_by: account.ownerId,
          updated_at: decided.at,
        });
      }
    }
    for (const [stage, accountIds] of finalStages) await setAccountsStage(trx, workspaceId, accountIds, stage, now);
    await insertGoalsRows(trx, goals);
    const inserted = await insertAccountMilestones(trx, milestoneRows);
    milestoneCount += inserted.length;
    // Timers only for open milestones of current stays (each account's last entry).
    await scheduleMilestoneTimers(trx, workspaceId, inserted.filter((m) => m.completed_at === null && lastEntries.has(m.stage_entry_id)), now);
  }
  await refreshStayMedianRows(trx, workspaceId, now);
  const stayChecks = await scheduleCurrentStayChecks(trx, workspaceId, now);
  return { stageChanges, milestones: milestoneCount, stayChecks };
}
