import { journeyConfigSchema, type JourneyConfig } from './journey.schema.js';

/**
 * The recurring-revenue boomerang (DESIGN idea 3), the journey of every workspace until an
 * admin saves its own. Aliases map what CRMs and older data wrote (HubSpot's lifecycle
 * stages, "onboarding", "churned") onto it; migration 0031 mapped stored values the same way.
 * The one gate: no account enters Decision & Contract without the customer's goals and
 * success criteria on record (issue 13 item 5).
 */
export const DEFAULT_JOURNEY: JourneyConfig = journeyConfigSchema.parse({
  stages: [
    { key: 'awareness', name: 'Awareness', expectedDays: 30, aliases: ['subscriber', 'lead', 'prospect'] },
    {
      key: 'consideration',
      name: 'Consideration',
      expectedDays: 30,
      aliases: ['marketingqualifiedlead', 'salesqualifiedlead', 'mql', 'sql', 'qualified'],
    },
    {
      key: 'trial',
      name: 'Trial',
      expectedDays: 21,
      aliases: ['pilot', 'poc', 'evaluation', 'opportunity'],
      milestones: [{ key: 'trial-kickoff', name: 'Trial kickoff held', dueDays: 3 }],
    },
    {
      key: 'decision-contract',
      name: 'Decision & Contract',
      expectedDays: 30,
      requiredFacts: ['customerGoals', 'successCriteria'],
      aliases: ['negotiation'],
      autoAdvance: true,
      exitCriteria: [{ kind: 'event', eventType: 'contract.signed' }],
      milestones: [{ key: 'contract-signed', name: 'Contract signed', dueDays: 30, completeWhen: [{ kind: 'event', eventType: 'contract.signed' }] }],
    },
    {
      key: 'adoption',
      name: 'Adoption',
      expectedDays: 90,
      aliases: ['customer', 'onboarding', 'implementation'],
      exitCriteria: [{ kind: 'allMilestones' }],
      milestones: [
        { key: 'kickoff-held', name: 'Kickoff held', dueDays: 14 },
        { key: 'first-integration-live', name: 'First integration live', dueDays: 45 },
        { key: 'seats-half-active', name: '50% of seats active', dueDays: 75, marksValue: true },
      ],
    },
    {
      key: 'performance',
      name: 'Performance',
      expectedDays: 270,
      aliases: ['active', 'live'],
      milestones: [{ key: 'first-business-review', name: 'First business review held', dueDays: 120 }],
    },
    { key: 'transformation', name: 'Transformation', expectedDays: 365, aliases: ['expansion'] },
    { key: 'advocacy', name: 'Advocacy', aliases: ['evangelist', 'advocate', 'promoter'] },
    { key: 'churned', name: 'Churned', isExit: true, aliases: ['lost', 'cancelled'] },
  ],
});
