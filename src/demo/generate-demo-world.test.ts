import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from './demo-dates.js';
import { arrOf, generateDemoWorld } from './generate-demo-world.js';

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
    assert.equal(account.arr === 0, account.contracts.at(-1)!.status === 'cancelled');
  }
});

test('contract terms run back to back from the first signature, each movement booked on the term it moved', () => {
  for (const account of world.accounts) {
    const { contracts, movements } = account;
    assert.equal(contracts[0]!.startDate, account.customerSince, account.name);
    assert.ok(contracts.slice(0, -1).every((c) => c.status !== 'active'), `${account.name}: only the last term is in force`);
    for (const [k, contract] of contracts.entries()) {
      assert.ok(contract.startDate < options.today, `${account.name}: term ${k} starts ${contract.startDate}`);
      const next = contracts[k + 1];
      // A term follows the day after the last ended, or after a lost period (a win-back).
      if (next && contract.status === 'expired') assert.equal(addDays(contract.endDate, 1), next.startDate, `${account.name}: term ${k + 1}`);
      if (next && contract.status === 'cancelled') assert.ok(next.startDate > addDays(contract.endDate, 1), `${account.name}: win-back after term ${k}`);
      if (contract.status === 'expired') assert.ok(contract.endDate < options.today, `${account.name}: term ${k} ended ${contract.endDate}`);
    }
    for (const movement of movements) {
      const contract = contracts.find((c) => c.id === movement.contractId)!;
      const [day, onTerm] = movement.kind === 'churn' ? [addDays(contract.endDate, 1), 'the ending term'] : [contract.startDate, 'its first day'];
      assert.equal(movement.occurredOn, day, `${account.name}: ${movement.kind} on ${onTerm}`);
      assert.equal(arrOf(contract.items), movement.kind === 'churn' ? movement.arrBefore : movement.arrAfter, `${account.name}: ${movement.kind} matches the term's ARR`);
    }
    // A flat renewal books nothing, so every other term starts with a movement.
    const movedTerms = new Set(movements.map((m) => m.contractId));
    for (const contract of contracts.slice(1)) {
      const previous = contracts[contracts.indexOf(contract) - 1]!;
      if (arrOf(contract.items) !== arrOf(previous.items) || previous.status === 'cancelled') assert.ok(movedTerms.has(contract.id), `${account.name}: term from ${contract.startDate}`);
    }
  }
  const terms = world.accounts.map((a) => a.contracts.length);
  assert.ok(terms.filter((n) => n >= 3).length > 100, 'accounts older than two years hold three terms');
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
      assert.equal(a.contracts.at(-1)!.status, row.status, a.name);
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
  for (const a of withDriver('wrong_product_sold')) assert.ok(a.contracts.every((c) => c.items[0]!.product === 'Boomerang Lite'), a.name);
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
