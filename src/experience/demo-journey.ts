import type { DerivedMoment } from './derive-moments.js';

/**
 * What the demo world's accounts tell about their journey beyond tickets, surveys and signals
 * (which reach the `experience.moments` consumer as domain events like real ones): the stage
 * each account was in over time, and the moments only its timeline holds — onboarding steps
 * (and stalls), key people leaving, price rises, CS touches and contract events. Pure; the
 * demo loader hands its generated accounts to `recordDemoExperience` once.
 */
export type DemoJourneyAccount = {
  id: string;
  customerSince: string;
  lifecycleStage: string;
  movements: Array<{ kind: string; occurredOn: string }>;
  timeline: Array<{ kind: string; team: string; title: string; occurredAt: string; tone?: 'positive' | 'neutral' | 'negative' }>;
  contacts: Array<{ id: string; name: string }>;
};

const LATER_STAGES = ['Performance', 'Transformation', 'Advocacy'];
const DAY_MS = 86_400_000;
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

/**
 * The stages of each customer life (from the first signature or a win-back to a churn or
 * today): Decision & Contract at signature, Adoption two weeks later, then the account's later
 * stage after six months (Performance for those who left); Churned from a churn.
 */
export function demoStageLog(account: DemoJourneyAccount, today: string): Array<{ since: Date; stage: string }> {
  const starts = [account.customerSince, ...account.movements.filter((m) => m.kind === 'reactivation').map((m) => m.occurredOn)];
  const churns = account.movements.filter((m) => m.kind === 'churn').map((m) => m.occurredOn);
  const log: Array<{ since: Date; stage: string }> = [];
  for (const start of starts) {
    const end = churns.find((day) => day > start) ?? today;
    const later = LATER_STAGES.includes(account.lifecycleStage) ? account.lifecycleStage : account.lifecycleStage === 'Churned' ? 'Performance' : null;
    const steps: Array<[number, string | null]> = [
      [0, 'Decision & Contract'],
      [14, account.lifecycleStage === 'Decision & Contract' ? null : 'Adoption'],
      [180, later],
    ];
    for (const [offset, stage] of steps) {
      const since = plusDays(start, offset);
      if (stage && since.toISOString().slice(0, 10) < end) log.push({ since, stage });
    }
    if (end !== today) log.push({ since: new Date(`${end}T00:00:00Z`), stage: 'Churned' });
  }
  return log;
}

/** The timeline's touchpoints as moments, each with the rule that gave its outcome. */
export function demoMoments(account: DemoJourneyAccount): Array<Omit<DerivedMoment, 'sourceKey'>> {
  const moments: Array<Omit<DerivedMoment, 'sourceKey'>> = [];
  const add = (entry: DemoJourneyAccount['timeline'][number], moment: Pick<DerivedMoment, 'kind' | 'team' | 'channel' | 'outcome' | 'intensity' | 'reason'> & { contactIds?: string[] }) =>
    moments.push({ accountId: account.id, contactIds: moment.contactIds ?? [], occurredAt: new Date(entry.occurredAt), title: entry.title, ...moment });
  for (const entry of account.timeline) {
    if (entry.kind === 'onboarding') {
      if (entry.tone === 'negative') add(entry, { kind: 'onboarding_step', team: 'onboarding', channel: 'onboarding', outcome: 'negative', intensity: 3, reason: 'Onboarding stalled: the customer cannot get going' });
      else add(entry, { kind: 'onboarding_step', team: 'onboarding', channel: 'onboarding', outcome: 'positive', intensity: 1, reason: 'An onboarding step done' });
    } else if (entry.kind === 'contact_left') {
      const contact = account.contacts.find((c) => entry.title.includes(c.name));
      add(entry, { kind: 'contact_left', team: 'customer_success', channel: 'relationship', outcome: 'negative', intensity: 3, reason: 'The champion left: the person who carried us inside is gone', contactIds: contact ? [contact.id] : [] });
    } else if (entry.team === 'finance' && /price \+/i.test(entry.title)) {
      add(entry, { kind: 'invoice', team: 'finance', channel: 'email', outcome: 'negative', intensity: 2, reason: 'A price rise at renewal' });
    } else if (entry.kind === 'meeting' || entry.kind === 'email') {
      add(entry, { kind: /business review/i.test(entry.title) ? 'plan_review' : entry.kind, team: entry.team, channel: entry.kind, outcome: 'neutral', intensity: 1, reason: 'A routine touch' });
    } else if (entry.kind === 'contract_signed') {
      add(entry, { kind: 'contract', team: 'sales', channel: 'contract', outcome: 'positive', intensity: 2, reason: 'They chose us: a new contract' });
    } else if (entry.kind === 'contract_cancelled') {
      add(entry, { kind: 'contract', team: 'sales', channel: 'contract', outcome: 'negative', intensity: 3, reason: 'They left' });
    } else if (entry.kind === 'contract_changed') {
      const outcome = entry.tone ?? 'neutral';
      add(entry, {
        kind: 'contract',
        team: 'sales',
        channel: 'contract',
        outcome: outcome === 'neutral' ? 'positive' : outcome,
        intensity: outcome === 'neutral' ? 1 : 2,
        reason: outcome === 'negative' ? 'They cut back what they buy' : outcome === 'positive' ? 'They bought more' : 'They renewed',
      });
    }
  }
  return moments;
}
