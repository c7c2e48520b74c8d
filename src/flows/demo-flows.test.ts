import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessProgress, type UserStepRecord } from './assess-progress.js';
import { DEMO_ONBOARDING_FLOW, simulateOnboardingEvents } from './demo-flows.js';

test('the demo onboarding: users of stalled accounts fail the integration and are stuck there; others mostly finish', () => {
  let seed = 42;
  const random = { next: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646 };
  const accounts = Array.from({ length: 40 }, (_, n) => ({
    accountId: `a${n}`,
    groupId: `g${n}`,
    customerSince: '2025-01-01',
    stalledSince: n % 5 === 0 ? '2026-06-01' : null,
  }));
  const events = simulateOnboardingEvents({ accounts, historyStart: '2025-06-01', today: '2026-12-01', random });
  // Step records per user, as the consumer would build them from these events.
  const steps = DEMO_ONBOARDING_FLOW.steps;
  const users = new Map<string, UserStepRecord[]>();
  for (const event of events) {
    const index = steps.findIndex((step) => step.event === event.event);
    const records = users.get(event.userId!) ?? [];
    const record = records[index] ?? { reachedAt: null, lastAt: null, successes: 0, failures: 0 };
    if ('error' in event.properties) record.failures += 1;
    else {
      record.successes += 1;
      record.reachedAt ??= event.timestamp;
    }
    records[index] = record;
    users.set(event.userId!, records);
  }
  const now = new Date('2026-12-01T12:00:00Z');
  const stuckAccounts = new Set<string>();
  let completed = 0;
  for (const [user, records] of users) {
    const assessment = assessProgress(steps, records, now);
    if (assessment.currentStep === steps.length) completed += 1;
    if (assessment.stuck?.reason === 'failed') {
      assert.equal(steps[assessment.currentStep]!.key, 'integration');
      stuckAccounts.add(user.replace(/-u\d+$/, ''));
    }
  }
  assert.deepEqual([...stuckAccounts].sort(), accounts.filter((a) => a.stalledSince).map((a) => a.groupId).sort(), 'exactly the stalled accounts fail the integration');
  assert.ok(completed / (users.size - stuckAccounts.size * 3) > 0.6, `most healthy users finish: ${completed} of ${users.size}`);
  // Deterministic for a seed.
  seed = 42;
  assert.deepEqual(simulateOnboardingEvents({ accounts, historyStart: '2025-06-01', today: '2026-12-01', random }).length, events.length);
});
