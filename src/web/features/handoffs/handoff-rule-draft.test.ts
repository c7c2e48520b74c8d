import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRuleDraft, draftOf } from './handoff-rule-draft.js';
import type { HandoffRule } from './handoffs.types.js';

const rule: HandoffRule = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Deal won → onboarding kickoff',
  sender: { id: 'sales', name: 'Sales' },
  receiver: { id: 'onboarding', name: 'Onboarding' },
  triggers: [{ event: 'contract.signed' }, { event: 'account.updated', stage: 'Decision & Contract' }],
  completion: [
    { event: 'interaction.logged', kinds: ['meeting'] },
    { event: 'account.updated', stages: ['Adoption'] },
    { event: 'task.completed', titleContains: 'kickoff' },
  ],
  clock: { amount: 5, unit: 'days', businessHours: true },
  escalation: [{ afterHours: 0, to: 'receiver_lead', createTask: true }],
  enabled: false,
};

test('a rule opened in the form and saved unchanged sends the same rule', () => {
  const { body, errors } = checkRuleDraft(draftOf(rule, []));
  assert.deepEqual(errors, {});
  const { id: _id, sender, receiver, ...rest } = rule;
  assert.deepEqual(body, { ...rest, senderTeamId: sender.id, receiverTeamId: receiver.id });
});

test('each field says what is wrong with it, and nothing is sent', () => {
  const draft = draftOf(null, ['sales', 'onboarding']);
  const { body, errors } = checkRuleDraft({
    ...draft,
    name: ' ',
    receiverTeamId: 'sales',
    completion: [{ ...draft.completion[0]!, kinds: [] }],
    amount: '1.5',
    escalation: [{ afterHours: '-1', to: 'admin', createTask: true }],
  });
  assert.equal(body, null);
  assert.deepEqual(errors, {
    name: 'Give the rule a name',
    receiverTeamId: 'Choose a team other than the sending team',
    'triggers.0.stage': 'Choose the stage the account enters',
    'completion.0.kinds': 'Tick at least one kind of interaction',
    amount: 'A whole number from 1 to 1000',
    'escalation.0.afterHours': 'Hours after the due time: a whole number from 0 to 2160',
  });
});
