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

const DAY_MS = 86_400_000;
const STAGES = ['Decision & Contract', 'Adoption', 'Performance', 'Transformation', 'Advocacy'];
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

/**
 * The stages of each customer life (from the first signature or a win-back to a churn or
 * today): Decision & Contract at signature, Adoption two weeks later, Performance after six
 * months, Transformation or Advocacy after a year — never past the stage the account is in
 * now; Churned from a churn.
 */
export function demoStageLog(account: DemoJourneyAccount, today: string): Array<{ since: Date; stage: string }> {
  const starts = [account.customerSince, ...account.movements.filter((m) => m.kind === 'reactivation').map((m) => m.occurredOn)];
  const churns = account.movements.filter((m) => m.kind === 'churn').map((m) => m.occurredOn);
  const log: Array<{ since: Date; stage: string }> = [];
  for (const start of starts) {
    const end = churns.find((day) => day > start) ?? today;
    // Everyone passes through the stages at the same pace, up to the stage the account is in now
    // (a lost one: a stage drawn from its id with the survivors' odds), so a stage says when a
    // moment happened, not who left.
    const reached = STAGES.indexOf(account.lifecycleStage) >= 0 ? STAGES.indexOf(account.lifecycleStage) : 1 + (parseInt(account.id.slice(0, 8), 16) % 4);
    const steps: Array<[number, string]> = [
      [0, STAGES[0]!],
      [14, STAGES[1]!],
      [180, STAGES[2]!],
      [365, STAGES[Math.max(3, reached)]!],
    ];
    for (const [offset, stage] of steps) {
      const since = plusDays(start, offset);
      if (STAGES.indexOf(stage) <= reached && since.toISOString().slice(0, 10) < end) log.push({ since, stage });
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
