import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDemoWorld } from './generate-demo-world.js';

const options = { seed: 7, accounts: 2000, months: 18, today: '2026-11-26' };

test('the same seed gives the same world; another seed another one', () => {
  assert.deepEqual(generateDemoWorld(options), generateDemoWorld(options));
  assert.notDeepEqual(generateDemoWorld({ ...options, seed: 8 }).accounts[0], generateDemoWorld(options).accounts[0]);
});

test('the ledger of every account adds up to its ARR, and nothing happens after today', () => {
  for (const account of generateDemoWorld(options).accounts) {
    const last = account.movements[account.movements.length - 1]!;
    assert.equal(account.arr, last.arrAfter, account.name);
    for (const [index, movement] of account.movements.entries()) {
      if (index > 0) assert.equal(movement.arrBefore, account.movements[index - 1]!.arrAfter, `${account.name} ledger is continuous`);
      assert.ok(movement.occurredOn <= options.today);
    }
    assert.ok(account.timeline.every((event) => event.occurredAt.slice(0, 10) <= options.today));
    assert.equal(account.arr === 0, account.subscription.status === 'cancelled');
  }
});

test('the hidden truth shows in the data: accounts whose champion left churn far more often', () => {
  // Only accounts that reached a renewal could churn.
  const firstRenewalBy = '2025-11-26';
  const accounts = generateDemoWorld(options).accounts.filter((a) => a.customerSince <= firstRenewalBy);
  const churnRate = (group: typeof accounts) => group.filter((a) => a.churnedOn).length / group.length;
  const championLeft = accounts.filter((a) => a.contacts.some((c) => c.role === 'champion' && c.status === 'left'));
  const noDrivers = accounts.filter((a) => a.drivers.length === 0);
  assert.ok(championLeft.length > 30 && noDrivers.length > 300, `groups large enough: ${championLeft.length}, ${noDrivers.length}`);
  assert.ok(churnRate(championLeft) > 3 * churnRate(noDrivers), `${churnRate(championLeft)} vs ${churnRate(noDrivers)}`);
});
