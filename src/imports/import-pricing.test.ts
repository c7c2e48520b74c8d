import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAccounts } from '../accounts/index.js';
import { createUserInWorkspace, systemActor, type Actor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { listAccountArrMovements, listAccountSubscriptions } from '../subscriptions/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { previewImport, readCsv, runImport, type ImportKind, type ImportMode } from './index.js';

/**
 * Contract imports with consumption pricing, worked by hand. Imported 2026-04-01, so a
 * 90-day window is Jan 1 – Mar 31 and a 30-day one Mar 2 – 31:
 * - C-METER, usage_based: api_call at $0.50 over 90 days. 1,000 (Jan 15) + 800 (Mar 15) =
 *   1,800 units (Dec 31 and `login` do not count) → 1,800 × 0.50 × 365/90 = $3,650.
 * - C-TIER, hybrid: floor 5 × $1,000 = $5,000; api_call at $1 over 30 days: 300 units (Mar 10)
 *   → 300 × 1 × 365/30 = $3,650, under the floor → $5,000.
 * - C-SEATS, pricingModel empty (committed): 10 × $1,200 = $12,000.
 * Re-imported with C-METER at $0.25: 1,800 × 0.25 × 365/90 = $1,825, a contraction of $1,825.
 */
describe('contract imports with pricing columns', () => {
  const NOW = new Date('2026-04-01T09:00:00Z');
  let database: TestDatabase;
  let leader: Actor;
  const ids: Record<string, string> = {};

  const HEADER = 'externalId,accountExternalId,startDate,endDate,pricingModel,billableEvent,pricePerUnit,usageWindowDays,product,seats,unitPrice\n';
  const CONTRACTS =
    HEADER +
    'C-METER,A-METER,2026-04-01,2027-03-31,usage_based,api_call,$0.50,90,,,\n' +
    'C-TIER,A-TIER,2026-04-01,2027-03-31,hybrid,api_call,1,30,Platform,5,1000\n' +
    'C-SEATS,A-SEATS,2026-04-01,2027-03-31,,,,,Platform,10,1200\n';

  const importCsv = (kind: ImportKind, text: string, options: { dryRun?: boolean; mode?: ImportMode } = {}) =>
    runImport(database.db, leader, { kind, items: readCsv([text]), mode: options.mode ?? 'all-or-nothing', dryRun: options.dryRun ?? false, now: NOW, hasHeader: true });
  const accountId = async (externalId: string) =>
    (await listAccounts(database.db, leader, { externalId: `external:${externalId}`, sort: 'name', order: 'asc', limit: 1 }, NOW)).data[0]!.id;
  const arrOf = async (externalId: string) =>
    (await listAccounts(database.db, leader, { externalId: `external:${externalId}`, sort: 'name', order: 'asc', limit: 1 }, NOW)).data[0]!.arr;
  const counts = ({ rows, created, updated, unchanged, failed, committed }: Awaited<ReturnType<typeof importCsv>>) => ({ rows, created, updated, unchanged, failed, committed });
  const subscriptionCount = async () => Number((await database.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    database = await createTestDatabase();
    const workspace = await createWorkspace(database.db, 'Metered CS');
    const dana = await createUserInWorkspace(database.db, systemActor(workspace.id), {
      email: 'dana@example.com',
      name: 'Dana Leader',
      password: 'correct horse battery',
      workspaceId: workspace.id,
      role: 'leader',
    });
    leader = { workspaceId: workspace.id, role: 'leader', userId: dana.id, tokenId: null, viaSession: false };
    const accounts = await importCsv('accounts', 'externalId,name\nA-METER,Meter\nA-TIER,Tiered\nA-SEATS,Seats\n');
    assert.equal(accounts.created, 3);
    for (const name of ['A-METER', 'A-TIER']) ids[name] = await accountId(name);
    const usageDay = (account: string, day: string, counts: Record<string, number>) => ({
      workspace_id: workspace.id,
      account_id: ids[account]!,
      day,
      active_users: 1,
      events: Object.values(counts).reduce((a, b) => a + b, 0),
      features: 1,
      event_counts: JSON.stringify(counts),
      last_seen_at: new Date(`${day}T12:00:00Z`),
    });
    await database.db
      .insertInto('usage_account_days')
      .values([
        usageDay('A-METER', '2025-12-31', { api_call: 5_000 }),
        usageDay('A-METER', '2026-01-15', { api_call: 1_000, login: 999 }),
        usageDay('A-METER', '2026-03-15', { api_call: 800 }),
        usageDay('A-TIER', '2026-03-10', { api_call: 300 }),
      ])
      .execute();
  });
  after(() => database.close());

  test('the preview shows the pricing columns as the import reads them', async () => {
    const preview = await previewImport({ kind: 'subscriptions', items: readCsv([CONTRACTS]), hasHeader: true, definitions: [], members: [] });
    assert.deepEqual(preview.missing, []);
    assert.deepEqual(
      preview.rows.map((row) => [row.row, row.values.pricingModel, row.values.billableEvent, row.values.pricePerUnit, row.values.usageWindowDays, row.errors]),
      [
        [1, 'usage_based', 'api_call', 0.5, 90, []],
        [2, 'hybrid', 'api_call', 1, 30, []],
        [3, null, null, null, null, []],
      ],
    );
  });

  test('a dry run counts the contracts and writes nothing', async () => {
    const report = await importCsv('subscriptions', CONTRACTS, { dryRun: true });
    assert.deepEqual(counts(report), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: false });
    assert.equal(await subscriptionCount(), 0);
  });

  test('usage-based and hybrid contracts get their ARR measured from usage, as the API measures it', async () => {
    const report = await importCsv('subscriptions', CONTRACTS);
    assert.deepEqual(counts(report), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: true });
    assert.deepEqual([await arrOf('A-METER'), await arrOf('A-TIER'), await arrOf('A-SEATS')], [3_650, 5_000, 12_000]);
    const [meter] = await listAccountSubscriptions(database.db, leader, ids['A-METER']!);
    assert.deepEqual([meter!.arr, meter!.items, meter!.pricing, meter!.usage], [
      3_650,
      [],
      { model: 'usage_based', metric: 'api_call', unitPrice: 0.5, windowDays: 90 },
      { units: 1_800, from: '2026-01-01', through: '2026-03-31', arr: 3_650, addedArr: 3_650 },
    ]);
    const [tier] = await listAccountSubscriptions(database.db, leader, ids['A-TIER']!);
    assert.deepEqual([tier!.pricing.model, tier!.items.map((item) => item.arr), tier!.usage?.arr, tier!.usage?.addedArr], ['hybrid', [5_000], 3_650, 0]);
    const movements = (await listAccountArrMovements(database.db, leader, ids['A-METER']!)).map((m) => [m.occurredOn, m.kind, m.amount]);
    assert.deepEqual(movements, [['2026-04-01', 'new', 3_650]]);
  });

  test('re-importing is a no-op; a new price per unit re-measures and books the contraction', async () => {
    assert.deepEqual(counts(await importCsv('subscriptions', CONTRACTS)), { rows: 3, created: 0, updated: 0, unchanged: 3, failed: 0, committed: true });
    const cheaper = `${HEADER}C-METER,A-METER,2026-04-01,2027-03-31,usage_based,api_call,0.25,90,,,\n`;
    assert.deepEqual(counts(await importCsv('subscriptions', cheaper)), { rows: 1, created: 0, updated: 1, unchanged: 0, failed: 0, committed: true });
    assert.equal(await arrOf('A-METER'), 1_825);
    const last = (await listAccountArrMovements(database.db, leader, ids['A-METER']!)).at(-1)!;
    assert.deepEqual([last.occurredOn, last.kind, last.amount], ['2026-04-01', 'contraction', -1_825]);
  });

  test('bad pricing terms name the row, the column and the problem, and all-or-nothing writes nothing', async () => {
    const before = await subscriptionCount();
    const bad =
      HEADER +
      'C-OK,A-SEATS,2026-04-01,2027-03-31,committed,,,,Support,1,100\n' +
      'C-NOEVENT,A-METER,2026-04-01,2027-03-31,usage_based,,0.5,,,,\n' +
      'C-EXTRA,A-SEATS,2026-04-01,2027-03-31,committed,,0.5,,Platform,1,100\n' +
      'C-LINE,A-METER,2026-04-01,2027-03-31,metered,api_call,0.5,,Platform,1,100\n' +
      'C-WINDOW,A-METER,2026-04-01,2027-03-31,hybrid,api_call,0.5,400,Platform,1,100\n' +
      'C-MODEL,A-METER,2026-04-01,2027-03-31,prepaid,api_call,0.5,,,,\n';
    const report = await importCsv('subscriptions', bad);
    assert.deepEqual(counts(report), { rows: 6, created: 1, updated: 0, unchanged: 0, failed: 5, committed: false });
    assert.deepEqual(report.errors, [
      { row: 2, column: 'billableEvent', reason: 'is empty; a usage_based contract needs the event it bills' },
      {
        row: 3,
        column: 'pricePerUnit',
        reason: 'is set, but the contract is committed (its ARR is its line items); set pricingModel to usage_based or hybrid, or leave it empty',
      },
      { row: 4, column: 'product', reason: 'must be empty: a usage_based contract has no line items (its ARR comes from usage)' },
      { row: 4, column: 'seats', reason: 'must be empty: a usage_based contract has no line items (its ARR comes from usage)' },
      { row: 4, column: 'unitPrice', reason: 'must be empty: a usage_based contract has no line items (its ARR comes from usage)' },
      { row: 5, column: 'usageWindowDays', reason: 'must be between 1 and 365, got 400' },
      { row: 6, column: 'pricingModel', reason: 'must be one of committed, usage_based, hybrid, got "prepaid"' },
    ]);
    assert.equal(await subscriptionCount(), before);
    assert.equal(await arrOf('A-METER'), 1_825);

    const preview = await previewImport({ kind: 'subscriptions', items: readCsv([bad]), hasHeader: true, definitions: [], members: [] });
    assert.deepEqual(
      preview.rows.map((row) => row.errors.map((error) => [error.row, error.column])),
      [[], [[2, 'billableEvent']], [[3, 'pricePerUnit']], [[4, 'product'], [4, 'seats'], [4, 'unitPrice']], [[5, 'usageWindowDays']], [[6, 'pricingModel']]],
    );
  });

  test('a file without a pricingModel column still needs the line item columns', async () => {
    await assert.rejects(importCsv('subscriptions', 'externalId,accountExternalId,startDate,endDate\nC-X,A-SEATS,2026-04-01,2027-03-31\n'), /no column for product, seats, unitPrice/);
  });
});
