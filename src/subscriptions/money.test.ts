import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney, roundToCents } from './money.js';

const roundings: Array<[input: number, cents: number]> = [
  [12, 12],
  [1.004, 1],
  [1.005, 1.01], // 1.005 × 100 is 100.4999… in binary; still rounds up
  [33.335, 33.34],
  [0.285, 0.29],
  [-2.345, -2.35], // away from zero, not toward +∞
  [-0.004, 0],
  [999_999_999_999.99, 999_999_999_999.99],
  [3 * 33.34, 100.02], // 100.02000000000001 before rounding
];

for (const [input, cents] of roundings) {
  test(`roundToCents(${input}) = ${cents}`, () => {
    assert.equal(roundToCents(input), cents);
    assert.ok(!Object.is(roundToCents(input), -0), 'never −0');
  });
}

const formats: Array<[amount: number, currency: string, text: string]> = [
  [12_000, 'USD', '$12,000'],
  [0, 'USD', '$0'],
  [17_400.5, 'USD', '$17,400.50'],
  [-3_600, 'USD', '-$3,600'],
  [9_000, 'EUR', '€9,000'],
];

for (const [amount, currency, text] of formats) {
  test(`formatMoney(${amount}, ${currency}) = ${text}`, () => assert.equal(formatMoney(amount, currency), text));
}
