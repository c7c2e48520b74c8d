import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runAdminCommand } from '../admin/index.js';
import type { AppError } from '../core/errors.js';
import { useCliEnvironment } from './testing/cli-environment.js';

/** `boomerang config export|apply`: the workspace's configuration in a file under version control. */
describe('boomerang config', () => {
  const cli = useCliEnvironment('config');
  const { boomerang } = cli;
  const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

  test('export, apply unchanged, edit, dry-run, apply, and a refusal that names the file and path', () => {
    assert.equal(boomerang('workspace', 'create', 'Config Co').status, 0);
    const exported = boomerang('config', 'export', '--workspace', 'Config Co');
    assert.equal(exported.status, 0, exported.stderr);
    const file = join(cli.dataDir(), 'boomerang.yaml');
    writeFileSync(file, exported.stdout);
    assert.match(exported.stdout, /^boomerang: 1$/m);

    const same = boomerang('config', 'apply', file, '--workspace', 'Config Co');
    assert.equal(same.status, 0, same.stderr);
    const unchanged = { outcome: 'unchanged', changes: [] };
    assert.deepEqual(lastLine(same.stdout), {
      dryRun: false,
      sections: { health: unchanged, segments: unchanged, teams: unchanged, journey: unchanged, handoffs: unchanged, blueprints: unchanged, playbooks: unchanged, flows: unchanged },
    });

    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {4}green:) \d+$/m, '$1 80'));
    const dryRun = boomerang('config', 'apply', file, '--workspace', 'Config Co', '--dry-run');
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.deepEqual(lastLine(dryRun.stdout).sections.health.changes, ['health.bands.green: 85 → 80']);
    assert.match(dryRun.stderr, /health: would change\n {2}health\.bands\.green: 85 → 80\nteams: unchanged\nsegments: unchanged\n(.*\n)*Dry run of .*boomerang\.yaml on "Config Co": nothing was saved\./);

    const applied = boomerang('config', 'apply', file, '--workspace', 'Config Co');
    assert.equal(lastLine(applied.stdout).sections.health.outcome, 'changed');
    assert.equal(lastLine(boomerang('config', 'apply', file, '--workspace', 'Config Co').stdout).sections.health.outcome, 'unchanged');

    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {4}green:) \d+$/m, '$1 150'));
    const refused = boomerang('config', 'apply', file, '--workspace', 'Config Co');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /boomerang\.yaml: section "health": .*\n {2}health\.bands\.green: /);
  });

  test('a segment and the playbook that enters from it, added by name in one file; prune deletes what the file leaves out', async () => {
    // In this process: what this checks is how sections apply, and the test above took export,
    // apply and a refusal through the bin already; each run of it costs a process start.
    const handle = await cli.open();
    try {
      const file = join(cli.dataDir(), 'sections.yaml');
      const apply = (document: string, dryRun = false) => runAdminCommand(handle.db, 'config.apply', { workspace: 'Sections Co', document, source: file, dryRun });
      const exportConfig = async () => (await runAdminCommand(handle.db, 'config.export', { workspace: 'Sections Co' })).stdout;
      await runAdminCommand(handle.db, 'workspace.create', { name: 'Sections Co' });
      assert.match(await exportConfig(), /^segments:\n {2}prune: false\n {2}items: \[\]$/m);
      const added = [
        'segments:',
        '  items:',
        '    - name: Enterprise',
        '      engagementModel: high_touch',
        '      rules: { match: all, conditions: [{ field: employeeCount, op: gte, value: 1000 }] }',
        'playbooks:',
        '  items:',
        '    - name: Welcome enterprise',
        '      enabled: true',
        '      trigger: { kind: segment_entered, segment: Enterprise }',
        '      steps:',
        '        - { type: create_task, title: "Call {{account.name}}" }',
      ].join('\n');
      const document = `boomerang: 1\n${added}\n`;
      const dryRun = await apply(document, true);
      assert.match(dryRun.stderr, /^segments: would change\n {2}segments\.Enterprise: added /m);
      assert.match(dryRun.stderr, /^playbooks: would change\n {2}playbooks\["Welcome enterprise"\]: added /m);
      assert.equal(lastLine((await apply(document)).stdout).sections.playbooks.outcome, 'changed');

      const again = await exportConfig();
      assert.match(again, /trigger:\n {8}kind: segment_entered\n {8}segment: Enterprise$/m);
      const same = lastLine((await apply(again)).stdout);
      assert.ok(Object.values(same.sections).every((section) => (section as { outcome: string }).outcome === 'unchanged'), JSON.stringify(same));

      const pruned = await apply('boomerang: 1\nplaybooks:\n  prune: true\n  items: []\n');
      assert.match(pruned.stderr, /^playbooks: changed\n {2}playbooks\["Welcome enterprise"\]: removed /m);
      assert.match(await exportConfig(), /^playbooks:\n {2}prune: false\n {2}items: \[\]$/m);

      await assert.rejects(apply('boomerang: 1\nplaybooks:\n  items:\n    - name: Lost\n      trigger: { kind: segment_entered, segment: Nowhere }\n      steps: [{ type: wait, days: 1 }]\n'), (error: AppError) => {
        assert.equal(error.code, 'validation_failed');
        assert.match(error.detail, /sections\.yaml: section "playbooks": /);
        const [first] = error.issues ?? [];
        assert.match(`${first?.path}: ${first?.message}`, /^playbooks\.items\.0\.trigger\.segment: no segment of this workspace is named "Nowhere"/);
        return true;
      });
    } finally {
      await handle.close();
    }
  });
});
