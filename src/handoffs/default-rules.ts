import type { HandoffRuleInput } from './handoffs.schema.js';

type DefaultRule = Omit<HandoffRuleInput, 'senderTeamId' | 'receiverTeamId'> & { sender: string; receiver: string };

/**
 * The relay a new workspace starts with (issue 13 item 5, DESIGN idea 4), by team name:
 * qualified lead → first sales contact within 24 h; deal won → onboarding kickoff within
 * 5 days; onboarding done → CSM adoption review within 14 days. Each escalates to the
 * receiving team's lead at the due time, then to an admin.
 */
export const DEFAULT_HANDOFF_RULES: readonly DefaultRule[] = [
  {
    name: 'Qualified lead → first sales contact',
    sender: 'Marketing',
    receiver: 'Sales',
    triggers: [
      { event: 'account.created', stage: 'Consideration' },
      { event: 'account.updated', stage: 'Consideration' },
    ],
    completion: [
      { event: 'interaction.logged', kinds: ['call', 'meeting', 'email'] },
      { event: 'account.updated', stages: ['Trial', 'Decision & Contract'] },
    ],
    clock: { amount: 24, unit: 'hours', businessHours: false },
    escalation: [
      { afterHours: 0, to: 'receiver_lead', createTask: true },
      { afterHours: 24, to: 'admin', createTask: true },
    ],
    enabled: true,
  },
  {
    name: 'Deal won → onboarding kickoff',
    sender: 'Sales',
    receiver: 'Onboarding',
    triggers: [{ event: 'contract.signed' }, { event: 'account.updated', stage: 'Decision & Contract' }],
    completion: [{ event: 'interaction.logged', kinds: ['meeting'] }],
    clock: { amount: 5, unit: 'days', businessHours: false },
    escalation: [
      { afterHours: 0, to: 'receiver_lead', createTask: true },
      { afterHours: 48, to: 'admin', createTask: true },
    ],
    enabled: true,
  },
  {
    name: 'Onboarding done → CSM adoption review',
    sender: 'Onboarding',
    receiver: 'Customer Success',
    triggers: [{ event: 'account.updated', stage: 'Adoption' }],
    completion: [
      { event: 'interaction.logged', kinds: ['meeting'] },
      { event: 'account.updated', stages: ['Performance', 'Transformation', 'Advocacy'] },
    ],
    clock: { amount: 14, unit: 'days', businessHours: false },
    escalation: [
      { afterHours: 0, to: 'receiver_lead', createTask: true },
      { afterHours: 72, to: 'admin', createTask: true },
    ],
    enabled: true,
  },
];
