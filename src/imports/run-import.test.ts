import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listAccounts } from '../accounts/index.js';
import { createUserInWorkspace, systemActor, type Actor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { listAccountArrMovements, listAccountSubscriptions } from '../subscriptions/index.js';
import { createWorkspace, defineCustomField } from '../workspaces/index.js';
import { readCsv, readJsonLines, runImport, type ImportKind, type ImportMode, type ImportPreset, type SourceItem } from './index.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/imports');
const NOW = new Date('2025-06-15T12:00:00Z');

describe('runImport on the database', () => {
  let database: TestDatabase;
  let leader: Actor;
  let other: Actor;

  before(async () => {
    database = await createTestDatabase();
    const acme = await createWorkspace(database.db, 'Acme CS');
    const system = systemActor(acme.id);
    const dana = await createUserInWorkspace(database.db, system, { email: 'dana@example.com', name: 'Dana Leader', password: 'correct horse battery', workspaceId: acme.id, role: 'leader' });
    await createUserInWorkspace(database.db, system, { email: 'sam.csm@example.com', name: 'Sam Csm', password: 'correct horse battery', workspaceId: acme.id, role: 'csm' });
    await defineCustomField(database.db, system, { key: 'type', label: 'Type', type: 'text' });
    leader = { workspaceId: acme.id, role: 'leader', userId: dana.id, tokenId: null, viaSession: false };
    const globex = await createWorkspace(database.db, 'Globex CS');
    other = systemActor(globex.id);
  });
  after(() => database.close());

  type Options = { kind: ImportKind; preset?: ImportPreset; mode?: ImportMode; dryRun?: boolean; actor?: Actor; mapping?: Record<string, string>; idSystem?: string };
  const importItems = (items: AsyncIterable<SourceItem>, hasHeader: boolean, options: Options) =>
    runImport(database.db, options.actor ?? leader, {
      kind: options.kind,
      items,
      preset: options.preset,
      mapping: options.mapping,
      idSystem: options.idSystem,
      mode: options.mode ?? 'all-or-nothing',
      dryRun: options.dryRun ?? false,
      now: NOW,
      hasHeader,
    });
  const importFile = (file: string, options: Options) => {
    const stream = createReadStream(join(FIXTURES, file));
    return file.endsWith('.csv') ? importItems(readCsv(stream), true, options) : importItems(readJsonLines(stream), false, options);
  };
  const importText = (text: string, options: Options) => importItems(readCsv([text]), true, options);
  /** Imports the file again and checks every row is unchanged and no table grew. */
  const assertReimportChangesNothing = async (file: string, options: Options, rows: number) => {
    const before = await footprint();
    const report = await importFile(file, options);
    assert.deepEqual(counts(report), { rows, created: 0, updated: 0, unchanged: rows, failed: 0, committed: true });
    assert.deepEqual(await footprint(), before);
  };
  const counts = (report: { rows: number; created: number; updated: number; unchanged: number; failed: number; committed: boolean }) => {
    const { rows, created, updated, unchanged, failed, committed } = report;
    return { rows, created, updated, unchanged, failed, committed };
  };
  const accountBy = async (actor: Actor, externalId: string) =>
    (await listAccounts(database.db, actor, { externalId, sort: 'name', order: 'asc', limit: 10 }, new Date())).data[0];
  const tableCount = async (table: 'accounts' | 'contacts' | 'subscriptions' | 'arr_movements' | 'audit_log' | 'timeline_entries') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const footprint = async () => ({
    accounts: await tableCount('accounts'),
    contacts: await tableCount('contacts'),
    subscriptions: await tableCount('subscriptions'),
    movements: await tableCount('arr_movements'),
    audit: await tableCount('audit_log'),
    timeline: await tableCount('timeline_entries'),
  });

  test('a dry run reports what the Salesforce accounts export would do and writes nothing', async () => {
    const before = await footprint();
    const report = await importFile('salesforce-accounts.csv', { kind: 'accounts', preset: 'salesforce', dryRun: true });
    assert.deepEqual(counts(report), { rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0, committed: false });
    assert.deepEqual(await footprint(), before);
  });

  test('the Salesforce accounts export imports, with owners, parents, domains and the custom Type field', async () => {
    const report = await importFile('salesforce-accounts.csv', { kind: 'accounts', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0, committed: true });
    assert.deepEqual(report.errors, []);
    assert.equal(report.mapping.employeeCount, 'Employees');
    const acme = await accountBy(leader, 'salesforce:001A000001AcmeAAA');
    assert.ok(acme);
    assert.equal(acme.name, 'Acme Corporation');
    assert.equal(acme.domain, 'acme.example');
    assert.equal(acme.employeeCount, 1200);
    assert.equal(acme.region, 'United States');
    assert.equal(acme.acquisitionChannel, 'Web');
    assert.equal(acme.ownerName, 'Dana Leader');
    assert.deepEqual(acme.customFields, { type: 'Customer - Direct' });
    const child = await accountBy(leader, 'salesforce:001A000001ChildAA');
    assert.equal(child?.parentId, acme.id, 'the child came before nothing else, its parent earlier in the file');
    const umbrella = await accountBy(leader, 'salesforce:001A000001UmbrelA');
    assert.equal(umbrella?.name, 'Umbrella "Health" Ltd');
    assert.equal(umbrella?.employeeCount, null);
    assert.equal((await accountBy(leader, 'salesforce:001A000001InitecA'))?.ownerId, null);
  });

  test('re-importing the same file changes nothing', () =>
    assertReimportChangesNothing('salesforce-accounts.csv', { kind: 'accounts', preset: 'salesforce' }, 5));

  test('a changed cell updates just that account', async () => {
    const text = '"Account ID","Account Name","Employees"\n"001A000001GlobexA","Globex, Inc.","6000"\n"001A000001InitecA","Initech",""\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 2, created: 0, updated: 2, unchanged: 0, failed: 0, committed: true });
    assert.equal((await accountBy(leader, 'salesforce:001A000001GlobexA'))?.employeeCount, 6000);
    assert.equal((await accountBy(leader, 'salesforce:001A000001InitecA'))?.employeeCount, null, 'a mapped empty cell clears');
    assert.equal((await accountBy(leader, 'salesforce:001A000001GlobexA'))?.domain, 'globex.example', 'unmapped columns stay');
  });

  test('all-or-nothing with one bad row writes nothing and names the row, column and reason', async () => {
    const before = await footprint();
    const text = 'Account ID,Account Name,Employees,Account Owner\nN1,New One,10,\nN2,New Two,lots,\nN3,New Three,5,Nobody Here\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1, committed: false });
    assert.deepEqual(report.errors, [{ row: 2, column: 'Employees', reason: 'must be a whole number, got "lots"' }]);
    // An owner outside the workspace does not fail the row: it would come in unowned.
    assert.deepEqual(report.warnings, [
      { row: 3, column: 'Account Owner', reason: 'owner "Nobody Here" is not a member of this workspace (no member has that email or name); imported without an owner' },
    ]);
    assert.deepEqual(await footprint(), before);
  });

  test('good-rows writes the valid rows and reports the bad one', async () => {
    const text = 'Account ID,Account Name,Employees\nG1,Good One,10\nG2,,5\nG3,Good Three,7\nG1,Good One again,10\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce', mode: 'good-rows' });
    assert.deepEqual(counts(report), { rows: 4, created: 2, updated: 0, unchanged: 0, failed: 2, committed: true });
    assert.deepEqual(report.errors, [
      { row: 2, column: 'Account Name', reason: 'is empty; a value is required' },
      { row: 4, column: null, reason: 'describes the same record as row 1' },
    ]);
    assert.equal((await accountBy(leader, 'salesforce:G3'))?.employeeCount, 7);
    assert.equal(await accountBy(leader, 'salesforce:G2'), undefined);
  });

  test('good-rows: a parent in neither the file nor the workspace leaves the account in, without it, and says so', async () => {
    const text = 'Account ID,Account Name,Parent Account ID\nP1,Orphan,NOPE\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce', mode: 'good-rows' });
    // The account was written, so the row is not reported failed (issue 16 item 8).
    assert.deepEqual(counts(report), { rows: 1, created: 1, updated: 0, unchanged: 0, failed: 0, committed: true });
    assert.deepEqual(report.warnings, [
      { row: 1, column: 'Parent Account ID', reason: 'no account has salesforce id "NOPE"; the account was created without this parent' },
    ]);
    assert.equal((await accountBy(leader, 'salesforce:P1'))?.parentId, null);
  });

  test('all-or-nothing: a parent not found fails the row, and nothing is written', async () => {
    const before = await footprint();
    const text = 'Account ID,Account Name,Parent Account ID\nP2,Orphan Two,NOPE\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 1, created: 0, updated: 0, unchanged: 0, failed: 1, committed: false });
    assert.match(report.errors[0]!.reason, /no account has salesforce id "NOPE"/);
    assert.deepEqual(await footprint(), before);
  });

  test('a parent cycle: only the link that closes it is left out', async () => {
    const text = 'Account ID,Account Name,Parent Account ID\nCY1,Cycle One,CY2\nCY2,Cycle Two,CY1\n';
    const report = await importText(text, { kind: 'accounts', preset: 'salesforce', mode: 'good-rows' });
    // Both accounts are written (good-rows); the link that would close the cycle is not, and the report says so.
    assert.deepEqual(counts(report), { rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0, committed: true });
    assert.deepEqual(report.warnings, [{ row: 2, column: 'Parent Account ID', reason: 'An account cannot be its own parent or the parent of its parent.' }]);
    const one = (await accountBy(leader, 'salesforce:CY1'))!;
    assert.equal(one.parentId, (await accountBy(leader, 'salesforce:CY2'))!.id);
  });

  test('contacts import against their accounts, then re-import unchanged', async () => {
    const first = await importFile('salesforce-contacts.csv', { kind: 'contacts', preset: 'salesforce' });
    assert.deepEqual(counts(first), { rows: 4, created: 4, updated: 0, unchanged: 0, failed: 0, committed: true });
    const contact = await database.db.selectFrom('contacts').selectAll().where('email', '=', 'john.smith@acme.example').executeTakeFirstOrThrow();
    assert.equal(contact.name, 'John Smith');
    assert.equal(contact.title, 'IT Administrator');
    assert.deepEqual(contact.external_ids, { salesforce: '003A000001JohnAAA' });
    await assertReimportChangesNothing('salesforce-contacts.csv', { kind: 'contacts', preset: 'salesforce' }, 4);
    const unknown = await importText('Contact ID,Last Name,Email,Account ID\n003X,Nobody,x@y.example,001NOPE\n', { kind: 'contacts', preset: 'salesforce' });
    assert.deepEqual(unknown.errors, [{ row: 1, column: 'Account ID', reason: 'no account has salesforce id "001NOPE"; import the accounts first' }]);
  });

  test('subscriptions import through the ledger: ARR and movements as computed by hand', async () => {
    const report = await importFile('salesforce-opportunity-products.csv', { kind: 'subscriptions', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0, committed: true });
    const acme = (await accountBy(leader, 'salesforce:001A000001AcmeAAA'))!;
    const globex = (await accountBy(leader, 'salesforce:001A000001GlobexA'))!;
    const initech = (await accountBy(leader, 'salesforce:001A000001InitecA'))!;
    // Acme: 2024 contract 10 × 1,200 = 12,000, expired; 2025 renewal 15 × 1,200 + 5 × 600 = 21,000.
    assert.equal(acme.arr, 21_000);
    assert.equal(acme.renewalDate, '2025-12-31');
    assert.equal(globex.arr, 20_000);
    assert.equal(initech.arr, 0);
    const ledger = async (id: string) =>
      (await listAccountArrMovements(database.db, leader, id)).map((m) => [m.occurredOn, m.kind, m.arrBefore, m.arrAfter]);
    // The renewal starts the day the old term's ARR stops (end date + 1): starts go first that day.
    assert.deepEqual(await ledger(acme.id), [
      ['2024-01-01', 'new', 0, 12_000],
      ['2025-01-01', 'expansion', 12_000, 33_000],
      ['2025-01-01', 'contraction', 33_000, 21_000],
    ]);
    assert.deepEqual(await ledger(globex.id), [['2025-03-01', 'new', 0, 20_000]]);
    assert.deepEqual(await ledger(initech.id), [
      ['2024-06-01', 'new', 0, 6_000],
      ['2025-06-01', 'churn', 6_000, 0],
    ]);
    const contracts = await listAccountSubscriptions(database.db, leader, acme.id);
    assert.deepEqual(contracts.map((c) => [c.externalId, c.status, c.arr]), [
      ['006A000001Acme24A', 'expired', 12_000],
      ['006A000001Acme25A', 'active', 21_000],
    ]);

    await assertReimportChangesNothing('salesforce-opportunity-products.csv', { kind: 'subscriptions', preset: 'salesforce' }, 5);
  });

  test('a changed contract books its movement; a bad line item fails its whole contract', async () => {
    const header = '"Opportunity ID","Account ID","Contract Status","Contract Start Date","Contract End Date","Product Name","Quantity","Sales Price"\n';
    const expand = `${header}"006A000001Globx5A","001A000001GlobexA","Activated","3/1/2025","2/28/2026","Platform","25","1,000.00"\n`;
    const report = await importText(expand, { kind: 'subscriptions', preset: 'salesforce' });
    assert.deepEqual(counts(report), { rows: 1, created: 0, updated: 1, unchanged: 0, failed: 0, committed: true });
    const globex = (await accountBy(leader, 'salesforce:001A000001GlobexA'))!;
    assert.equal(globex.arr, 25_000);
    const last = (await listAccountArrMovements(database.db, leader, globex.id)).at(-1)!;
    assert.deepEqual([last.occurredOn, last.kind, last.amount], ['2025-06-15', 'expansion', 5_000]);

    const broken = `${header}"006NEW","001A000001GlobexA","Activated","2025-07-01","2026-06-30","Platform","2","100"\n"006NEW","001A000001GlobexA","Activated","2025-07-01","2026-06-30","Support","two","100"\n`;
    const refused = await importText(broken, { kind: 'subscriptions', preset: 'salesforce', mode: 'good-rows' });
    assert.deepEqual(counts(refused), { rows: 2, created: 0, updated: 0, unchanged: 0, failed: 2, committed: true });
    assert.deepEqual(refused.errors, [
      { row: 1, column: null, reason: 'not imported: contract 006NEW has an error in row 2' },
      { row: 2, column: 'Quantity', reason: 'must be a whole number, got "two"' },
    ]);
    assert.equal((await accountBy(leader, 'salesforce:001A000001GlobexA'))!.arr, 25_000);
  });

  test('support tickets from a Salesforce cases report; survey answers; re-import unchanged', async () => {
    const cases = await importFile('salesforce-cases.csv', { kind: 'tickets', preset: 'salesforce' });
    assert.deepEqual(counts(cases), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: true });
    const tickets = await database.db.selectFrom('tickets').selectAll().orderBy('external_id').execute();
    const acme = (await accountBy(leader, 'salesforce:001A000001AcmeAAA'))!;
    assert.deepEqual(tickets.map((t) => [t.external_id, t.status, t.priority, t.account_id]), [
      ['00001001', 'open', 'high', acme.id],
      ['00001002', 'closed', 'normal', (await accountBy(leader, 'salesforce:001A000001GlobexA'))!.id],
      ['00001003', 'new', 'low', null],
    ]);
    assert.equal(tickets[0]!.created_at_source.toISOString(), '2025-06-01T09:12:00.000Z');
    await assertReimportChangesNothing('salesforce-cases.csv', { kind: 'tickets', preset: 'salesforce' }, 3);

    const surveys = await importFile('surveys.csv', { kind: 'surveys', mode: 'good-rows', idSystem: 'salesforce' });
    assert.equal(surveys.failed, 1);
    assert.deepEqual(surveys.errors, [{ row: 4, column: 'score', reason: 'score must be a whole number from 1 to 7 for CES' }]);
    assert.deepEqual(counts(surveys), { rows: 4, created: 3, updated: 0, unchanged: 0, failed: 1, committed: true });
    const answers = await database.db.selectFrom('survey_responses').selectAll().orderBy('external_id').execute();
    assert.deepEqual(answers.map((a) => [a.external_id, a.kind, a.score, a.contact_id !== null]), [
      ['resp-1', 'nps', 3, true],
      ['resp-2', 'nps', 10, true],
      ['resp-3', 'csat', 4, false],
    ]);
  });

  test('HubSpot exports: companies and contacts with associated company ids', async () => {
    const companies = await importFile('hubspot-companies.csv', { kind: 'accounts', preset: 'hubspot' });
    assert.deepEqual(counts(companies), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: true });
    const stark = (await accountBy(leader, 'hubspot:5012345001'))!;
    assert.equal(stark.ownerName, 'Sam Csm', 'owner found by email');
    assert.equal(stark.lifecycleStage, 'Adoption', "HubSpot's 'customer' is stored as the journey stage it names");
    assert.equal((await accountBy(leader, 'hubspot:5012345003'))!.ownerName, 'Dana Leader', 'owner found by name');
    const contacts = await importFile('hubspot-contacts.csv', { kind: 'contacts', preset: 'hubspot' });
    assert.deepEqual(counts(contacts), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: true });
    const lucius = await database.db.selectFrom('contacts').selectAll().where('email', '=', 'lucius@wayne.example').executeTakeFirstOrThrow();
    assert.equal(lucius.account_id, (await accountBy(leader, 'hubspot:5012345002'))!.id, 'the first associated company is the account');
  });

  test('JSON lines in Boomerang field names, and a custom mapping', async () => {
    const jsonl = await importFile('accounts.jsonl', { kind: 'accounts', mode: 'good-rows' });
    assert.deepEqual(counts(jsonl), { rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1, committed: true });
    assert.deepEqual(jsonl.errors, [{ row: 4, column: 'employeeCount', reason: 'must be a whole number, got "not a number"' }]);
    assert.equal((await accountBy(leader, 'external:cus_1001'))?.segment, 'enterprise');

    const mapping = { externalId: 'Customer Number', name: 'Company', domain: 'Homepage', employeeCount: 'Headcount', segment: 'Tier' };
    const custom = await importFile('billing-accounts.csv', { kind: 'accounts', mapping });
    assert.deepEqual(counts(custom), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0, committed: true });
    assert.equal((await accountBy(leader, 'external:B-101'))?.employeeCount, 2500);
  });

  test('a file without a required column is refused before any row', async () => {
    await assert.rejects(importText('Name,Website\nAcme,acme.example\n', { kind: 'accounts', preset: 'salesforce' }), /The file has no column for externalId\. Map it/);
    await assert.rejects(importText('Account ID\nX\n', { kind: 'accounts', preset: 'salesforce', mapping: { name: 'Nom' } }), /column "Nom", which the file does not have/);
  });

  test('another workspace is untouched, and csm or viewer cannot import', async () => {
    assert.equal((await listAccounts(database.db, other, { sort: 'name', order: 'asc', limit: 10 }, new Date())).total, 0);
    const report = await importText('Account ID,Account Name\n001A000001AcmeAAA,Acme elsewhere\n', { kind: 'accounts', preset: 'salesforce', actor: other });
    assert.equal(report.created, 1, 'the same id is new in another workspace');
    assert.equal((await accountBy(other, 'salesforce:001A000001AcmeAAA'))!.name, 'Acme elsewhere');
    assert.equal((await accountBy(leader, 'salesforce:001A000001AcmeAAA'))!.arr, 21_000, 'and the first workspace keeps its own');
    for (const role of ['csm', 'viewer'] as const) {
      await assert.rejects(importFile('salesforce-accounts.csv', { kind: 'accounts', preset: 'salesforce', actor: { ...leader, role } }), /Only leaders and admins can import data/);
    }
  });
});
