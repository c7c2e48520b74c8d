import type { HandoffRule, NewHandoffRule } from './handoffs.types.js';

/**
 * A hand-off rule as the form edits it (numbers as typed, lists of stages as text), and the
 * checks that turn it into the API's body with a message per field. Pure, so the form can say
 * what is wrong before it sends anything; the server checks again.
 */
export type Trigger = HandoffRule['triggers'][number];
export type Completion = HandoffRule['completion'][number];
export type EscalationTarget = HandoffRule['escalation'][number]['to'];
export type InteractionKind = 'meeting' | 'call' | 'email';

export const TRIGGER_EVENTS: { value: Trigger['event']; label: string; stage: 'required' | 'optional' | 'none' }[] = [
  { value: 'account.updated', label: 'Account enters a stage', stage: 'required' },
  { value: 'account.created', label: 'Account is created', stage: 'optional' },
  { value: 'contract.signed', label: 'Contract is signed', stage: 'none' },
  { value: 'contract.renewed', label: 'Contract is renewed', stage: 'none' },
  { value: 'ticket.opened', label: 'Ticket is opened', stage: 'none' },
];
export const COMPLETION_EVENTS: { value: Completion['event']; label: string }[] = [
  { value: 'interaction.logged', label: 'An interaction is logged' },
  { value: 'account.updated', label: 'Account enters one of the stages' },
  { value: 'task.completed', label: 'A task is completed' },
  { value: 'contract.signed', label: 'Contract is signed' },
  { value: 'ticket.solved', label: 'Ticket is solved' },
];
export const ESCALATION_TARGETS: { value: EscalationTarget; label: string }[] = [
  { value: 'receiver_lead', label: 'Receiving team’s lead' },
  { value: 'sender_lead', label: 'Sending team’s lead' },
  { value: 'admin', label: 'An admin' },
];
export const INTERACTION_KINDS: InteractionKind[] = ['meeting', 'call', 'email'];

export type TriggerDraft = { event: Trigger['event']; stage: string };
export type CompletionDraft = { event: Completion['event']; kinds: InteractionKind[]; stages: string[]; titleContains: string };
export type EscalationDraft = { afterHours: string; to: EscalationTarget; createTask: boolean };
export type RuleDraft = {
  name: string;
  senderTeamId: string;
  receiverTeamId: string;
  triggers: TriggerDraft[];
  completion: CompletionDraft[];
  amount: string;
  unit: 'hours' | 'days';
  businessHours: boolean;
  escalation: EscalationDraft[];
  enabled: boolean;
};

export const MAX_TRIGGERS = 10;
export const MAX_ESCALATION_STEPS = 5;

export const newTrigger = (): TriggerDraft => ({ event: 'account.updated', stage: '' });
export const newCompletion = (): CompletionDraft => ({ event: 'interaction.logged', kinds: ['meeting'], stages: [], titleContains: '' });
export const newEscalation = (afterHours = 0): EscalationDraft => ({ afterHours: String(afterHours), to: afterHours ? 'admin' : 'receiver_lead', createTask: true });

/** The form's starting point: the rule being edited, or a new rule between the first two teams. */
export function draftOf(rule: HandoffRule | null, teamIds: string[]): RuleDraft {
  if (!rule) {
    return {
      name: '',
      senderTeamId: teamIds[0] ?? '',
      receiverTeamId: teamIds[1] ?? '',
      triggers: [newTrigger()],
      completion: [newCompletion()],
      amount: '24',
      unit: 'hours',
      businessHours: false,
      escalation: [newEscalation(0), newEscalation(24)],
      enabled: true,
    };
  }
  return {
    name: rule.name,
    senderTeamId: rule.sender.id,
    receiverTeamId: rule.receiver.id,
    triggers: rule.triggers.map((trigger) => ({ event: trigger.event, stage: 'stage' in trigger ? (trigger.stage ?? '') : '' })),
    completion: rule.completion.map((c) => ({
      event: c.event,
      kinds: 'kinds' in c ? c.kinds : [],
      stages: 'stages' in c ? c.stages : [],
      titleContains: 'titleContains' in c ? (c.titleContains ?? '') : '',
    })),
    amount: String(rule.clock.amount),
    unit: rule.clock.unit,
    businessHours: rule.clock.businessHours,
    escalation: rule.escalation.map((step) => ({ afterHours: String(step.afterHours), to: step.to, createTask: step.createTask })),
    enabled: rule.enabled,
  };
}

/** Field path → what is wrong there, e.g. `{ 'triggers.0.stage': 'Choose the stage the account enters' }`. */
export type DraftErrors = Record<string, string>;

const wholeNumber = (text: string, min: number, max: number) => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null;
};

/**
 * The API body for a draft, or the message for each field that stops it.
 *
 * @example
 *   const { body, errors } = checkRuleDraft(draft); // errors: { receiverTeamId: 'Choose a team other than the sending team' }
 */
export function checkRuleDraft(draft: RuleDraft): { body: NewHandoffRule | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (!draft.name.trim()) errors.name = 'Give the rule a name';
  if (!draft.senderTeamId) errors.senderTeamId = 'Choose the sending team';
  if (!draft.receiverTeamId) errors.receiverTeamId = 'Choose the receiving team';
  else if (draft.receiverTeamId === draft.senderTeamId) errors.receiverTeamId = 'Choose a team other than the sending team';
  if (draft.triggers.length === 0) errors.triggers = 'Add at least one event that starts the hand-off';
  const triggers = draft.triggers.map((trigger, index): Trigger => {
    const needs = TRIGGER_EVENTS.find((event) => event.value === trigger.event)?.stage;
    if (needs === 'required' && !trigger.stage) errors[`triggers.${index}.stage`] = 'Choose the stage the account enters';
    if (needs === 'none') return { event: trigger.event } as Trigger;
    return (trigger.stage ? { event: trigger.event, stage: trigger.stage } : { event: trigger.event }) as Trigger;
  });
  const completion = draft.completion.map((c, index): Completion => {
    if (c.event === 'interaction.logged') {
      if (c.kinds.length === 0) errors[`completion.${index}.kinds`] = 'Tick at least one kind of interaction';
      return { event: c.event, kinds: c.kinds };
    }
    if (c.event === 'account.updated') {
      if (c.stages.length === 0) errors[`completion.${index}.stages`] = 'Choose at least one stage';
      return { event: c.event, stages: c.stages };
    }
    if (c.event === 'task.completed') return c.titleContains.trim() ? { event: c.event, titleContains: c.titleContains.trim() } : { event: c.event };
    return { event: c.event } as Completion;
  });
  const amount = wholeNumber(draft.amount, 1, 1000);
  if (amount === null) errors.amount = 'A whole number from 1 to 1000';
  const escalation = draft.escalation.map((step, index) => {
    const afterHours = wholeNumber(step.afterHours, 0, 2160);
    if (afterHours === null) errors[`escalation.${index}.afterHours`] = 'Hours after the due time: a whole number from 0 to 2160';
    return { afterHours: afterHours ?? 0, to: step.to, createTask: step.createTask };
  });
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    body: {
      name: draft.name.trim(),
      senderTeamId: draft.senderTeamId,
      receiverTeamId: draft.receiverTeamId,
      triggers,
      completion,
      clock: { amount: amount!, unit: draft.unit, businessHours: draft.businessHours },
      escalation,
      enabled: draft.enabled,
    },
    errors,
  };
}
