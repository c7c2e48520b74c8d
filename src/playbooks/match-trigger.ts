import type { DomainEvent, DomainEventType } from '../domain-events/index.js';
import type { PlaybookTrigger, TriggerKind } from './playbook-definition.js';

/**
 * Which domain events can fire which trigger kind, and whether one event fires one trigger
 * (pure: what the event does not carry — a contact's role, a ticket's priority, the account's
 * recent ticket count — comes in `lookups`).
 */
export const EVENT_TRIGGERS: Record<string, readonly TriggerKind[]> = {
  'health.changed': ['health_below', 'health_band'],
  'contact.left': ['contact_left'],
  'contact.role_changed': ['contact_left'],
  'contact.arrived': ['contact_arrived'],
  'survey.answered': ['nps_detractor'],
  'ticket.opened': ['urgent_ticket', 'ticket_burst'],
  'signal.recorded': ['signal'],
  'segment.entered': ['segment_entered'],
  'account.updated': ['stage_entered'],
  'account.created': ['stage_entered'],
};
export const TRIGGER_EVENT_TYPES = Object.keys(EVENT_TRIGGERS) as DomainEventType[];

export type TriggerLookups = {
  contactRoles: Map<string, string | null>;
  tickets: Map<string, { priority: string | null; createdAtSource: Date }>;
  /** Tickets opened per account within the burst window of the trigger being matched. */
  ticketCounts: (hours: number, accountId: string) => number | undefined;
  surveyContacts: Map<string, string | null>;
};

export type TriggerMatch = { reason: string; context: Record<string, unknown> };

const label = (role: string) => role.replace('_', ' ');

export function matchEvent(trigger: PlaybookTrigger, event: DomainEvent, lookups: TriggerLookups): TriggerMatch | null {
  switch (trigger.kind) {
    case 'health_below': {
      if (event.type !== 'health.changed') return null;
      const { scoreBefore, scoreAfter } = event.payload;
      if (scoreAfter === null || scoreAfter >= trigger.value || (scoreBefore !== null && scoreBefore < trigger.value)) return null;
      return { reason: `Health fell to ${scoreAfter} (below ${trigger.value}${scoreBefore === null ? '' : `, from ${scoreBefore}`})`, context: {} };
    }
    case 'health_band': {
      if (event.type !== 'health.changed') return null;
      const { bandBefore, bandAfter } = event.payload;
      if (bandAfter !== trigger.band || bandBefore === trigger.band) return null;
      return { reason: `Health band changed ${bandBefore ?? 'none'} → ${bandAfter}`, context: {} };
    }
    case 'contact_left': {
      if (event.type === 'contact.left') {
        const role = lookups.contactRoles.get(event.payload.contactId) ?? null;
        if (role === null || !(trigger.roles as string[]).includes(role)) return null;
        return { reason: `A ${label(role)} left`, context: { contactId: event.payload.contactId } };
      }
      if (event.type === 'contact.role_changed') {
        const { before, after } = event.payload.role;
        const roles = trigger.roles as (string | null)[];
        if (!roles.includes(before) || roles.includes(after)) return null;
        return { reason: `A contact is no longer ${label(before!)} (now ${after ? label(after) : 'no role'})`, context: { contactId: event.payload.contactId } };
      }
      return null;
    }
    case 'contact_arrived': {
      if (event.type !== 'contact.arrived') return null;
      const role = lookups.contactRoles.get(event.payload.contactId) ?? null;
      if (trigger.roles && (role === null || !(trigger.roles as string[]).includes(role))) return null;
      return { reason: `A new contact arrived${role ? ` (${label(role)})` : ''}`, context: { contactId: event.payload.contactId } };
    }
    case 'nps_detractor': {
      if (event.type !== 'survey.answered' || event.payload.kind !== 'nps' || event.payload.score > trigger.maxScore) return null;
      return {
        reason: `NPS detractor: answered ${event.payload.score}`,
        context: { contactId: lookups.surveyContacts.get(event.payload.responseId) ?? null, responseId: event.payload.responseId },
      };
    }
    case 'urgent_ticket': {
      if (event.type !== 'ticket.opened') return null;
      if (lookups.tickets.get(event.payload.ticketId)?.priority !== 'urgent') return null;
      return { reason: 'An urgent ticket opened', context: { ticketId: event.payload.ticketId } };
    }
    case 'ticket_burst': {
      if (event.type !== 'ticket.opened' || event.accountId === null) return null;
      const count = lookups.ticketCounts(trigger.hours, event.accountId) ?? 0;
      if (count < trigger.count) return null;
      return { reason: `${count} tickets opened within ${trigger.hours} h`, context: { ticketId: event.payload.ticketId } };
    }
    case 'signal': {
      if (event.type !== 'signal.recorded' || event.payload.kind !== trigger.signalKind) return null;
      return { reason: `Outside signal: ${trigger.signalKind.replace('_', ' ')}`, context: { signalId: event.payload.signalId } };
    }
    case 'segment_entered': {
      if (event.type !== 'segment.entered' || event.payload.segmentId !== trigger.segmentId) return null;
      return { reason: 'Entered the segment', context: { segmentId: trigger.segmentId } };
    }
    case 'stage_entered': {
      const stage =
        event.type === 'account.updated'
          ? (event.payload.changed.lifecycleStage?.after as string | null | undefined)
          : event.type === 'account.created'
            ? event.payload.lifecycleStage
            : undefined;
      if (stage !== trigger.stage) return null;
      return { reason: `Lifecycle stage became ${trigger.stage}`, context: {} };
    }
    default:
      return null;
  }
}
