import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN } from './testing/spawn-server.js';

// IBM's Telco Customer Churn sample, kept beside the repository (see shared/data/SOURCES.md).
const TELCO = join(import.meta.dirname, '../../../shared/data/telco-churn/telco-customer-churn.csv');

type Run = { status: number | null; stdout: string; stderr: string };

function boomerang(...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, 'model', 'eval', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lastLineJson = (run: Run) => JSON.parse(run.stdout.trim().split('\n').at(-1)!);

describe('boomerang model eval (the real binary, no database)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'boomerang-model-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'Telco churn, 5 stratified folds: mean AUC at least 0.845, per model and per fold',
    { skip: !existsSync(TELCO) && `the Telco file is not at ${TELCO} (shared/data beside the repository)` },
    () => {
      const run = boomerang('--csv', TELCO, '--target', 'Churn', '--positive', 'Yes', '--id', 'customerID');
      assert.equal(run.status, 0, run.stderr);
      const result = lastLineJson(run);
      assert.ok(result.auc_mean >= 0.845, `mean AUC ${result.auc_mean}`);
      assert.equal(result.auc_folds.length, 5);
      assert.ok(['gbdt', 'logistic'].includes(result.model));
      assert.equal(result.model_folds.length, 5);
      assert.equal(result.auc_by_model.logistic.folds.length, 5);
      assert.equal(result.auc_by_model.gbdt.folds.length, 5);
      // SOURCES.md: 7,043 customers, 1,869 churned; TotalCharges (blank in 11 rows) is numeric.
      assert.deepEqual([result.rows, result.positives], [7043, 1869]);
      assert.deepEqual(result.features.numeric, ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);
      assert.equal(result.features.categorical.length, 15);
      assert.ok(!result.features.categorical.includes('customerID'));
      assert.equal(typeof result.seconds, 'number');
      // Not a terminal here: progress is one stderr line per fold.
      assert.match(run.stderr, /fold 5\/5 done/);
    },
  );

  test('a small file with --save-model: the JSON line, and a stored model that names its features', () => {
    const lines = ['id,plan,seats,left'];
    for (let i = 0; i < 120; i++)
      lines.push(`c${i},${['basic', 'pro'][i % 2]},${(i * 7) % 13},${(i * 7) % 13 > 6 ? 1 : 0}`);
    const csv = join(dir, 'small.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const modelFile = join(dir, 'model.json');
    const run = boomerang(
      '--csv',
      csv,
      '--target',
      'left',
      '--id',
      'id',
      '--folds',
      '3',
      '--seed',
      '4',
      '--save-model',
      modelFile,
    );
    assert.equal(run.status, 0, run.stderr);
    const result = lastLineJson(run);
    assert.deepEqual([result.rows, result.positives, result.folds, result.seed], [120, 55, 3, 4]);
    assert.ok(result.auc_mean > 0.95, `seats decide "left" exactly; AUC ${result.auc_mean}`);
    const model = JSON.parse(readFileSync(modelFile, 'utf8'));
    assert.equal(model.format, 'boomerang-churn-model');
    assert.deepEqual(model.features, [
      { name: 'plan', kind: 'categorical' },
      { name: 'seats', kind: 'numeric' },
    ]);
  });

  test('bad input: a readable message, exit status 2, nothing on stdout', () => {
    const csv = join(dir, 'three.csv');
    writeFileSync(csv, 'x,status\n1,active\n2,churned\n3,paused\n');
    const cases: [string[], RegExp][] = [
      [['--csv', join(dir, 'missing.csv'), '--target', 'y'], /Cannot read .*no such file/],
      [['--csv', csv, '--target', 'nope'], /No column "nope"/],
      [['--csv', csv, '--target', 'status'], /exactly two values; it has 3/],
    ];
    for (const [args, message] of cases) {
      const run = boomerang(...args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    const tooFew = boomerang('--csv', csv, '--target', 'x', '--folds', '1');
    assert.notEqual(tooFew.status, 0);
    assert.match(tooFew.stderr, /from 2 to 20/);
  });
});
