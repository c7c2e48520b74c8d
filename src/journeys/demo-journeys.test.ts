import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planDemoJourney, type DemoJourneyAccount } from './demo-journeys.js';

const account = (overrides: Partial<DemoJourneyAccount>): DemoJourneyAccount => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: null,
  segment: 'mid-market',
  industry: 'Software',
  customerSince: '2025-01-15',
  churnedOn: null,
  wonBackOn: null,
  drivers: [],
  firstExpansionOn: null,
  ...overrides,
});

describe('demo journeys follow the simulated lives', () => {
  test('a customer signs after the sales stages, adopts on time and performs', () => {
    const { steps, milestones } = planDemoJourney(account({}), '2026-01-01');
    assert.deepEqual(steps.map((s) => s.stage), ['Awareness', 'Consideration', 'Trial', 'Decision & Contract', 'Adoption', 'Performance']);
    assert.equal(steps[4]!.at.toISOString().slice(0, 10), '2025-01-15', 'Adoption starts at the signature');
    assert.ok(milestones.every((m) => m.completedAt !== null && m.completedAt <= m.dueAt), 'milestones done on time');
    for (let i = 1; i < steps.length; i += 1) assert.ok(steps[i - 1]!.at < steps[i]!.at, 'in order');
  });

  test('slow onboarding completes milestones late, and a recent slow starter still has them open and overdue', () => {
    const slow = planDemoJourney(account({ drivers: [{ driver: 'slow_onboarding', onset: '2025-01-20' }] }), '2026-01-01');
    assert.ok(slow.milestones.every((m) => m.completedAt !== null && m.completedAt > m.dueAt));
    const recent = planDemoJourney(account({ customerSince: '2025-11-01', drivers: [{ driver: 'slow_onboarding', onset: '2025-11-05' }] }), '2025-12-20');
    assert.equal(recent.steps.at(-1)!.stage, 'Adoption');
    const kickoff = recent.milestones.find((m) => m.key === 'kickoff-held')!;
    assert.equal(kickoff.completedAt, null);
    assert.ok(kickoff.dueAt < new Date('2025-12-20T00:00:00Z'), 'overdue today');
  });

  test('a churned customer ends in Churned; a won-back one adopts again; an expander transforms', () => {
    assert.equal(planDemoJourney(account({ churnedOn: '2025-12-01' }), '2026-01-01').steps.at(-1)!.stage, 'Churned');
    const back = planDemoJourney(account({ churnedOn: '2025-06-01', wonBackOn: '2025-12-15' }), '2026-01-01').steps.map((s) => s.stage);
    assert.deepEqual(back.slice(-3), ['Performance', 'Churned', 'Adoption']);
    const grown = planDemoJourney(account({ firstExpansionOn: '2025-09-01' }), '2026-01-01').steps.map((s) => s.stage);
    assert.equal(grown.includes('Transformation'), true);
  });
});
