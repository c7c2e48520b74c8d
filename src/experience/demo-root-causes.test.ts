import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { findGroundTruth, loadDemoWorld } from '../demo/index.js';
import { drainDomainEvents } from '../domain-events/testing/drain-domain-events.js';
import { createWorkspace } from '../workspaces/index.js';
import { experienceMomentsConsumer, getRootCauses } from './index.js';

/**
 * The demo world plants hidden churn drivers (demo_ground_truth, read here only). Its moments —
 * from the timeline the loader writes and from the tickets, surveys and signals the consumer
 * derives — must carry those drivers, and the portfolio ranking must find them.
 */
describe('root cause upstream on the demo world, against its hidden truth', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let report: Awaited<ReturnType<typeof getRootCauses>>;
  let planted: Map<string, Set<string>>;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Demo')).id;
    await loadDemoWorld(handle.db, { workspaceId, accounts: 600, months: 24, seed: 7, today: '2026-11-26', healthHistory: false });
    await drainDomainEvents(handle.db, [experienceMomentsConsumer]);
    report = await getRootCauses(handle.db, systemActor(workspaceId), { minAccounts: 10, lostLimit: 1000, now: new Date('2026-11-26T00:00:00Z') });
    planted = new Map();
    for (const row of await findGroundTruth(handle.db, workspaceId)) {
      for (const { driver } of row.drivers) planted.set(driver, (planted.get(driver) ?? new Set()).add(row.account_id));
    }
  });
  after(() => handle?.close());

  /** Accounts with a negative moment of this kind, as the demo world's moments tell. */
  async function accountsWithNegative(kind: string): Promise<Set<string>> {
    const rows = await handle.db.selectFrom('experience_moments').select('account_id').distinct()
      .where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('outcome', '=', 'negative').execute();
    return new Set(rows.map((r) => r.account_id));
  }

  test('the negative moments of a kind fall on exactly the accounts whose planted driver leaves that mark', async () => {
    for (const [kind, driver] of [['contact_left', 'champion_departed'], ['invoice', 'price_increase'], ['onboarding_step', 'slow_onboarding']] as const) {
      const marked = await accountsWithNegative(kind);
      const truth = planted.get(driver)!;
      assert.ok(marked.size >= 10, `${kind}: ${marked.size} accounts`);
      const precision = [...marked].filter((id) => truth.has(id)).length / marked.size;
      assert.equal(precision, 1, `${kind} moments only where ${driver} was planted`);
    }
  });

  test('the top upstream touchpoints by churn lift are the planted drivers, and routine tickets are not', () => {
    // A contraction before the churn is the loss beginning, not an upstream cause: left out here.
    const ranked = report.dimensions.kind.filter((row) => row.value !== 'contract' && row.accounts >= 10);
    const top = ranked.slice(0, 2).map((row) => row.value).sort();
    assert.deepEqual(top, ['contact_left', 'invoice'], JSON.stringify(ranked.map((r) => [r.value, r.lift])));
    for (const row of ranked.slice(0, 2)) assert.ok(row.lift! > 2, `${row.value} lift ${row.lift}`);
    const opened = ranked.find((row) => row.value === 'ticket_opened')!;
    assert.ok(opened.lift! < 1.3, `routine tickets are noise: lift ${opened.lift}`);
    // The champion leaving is the relationship channel; the team views agree.
    assert.ok(report.dimensions.channel.find((r) => r.value === 'relationship')!.lift! > 2);
    for (const rows of Object.values(report.dimensions)) for (const row of rows) assert.equal(row.accounts + row.accountsWithout, report.accounts);
  });

  test('a churned account whose champion left shows that departure among its earliest negative moments', () => {
    const championLost = report.lostAccounts.filter((a) => a.lost === 'churned' && planted.get('champion_departed')!.has(a.accountId));
    assert.ok(championLost.length >= 10, `${championLost.length} accounts`);
    const shown = championLost.filter((a) => a.earliestNegative.some((m) => m.kind === 'contact_left'));
    assert.ok(shown.length / championLost.length >= 0.8, `${shown.length} of ${championLost.length}`);
    // Stages: every moment before a churn is in a stage of the journey, never "Churned".
    for (const account of report.lostAccounts) for (const m of account.earliestNegative) assert.ok(m.stage && m.stage !== 'Churned', JSON.stringify(m));
  });
});
