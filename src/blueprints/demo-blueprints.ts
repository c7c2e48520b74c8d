import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { listTeams } from '../teams/index.js';
import { insertBlueprintRow, replaceStepRows, type NewStepRow } from './blueprints.repository.js';
import type { BlueprintInput } from './blueprints.schema.js';

type DemoStep = Omit<NewStepRow, 'detail' | 'ownerTeam' | 'target' | 'momentKinds'> & Partial<Pick<NewStepRow, 'detail' | 'ownerTeam' | 'target' | 'momentKinds'>>;
const step = (lane: NewStepRow['lane'], column: number, title: string, extra: Partial<DemoStep> = {}): DemoStep => ({ lane, column, title, ...extra });
const days = (amount: number) => ({ amount, unit: 'days' as const });
const hours = (amount: number) => ({ amount, unit: 'hours' as const });

/**
 * The demo world's two blueprints: onboarding (the Adoption stage, where the demo's stalled
 * onboardings hide) and a support case (every stage). Their steps list the kinds of moment the
 * demo records, so the diagrams show where the negative moments happen.
 */
export const DEMO_BLUEPRINTS: Array<Omit<BlueprintInput, 'steps'> & { steps: DemoStep[] }> = [
  {
    name: 'Onboarding',
    stageKey: 'adoption',
    description: 'From the signed contract to the first value review: who does what while the customer gets going.',
    steps: [
      step('evidence', 0, 'Welcome email and kickoff agenda'),
      step('customer', 0, 'Joins the kickoff and states goals', { momentKinds: ['meeting', 'email'] }),
      step('frontstage', 0, 'CSM runs the kickoff call', { ownerTeam: 'customer_success', target: days(14) }),
      step('backstage', 0, 'Onboarding plan drafted from the contract', { ownerTeam: 'onboarding', target: days(2) }),
      step('support', 0, 'Workspace and seats provisioned', { ownerTeam: 'support', target: days(1) }),
      step('technology', 0, 'CRM, success plan'),
      step('evidence', 1, 'Integration guide and API keys'),
      step('customer', 1, 'Connects the first data source', { momentKinds: ['onboarding_step'] }),
      step('frontstage', 1, 'Onboarding engineer pairs on the integration', { ownerTeam: 'onboarding', target: days(45) }),
      step('backstage', 1, 'Solutions team checks data quality', { ownerTeam: 'onboarding', target: days(3) }),
      step('support', 1, 'Support answers integration tickets', { ownerTeam: 'support', target: hours(8), momentKinds: ['ticket_opened', 'ticket_solved'] }),
      step('technology', 1, 'Ingestion API, help desk'),
      step('customer', 2, 'Team attends role-based training', { momentKinds: ['training'] }),
      step('frontstage', 2, 'Live training sessions', { ownerTeam: 'onboarding', target: days(30) }),
      step('backstage', 2, 'Training material per role', { ownerTeam: 'onboarding' }),
      step('technology', 2, 'Learning portal'),
      step('evidence', 3, 'Adoption report'),
      step('customer', 3, 'Reviews adoption against the goals', { momentKinds: ['plan_review'] }),
      step('frontstage', 3, 'CSM presents the first value review', { ownerTeam: 'customer_success', target: days(75) }),
      step('backstage', 3, 'CS ops prepares usage and health figures', { ownerTeam: 'customer_success', target: days(5) }),
      step('support', 3, 'Finance sends the first invoice', { momentKinds: ['invoice'] }),
      step('technology', 3, 'Usage rollups, health score'),
    ],
  },
  {
    name: 'Support case',
    stageKey: null,
    description: 'A ticket from first message to the satisfaction survey, in any stage; closing without the root cause is what comes back at renewal.',
    steps: [
      step('evidence', 0, 'Help-centre form and auto-reply'),
      step('customer', 0, 'Opens a ticket', { momentKinds: ['ticket_opened'] }),
      step('frontstage', 0, 'Agent triages and answers', { ownerTeam: 'support', target: hours(4) }),
      step('backstage', 0, 'Engineering reproduces the problem', { ownerTeam: 'support', target: days(2) }),
      step('support', 0, 'Escalation to the account’s CSM when urgent', { ownerTeam: 'customer_success', target: hours(24) }),
      step('technology', 0, 'Help desk (Zendesk)'),
      step('customer', 1, 'Gets the fix; the ticket is solved', { momentKinds: ['ticket_solved'] }),
      step('frontstage', 1, 'Agent confirms the fix with the customer', { ownerTeam: 'support', target: days(1) }),
      step('backstage', 1, 'Root-cause review before closing', { ownerTeam: 'support', target: days(3) }),
      step('technology', 1, 'Issue tracker'),
      step('evidence', 2, 'Satisfaction survey email'),
      step('customer', 2, 'Answers the survey', { momentKinds: ['survey'] }),
      step('backstage', 2, 'CSM follows up on detractors', { ownerTeam: 'customer_success', target: days(2) }),
      step('technology', 2, 'Survey tool, Boomerang'),
    ],
  },
];

/** Writes the demo blueprints once, in the demo loader's transaction; owner teams the workspace lacks are left blank. */
export async function loadDemoBlueprints(db: Kysely<Database>, options: { workspaceId: string; now: Date }): Promise<number> {
  const teams = new Set((await listTeams(db, { workspaceId: options.workspaceId })).map((team) => team.slug));
  for (const blueprint of DEMO_BLUEPRINTS) {
    const id = await insertBlueprintRow(db, { workspaceId: options.workspaceId, name: blueprint.name, stageKey: blueprint.stageKey, description: blueprint.description, createdBy: null, now: options.now });
    await replaceStepRows(
      db,
      options.workspaceId,
      id,
      blueprint.steps.map((s) => ({ detail: '', target: null, momentKinds: [], ...s, ownerTeam: s.ownerTeam && teams.has(s.ownerTeam) ? s.ownerTeam : null })),
    );
  }
  return DEMO_BLUEPRINTS.length;
}
