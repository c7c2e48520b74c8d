import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usageArr, usageLineArr, usageWindow, usageWindowThrough } from './usage-pricing.js';

test('usage ARR annualises the window: 1,800 calls in 90 days at $0.50 → 900 × 365/90 = $3,650', () => {
  assert.equal(usageArr(1_800, { unitPrice: 0.5, windowDays: 90 }), 3_650);
  // 1,000 × $0.013 × 365/30 = 158.1666… → $158.17
  assert.equal(usageArr(1_000, { unitPrice: 0.013, windowDays: 30 }), 158.17);
  assert.equal(usageArr(0, { unitPrice: 2, windowDays: 90 }), 0);
});

test('a hybrid pays the floor, or usage above it; usage-based pays usage; committed none', () => {
  // Floor $5,000: usage ARR $3,650 is below it → nothing on top (ARR $5,000) …
  assert.equal(usageLineArr('hybrid', 5_000, 3_650), 0);
  // … usage ARR $7,300 is above it → $2,300 on top (ARR $7,300).
  assert.equal(usageLineArr('hybrid', 5_000, 7_300), 2_300);
  assert.equal(usageLineArr('usage_based', 0, 3_650), 3_650);
  assert.equal(usageLineArr('committed', 5_000, 3_650), 0);
});

test('the window is the complete days before the measurement day', () => {
  assert.deepEqual(usageWindow('2026-03-01', 90), { from: '2025-12-01', through: '2026-02-28' });
  assert.deepEqual(usageWindow('2026-03-01', 1), { from: '2026-02-28', through: '2026-02-28' });
  assert.deepEqual(usageWindowThrough('2026-02-28', 90), { from: '2025-12-01', through: '2026-02-28' });
});
