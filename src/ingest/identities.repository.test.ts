import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { findAccountsForGroups } from './identities.repository.js';
import { groupDomain } from './plan-identities.js';

/** The matching rules in SQL (migration 0003): rank function, host normalisation, the trigger on accounts. */
describe('group ↔ account matching (SQL)', () => {
  let handle: TestDatabase;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Matching')).id;
  });
  after(() => handle.close());

  const cases: Array<[name: string, groupId: string, groupDomainValue: string | null, externalIds: object, domain: string | null, rank: number | null]> = [
    ['segment external id', 'g1', null, { segment: 'g1' }, null, 1],
    ['segment wins over another system', 'g1', 'acme.com', { hubspot: 'g1', segment: 'g1' }, 'acme.com', 1],
    ['any other external id', 'g1', null, { salesforce: '001', hubspot: 'g1' }, null, 2],
    ['domain, account written as a URL', 'g1', 'acme.com', {}, 'https://www.ACME.com/about', 3],
    ['domain with a port', 'g1', 'acme.com', {}, 'acme.com:443', 3],
    ['a subdomain is another domain', 'g1', 'acme.com', {}, 'eu.acme.com', null],
    ['no domain on the group', 'g1', null, {}, 'acme.com', null],
    ['an external id key is not a value', 'segment', null, { segment: 'g2' }, null, null],
    ['nothing in common', 'g1', 'acme.com', { segment: 'g2' }, 'globex.com', null],
  ];
  for (const [name, groupId, groupDomainValue, externalIds, domain, rank] of cases) {
    test(`rank: ${name}`, async () => {
      const { rows } = await sql<{ rank: number | null }>`
        select ingest_group_match_rank(${groupId}, ${groupDomainValue}, ${JSON.stringify(externalIds)}::jsonb, ${domain}) as rank`.execute(handle.db);
      assert.equal(rows[0]!.rank, rank);
    });
  }

  test('the group search applies the rank function\'s rules', async () => {
    for (const [name, groupId, groupDomainValue, externalIds, domain, rank] of cases) {
      const caseWorkspaceId = (await createWorkspace(handle.db, `Case ${name}`)).id;
      const account = await handle.db
        .insertInto('accounts')
        .values({ workspace_id: caseWorkspaceId, name, external_ids: JSON.stringify(externalIds), domain })
        .returning('id')
        .executeTakeFirstOrThrow();
      const found = await findAccountsForGroups(handle.db, caseWorkspaceId, [{ groupId, domain: groupDomainValue }]);
      assert.deepEqual(found, rank === null ? [] : [{ group_id: groupId, account_id: account.id }], name);
    }
  });

  test('ingest_host and groupDomain agree on what a domain is', async () => {
    for (const value of ['acme.com', 'https://www.Acme.com/x?y', 'http://shop.acme.co.uk:8080/', ' WWW.acme.io ']) {
      const { rows } = await sql<{ host: string }>`select ingest_host(${value}) as host`.execute(handle.db);
      assert.equal(rows[0]!.host, groupDomain({ domain: value }), value);
    }
  });

  test('a group finds the best matching account, oldest first among equals', async () => {
    const insert = (name: string, externalIds: object, domain: string | null) =>
      handle.db
        .insertInto('accounts')
        .values({ workspace_id: workspaceId, name, external_ids: JSON.stringify(externalIds), domain })
        .returning('id')
        .executeTakeFirstOrThrow();
    const byDomain = await insert('By domain', {}, 'pick.me');
    const byOtherId = await insert('By other id', { hubspot: 'grp-pick' }, null);
    const search = async (groups: { groupId: string; domain: string | null }[]) =>
      Object.fromEntries((await findAccountsForGroups(handle.db, workspaceId, groups)).map((found) => [found.group_id, found.account_id]));
    assert.deepEqual(await search([{ groupId: 'grp-pick', domain: 'pick.me' }]), { 'grp-pick': byOtherId.id });
    const bySegment = await insert('By segment', { segment: 'grp-pick' }, null);
    const twin = await insert('Same domain, younger', {}, 'pick.me');
    assert.deepEqual(
      await search([
        { groupId: 'grp-pick', domain: 'pick.me' },
        { groupId: 'grp-none', domain: 'pick.me' },
        { groupId: 'grp-nothing', domain: null },
      ]),
      { 'grp-pick': bySegment.id, 'grp-none': byDomain.id },
      'several groups in one search: each its best account, the oldest of equals',
    );
    assert.notEqual(twin.id, byDomain.id);
  });

  test('a bulk insert of accounts matches waiting groups in one statement, best rank first', async () => {
    const groups = Array.from({ length: 3000 }, (_, i) => ({
      workspace_id: workspaceId,
      group_id: `bulk-${i}`,
      domain: `bulk-${i}.example`,
      traits: '{}',
    }));
    for (let i = 0; i < groups.length; i += 1000) await handle.db.insertInto('group_links').values(groups.slice(i, i + 1000)).execute();
    const accounts = Array.from({ length: 3000 }, (_, i) => ({
      workspace_id: workspaceId,
      name: `Bulk ${i}`,
      // Every 10th account is the group by external id; every 10th + 5 by domain; the rest by nothing.
      external_ids: JSON.stringify(i % 10 === 0 ? { salesforce: `bulk-${i}` } : {}),
      domain: i % 10 === 5 ? `https://bulk-${i}.example` : `other-${i}.example`,
    }));
    // Speed is the benchmarks' business (accounts-list loads its worlds this way), not a test's.
    await handle.db.insertInto('accounts').values(accounts).execute();
    const { rows } = await sql<{ matched: number }>`
      select count(*)::int as matched from group_links where workspace_id = ${workspaceId} and group_id like 'bulk-%' and account_id is not null`.execute(handle.db);
    assert.equal(rows[0]!.matched, 600);

    // Two new accounts for one waiting group: the external id beats the domain.
    await handle.db.insertInto('group_links').values({ workspace_id: workspaceId, group_id: 'twice', domain: 'twice.example', traits: '{}' }).execute();
    const [viaDomain, viaId] = await handle.db
      .insertInto('accounts')
      .values([
        { workspace_id: workspaceId, name: 'Twice by domain', domain: 'twice.example' },
        { workspace_id: workspaceId, name: 'Twice by id', external_ids: JSON.stringify({ segment: 'twice' }) },
      ])
      .returning('id')
      .execute();
    const twice = await handle.db.selectFrom('group_links').select('account_id').where('group_id', '=', 'twice').executeTakeFirstOrThrow();
    assert.equal(twice.account_id, viaId!.id);
    assert.notEqual(twice.account_id, viaDomain!.id);
  });
});
