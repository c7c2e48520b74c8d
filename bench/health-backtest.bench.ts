import { churnProbability, findGroundTruth, loadDemoWorld } from '../src/demo/index.js';
import { rocAuc } from '../src/churn-model/index.js';
import { runBacktest } from '../src/health-model/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase } from './lib/backends.js';
import { log } from './lib/progress.js';
import type { BenchRun, Benchmark } from './types.js';

const TODAY = '2026-11-26';
const seconds = (ms: number) => Math.round(ms / 10) / 100;

/**
 * The AUC the hidden drivers themselves give on the backtest's accounts: each account's chance
 * to churn at a renewal at the end of the horizon from the drivers acting by then (the demo's
 * own formula). The ceiling the demo allows; read from demo_ground_truth, so bench/tests only.
 */
export async function trueDriversAuc(
  db: Parameters<typeof findGroundTruth>[0],
  options: { workspaceId: string; until: string; cases: ReadonlyArray<{ accountId: string; lost: 0 | 1 }> },
): Promise<number> {
  const truth = new Map((await findGroundTruth(db, options.workspaceId)).map((row) => [row.account_id, row]));
  const segments = new Map(
    (await db.selectFrom('accounts').select(['id', 'segment']).where('workspace_id', '=', options.workspaceId).execute()).map((row) => [row.id, row.segment]),
  );
  const scores = options.cases.map((c) => {
    const drivers = (truth.get(c.accountId)?.drivers ?? []) as Array<{ driver: never; onset: string }>;
    return churnProbability({ segment: segments.get(c.accountId) as never, drivers, renewal: options.until });
  });
  return rocAuc(options.cases.map((c) => c.lost), scores);
}

export const healthBacktestBenchmark: Benchmark = {
  name: 'health-backtest',
  description:
    'Health backtest (src/health-model) on the demo world (seed 42, 18 months; 1,000 accounts, --quick 300): point-in-time training set, model fit, scorecard and model AUC against churn/contraction in the 180 days after as-of, beside the AUC of the true hidden drivers',
  async run({ backend, options }): Promise<BenchRun> {
    const accounts = options.quick ? 300 : 1_000;
    const database = await createBenchDatabase(backend, options.databaseUrl);
    const { db } = database.handle;
    try {
      const workspace = await createWorkspace(db, `Bench backtest ${accounts}`);
      const loadStarted = performance.now();
      await loadDemoWorld(db, { workspaceId: workspace.id, accounts, months: 18, seed: 42, today: TODAY, healthHistory: false });
      const loadSeconds = seconds(performance.now() - loadStarted);
      log(`${backend} ${accounts}: demo world loaded in ${loadSeconds} s; backtest…`);
      const started = performance.now();
      const { cases, ...report } = await runBacktest(db, { workspaceId: workspace.id, horizonDays: 180, today: TODAY, progress: (line) => log(`  ${line}`) });
      const backtestSeconds = seconds(performance.now() - started);
      const aucTrueDrivers = await trueDriversAuc(db, { workspaceId: workspace.id, until: TODAY, cases });
      const result = { backend, worldAccounts: accounts, months: 18, loadSeconds, backtestSeconds, ...report, auc_true_drivers: Number(aucTrueDrivers.toFixed(4)) };
      return {
        result,
        summary: [
          `health-backtest ${backend} ${accounts}×18 as of ${report.as_of}: ${report.accounts} accounts, ${report.positives} lost; AUC scorecard ${report.auc_scorecard}, model ${report.auc_model}, true drivers ${result.auc_true_drivers} (${backtestSeconds} s)`,
        ],
      };
    } finally {
      await database.dispose();
    }
  },
};
