import type { ExperienceOutcome } from './experience-score.js';

/**
 * The mapping rules from what happened to moments of truth (issue 13 item 2), pure. Each
 * moment says why it got its outcome (`reason`), so the score can be explained. The rules,
 * with their thresholds, are listed in docs/experience.md; change them here and there.
 */
export type DerivedMoment = {
  sourceKey: string;
  accountId: string;
  contactIds: string[];
  occurredAt: Date;
  kind: string;
  team: string;
  channel: string;
  outcome: ExperienceOutcome;
  intensity: 1 | 2 | 3;
  title: string;
  reason: string;
};

export type TicketFacts = {
  id: string;
  accountId: string;
  subject: string;
  priority: string | null;
  status: string;
  createdAt: Date;
  solvedAt: Date | null;
  csat: 'good' | 'bad' | null;
  tags: string[];
  requesterContactIds: string[];
};

const HOUR_MS = 3_600_000;
const isSevere = (priority: string | null) => priority === 'urgent' || priority === 'high';
const hours = (ms: number) => Math.round(ms / HOUR_MS);

/**
 * A ticket gives up to two moments: its opening and its resolution (once solved or closed).
 * Opening: urgent → negative 2, high → negative 1 (something broke), a question → neutral.
 * Resolution: a bad CSAT → negative (3 when urgent), a good one → positive 2; unrated, by time
 * to resolve: urgent/high within 24 h positive, after 72 h negative; others within 48 h
 * positive, after 7 days negative. A ticket tagged `reopened` is negative either way: the
 * same problem came back, so it was closed without its root cause.
 */
export function ticketMoments(ticket: TicketFacts): DerivedMoment[] {
  const base = { accountId: ticket.accountId, contactIds: ticket.requesterContactIds, team: 'support', channel: 'ticket' };
  const severe = isSevere(ticket.priority);
  const reopened = ticket.tags.some((tag) => tag.toLowerCase() === 'reopened');
  const opened: DerivedMoment = {
    ...base,
    sourceKey: `ticket:${ticket.id}:opened`,
    occurredAt: ticket.createdAt,
    kind: 'ticket_opened',
    title: `Ticket opened: ${ticket.subject}`,
    ...(reopened
      ? { outcome: 'negative', intensity: 2, reason: 'The same problem came back (ticket tagged reopened)' }
      : ticket.priority === 'urgent'
        ? { outcome: 'negative', intensity: 2, reason: 'An urgent problem: something the customer relies on broke' }
        : ticket.priority === 'high'
          ? { outcome: 'negative', intensity: 1, reason: 'A high-priority problem' }
          : { outcome: 'neutral', intensity: 1, reason: 'A question or minor request' }),
  };
  if (!ticket.solvedAt || !['solved', 'closed'].includes(ticket.status)) return [opened];
  const took = ticket.solvedAt.getTime() - ticket.createdAt.getTime();
  const [fast, slow] = severe ? [24 * HOUR_MS, 72 * HOUR_MS] : [48 * HOUR_MS, 7 * 24 * HOUR_MS];
  const verdict: Pick<DerivedMoment, 'outcome' | 'intensity' | 'reason'> = reopened
    ? { outcome: 'negative', intensity: 2, reason: 'Closed again after coming back: the root cause was not fixed' }
    : ticket.csat === 'bad'
      ? { outcome: 'negative', intensity: ticket.priority === 'urgent' ? 3 : 2, reason: `The customer rated the resolution bad${ticket.priority === 'urgent' ? ' on an urgent ticket' : ''}` }
      : ticket.csat === 'good'
        ? { outcome: 'positive', intensity: 2, reason: 'The customer rated the resolution good' }
        : took <= fast
          ? { outcome: 'positive', intensity: 1, reason: `Resolved in ${hours(took)} h (within ${hours(fast)} h for ${severe ? 'urgent/high' : 'normal'} tickets)` }
          : took > slow
            ? { outcome: 'negative', intensity: 1, reason: `Took ${hours(took)} h to resolve (over ${hours(slow)} h for ${severe ? 'urgent/high' : 'normal'} tickets)` }
            : { outcome: 'neutral', intensity: 1, reason: `Resolved in ${hours(took)} h, unrated` };
  return [opened, { ...base, sourceKey: `ticket:${ticket.id}:solved`, occurredAt: ticket.solvedAt, kind: 'ticket_solved', title: `Ticket resolved: ${ticket.subject}`, ...verdict }];
}

export type SurveyFacts = { id: string; accountId: string; contactId: string | null; kind: string; score: number; respondedAt: Date };

/**
 * A survey answer, by score. NPS (0–10): 0–3 negative 3, 4–5 negative 2, 6 negative 1, 7–8
 * neutral (passive), 9 positive 1, 10 positive 2. CSAT (1–5): 1 negative 2, 2 negative 1, 3
 * neutral, 4 positive 1, 5 positive 2. CES (1–7, higher is easier): 1 negative 2, 2–3 negative
 * 1, 4–5 neutral, 6 positive 1, 7 positive 2.
 */
export function surveyMoment(survey: SurveyFacts): DerivedMoment {
  const s = survey.score;
  const rule = (outcome: ExperienceOutcome, intensity: 1 | 2 | 3, why: string) => ({ outcome, intensity, reason: `${survey.kind.toUpperCase()} ${s}: ${why}` });
  const verdict =
    survey.kind === 'nps'
      ? s <= 3 ? rule('negative', 3, 'a strong detractor') : s <= 5 ? rule('negative', 2, 'a detractor') : s === 6 ? rule('negative', 1, 'a mild detractor') : s <= 8 ? rule('neutral', 1, 'a passive') : s === 9 ? rule('positive', 1, 'a promoter') : rule('positive', 2, 'a strong promoter')
      : survey.kind === 'csat'
        ? s <= 1 ? rule('negative', 2, 'very dissatisfied') : s === 2 ? rule('negative', 1, 'dissatisfied') : s === 3 ? rule('neutral', 1, 'neither') : s === 4 ? rule('positive', 1, 'satisfied') : rule('positive', 2, 'very satisfied')
        : s <= 1 ? rule('negative', 2, 'very hard to get done') : s <= 3 ? rule('negative', 1, 'hard to get done') : s <= 5 ? rule('neutral', 1, 'neither easy nor hard') : s === 6 ? rule('positive', 1, 'easy') : rule('positive', 2, 'very easy');
  return {
    sourceKey: `survey:${survey.id}`,
    accountId: survey.accountId,
    contactIds: survey.contactId ? [survey.contactId] : [],
    occurredAt: survey.respondedAt,
    kind: 'survey',
    team: 'customer_success',
    channel: 'survey',
    title: `${survey.kind.toUpperCase()} answer: ${s}`,
    ...verdict,
  };
}

export type InteractionFacts = { id: string; accountId: string; kind: string; subject: string; sentiment: ExperienceOutcome; occurredAt: Date; contactIds: string[] };

/** A logged meeting, call or email takes the sentiment the CSM gave it; a meeting that went well or badly counts 2. */
export function interactionMoment(interaction: InteractionFacts): DerivedMoment {
  const strong = interaction.kind === 'meeting' && interaction.sentiment !== 'neutral';
  return {
    sourceKey: `interaction:${interaction.id}`,
    accountId: interaction.accountId,
    contactIds: interaction.contactIds,
    occurredAt: interaction.occurredAt,
    kind: interaction.kind,
    team: 'customer_success',
    channel: interaction.kind,
    outcome: interaction.sentiment,
    intensity: strong ? 2 : 1,
    title: `${interaction.kind[0]!.toUpperCase()}${interaction.kind.slice(1)}: ${interaction.subject}`,
    reason: `Logged as ${interaction.sentiment} by the CSM${strong ? ' (a meeting counts 2)' : ''}`,
  };
}

export type SignalFacts = { id: string; accountId: string; type: string; title: string; text: string | null; occurredAt: Date };
const OUTAGE = /\b(outage|incident|downtime|down for|service disruption|data loss)\b/i;

/**
 * A recorded signal is a moment only when it tells of our service failing them (an outage or
 * incident, by its words): negative 3, since it hits every user at once. Outside news (funding,
 * layoffs, a new executive) is not a touchpoint; health reads it as its own measure.
 */
export function signalMoment(signal: SignalFacts): DerivedMoment | null {
  if (!OUTAGE.test(`${signal.title} ${signal.text ?? ''}`)) return null;
  return {
    sourceKey: `signal:${signal.id}`,
    accountId: signal.accountId,
    contactIds: [],
    occurredAt: signal.occurredAt,
    kind: 'outage',
    team: 'product',
    channel: 'product',
    outcome: 'negative',
    intensity: 3,
    title: signal.title,
    reason: 'An outage or incident on our side: every user felt it',
  };
}

const CONTRACT_RULES: Record<string, Pick<DerivedMoment, 'outcome' | 'intensity' | 'reason' | 'title'>> = {
  'contract.signed': { outcome: 'positive', intensity: 2, title: 'Contract signed', reason: 'They chose us: a new contract' },
  'contract.renewed': { outcome: 'positive', intensity: 1, title: 'Contract renewed', reason: 'They renewed' },
  'contract.expanded': { outcome: 'positive', intensity: 2, title: 'Contract expanded', reason: 'They bought more' },
  'contract.contracted': { outcome: 'negative', intensity: 2, title: 'Contract contracted', reason: 'They cut back what they buy' },
  'contract.churned': { outcome: 'negative', intensity: 3, title: 'Contract ended', reason: 'They left' },
};

/** A contract event is a moment with the sales team; a churn or contraction is the bad end of a journey. */
export function contractMoment(event: { id: number; type: string; accountId: string; occurredAt: Date; arrBefore: number; arrAfter: number }): DerivedMoment | null {
  const rule = CONTRACT_RULES[event.type];
  if (!rule) return null;
  return {
    sourceKey: `event:${event.id}`,
    accountId: event.accountId,
    contactIds: [],
    occurredAt: event.occurredAt,
    kind: 'contract',
    team: 'sales',
    channel: 'contract',
    ...rule,
    title: `${rule.title}: ARR ${Math.round(event.arrBefore).toLocaleString('en-US')} → ${Math.round(event.arrAfter).toLocaleString('en-US')}`,
  };
}

/**
 * A key stakeholder leaving is a moment of the relationship: a champion negative 3 (the
 * person who carried us inside), an economic buyer or decision maker negative 2; others none.
 */
export function contactLeftMoment(contact: { id: string; accountId: string; name: string; role: string | null; at: Date; sourceKey: string }): DerivedMoment | null {
  const intensity = contact.role === 'champion' ? 3 : contact.role === 'economic_buyer' || contact.role === 'decision_maker' ? 2 : null;
  if (!intensity) return null;
  return {
    sourceKey: contact.sourceKey,
    accountId: contact.accountId,
    contactIds: [contact.id],
    occurredAt: contact.at,
    kind: 'contact_left',
    team: 'customer_success',
    channel: 'relationship',
    outcome: 'negative',
    intensity,
    title: `${contact.name} left`,
    reason: contact.role === 'champion' ? 'The champion left: the person who carried us inside is gone' : 'A decision maker left',
  };
}
