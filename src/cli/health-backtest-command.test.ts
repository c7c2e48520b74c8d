import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runAdminCommand } from '../admin/index.js';
import { useCliEnvironment } from './testing/cli-environment.js';

/** `boomerang health backtest`: progress on stderr, the report as JSON on the last stdout line. */
describe('boomerang health backtest', () => {
  const cli = useCliEnvironment('backtest');
  const { boomerang } = cli;
  const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

  test('prints the side-by-side report on a small demo world; bad input exits 2 and names the problem', async () => {
    // The world is written in this process, into the database the bin opens next: `boomerang
    // demo` is tested in cli.test.ts. 60 accounts over 16 months (seed 7) still decide enough
    // renewals before the as-of day to train a model (10 accounts lost and 10 kept); 13 months do not.
    const handle = await cli.open();
    try {
      await runAdminCommand(handle.db, 'demo.load', { workspace: 'Backtest Co', accounts: 60, months: 16, seed: 7 });
    } finally {
      await handle.close();
    }
    const run = boomerang('health', 'backtest', '--workspace', 'Backtest Co', '--horizon-days', '120');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /training set: \d+\/\d+ cut days read/);
    const report = lastLine(run.stdout);
    for (const key of ['auc_scorecard', 'auc_model', 'accounts', 'positives', 'pr_auc_scorecard', 'pr_auc_model', 'lift_top_decile_scorecard', 'lift_top_decile_model', 'calibration_model', 'as_of', 'horizon_days', 'training']) {
      assert.ok(key in report, `${key} in ${JSON.stringify(report)}`);
    }
    assert.equal(report.horizon_days, 120);
    assert.ok(report.accounts > 50 && report.positives > 0, JSON.stringify(report));
    assert.ok(report.auc_model > 0.5 && report.auc_model <= 1, `auc_model ${report.auc_model}`);
    assert.equal(report.calibration_model.reduce((sum: number, bin: { count: number }) => sum + bin.count, 0), report.accounts);
    assert.ok(!('cases' in report));

    const tooLate = boomerang('health', 'backtest', '--workspace', 'Backtest Co', '--as-of', '2099-01-01');
    assert.equal(tooLate.status, 2);
    assert.match(tooLate.stderr, /after today/);
    const notADay = boomerang('health', 'backtest', '--workspace', 'Backtest Co', '--as-of', '2026-02-31x');
    assert.notEqual(notADay.status, 0);
    assert.match(notADay.stderr, /YYYY-MM-DD/);
    const nobody = boomerang('health', 'backtest', '--workspace', 'Nobody');
    assert.equal(nobody.status, 3);
  });
});
