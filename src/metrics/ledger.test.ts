import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertLedger, type CurrencyLedgerMovement } from './ledger.js';

const movement = (id: string, accountId: string, currency: string, amountCents: number, arrAfterCents: number, occurredOn: string): CurrencyLedgerMovement => ({
  id, accountId, currency, kind: amountCents > 0 ? (arrAfterCents === amountCents ? 'new' : 'expansion') : arrAfterCents === 0 ? 'churn' : 'contraction', amountCents, arrAfterCents, occurredOn,
});

const rates = { reportingCurrency: 'USD', rates: new Map<string, string>([['EUR', '1.08'], ['GBP', '1.27123456']]) };

test('an account paying in EUR and GBP gets one chain in USD; start + movements = end to the cent', () => {
  const { movements, unratedCurrencies } = convertLedger(
    [
      movement('m1', 'a', 'EUR', 18_480_000, 18_480_000, '2025-01-10'), // €184,800 → $199,584.00
      movement('m2', 'a', 'GBP', 1_000_000, 1_000_000, '2025-02-01'), // £10,000 → $12,712.3456 → $12,712.35
      movement('m3', 'a', 'GBP', 33_333, 1_033_333, '2025-03-01'), // £10,333.33 × 1.27123456 = $13,136.0862… → $13,136.09: +$423.74
      movement('m4', 'a', 'EUR', -18_480_000, 0, '2025-04-01'), // EUR contract ends: −$199,584
    ],
    rates,
  );
  assert.deepEqual(unratedCurrencies, []);
  assert.deepEqual(
    movements.map((m) => [m.id, m.kind, m.amountCents, m.arrAfterCents]),
    [
      ['m1', 'new', 19_958_400, 19_958_400],
      ['m2', 'new', 1_271_235, 21_229_635],
      ['m3', 'expansion', 42_374, 21_272_009],
      ['m4', 'churn', -19_958_400, 1_313_609],
    ],
  );
  const sum = movements.reduce((total, m) => total + m.amountCents, 0);
  assert.equal(sum, movements.at(-1)!.arrAfterCents);
});

test('a rounding cent is never lost: the amount is the change of converted ARR', () => {
  // At 0.5, $0.05 → $0.03 (half away) and $0.10 → $0.05: the second movement is +$0.02, not +$0.03.
  const half = { reportingCurrency: 'USD', rates: new Map([['CHF', '0.5']]) };
  const { movements } = convertLedger([movement('m1', 'b', 'CHF', 5, 5, '2025-01-01'), movement('m2', 'b', 'CHF', 5, 10, '2025-02-01')], half);
  assert.deepEqual(movements.map((m) => [m.amountCents, m.arrAfterCents]), [[3, 3], [2, 5]]);
});

test('movements in a currency without a rate are left out and named, never summed as is', () => {
  const { movements, unratedCurrencies } = convertLedger(
    [movement('m1', 'a', 'USD', 10_000_00, 10_000_00, '2025-01-01'), movement('m2', 'c', 'JPY', 1_000_000_00, 1_000_000_00, '2025-01-01'), movement('m3', 'a', 'SEK', 5_00, 5_00, '2025-01-02')],
    rates,
  );
  assert.deepEqual(movements.map((m) => [m.id, m.amountCents]), [['m1', 10_000_00]]);
  assert.deepEqual(unratedCurrencies, ['JPY', 'SEK']);
});
