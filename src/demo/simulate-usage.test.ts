import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDemoWorld } from './generate-demo-world.js';
import { planUsage, simulateUsage } from './simulate-usage.js';

test('the usage plan keeps large worlds to a bounded number of events', () => {
  const cases = [
    // Small worlds: every seat is a user; large ones: a sample within the event budget.
    { accounts: 300, months: 18, periodDays: 7, coreUsersPerAccount: 6, lightUsersPerAccount: 200 },
    { accounts: 400, months: 12, periodDays: 7, coreUsersPerAccount: 6, lightUsersPerAccount: 200 },
    { accounts: 10_000, months: 12, periodDays: 30, coreUsersPerAccount: 3, lightUsersPerAccount: 2 },
    { accounts: 100_000, months: 12, periodDays: 30, coreUsersPerAccount: 3, lightUsersPerAccount: 0 },
  ];
  for (const { accounts, months, ...expected } of cases) assert.deepEqual(planUsage({ accounts, months }), expected, `${accounts}×${months}`);
});

const today = '2026-11-26';
const historyStart = '2025-11-26';
const world = generateDemoWorld({ seed: 3, accounts: 600, months: 12, today });
const plan = planUsage({ accounts: 600, months: 12 });
const usageOf = (account: (typeof world.accounts)[number]) => simulateUsage({ account, seed: 3, plan, historyStart, today });

test('usage is the same for the same seed, and stays inside the customer relationship', () => {
  for (const account of world.accounts.slice(0, 50)) assert.deepEqual(usageOf(account), usageOf(account));
  for (const account of world.accounts) {
    const lastDay = account.lostPeriods.find((p) => p.to === null)?.from ?? today;
    for (const event of usageOf(account)) assert.ok(event.timestamp.toISOString().slice(0, 10) <= lastDay, account.name);
  }
});

test('a departed champion goes quiet; low-utilisation accounts have fewer active users', () => {
  for (const account of world.accounts.filter((a) => a.truth.drivers.some((d) => d.driver === 'champion_departed'))) {
    const champion = account.contacts.find((c) => c.role === 'champion')!;
    const userId = usageOf(account).find((e) => e.type === 'identify' && e.properties.email === champion.email)?.userId;
    const late = usageOf(account).filter((e) => e.type === 'track' && e.userId === userId && e.timestamp.toISOString().slice(0, 10) >= champion.leftOn!);
    assert.deepEqual(late, [], account.name);
  }
  const activeRatio = (accounts: typeof world.accounts) => {
    let active = 0;
    let users = 0;
    for (const account of accounts) {
      const events = usageOf(account);
      users += events.filter((e) => e.type === 'identify').length;
      active += new Set(events.filter((e) => e.type === 'track' && e.timestamp.toISOString() >= '2026-08-26').map((e) => e.userId)).size;
    }
    return active / users;
  };
  const live = world.accounts.filter((a) => a.arr > 0 && a.customerSince < '2026-03-01');
  const low = live.filter((a) => a.truth.drivers.some((d) => d.driver === 'low_seat_utilisation'));
  const healthy = live.filter((a) => a.truth.drivers.length === 0);
  assert.ok(activeRatio(low) < 0.7 * activeRatio(healthy), `${activeRatio(low)} vs ${activeRatio(healthy)}`);
});
