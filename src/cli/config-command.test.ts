import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
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
    assert.deepEqual(lastLine(same.stdout), { dryRun: false, sections: { health: { outcome: 'unchanged', changes: [] } } });

    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {4}green:) \d+$/m, '$1 80'));
    const dryRun = boomerang('config', 'apply', file, '--workspace', 'Config Co', '--dry-run');
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.deepEqual(lastLine(dryRun.stdout).sections.health.changes, ['health.bands.green: 85 → 80']);
    assert.match(dryRun.stderr, /health: would change\n {2}health\.bands\.green: 85 → 80\nDry run of .*boomerang\.yaml on "Config Co": nothing was saved\./);

    const applied = boomerang('config', 'apply', file, '--workspace', 'Config Co');
    assert.equal(lastLine(applied.stdout).sections.health.outcome, 'changed');
    assert.equal(lastLine(boomerang('config', 'apply', file, '--workspace', 'Config Co').stdout).sections.health.outcome, 'unchanged');

    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {4}green:) \d+$/m, '$1 150'));
    const refused = boomerang('config', 'apply', file, '--workspace', 'Config Co');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /boomerang\.yaml: section "health": .*\n {2}health\.bands\.green: /);
  });
});
