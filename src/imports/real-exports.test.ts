import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listAccounts } from '../accounts/index.js';
import { createUserInWorkspace, systemActor, type Actor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace, defineCustomField, listMembers } from '../workspaces/index.js';
import { previewImport, readCsv, runImport, type ImportKind, type ImportMode, type ImportPreset } from './index.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/imports');

/**
 * Exports as the CRMs write them (issue 16 items 5, 6 and 8): a Salesforce Data Loader
 * accounts file (upper-case API names, every cell quoted, CRLF, 18-character ids, the
 * empty-id placeholder), a Workbench contacts file (API names as declared), and a HubSpot
 * all-properties companies export (BOM, repeated column names, owners who are not members).
 */
describe('imports of real CRM exports', () => {
  let database: TestDatabase;
  let leader: Actor;
  let leeId: string;

  before(async () => {
    database = await createTestDatabase();
    const workspace = await createWorkspace(database.db, 'Acme CS');
    const system = systemActor(workspace.id);
    const dana = await createUserInWorkspace(database.db, system, {
      email: 'dana@example.com',
      name: 'Dana Leader',
      password: 'correct horse battery',
      workspaceId: workspace.id,
      role: 'leader',
    });
    await defineCustomField(database.db, system, { key: 'type', label: 'Type', type: 'text' });
    await defineCustomField(database.db, system, { key: 'annual_revenue', label: 'Annual revenue', type: 'number' });
    leader = { workspaceId: workspace.id, role: 'leader', userId: dana.id, tokenId: null, viaSession: false };
    const lee = await createUserInWorkspace(database.db, system, {
      email: 'lee@example.com',
      name: 'Lee Csm',
      password: 'correct horse battery',
      workspaceId: workspace.id,
      role: 'csm',
    });
    leeId = lee.id;
  });
  after(() => database.close());

  const importFile = (
    file: string,
    options: { kind: ImportKind; preset: ImportPreset; mode?: ImportMode; mapping?: Record<string, string>; ownerMap?: Record<string, string>; dryRun?: boolean },
  ) =>
    runImport(database.db, leader, {
      ...options,
      items: readCsv(createReadStream(join(FIXTURES, file))),
      mode: options.mode ?? 'all-or-nothing',
      dryRun: options.dryRun ?? false,
      now: new Date('2026-12-05T12:00:00Z'),
      hasHeader: true,
    });
  const preview = async (file: string, kind: ImportKind, preset: ImportPreset, ownerMap?: Record<string, string>) =>
    previewImport({
      kind,
      preset,
      items: readCsv(createReadStream(join(FIXTURES, file))),
      hasHeader: true,
      definitions: [{ key: 'type' }, { key: 'annual_revenue' }],
      members: await listMembers(database.db, leader),
      ownerMap,
      limit: 1,
    });
  const accountBy = async (externalId: string) =>
    (await listAccounts(database.db, leader, { externalId, sort: 'name', order: 'asc', limit: 10, includeChurned: true }, new Date())).data[0];

  test('Salesforce Data Loader accounts: API field names map, unused columns are listed once as ignored', async () => {
    const shown = await preview('salesforce-dataloader-accounts.csv', 'accounts', 'salesforce');
    assert.deepEqual(shown.mapping, {
      externalId: 'ID',
      name: 'NAME',
      domain: 'WEBSITE',
      industry: 'INDUSTRY',
      employeeCount: 'NUMBEROFEMPLOYEES',
      region: 'BILLINGCOUNTRY',
      owner: 'OWNERID',
      parentExternalId: 'PARENTID',
      'custom.type': 'TYPE',
      'custom.annual_revenue': 'ANNUALREVENUE',
    });
    assert.deepEqual(shown.missing, []);
    assert.deepEqual(shown.unmapped, [
      'ISDELETED',
      'MASTERRECORDID',
      'BILLINGSTREET',
      'BILLINGCITY',
      'BILLINGSTATE',
      'BILLINGPOSTALCODE',
      'BILLINGCOUNTRYCODE',
      'PHONE',
      'CREATEDDATE',
    ]);
  });

  test('Salesforce Data Loader accounts import: 000000000000000AAA is no parent, an unknown parent or owner is a warning (good-rows)', async () => {
    const report = await importFile('salesforce-dataloader-accounts.csv', { kind: 'accounts', preset: 'salesforce', mode: 'good-rows' });
    assert.deepEqual(
      { created: report.created, failed: report.failed, committed: report.committed, errors: report.errors },
      { created: 3, failed: 0, committed: true, errors: [] },
    );
    const ownerWarning = (row: number) => ({
      row,
      column: 'OWNERID',
      reason: 'owner "0055g00000JkLmNAAZ" is not a member of this workspace (no member has that email or name); imported without an owner',
    });
    assert.deepEqual(report.warnings, [
      ownerWarning(1),
      ownerWarning(2),
      { row: 3, column: 'PARENTID', reason: 'no account has salesforce id "0015g00000ZzZzZAAA"; the account was created without this parent' },
    ]);
    const northwind = (await accountBy('salesforce:0015g00000QxAbCAAV'))!;
    assert.equal(northwind.parentId, null);
    assert.equal(northwind.ownerId, null);
    assert.equal(northwind.employeeCount, 1200);
    assert.equal(northwind.region, 'United States');
    assert.equal(northwind.domain, 'northwind.example');
    assert.deepEqual(northwind.customFields, { type: 'Customer - Direct', annual_revenue: 25000000 });
    assert.equal((await accountBy('salesforce:0015g00000QxAbDAAV'))!.parentId, northwind.id);
    // Reported created with a warning, and indeed written.
    assert.equal((await accountBy('salesforce:0015g00000QxAbEAAV'))!.parentId, null);
  });

  test('Salesforce Workbench contacts: AccountId, FirstName, LastName, Name, Email, Title, Phone are read', async () => {
    const shown = await preview('salesforce-workbench-contacts.csv', 'contacts', 'salesforce');
    assert.deepEqual(shown.mapping, {
      externalId: 'Id',
      firstName: 'FirstName',
      lastName: 'LastName',
      name: 'Name',
      email: 'Email',
      title: 'Title',
      phone: 'Phone',
      accountExternalId: 'AccountId',
    });
    assert.deepEqual(shown.unmapped, ['IsDeleted', 'Salutation', 'OwnerId', 'CreatedDate']);
    const report = await importFile('salesforce-workbench-contacts.csv', { kind: 'contacts', preset: 'salesforce' });
    assert.deepEqual({ created: report.created, failed: report.failed, errors: report.errors }, { created: 2, failed: 0, errors: [] });
    const ada = await database.db.selectFrom('contacts').selectAll().where('email', '=', 'ada@northwind.example').executeTakeFirstOrThrow();
    assert.equal(ada.name, 'Ada Lovelace');
    assert.equal(ada.title, 'VP Operations');
    assert.equal(ada.phone, '(415) 555-0101');
    // An empty Phone cell leaves a new contact without a phone.
    const jonas = await database.db.selectFrom('contacts').selectAll().where('email', '=', 'jonas.weber@northwind.example').executeTakeFirstOrThrow();
    assert.equal(jonas.phone, null);
    assert.equal(ada.account_id, (await accountBy('salesforce:0015g00000QxAbCAAV'))!.id);
  });

  test('HubSpot all-properties companies: repeated columns the import does not read are fine; an owner outside the workspace is a warning', async () => {
    const shown = await preview('hubspot-all-properties-companies.csv', 'accounts', 'hubspot');
    assert.deepEqual(shown.unmapped, ['Billing Contact', 'Billing Contact IDs', 'Create Date']);
    // The preview shows one row but reads every owner: Jordan Smith is on row 2.
    assert.equal(shown.rows.length, 1);
    assert.deepEqual(shown.unmatchedOwners, [{ owner: 'Jordan Smith', rows: 1 }]);
    const dryRun = await importFile('hubspot-all-properties-companies.csv', { kind: 'accounts', preset: 'hubspot', dryRun: true });
    assert.deepEqual(dryRun.unmatchedOwners, shown.unmatchedOwners, 'the dry run finds the same owners as the preview');
    const report = await importFile('hubspot-all-properties-companies.csv', { kind: 'accounts', preset: 'hubspot' });
    assert.deepEqual({ created: report.created, failed: report.failed, committed: report.committed }, { created: 2, failed: 0, committed: true });
    assert.deepEqual(report.warnings, [
      {
        row: 2,
        column: 'Company owner',
        reason: 'owner "Jordan Smith" is not a member of this workspace (no member has that email or name); imported without an owner',
      },
    ]);
    assert.equal((await accountBy('hubspot:9876543210'))!.ownerName, 'Dana Leader');
    assert.equal((await accountBy('hubspot:9876543211'))!.ownerId, null);
  });

  test('an ownerMap names the member for an owner outside the workspace; the preview then lists no unmatched owner', async () => {
    const ownerMap = { 'jordan smith': leeId };
    assert.deepEqual((await preview('hubspot-all-properties-companies.csv', 'accounts', 'hubspot', ownerMap)).unmatchedOwners, []);
    const report = await importFile('hubspot-all-properties-companies.csv', { kind: 'accounts', preset: 'hubspot', ownerMap });
    assert.deepEqual(
      { updated: report.updated, unchanged: report.unchanged, warnings: report.warnings, unmatchedOwners: report.unmatchedOwners },
      { updated: 1, unchanged: 1, warnings: [], unmatchedOwners: [] },
    );
    assert.equal((await accountBy('hubspot:9876543211'))!.ownerId, leeId);
    assert.equal((await accountBy('hubspot:9876543210'))!.ownerName, 'Dana Leader', 'members still match by name');
  });

  test('an ownerMap naming someone who is not a member is refused, naming the key, and changes nothing', async () => {
    const before = await accountBy('hubspot:9876543211');
    const ownerMap = { 'Jordan Smith': '00000000-0000-4000-8000-00000000dead' };
    await assert.rejects(
      importFile('hubspot-all-properties-companies.csv', { kind: 'accounts', preset: 'hubspot', ownerMap }),
      (error: Error & { issues?: unknown }) => {
        assert.match(error.message, /ownerMap\["Jordan Smith"\] names user "00000000-0000-4000-8000-00000000dead", who is not a member/);
        return true;
      },
    );
    await assert.rejects(preview('hubspot-all-properties-companies.csv', 'accounts', 'hubspot', ownerMap), /ownerMap\["Jordan Smith"\]/);
    assert.deepEqual(await accountBy('hubspot:9876543211'), before);
  });

  test('a repeated column the import would read is refused, naming it', async () => {
    await assert.rejects(
      importFile('hubspot-all-properties-companies.csv', { kind: 'accounts', preset: 'hubspot', mapping: { region: 'Billing Contact' } }),
      /The header names the column "Billing Contact" more than once, and the import reads it for region/,
    );
  });
});
