import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountLedger, toCents, type MetricsAccount } from './ledger.js';
import { resolvePeriod } from './period.js';
import { clvBySegment, subscriptionClv } from './subscription-clv.js';

const account = (id: string, segment: string): MetricsAccount => ({ id, name: id, segment, ownerId: null, lifecycleStage: null, product: null, channel: null, customValue: null });
const row = (accountId: string, occurredOn: string, kind: 'new' | 'churn' | 'expansion', before: number, after: number) => ({
  id: `${accountId}-${occurredOn}`,
  accountId,
  kind,
  amountCents: toCents(after - before),
  arrAfterCents: toCents(after),
  occurredOn,
});

describe('subscription CLV', () => {
  test('ARPA × margin ÷ churn without discounting, and the discounted sum of the yearly margins', () => {
    // 12,000 × 0.8 ÷ 0.2 = 48,000: five expected years of 9,600.
    assert.equal(subscriptionClv({ arpa: 12_000, margin: 0.8, churnRate: 0.2, discountRate: 0 }), 48_000);
    // 9,600 × 1.1 ÷ 0.3 = 35,200 = 9,600 × Σ (0.8 / 1.1)ᵗ.
    assert.ok(Math.abs(subscriptionClv({ arpa: 12_000, margin: 0.8, churnRate: 0.2, discountRate: 0.1 })! - 35_200) < 1e-9);
    // Nobody churns: bounded only by the discount rate (9,600 × 1.1 ÷ 0.1), unbounded without it.
    assert.ok(Math.abs(subscriptionClv({ arpa: 12_000, margin: 0.8, churnRate: 0, discountRate: 0.1 })! - 105_600) < 1e-9);
    assert.equal(subscriptionClv({ arpa: 12_000, margin: 0.8, churnRate: 0, discountRate: 0 }), null);
  });

  test('per segment from the ledger over twelve months', () => {
    // SMB: three customers at the start of 2024 (10k, 20k, 30k); the 30k one churns; a 6k one joins.
    // End: 10k + 24k (expanded) + 6k = 40k over 3 accounts → ARPA 13,333.33; c = 1/3.
    // Enterprise: one 100k customer all year, no churn.
    const ledger = new AccountLedger([
      row('a', '2023-03-01', 'new', 0, 10_000),
      row('b', '2023-04-01', 'new', 0, 20_000),
      row('b', '2024-04-01', 'expansion', 20_000, 24_000),
      row('c', '2023-05-01', 'new', 0, 30_000),
      row('c', '2024-05-01', 'churn', 30_000, 0),
      row('d', '2024-07-01', 'new', 0, 6_000),
      row('e', '2023-01-01', 'new', 0, 100_000),
    ]);
    const accounts = [account('a', 'SMB'), account('b', 'SMB'), account('c', 'SMB'), account('d', 'SMB'), account('e', 'Enterprise')];
    const period = resolvePeriod({ period: 'ttm', anchor: '2024-12' }, new Date());
    const rows = clvBySegment(ledger, accounts, period, { margin: 0.75, discountRate: 0 });
    const smb = rows.find((r) => r.segment === 'SMB')!;
    assert.deepEqual({ ...smb, churnRate: Math.round(smb.churnRate! * 1e6) / 1e6 }, {
      segment: 'SMB',
      accounts: 3,
      arpa: 13_333.33,
      cohortAccounts: 3,
      churnedLogos: 1,
      churnRate: 0.333333,
      expectedLifetimeYears: 3,
      // 40,000 / 3 × 0.75 × 3 = 30,000.
      clv: 30_000,
    });
    const enterprise = rows.find((r) => r.segment === 'Enterprise')!;
    assert.deepEqual([enterprise.arpa, enterprise.churnRate, enterprise.clv], [100_000, 0, null]);
    // All: ARPA 140,000 / 4 = 35,000; c = 1/4; CLV = 35,000 × 0.75 × 4 = 105,000.
    assert.deepEqual([rows[0]!.segment, rows[0]!.arpa, rows[0]!.clv], ['(all)', 35_000, 105_000]);
  });
});
