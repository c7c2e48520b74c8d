import type { DomainEvent } from '../domain-events/index.js';
import type { HandoffCompletion, HandoffTrigger } from './handoffs.schema.js';

/** The domain events a rule can start or complete on (the consumer subscribes to these). */
export const HANDOFF_INPUT_EVENTS = [
  'account.created',
  'account.updated',
  'contract.signed',
  'contract.renewed',
  'ticket.opened',
  'ticket.solved',
  'interaction.logged',
  'task.completed',
] as const satisfies readonly DomainEvent['type'][];

function enteredStage(event: DomainEvent): string | null {
  if (event.type === 'account.created') return event.payload.lifecycleStage;
  if (event.type === 'account.updated') {
    const change = event.payload.changed.lifecycleStage;
    return change && change.after !== change.before && typeof change.after === 'string' ? change.after : null;
  }
  return null;
}

const sameStage = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether `event` starts a hand-off under `trigger`. Stages compare without case.
 *
 * @example
 *   triggerMatches({ event: 'account.updated', stage: 'Adoption' }, accountUpdatedIntoAdoption); // true
 */
export function triggerMatches(trigger: HandoffTrigger, event: DomainEvent): boolean {
  if (trigger.event !== event.type) return false;
  if (trigger.event === 'account.created') return !trigger.stage || sameStage(enteredStage(event) ?? '', trigger.stage);
  if (trigger.event === 'account.updated') {
    const stage = enteredStage(event);
    return stage !== null && sameStage(stage, trigger.stage);
  }
  return true;
}

/**
 * Whether `event` completes a hand-off that started at `startedAt` under `condition`. An
 * interaction counts only when it happened after the start (a meeting logged late for last
 * month does not complete today's hand-off); `taskTitle` is the completed task's title.
 */
export function completionMatches(
  condition: HandoffCompletion,
  event: DomainEvent,
  context: { startedAt: Date; taskTitle?: string | null },
): boolean {
  if (condition.event !== event.type) return false;
  switch (condition.event) {
    case 'interaction.logged': {
      if (event.type !== 'interaction.logged') return false;
      return (condition.kinds as string[]).includes(event.payload.kind) && new Date(event.payload.occurredAt) >= context.startedAt;
    }
    case 'task.completed':
      return !condition.titleContains || (context.taskTitle ?? '').toLowerCase().includes(condition.titleContains.toLowerCase());
    case 'account.updated': {
      const stage = enteredStage(event);
      return stage !== null && condition.stages.some((s) => sameStage(s, stage));
    }
    default:
      return true;
  }
}

/** When the completing fact happened: a logged interaction's own time (not before the start), else the event's. */
export function completedAtOf(event: DomainEvent, startedAt: Date): Date {
  if (event.type === 'interaction.logged') {
    const happened = new Date(event.payload.occurredAt);
    return happened > startedAt ? happened : startedAt;
  }
  return event.occurredAt;
}
