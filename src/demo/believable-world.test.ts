import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths } from './demo-dates.js';
import type { DemoAccount } from './demo.types.js';
import { generateDemoWorld } from './generate-demo-world.js';
import { planUsage, simulateUsage } from './simulate-usage.js';

// The first-start size (setup/): what a new user sees first must read as a real customer base.
const options = { seed: 42, accounts: 300, months: 18, today: '2026-12-05' };
const world = generateDemoWorld(options);
/** The world's "now": the start of today, so nothing dated today has happened yet. */
const now = `${options.today}T00:00:00Z`;
const instant = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

/** Everything that is dated on one account, named so a failure says what broke the rule. */
function datedFacts(account: DemoAccount): Array<{ what: string; at: string }> {
  return [
    ...account.timeline.map((e) => ({ what: `timeline ${e.kind} "${e.title}"`, at: e.occurredAt })),
    ...account.notes.map((n) => ({ what: `note "${n.body}"`, at: n.createdAt })),
    ...account.tasks.flatMap((t) => (t.completedAt ? [{ what: `task "${t.title}" completed`, at: t.completedAt }] : [])),
    ...account.tickets.flatMap((t) => [
      { what: `ticket "${t.subject}" opened`, at: t.createdAt },
      ...(t.solvedAt ? [{ what: `ticket "${t.subject}" solved`, at: t.solvedAt }] : []),
    ]),
    ...account.surveys.map((s) => ({ what: `${s.kind} answer`, at: s.respondedAt })),
    ...account.signals.map((s) => ({ what: `signal "${s.title}"`, at: s.occurredAt })),
    ...account.movements.map((m) => ({ what: `${m.kind} movement`, at: m.occurredOn })),
  ];
}

test('nothing in the demo happens after now: timeline, notes, completed tasks, tickets, surveys, signals, movements, usage', () => {
  const plan = planUsage(options);
  for (const account of world.accounts) {
    for (const fact of datedFacts(account)) assert.ok(instant(fact.at) < instant(now), `${account.name}: ${fact.what} at ${fact.at}`);
    const lastEvent = simulateUsage({ account, seed: options.seed, plan, historyStart: addMonths(options.today, -options.months), today: options.today })
      .reduce((latest, event) => Math.max(latest, event.timestamp.getTime()), 0);
    assert.ok(lastEvent < instant(now), `${account.name}: usage at ${new Date(lastEvent).toISOString()}`);
  }
});

test('nothing happens to a lost customer after it left, except the contract ending that day', () => {
  const churned = world.accounts.filter((a) => a.truth.outcome === 'churned');
  assert.ok(churned.length > 20, `${churned.length} churned accounts`);
  const plan = planUsage(options);
  for (const account of churned) {
    const churnDay = account.truth.churnedOn!;
    for (const fact of datedFacts(account)) {
      const isTheEnd = fact.what === 'churn movement' || fact.what.startsWith('timeline contract_cancelled');
      if (isTheEnd) assert.equal(fact.at.slice(0, 10), churnDay, `${account.name}: ${fact.what}`);
      else assert.ok(fact.at.slice(0, 10) < churnDay, `${account.name}: ${fact.what} at ${fact.at}, churned ${churnDay}`);
    }
    assert.deepEqual(account.tasks, [], `${account.name}: nobody plans work for a lost customer`);
    const events = simulateUsage({ account, seed: options.seed, plan, historyStart: addMonths(options.today, -options.months), today: options.today });
    assert.ok(events.every((event) => event.timestamp.toISOString().slice(0, 10) < churnDay), `${account.name}: usage after churn`);
  }
});

test('no account has the same note twice, and notes vary across the world', () => {
  const bodies = world.accounts.flatMap((a) => a.notes.map((n) => n.body));
  for (const account of world.accounts) {
    const own = account.notes.map((n) => n.body);
    assert.equal(new Set(own).size, own.length, `${account.name}: ${own.join(' | ')}`);
  }
  assert.ok(bodies.length > 100, `${bodies.length} notes`);
  // Templates filled with each account's own names and numbers: most notes are unique in the world (188 of 216 at this seed).
  assert.ok(new Set(bodies).size > 0.8 * bodies.length, `${new Set(bodies).size} distinct of ${bodies.length}`);
});

test('a completed task was completed in the past; an open one has no completion date', () => {
  const tasks = world.accounts.flatMap((a) => a.tasks);
  assert.ok(tasks.some((t) => t.status === 'done') && tasks.some((t) => t.status === 'open'));
  for (const task of tasks) {
    assert.equal(task.completedAt !== null, task.status === 'done', task.title);
    if (task.completedAt) assert.ok(instant(task.completedAt) < instant(now), `${task.title} completed ${task.completedAt}`);
  }
});

test('a customer about to leave gets risk notes, not training plans', () => {
  const trainingNotes = world.accounts
    .filter((a) => a.truth.outcome === 'churned')
    .flatMap((a) => a.notes.filter((n) => instant(n.createdAt) > instant(a.truth.churnedOn!) - 120 * 86_400_000 && /trained|training/i.test(n.body)));
  assert.deepEqual(trainingNotes, []);
});
