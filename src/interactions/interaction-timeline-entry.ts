import type { InteractionKind } from '../db/schema.js';

const KIND_LABEL: Record<InteractionKind, string> = { meeting: 'Meeting', call: 'Call', email: 'Email' };

/**
 * How a logged interaction reads on the timeline: the kind and subject as the title, then who
 * took part, the outcome and the notes.
 *
 * @example
 *   interactionTimelineText({ kind: 'call', subject: 'Renewal', attendeeNames: ['Jane Doe'], outcome: 'Signs in May', notes: null })
 *   // { title: 'Call: Renewal', body: 'With Jane Doe\nOutcome: Signs in May' }
 */
export function interactionTimelineText(options: {
  kind: InteractionKind;
  subject: string;
  attendeeNames: string[];
  outcome: string | null;
  notes: string | null;
}): { title: string; body: string | null } {
  const lines = [
    ...(options.attendeeNames.length ? [`With ${options.attendeeNames.join(', ')}`] : []),
    ...(options.outcome ? [`Outcome: ${options.outcome}`] : []),
    ...(options.notes ? [options.notes] : []),
  ];
  return { title: `${KIND_LABEL[options.kind]}: ${options.subject}`, body: lines.length ? lines.join('\n') : null };
}
