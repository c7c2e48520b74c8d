import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { emitDomainEvents, eventsOfType, type DomainEvent, type DomainEventConsumer } from '../domain-events/index.js';
import { contactLeftMoment, contractMoment, interactionMoment, signalMoment, surveyMoment, ticketMoments, type DerivedMoment } from './derive-moments.js';
import {
  findContactFactRows,
  findInteractionFactRows,
  findSignalFactRows,
  findSurveyFactRows,
  findTicketFactRows,
} from './experience.repository.js';
import { storeMoments } from './store-moments.js';

const CONTRACT_EVENTS = ['contract.signed', 'contract.renewed', 'contract.expanded', 'contract.contracted', 'contract.churned'] as const;

/**
 * Domain event consumer `experience.moments`: turns what happened into moments of truth by the
 * rules of `derive-moments.ts` (tickets opened and solved, survey answers, logged meetings,
 * calls and emails, outages, contract events, key people leaving), reading each source's
 * present row, filed under the account's stage at the time (the journey's stage history).
 * Derived moments carry their source's key, so a redelivered batch records nothing twice; each new moment emits
 * `moment.recorded`, which marks health stale.
 */
export const experienceMomentsConsumer: DomainEventConsumer = {
  name: 'experience.moments',
  eventTypes: [
    'ticket.opened',
    'ticket.updated',
    'ticket.solved',
    'survey.answered',
    'interaction.logged',
    'signal.recorded',
    'contact.left',
    ...CONTRACT_EVENTS,
  ],
  async handle(trx, events) {
    const byWorkspace = new Map<string, DomainEvent[]>();
    for (const event of events) byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event]);
    for (const [workspaceId, list] of byWorkspace) await deriveForWorkspace(trx, workspaceId, list);
  },
};

async function deriveForWorkspace(trx: Kysely<Database>, workspaceId: string, events: DomainEvent[]): Promise<void> {
  const ids = <T extends DomainEvent['type']>(types: T[], pick: (e: Extract<DomainEvent, { type: T }>) => string) => [...new Set(eventsOfType(events, ...types).map(pick))];
  const moments: DerivedMoment[] = [];
  const tickets = await findTicketFactRows(trx, workspaceId, ids(['ticket.opened', 'ticket.updated', 'ticket.solved'], (e) => e.payload.ticketId));
  for (const t of tickets) {
    moments.push(...ticketMoments({ id: t.id, accountId: t.account_id, subject: t.subject, priority: t.priority, status: t.status, createdAt: new Date(t.created_at_source), solvedAt: t.solved_at ? new Date(t.solved_at) : null, csat: t.csat, tags: t.tags ?? [], requesterContactIds: t.contact_ids }));
  }
  for (const s of await findSurveyFactRows(trx, workspaceId, ids(['survey.answered'], (e) => e.payload.responseId))) {
    moments.push(surveyMoment({ id: s.id, accountId: s.account_id, contactId: s.contact_id, kind: s.kind, score: s.score, respondedAt: new Date(s.responded_at) }));
  }
  for (const i of await findInteractionFactRows(trx, workspaceId, ids(['interaction.logged'], (e) => e.payload.interactionId))) {
    moments.push(interactionMoment({ id: i.id, accountId: i.account_id, kind: i.kind, subject: i.subject, sentiment: i.sentiment, occurredAt: new Date(i.occurred_at), contactIds: i.contact_ids }));
  }
  for (const s of await findSignalFactRows(trx, workspaceId, ids(['signal.recorded'], (e) => e.payload.signalId))) {
    const moment = signalMoment({ id: s.id, accountId: s.account_id, type: s.type, title: s.title, text: s.text, occurredAt: new Date(s.occurred_at) });
    if (moment) moments.push(moment);
  }
  for (const e of eventsOfType(events, ...CONTRACT_EVENTS)) {
    if (!e.accountId) continue;
    // Dated by the contract's effective day (noon UTC), not by when it was typed in.
    const moment = contractMoment({ id: e.id, type: e.type, accountId: e.accountId, occurredAt: new Date(`${e.payload.effectiveDate}T12:00:00Z`), arrBefore: e.payload.arrBefore, arrAfter: e.payload.arrAfter });
    if (moment) moments.push(moment);
  }
  const departures = eventsOfType(events, 'contact.left');
  const contacts = new Map((await findContactFactRows(trx, workspaceId, departures.map((e) => e.payload.contactId))).map((c) => [c.id, c]));
  for (const e of departures) {
    const contact = contacts.get(e.payload.contactId);
    if (!contact) continue;
    const moment = contactLeftMoment({ id: contact.id, accountId: contact.account_id, name: contact.name, role: contact.role, at: e.occurredAt, sourceKey: `event:${e.id}` });
    if (moment) moments.push(moment);
  }
  const inserted = await storeMoments(trx, workspaceId, moments);
  await emitDomainEvents(
    trx,
    inserted.map((row) => ({ type: 'moment.recorded' as const, workspaceId, accountId: row.account_id, payload: { momentId: row.id } })),
  );
}
