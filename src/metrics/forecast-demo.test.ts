import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDemoWorld } from '../demo/index.js';
import { backtestForecast } from './forecast.js';
import { AccountLedger, toCents, type MetricsAccount } from './ledger.js';
import { addMonths } from './period.js';

/**
 * The backtest on the first-start demo world (seed 42, 300 accounts, 18 months), read from the
 * generator's ledger as the loader stores it: last year's segment-history forecast against
 * the renewals that followed, beside the constant base-rate forecast. The demo's churn is
 * driven mostly by per-account drivers, not by segment, so segment history is expected to do
 * about as well as the base rate, and both well below a coin toss (0.25).
 */
test('demo world: the renewal forecast backtest reports its Brier score beside the base rate’s', (t) => {
  const today = '2026-11-26';
  const world = generateDemoWorld({ seed: 42, accounts: 300, months: 18, today });
  const accounts: MetricsAccount[] = world.accounts.map((a) => ({ id: a.id, name: a.name, segment: a.segment, ownerId: a.ownerId, lifecycleStage: null, product: null, channel: null, customValue: null }));
  const ledger = new AccountLedger(
    world.accounts.flatMap((a) =>
      a.movements.map((m, i) => ({ id: `${a.id}-${i}`, accountId: a.id, kind: m.kind, amountCents: toCents(m.arrAfter - m.arrBefore), arrAfterCents: toCents(m.arrAfter), occurredOn: m.occurredOn })),
    ),
  );
  const result = backtestForecast(ledger, accounts, { asOf: addMonths(today, -12), knownBy: today, horizonMonths: 12 });
  t.diagnostic(`renewals ${result.outcomes.length}, history ${result.rates.all!.renewals}, Brier ${result.brier!.toFixed(4)}, base-rate Brier ${result.baselineBrier!.toFixed(4)} (p = ${result.baseRate!.toFixed(3)})`);
  assert.ok(result.outcomes.length > 100, `${result.outcomes.length} renewals`);
  // The outcomes agree with the generator's own record of who churned at which renewal.
  const churnedOn = new Map(world.accounts.map((a) => [a.id, a.truth.churnedOn]));
  for (const o of result.outcomes) assert.equal(!o.renewed, churnedOn.get(o.forecast.account.id) === o.forecast.renewalOn, o.forecast.account.name);
  assert.ok(result.brier! < 0.25 && result.baselineBrier! < 0.25);
  assert.ok(Math.abs(result.brier! - result.baselineBrier!) < 0.02, `${result.brier} vs ${result.baselineBrier}`);
  assert.equal(result.calibration.reduce((sum, bin) => sum + bin.count, 0), result.outcomes.length);
});
