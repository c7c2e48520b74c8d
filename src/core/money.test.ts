import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertCents, rateToUnits } from './money.js';

const conversions: Array<[cents: number, rate: number | string, expected: number, why: string]> = [
  [18_480_000, '1.08', 19_958_400, '€184,800 at 1.08 → $199,584 (the issue’s contract)'],
  [100_000, '1.27123456', 127_123, '£1,000 at 1.27123456 → $1,271.23456 → $1,271.23'],
  [5, '0.5', 3, '$0.025: half a cent rounds away from zero'],
  [-5, '0.5', -3, '−$0.025 → −$0.03, away from zero, not toward +∞'],
  [1, '0.49999999', 0, '$0.0049999999 → $0.00'],
  [300, 1.1, 330, 'a double gives 3.3000000000000003; exact: $3.30'],
  [99_999_999_999_999, '1.5', 149_999_999_999_999, 'the largest stored amount × 1.5 = …999.985 → …999.99, exact'],
];

for (const [cents, rate, expected, why] of conversions) {
  test(`convertCents(${cents}, ${rate}) = ${expected}: ${why}`, () => assert.equal(convertCents(cents, rate), expected));
}

test('rates are read as exact decimals, and what is not one is refused', () => {
  assert.equal(rateToUnits('1.08'), 108_000_000n);
  assert.equal(rateToUnits(0.85), 85_000_000n);
  assert.throws(() => rateToUnits('1.123456789'), /at most 8 decimals/);
  assert.throws(() => rateToUnits('-1'), /positive decimal/);
});
