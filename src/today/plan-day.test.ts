import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitDayTasks, startOfYesterday, stuckOnboardingReasons } from './plan-day.js';

const TODAY = '2026-12-05';

describe('the rules of a CSM’s day', () => {
  test('open tasks split into overdue, due today and due this week; undated and next week’s drop out', () => {
    const tasks = [
      { id: 'late', dueDate: '2026-12-01' },
      { id: 'today', dueDate: '2026-12-05' },
      { id: 'tomorrow', dueDate: '2026-12-06' },
      { id: 'sixth-day', dueDate: '2026-12-11' },
      { id: 'next-week', dueDate: '2026-12-12' },
      { id: 'undated', dueDate: null },
    ];
    const { overdue, dueToday, dueThisWeek } = splitDayTasks(tasks, TODAY);
    assert.deepEqual(overdue.map((task) => task.id), ['late']);
    assert.deepEqual(dueToday.map((task) => task.id), ['today']);
    assert.deepEqual(dueThisWeek.map((task) => task.id), ['tomorrow', 'sixth-day']);
  });

  const cases: Array<{ name: string; stage: string | null; since: string; lastUsage: string | null; reasons: string[] }> = [
    { name: 'not an onboarding stage', stage: 'Performance', since: '2024-01-01', lastUsage: null, reasons: [] },
    { name: 'no stage', stage: null, since: '2024-01-01', lastUsage: null, reasons: [] },
    { name: 'fresh and in use', stage: 'Adoption', since: '2026-11-01', lastUsage: '2026-12-04', reasons: [] },
    { name: 'at the stage limit exactly', stage: 'Adoption', since: '2026-09-06', lastUsage: '2026-12-04', reasons: [] },
    {
      name: 'one day over the limit (any case)',
      stage: 'adoption',
      since: '2026-09-05',
      lastUsage: '2026-12-04',
      reasons: ['In adoption for 91 days (expected within 90)'],
    },
    { name: 'new: no usage yet within the grace week', stage: 'Decision & Contract', since: '2026-11-30', lastUsage: null, reasons: [] },
    { name: 'a week in and no usage ever', stage: 'Decision & Contract', since: '2026-11-28', lastUsage: null, reasons: ['No product usage recorded yet'] },
    { name: 'quiet for 13 days is not yet stuck', stage: 'Onboarding', since: '2026-11-01', lastUsage: '2026-11-22', reasons: [] },
    {
      name: 'quiet for 14 days',
      stage: 'Onboarding',
      since: '2026-11-01',
      lastUsage: '2026-11-21',
      reasons: ['No product usage for 14 days (last on 2026-11-21)'],
    },
    {
      name: 'both',
      stage: 'Implementation',
      since: '2026-08-01',
      lastUsage: null,
      reasons: ['In Implementation for 126 days (expected within 60)', 'No product usage recorded yet'],
    },
  ];
  for (const example of cases) {
    test(`stuck onboarding: ${example.name}`, () => {
      assert.deepEqual(
        stuckOnboardingReasons({ lifecycleStage: example.stage, inStageSince: new Date(`${example.since}T15:00:00Z`), lastUsageDay: example.lastUsage }, TODAY),
        example.reasons,
      );
    });
  }

  test('"since yesterday" starts at the beginning of yesterday, UTC', () => {
    assert.equal(startOfYesterday(TODAY).toISOString(), '2026-12-04T00:00:00.000Z');
  });
});
