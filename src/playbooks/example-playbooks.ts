import type { Kysely } from 'kysely';
import { automationActor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { PlaybookDefinitionInput } from './playbook-definition.js';
import { findPlaybooks, insertPlaybook, setPlaybookEnabled } from './playbooks.repository.js';
import { playbookDefinitionSchema } from './playbook-definition.js';

/**
 * The playbooks every demo world ships with (issue 12 item 7), enabled, each holding out 10 %
 * of entering accounts as a control.
 */
export const EXAMPLE_PLAYBOOKS: PlaybookDefinitionInput[] = [
  {
    name: 'Vendor review',
    description: 'The customer announced a review of its vendors: the owner calls within two days, and the executive sponsor hears from us.',
    trigger: { kind: 'signal', signalKind: 'vendor_review' },
    holdoutPercent: 10,
    reentry: { kind: 'every', days: 90 },
    steps: [
      {
        type: 'create_task',
        title: 'Vendor review at {{account.name}}: call the sponsor',
        description: 'Confirm the value delivered this year and offer an executive review before the decision.',
        owner: { kind: 'account_owner' },
        dueInDays: 2,
        priority: 'high',
      },
      {
        type: 'send_email',
        to: { kind: 'contact_roles', roles: ['economic_buyer'] },
        subject: 'Supporting your vendor review',
        text: 'Hi {{contact.firstName}},\n\nWe heard {{account.name}} is reviewing its vendors. {{account.ownerName}} will reach out to walk you through the results of this year and answer any question the review raises.\n\nBest regards',
      },
    ],
  },
  {
    name: 'Health turned red',
    description: 'Health moved into the red band: the owner makes a recovery plan; a leader hears if it stays undone.',
    trigger: { kind: 'health_band', band: 'red' },
    holdoutPercent: 10,
    reentry: { kind: 'every', days: 30 },
    steps: [
      { type: 'create_task', title: 'Recovery plan for {{account.name}} (health {{account.healthScore}})', owner: { kind: 'account_owner' }, dueInDays: 3, priority: 'high' },
      { type: 'escalate', afterDaysOverdue: 2, priority: 'high' },
    ],
  },
  {
    name: 'Renewal in 90 days',
    description: 'Ninety days before a renewal: prepare it with the customer.',
    trigger: { kind: 'renewal_in', days: 90 },
    holdoutPercent: 10,
    reentry: { kind: 'every', days: 300 },
    steps: [
      {
        type: 'create_task',
        title: 'Prepare the renewal of {{account.name}} ({{account.renewalDate}})',
        description: 'Review usage and health ({{account.healthBand}}), agree success criteria for the next term, and book the renewal call.',
        owner: { kind: 'account_owner' },
        dueInDays: 14,
        priority: 'medium',
      },
    ],
  },
  {
    name: 'NPS detractor',
    description: 'Someone answered NPS 0–6: the owner follows up within two days.',
    trigger: { kind: 'nps_detractor', maxScore: 6 },
    holdoutPercent: 10,
    reentry: { kind: 'every', days: 30 },
    steps: [
      { type: 'create_task', title: 'Follow up on an NPS detractor at {{account.name}}', description: '{{trigger.reason}}', owner: { kind: 'account_owner' }, dueInDays: 2, priority: 'high' },
      {
        type: 'send_email',
        to: { kind: 'trigger_contact' },
        subject: 'Thank you for your feedback',
        text: 'Hi {{contact.firstName}},\n\nThank you for telling us how we are doing. {{account.ownerName}} will get in touch to hear more and to fix what is not working.\n\nBest regards',
      },
    ],
  },
  {
    name: 'New user onboarding',
    description: 'Tech-touch: each new contact gets a welcome and, a week later, tips — novice or expert variants by the contact’s expertise.',
    trigger: { kind: 'contact_arrived' },
    holdoutPercent: 10,
    reentry: { kind: 'every', days: 1 },
    steps: [
      {
        type: 'send_email',
        to: { kind: 'trigger_contact' },
        bulk: true,
        subject: 'Welcome to the product, {{contact.firstName}}',
        text: 'Hi {{contact.firstName}},\n\nWelcome! Start with the guided tour: it takes ten minutes and shows the three things most teams use every day.',
        expertSubject: 'Your workspace is ready, {{contact.firstName}}',
        expertText: 'Hi {{contact.firstName}},\n\nYour access is ready. The API reference, keyboard shortcuts and the import tools are in the help centre.',
      },
      { type: 'wait', days: 7 },
      {
        type: 'send_email',
        to: { kind: 'trigger_contact' },
        bulk: true,
        subject: 'Three tips for your first weeks',
        text: 'Hi {{contact.firstName}},\n\nThree things that help new users at {{account.name}}: saved views, reminders and the weekly summary.',
        expertText: 'Hi {{contact.firstName}},\n\nPower features worth a look: bulk edits, webhooks and the reporting API.',
      },
    ],
  },
];

/**
 * Installs the example playbooks in a workspace, enabled (one call from the demo loader).
 * Skips names the workspace already has, so a second load changes nothing.
 */
export async function installExamplePlaybooks(db: Kysely<Database>, workspaceId: string, clock: Clock = systemClock): Promise<number> {
  return inTransaction(db, async (trx) => {
    const existing = new Set((await findPlaybooks(trx, workspaceId)).map((playbook) => playbook.name));
    let installed = 0;
    const actor = automationActor(workspaceId, 'demo playbooks');
    for (const input of EXAMPLE_PLAYBOOKS) {
      const definition = playbookDefinitionSchema.parse(input);
      if (existing.has(definition.name)) continue;
      const now = clock.now();
      const id = await insertPlaybook(trx, { workspaceId: actor.workspaceId, name: definition.name, enabled: false, triggerKind: definition.trigger.kind, definition, createdBy: null, now });
      await setPlaybookEnabled(trx, workspaceId, id, true, now);
      installed += 1;
    }
    return installed;
  });
}
