import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDemoWorld } from './generate-demo-world.js';

const options = { seed: 7, accounts: 2000, months: 18, today: '2026-11-26' };
const world = generateDemoWorld(options);

test('the same seed gives the same world; another seed another one', () => {
  assert.deepEqual(generateDemoWorld(options), world);
  assert.notDeepEqual(generateDemoWorld({ ...options, seed: 8 }).accounts[0], world.accounts[0]);
});

test('the ledger of every account adds up to its ARR, and nothing happens after today', () => {
  for (const account of world.accounts) {
    const last = account.movements[account.movements.length - 1]!;
    assert.equal(account.arr, last.arrAfter, account.name);
    for (const [index, movement] of account.movements.entries()) {
      if (index > 0) assert.equal(movement.arrBefore, account.movements[index - 1]!.arrAfter, `${account.name} ledger is continuous`);
      assert.ok(movement.occurredOn <= options.today);
    }
    const dated = [...account.timeline, ...account.tickets.map((t) => ({ occurredAt: t.createdAt })), ...account.signals, ...account.surveys.map((s) => ({ occurredAt: s.respondedAt }))];
    assert.ok(dated.every((event) => event.occurredAt.slice(0, 10) <= options.today), account.name);
    assert.equal(account.arr === 0, account.subscription.status === 'cancelled');
  }
});

const rows = [
  { outcome: 'churned', churned: true, status: 'cancelled' },
  { outcome: 'won_back', churned: true, status: 'active' },
  { outcome: 'contracted', churned: false, status: 'active' },
  { outcome: 'renewed', churned: false, status: 'active' },
] as const;
for (const row of rows) {
  test(`truth and observable contract agree for ${row.outcome} accounts`, () => {
    const accounts = world.accounts.filter((a) => a.truth.outcome === row.outcome);
    assert.ok(accounts.length > 0);
    for (const a of accounts) {
      assert.equal(a.truth.churnedOn !== null, row.churned, a.name);
      assert.equal(a.subscription.status, row.status, a.name);
      assert.equal(a.truth.rootCause !== null, row.outcome !== 'renewed', a.name);
      // A driver acts only from its onset, and never after the customer left.
      for (const d of a.truth.drivers) assert.ok(d.onset <= (a.truth.churnedOn ?? options.today), `${a.name} ${d.driver}`);
    }
  });
}

test('each driver leaves its mark in the observable data', () => {
  const withDriver = (driver: string) => world.accounts.filter((a) => a.truth.drivers.some((d) => d.driver === driver));
  for (const a of withDriver('champion_departed')) assert.ok(a.contacts.some((c) => c.role === 'champion' && c.status === 'left'), a.name);
  const burstsOver = world.accounts.filter((a) => a.truth.drivers.some((d) => d.driver === 'severe_ticket_burst' && d.onset <= '2026-11-01' && !a.truth.churnedOn));
  for (const a of burstsOver) assert.ok(a.tickets.filter((t) => t.priority === 'urgent' || t.priority === 'high').length >= 3, a.name);
  for (const a of withDriver('wrong_product_sold')) assert.equal(a.subscription.items[0]!.product, 'Boomerang Lite');
  for (const a of withDriver('low_touch_uncontacted')) assert.ok(!a.timeline.some((e) => e.team === 'customer_success' && (e.kind === 'meeting' || e.kind === 'email')), a.name);
  for (const a of withDriver('slow_onboarding').filter((a) => a.customerSince >= '2025-07-01' && a.customerSince <= '2026-07-01' && !a.truth.churnedOn)) {
    assert.ok(a.timeline.some((e) => e.title.startsWith('Onboarding stalled')), a.name);
  }
  for (const a of withDriver('price_increase')) assert.ok(a.timeline.some((e) => e.team === 'finance' && /list price \+\d+%/.test(e.title)), a.name);
});

test('the hidden truth shows in the data: accounts whose champion left churn far more often', () => {
  // Only accounts that reached a renewal could churn.
  const accounts = world.accounts.filter((a) => a.customerSince <= '2025-11-26');
  const churnRate = (group: typeof accounts) => group.filter((a) => a.truth.churnedOn).length / group.length;
  const championLeft = accounts.filter((a) => a.contacts.some((c) => c.role === 'champion' && c.status === 'left'));
  const noDrivers = accounts.filter((a) => a.truth.drivers.length === 0);
  assert.ok(championLeft.length > 30 && noDrivers.length > 300, `groups large enough: ${championLeft.length}, ${noDrivers.length}`);
  assert.ok(churnRate(championLeft) > 3 * churnRate(noDrivers), `${churnRate(championLeft)} vs ${churnRate(noDrivers)}`);
});
