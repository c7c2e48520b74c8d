import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAccounts, updateAccount } from '../accounts/index.js';
import { createUserInWorkspace, systemActor, type Actor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { findTimeline } from '../timeline/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { readCsv, runImport } from './index.js';

// Issue 15 item 9: "a Billing Country column overwrote a region the CSM had set".
describe('an import keeps account fields a person set in the app', () => {
  let database: TestDatabase;
  let dana: Actor;
  let ana: Actor;
  let samId: string;
  const FIRST_IMPORT = new Date('2026-10-01T08:00:00Z');
  const ANA_EDITS = new Date('2026-11-02T09:30:00Z');
  const LATER = new Date('2026-12-01T08:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    const workspace = await createWorkspace(database.db, 'Acme CS');
    const system = systemActor(workspace.id);
    const leader = await createUserInWorkspace(database.db, system, { email: 'dana@example.com', name: 'Dana Leader', password: 'correct horse battery', workspaceId: workspace.id, role: 'leader' });
    const csm = await createUserInWorkspace(database.db, system, { email: 'ana@example.com', name: 'Ana Lopez', password: 'correct horse battery', workspaceId: workspace.id, role: 'csm' });
    const sam = await createUserInWorkspace(database.db, system, { email: 'sam@example.com', name: 'Sam Csm', password: 'correct horse battery', workspaceId: workspace.id, role: 'csm' });
    samId = sam.id;
    dana = { workspaceId: workspace.id, role: 'leader', userId: leader.id, tokenId: null, viaSession: false };
    ana = { workspaceId: workspace.id, role: 'csm', userId: csm.id, tokenId: null, viaSession: false };
  });
  after(() => database.close());

  const salesforceExport = (rows: string[]) => ['Account ID,Account Name,Billing Country,Industry,Account Owner', ...rows].join('\n');
  const importAccounts = (csv: string, now: Date, options: { dryRun?: boolean; overwriteManual?: boolean } = {}) =>
    runImport(database.db, dana, { kind: 'accounts', items: readCsv([csv]), preset: 'salesforce', mode: 'all-or-nothing', dryRun: options.dryRun ?? false, overwriteManual: options.overwriteManual, now, hasHeader: true });
  const account = async (externalId: string) =>
    (await listAccounts(database.db, dana, { externalId: `salesforce:${externalId}`, sort: 'name', order: 'asc', limit: 1 }, LATER)).data[0]!;
  const timelineTitles = async (accountId: string) =>
    (await findTimeline(database.db, { workspaceId: dana.workspaceId, accountId, limit: 20 })).data.map((entry) => `${entry.kind}: ${entry.title}`);

  test('a CSM sets the region, and a Salesforce export with Billing Country keeps it, says so in the dry run and the result, and updates the fields nobody set', async () => {
    const created = await importAccounts(
      salesforceExport(['001A,Acme GmbH,DE,Software,ana@example.com', '001B,Brix AG,CH,Retail,ana@example.com']),
      FIRST_IMPORT,
    );
    assert.equal(created.created, 2);
    const acme = await account('001A');
    const brix = await account('001B');
    // Ana fixes the region on Acme's page; Dana hands Brix to Sam.
    await updateAccount(database.db, ana, acme.id, { region: 'EMEA' }, { source: 'api', now: ANA_EDITS });
    await updateAccount(database.db, dana, brix.id, { ownerId: samId }, { source: 'api', now: ANA_EDITS });

    const nextExport = salesforceExport(['001A,Acme GmbH,DE,Manufacturing,ana@example.com', '001B,Brix AG,CH,Retail,ana@example.com']);
    const dryRun = await importAccounts(nextExport, LATER, { dryRun: true });
    const expected = [
      {
        row: 1,
        column: 'Billing Country',
        field: 'region',
        outcome: 'kept',
        personValue: 'EMEA',
        importValue: 'DE',
        setBy: 'Ana Lopez',
        setOn: '2026-11-02',
        reason: "kept Region 'EMEA' set by Ana Lopez on 2026-11-02; the import had 'DE'",
      },
      {
        row: 2,
        column: 'Account Owner',
        field: 'ownerId',
        outcome: 'kept',
        personValue: 'Sam Csm',
        importValue: 'Ana Lopez',
        setBy: 'Dana Leader',
        setOn: '2026-11-02',
        reason: "kept Owner 'Sam Csm' set by Dana Leader on 2026-11-02; the import had 'Ana Lopez'",
      },
    ];
    // Acme's industry changes (nobody set it by hand); Brix's only change is the kept owner.
    assert.deepEqual({ updated: dryRun.updated, unchanged: dryRun.unchanged, committed: dryRun.committed, personValues: dryRun.personValues }, { updated: 1, unchanged: 1, committed: false, personValues: expected });

    const result = await importAccounts(nextExport, LATER);
    assert.deepEqual({ updated: result.updated, unchanged: result.unchanged, committed: result.committed, personValues: result.personValues }, { updated: 1, unchanged: 1, committed: true, personValues: expected });
    const after = await account('001A');
    assert.deepEqual({ region: after.region, industry: after.industry }, { region: 'EMEA', industry: 'Manufacturing' });
    assert.equal((await account('001B')).ownerName, 'Sam Csm');
    assert.ok((await timelineTitles(acme.id)).includes("import_kept_person_values: Import from salesforce kept Region 'EMEA' set by Ana Lopez on 2026-11-02; the import had 'DE'"));
  });

  test('with overwriteManual the file wins, the result and the timeline say whose value it replaced, and later imports update the field again', async () => {
    const acme = await account('001A');
    const result = await importAccounts(salesforceExport(['001A,Acme GmbH,DE,Manufacturing,ana@example.com']), LATER, { overwriteManual: true });
    assert.deepEqual(
      { updated: result.updated, personValues: result.personValues.map((value) => [value.outcome, value.reason]) },
      { updated: 1, personValues: [['replaced', "replaced Region 'EMEA' set by Ana Lopez on 2026-11-02 with 'DE'"]] },
    );
    assert.equal((await account('001A')).region, 'DE');
    assert.ok((await timelineTitles(acme.id)).includes("import_replaced_person_values: Import from salesforce replaced Region 'EMEA' set by Ana Lopez on 2026-11-02 with 'DE'"));
    const audit = await database.db.selectFrom('audit_log').select(['actor_user_id', 'before', 'after']).where('entity_id', '=', acme.id).where('action', '=', 'update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, (audit.before as { region: string }).region, (audit.after as { region: string }).region], [dana.userId, 'EMEA', 'DE']);

    // The import wrote the region last, so the next export updates it without a word.
    const next = await importAccounts(salesforceExport(['001A,Acme GmbH,AT,Manufacturing,ana@example.com']), LATER);
    assert.deepEqual({ updated: next.updated, personValues: next.personValues }, { updated: 1, personValues: [] });
    assert.equal((await account('001A')).region, 'AT');
  });
});
