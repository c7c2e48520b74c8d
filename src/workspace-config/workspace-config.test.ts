import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { Actor } from '../access/index.js';
import { systemActor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { applyWorkspaceConfig, exportWorkspaceConfig } from './index.js';
import { refusal } from './testing/refusal.js';

/** Configuration as code: export, edit, dry-run, apply — all or nothing, naming what is wrong. */
describe('workspace configuration as code', () => {
  let handle: TestDatabase;
  let admin: Actor;
  let other: Actor;
  const versions = async (workspaceId: string) =>
    (await handle.db.selectFrom('health_scorecard_versions').select('version').where('workspace_id', '=', workspaceId).execute()).length;

  before(async () => {
    handle = await createTestDatabase();
    admin = systemActor((await createWorkspace(handle.db, 'Acme CS')).id);
    other = systemActor((await createWorkspace(handle.db, 'Globex CS')).id);
  });
  after(() => handle.close());

  test('an exported document applied back changes nothing', async () => {
    const text = await exportWorkspaceConfig(handle.db, admin, { format: 'yaml', workspaceName: 'Acme CS' });
    assert.match(text, /^# Boomerang configuration of "Acme CS"/);
    assert.equal(parse(text).boomerang, 1);
    assert.ok(parse(text).health.scorecards.length > 0);
    const report = await applyWorkspaceConfig(handle.db, admin, text);
    const unchanged = { outcome: 'unchanged', changes: [] };
    assert.deepEqual(report, {
      dryRun: false,
      sections: { health: unchanged, segments: unchanged, teams: unchanged, journey: unchanged, handoffs: unchanged, blueprints: unchanged, playbooks: unchanged, flows: unchanged },
    });
    assert.equal(await versions(admin.workspaceId), 0, 'no new version for the same content');
  });

  test('a dry run lists each change and saves nothing; apply saves a version and queues a rescore', async () => {
    const document = parse(await exportWorkspaceConfig(handle.db, admin, { format: 'json' }));
    const green = document.health.bands.green as number;
    document.health.bands.green = green - 5;
    const text = JSON.stringify(document);

    const dryRun = await applyWorkspaceConfig(handle.db, admin, text, { dryRun: true });
    assert.deepEqual(dryRun.sections.health, { outcome: 'changed', changes: [`health.bands.green: ${green} → ${green - 5}`] });
    assert.ok(Object.entries(dryRun.sections).every(([key, section]) => key === 'health' || section.outcome === 'unchanged'));
    assert.equal(await versions(admin.workspaceId), 0);

    const applied = await applyWorkspaceConfig(handle.db, admin, text);
    assert.equal(applied.sections.health!.outcome, 'changed');
    assert.equal(await versions(admin.workspaceId), 1);
    const rescore = await handle.db.selectFrom('jobs').select(['type', 'payload']).where('workspace_id', '=', admin.workspaceId).execute();
    assert.deepEqual(rescore, [{ type: 'health.recompute', payload: { full: true } }]);
    assert.equal(await versions(other.workspaceId), 0, 'another workspace is untouched');
    const again = await applyWorkspaceConfig(handle.db, admin, text);
    assert.equal(again.sections.health!.outcome, 'unchanged');
  });

  test('refusals name the file, the line or path, and the problem, and change nothing', async () => {
    const broken = await refusal(() => applyWorkspaceConfig(handle.db, admin, 'boomerang: 1\nhealth: {bands: [\n', { sourceName: 'acme.yaml' }));
    assert.equal(broken.code, 'validation_failed');
    assert.equal(broken.detail, 'acme.yaml: The configuration file cannot be read');
    assert.match(broken.issues![0]!.path, /^line \d+, column \d+$/);

    const repeated = await refusal(() => applyWorkspaceConfig(handle.db, admin, 'boomerang: 1\nboomerang: 1\n', { sourceName: 'acme.yaml' }));
    assert.match(repeated.issues![0]!.message, /unique/i);

    const version = await refusal(() => applyWorkspaceConfig(handle.db, admin, 'health: {}\n', { sourceName: 'acme.yaml' }));
    assert.match(version.detail, /must start with `boomerang: 1`/);

    const unknown = await refusal(() => applyWorkspaceConfig(handle.db, admin, 'boomerang: 1\nplaybookz: []\n', { sourceName: 'acme.yaml' }));
    assert.match(unknown.detail, /Unknown configuration section: playbookz \(known: health, teams, segments, journey, handoffs, blueprints, playbooks, flows\)/);

    const document = parse(await exportWorkspaceConfig(handle.db, admin, { format: 'yaml' }));
    document.health.bands.green = 150;
    const bad = await refusal(() => applyWorkspaceConfig(handle.db, admin, JSON.stringify(document), { sourceName: 'acme.json' }));
    assert.match(bad.detail, /^acme\.json: section "health": /);
    assert.ok(bad.issues?.some((issue) => issue.path === 'health.bands.green'), JSON.stringify(bad.issues));
    assert.equal(await versions(admin.workspaceId), 1);
  });

  test('only leaders and admins export or apply', async () => {
    for (const role of ['csm', 'viewer'] as const) {
      const member: Actor = { ...admin, role };
      assert.equal((await refusal(() => exportWorkspaceConfig(handle.db, member, { format: 'yaml' }))).code, 'forbidden');
      assert.equal((await refusal(() => applyWorkspaceConfig(handle.db, member, 'boomerang: 1\n'))).code, 'forbidden');
    }
  });
});
