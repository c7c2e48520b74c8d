import type { DerivedMoment } from './derive-moments.js';

/**
 * What the demo world's accounts tell about their journey beyond tickets, surveys and signals
 * (which reach the `experience.moments` consumer as domain events like real ones): the moments
 * only its timeline holds — onboarding steps (and stalls), key people leaving, price rises, CS
 * touches and contract events. Their stages come from the journey's demo stage history. Pure;
 * the demo loader hands its generated accounts to `recordDemoExperience` once.
 */
export type DemoJourneyAccount = {
  id: string;
  timeline: Array<{ kind: string; team: string; title: string; occurredAt: string; tone?: 'positive' | 'neutral' | 'negative' }>;
  contacts: Array<{ id: string; name: string }>;
};

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
