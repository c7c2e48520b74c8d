import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/imports');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('imports API', () => {
  let t: ApiTest;
  let team: Team;

  const upload = (caller: Caller, url: string, body: string, contentType = 'text/csv') =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${caller.token}`, 'content-type': contentType }, payload: body });
  const total = async (caller: Caller) => (await caller.get('/api/accounts?limit=1')).json().total as number;

  before(async () => {
    t = await startApiTest({ now: () => new Date('2025-06-15T12:00:00Z') });
    team = await t.team();
  });
  after(() => t.close());

  test('viewers and CSMs get 403 and nothing is written', async () => {
    for (const caller of [team.viewer, team.csm]) {
      const refused = await upload(caller, '/api/imports/accounts?preset=hubspot', fixture('hubspot-companies.csv'));
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      const preview = await upload(caller, '/api/imports/accounts/preview?preset=hubspot', fixture('hubspot-companies.csv'));
      assert.equal(preview.statusCode, 403);
    }
    assert.equal(await total(team.admin), 0);
  });

  test('preview shows the columns, the preset mapping and the first rows, and writes nothing', async () => {
    const response = await upload(team.leader, '/api/imports/accounts/preview?preset=hubspot', fixture('hubspot-companies.csv'));
    assert.equal(response.statusCode, 200, response.body);
    const preview = response.json();
    assert.deepEqual(preview.columns.slice(0, 3), ['Record ID', 'Company name', 'Company Domain Name']);
    assert.equal(preview.mapping.externalId, 'Record ID');
    assert.equal(preview.mapping.employeeCount, 'Number of Employees');
    assert.deepEqual(preview.missing, []);
    assert.deepEqual(preview.unmapped, ['Create Date']);
    assert.equal(preview.rows.length, 3);
    assert.deepEqual(preview.rows[0], {
      row: 1,
      values: { externalId: '5012345001', name: 'Stark Industries', domain: 'stark.example', industry: 'DEFENSE_SPACE', employeeCount: 12000, region: 'United States', owner: 'sam.csm@example.com', lifecycleStage: 'customer' },
      errors: [],
    });
    const missing = await upload(team.leader, '/api/imports/accounts/preview', 'Company,Site\nX,x.example\n');
    assert.deepEqual(missing.json().missing, ['externalId', 'name']);
    assert.equal(await total(team.admin), 0);
  });

  test('CSV import: dry run, real run, re-run unchanged; counts in the report', async () => {
    const text = 'Record ID,Company name,Number of Employees\n1,Stark Industries,12000\n2,Wayne Enterprises,8000\n';
    const dry = await upload(team.leader, '/api/imports/accounts?preset=hubspot&dryRun=true', text);
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual({ ...(dry.json() as object), mapping: undefined }, { kind: 'accounts', mode: 'all-or-nothing', dryRun: true, committed: false, rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0, errors: [], moreErrors: 0, warnings: [], moreWarnings: 0, personValues: [], morePersonValues: 0, unmatchedOwners: [], mapping: undefined });
    assert.equal(await total(team.admin), 0);
    const real = (await upload(team.admin, '/api/imports/accounts?preset=hubspot', text)).json();
    assert.deepEqual([real.created, real.committed], [2, true]);
    const again = (await upload(team.admin, '/api/imports/accounts?preset=hubspot', text)).json();
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 2]);
    assert.equal(await total(team.viewer), 2);
    assert.equal(await total(team.outsider), 0, 'another workspace sees none of it');
  });

  test('JSON lines and JSON rows with a mapping; good-rows reports the bad row', async () => {
    const ndjson = '{"id":"c1","company":"Hooli","staff":"40"}\n{"id":"c2","company":"Aviato","staff":"many"}\n';
    const mapping = encodeURIComponent(JSON.stringify({ externalId: 'id', name: 'company', employeeCount: 'staff' }));
    const response = await upload(team.leader, `/api/imports/accounts?mode=good-rows&idSystem=billing&mapping=${mapping}`, ndjson, 'application/x-ndjson');
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json();
    assert.deepEqual([report.created, report.failed, report.committed], [1, 1, true]);
    assert.deepEqual(report.errors, [{ row: 2, column: 'staff', reason: 'must be a whole number, got "many"' }]);
    assert.equal((await team.viewer.get('/api/accounts?externalId=billing:c1')).json().data[0].employeeCount, 40);

    const json = await team.leader.post('/api/imports/accounts?idSystem=billing', { rows: [{ id: 'c3', company: 'Bachmanity' }], mapping: { externalId: 'id', name: 'company' } });
    assert.equal(json.statusCode, 200, json.body);
    assert.equal(json.json().created, 1);
  });

  test('bad requests are readable problems', async () => {
    const unknownKind = await upload(team.leader, '/api/imports/widgets', 'a\n1\n');
    assert.equal(unknownKind.statusCode, 400);
    const unknownPreset = await upload(team.leader, '/api/imports/accounts?preset=zoho', 'a\n1\n');
    assert.equal(unknownPreset.statusCode, 400);
    const badMapping = await upload(team.leader, '/api/imports/accounts?mapping=%7Bnope', 'a\n1\n');
    assert.equal(badMapping.statusCode, 400);
    assert.match(badMapping.json().detail, /mapping query parameter must be JSON/);
    const malformed = await upload(team.leader, '/api/imports/accounts?preset=hubspot', 'Record ID,Company name\n1,"unclosed\n');
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.json().detail, /not valid CSV/);
    const noColumn = await upload(team.leader, '/api/imports/accounts?preset=salesforce', 'Name\nAcme\n');
    assert.equal(noColumn.statusCode, 400);
    assert.match(noColumn.json().detail, /no column for externalId/);
  });

  test('subscriptions through the API move the account’s ARR', async () => {
    await upload(team.admin, '/api/imports/accounts?preset=salesforce', fixture('salesforce-accounts.csv').replace(/"(Dana Leader|Sam Csm)"/g, '""'));
    const report = (await upload(team.admin, '/api/imports/subscriptions?preset=salesforce', fixture('salesforce-opportunity-products.csv'))).json();
    assert.deepEqual([report.created, report.failed], [5, 0]);
    const acme = (await team.viewer.get('/api/accounts?externalId=salesforce:001A000001AcmeAAA')).json().data[0];
    assert.equal(acme.arr, 21_000);
  });

  test('owners who are not members: the preview lists them with row counts; an ownerMap gives their rows to a member', async () => {
    const text = 'id,company,owner\nm1,Massive Dynamic,Walter Bishop\nm2,Kelvin Gen,walter bishop\nm3,Bluth Company,\nm4,Pied Piper,Gavin B\n';
    const mapping = encodeURIComponent(JSON.stringify({ externalId: 'id', name: 'company', owner: 'owner' }));
    const url = (path: string, ownerMap?: Record<string, string>) =>
      `${path}?idSystem=crm&mapping=${mapping}${ownerMap ? `&ownerMap=${encodeURIComponent(JSON.stringify(ownerMap))}` : ''}`;
    const preview = (await upload(team.leader, url('/api/imports/accounts/preview'), text)).json();
    assert.deepEqual(preview.unmatchedOwners, [
      { owner: 'Walter Bishop', rows: 2 },
      { owner: 'Gavin B', rows: 1 },
    ]);

    const accounts = await total(team.admin);
    const refused = await upload(team.leader, url('/api/imports/accounts', { 'Walter Bishop': team.outsider.userId }), text);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(refused.json().detail, /ownerMap\["Walter Bishop"\] names user .* who is not a member of this workspace/);
    const notJson = await upload(team.leader, `${url('/api/imports/accounts')}&ownerMap=%7Bnope`, text);
    assert.match(notJson.json().detail, /ownerMap query parameter must be JSON/);
    assert.equal(await total(team.admin), accounts, 'a refused owner map writes nothing');

    const report = (await upload(team.leader, url('/api/imports/accounts', { 'Walter Bishop': team.csm.userId }), text)).json();
    assert.deepEqual([report.created, report.unmatchedOwners], [4, [{ owner: 'Gavin B', rows: 1 }]]);
    assert.deepEqual(report.warnings.map((warning: { row: number }) => warning.row), [4]);
    const ownerOf = async (id: string) => (await team.viewer.get(`/api/accounts?externalId=crm:${id}`)).json().data[0].ownerId;
    assert.deepEqual([await ownerOf('m1'), await ownerOf('m2'), await ownerOf('m3'), await ownerOf('m4')], [team.csm.userId, team.csm.userId, null, null]);

    const viaJson = await team.leader.post('/api/imports/accounts/preview?idSystem=crm', {
      rows: [{ id: 'm5', company: 'Hooli XYZ', owner: 'Gavin B' }],
      mapping: { externalId: 'id', name: 'company', owner: 'owner' },
      ownerMap: { 'Gavin B': team.leader.userId },
    });
    assert.deepEqual(viaJson.json().unmatchedOwners, [], 'a JSON body carries its ownerMap');
  });

  test('the kinds and presets are described for the mapping screen', async () => {
    const response = await team.viewer.get('/api/imports');
    assert.equal(response.statusCode, 200);
    const { kinds } = response.json();
    assert.equal(kinds.accounts.presets.salesforce.externalId[0], 'Account ID');
    assert.ok(kinds.contacts.fields.some((field: { field: string; required: boolean }) => field.field === 'accountExternalId' && field.required));
    // Seats and price are required unless a pricing model column says the row is usage-priced.
    const seats = kinds.subscriptions.fields.find((field: { field: string }) => field.field === 'seats');
    assert.deepEqual([seats.required, seats.waivedBy], [true, 'pricingModel']);
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(openapi.paths['/api/imports/{kind}'].post, 'the import endpoint is documented');
    assert.equal(openapi.paths['/api/internal/imports/{kind}'], undefined, 'the CLI route is not');
  });
});
