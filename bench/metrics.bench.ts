import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import { createUserInWorkspace, systemActor, type Actor } from '../src/auth/index.js';
import type { ArrMovementKind, ArrMovementsTable } from '../src/db/schema.js';
import {
  backtestQuerySchema,
  bridgeQuerySchema,
  capacityQuerySchema,
  clvQuerySchema,
  cohortsQuerySchema,
  forecastQuerySchema,
  getArrBridge,
  getCapacity,
  getCohorts,
  getForecastBacktest,
  getRenewalForecast,
  getRetentionTrend,
  getSubscriptionClv,
  getSurvival,
  retentionQuerySchema,
  survivalQuerySchema,
} from '../src/metrics/index.js';
import { findLedgerMovements, findMetricsAccounts } from '../src/metrics/metrics.repository.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase } from './lib/backends.js';
import { explainAnalyze, recordingKysely } from './lib/explain.js';
import { CSM_COUNT, fakeAccountBatches, type AccountRow } from './lib/fake-accounts.js';
import { log, timed } from './lib/progress.js';
import { Random } from './lib/random.js';
import { summarize, type LatencyStats } from './lib/stats.js';
import type { BenchContext, BenchRun, Benchmark } from './types.js';

/** The size: 10,000 accounts with three years of ARR movements (2,000 with --quick). */
const ACCOUNTS = 10_000;
const QUICK_ACCOUNTS = 2_000;
const FIRST_MONTH = 2023 * 12; // January 2023
const MONTHS = 36;
const NOW = new Date('2026-01-15T12:00:00Z'); // December 2025 is the last complete month
const PRODUCTS = ['Platform', 'Analytics', 'Automation'] as const;
const SAMPLES = 7;
const WARMUP = 2;

type MovementRow = Insertable<ArrMovementsTable>;

const day = (monthIndex: number, dayOfMonth: number) =>
  `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;

/**
 * An account's three years: it signs in some month (a quarter signed before 2023), then
 * each month may expand (3 %) or contract (2 %); at each anniversary it churns with 12 %;
 * a churned account comes back with 3 % a month. ARR in whole cents, chained as the ledger is.
 */
function accountMovements(random: Random, workspaceId: string, accountId: string): MovementRow[] {
  const rows: MovementRow[] = [];
  let arr = 0;
  let hadArr = false;
  const startMonth = random.next() < 0.25 ? FIRST_MONTH - 1 - Math.floor(random.next() * 24) : FIRST_MONTH + Math.floor(random.next() * MONTHS);
  const book = (month: number, kind: ArrMovementKind, after: number) => {
    rows.push({ workspace_id: workspaceId, account_id: accountId, kind, amount: Math.round((after - arr) * 100) / 100, arr_before: arr, arr_after: after, occurred_on: day(month, 1 + Math.floor(random.next() * 28)) });
    arr = after;
  };
  book(startMonth, 'new', Math.round((1_000 + random.next() * 60_000) * 100) / 100);
  hadArr = true;
  for (let month = Math.max(startMonth + 1, FIRST_MONTH); month < FIRST_MONTH + MONTHS; month++) {
    const roll = random.next();
    if (arr === 0) {
      if (hadArr && roll < 0.03) book(month, 'reactivation', Math.round((1_000 + random.next() * 40_000) * 100) / 100);
    } else if ((month - startMonth) % 12 === 0 && roll < 0.12) book(month, 'churn', 0);
    else if (roll < 0.03) book(month, 'expansion', Math.round(arr * (1.1 + random.next() * 0.5) * 100) / 100);
    else if (roll < 0.05) book(month, 'contraction', Math.round(arr * (0.5 + random.next() * 0.4) * 100) / 100);
  }
  return rows;
}

async function measure(label: string, run: () => Promise<unknown>): Promise<LatencyStats> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const stats = summarize(times);
  log(`${label}: p50 ${stats.p50} ms, max ${stats.max} ms`);
  return stats;
}

export const metricsBenchmark: Benchmark = {
  name: 'metrics',
  description: 'Revenue metrics (bridge, retention trend, cohorts, survival, renewal forecast and backtest, CLV, capacity) over 10,000 accounts × 3 years of ARR movements, computed by the use cases',
  async run({ backend, options }: BenchContext): Promise<BenchRun> {
    const count = options.quick ? QUICK_ACCOUNTS : ACCOUNTS;
    const database = await createBenchDatabase(backend, options.databaseUrl);
    try {
      const db = database.handle.db;
      const workspace = await createWorkspace(db, 'Bench Metrics');
      const system = systemActor(workspace.id);
      const ownerIds: string[] = [];
      for (let i = 0; i < CSM_COUNT; i++) {
        const user = await createUserInWorkspace(db, system, { email: `csm${i}@metrics.bench`, name: `CSM ${i + 1}`, password: 'bench password 123', workspaceId: workspace.id, role: i === 0 ? 'leader' : 'csm' });
        ownerIds.push(user.id);
      }
      const leader: Actor = { workspaceId: workspace.id, role: 'leader', userId: ownerIds[0]!, tokenId: null, viaSession: false };

      // Ids are random, so the batches are made once and kept for the ledger.
      const accountBatches: AccountRow[][] = [...fakeAccountBatches({ workspaceId: workspace.id, ownerIds, count, batchSize: 1000, today: NOW })];
      const accounts = accountBatches.flat();
      await timed('load accounts', () => database.bulkLoad('accounts', accountBatches, () => undefined));
      const random = new Random(7);
      const movements = accounts.flatMap((a) => accountMovements(random, workspace.id, a.id));
      const subscriptions = accounts.map((a) => ({ id: randomUUID(), workspace_id: workspace.id, account_id: a.id, status: 'active' as const, start_date: '2023-01-01', end_date: '2026-12-31', auto_renew: false }));
      const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / 1000) }, (_, i) => rows.slice(i * 1000, (i + 1) * 1000));
      const load = await timed(`load ${movements.length} movements`, async () => {
        await database.bulkLoad('subscriptions', chunks(subscriptions), () => undefined);
        await database.bulkLoad('subscription_items', chunks(subscriptions.map((s, i) => ({ workspace_id: workspace.id, subscription_id: s.id, product: PRODUCTS[i % 3]!, seats: 10, unit_price: 100, arr: 1000 }))), () => undefined);
        await database.bulkLoad('arr_movements', chunks(movements), () => undefined);
      });
      await sql.raw(`${backend === 'pglite' ? 'ANALYZE' : 'VACUUM (ANALYZE)'} accounts, arr_movements, subscriptions, subscription_items`).execute(db);

      const plans: string[] = [];
      if (options.explain) {
        const recorder = recordingKysely();
        await findMetricsAccounts(recorder.db, workspace.id, {});
        await findLedgerMovements(recorder.db, workspace.id, {}, '2025-12-31');
        for (const query of recorder.queries) plans.push(await explainAnalyze(db, query));
        for (const plan of plans) log(plan);
      }
      const results = {
        // The two reads every figure starts with, alone: the rest of each figure is computation in Node.
        queriesOnly: await measure('queries only (accounts + ledger)', () => Promise.all([findMetricsAccounts(db, workspace.id, {}), findLedgerMovements(db, workspace.id, {}, '2025-12-31')])),
        bridgeTtm: await measure('bridge, trailing 12 months', () => getArrBridge(db, leader, bridgeQuerySchema.parse({ period: 'ttm' }), NOW)),
        bridgeTtmBySegment: await measure('bridge, 12 months by segment', () => getArrBridge(db, leader, bridgeQuerySchema.parse({ period: 'ttm', groupBy: 'segment' }), NOW)),
        bridgeQuarterOneSegment: await measure('bridge, quarter, SMB only', () => getArrBridge(db, leader, bridgeQuerySchema.parse({ period: 'quarter', segment: 'SMB' }), NOW)),
        retentionTrend24: await measure('NRR/GRR trend, 24 months × ttm', () => getRetentionTrend(db, leader, retentionQuerySchema.parse({ months: '24' }), NOW)),
        cohorts36: await measure('cohorts, 36 start months', () => getCohorts(db, leader, cohortsQuerySchema.parse({ months: '36' }), NOW)),
        survivalBySegment: await measure('survival by segment + log-rank', () => getSurvival(db, leader, survivalQuerySchema.parse({}), NOW)),
        renewalForecast: await measure('renewal forecast, next 12 months', () => getRenewalForecast(db, leader, forecastQuerySchema.parse({}), NOW)),
        forecastBacktest: await measure('forecast backtest, last year', () => getForecastBacktest(db, leader, backtestQuerySchema.parse({}), NOW)),
        subscriptionClv: await measure('subscription CLV by segment', () => getSubscriptionClv(db, leader, clvQuerySchema.parse({}), NOW)),
        capacity: await measure('CS capacity + rebalancing', () => getCapacity(db, leader, capacityQuerySchema.parse({}), NOW)),
      };
      const summary = Object.entries(results).map(([name, stats]) => `metrics ${backend.padEnd(8)} ${name.padEnd(26)} p50 ${String(stats.p50).padStart(8)} ms  max ${String(stats.max).padStart(8)} ms`);
      summary.unshift(`metrics ${backend}: ${count.toLocaleString('en-US')} accounts, ${movements.length.toLocaleString('en-US')} movements (${MONTHS} months), loaded in ${load.seconds.toFixed(1)} s`);
      return { result: { backend, accounts: count, movements: movements.length, loadSeconds: load.seconds, samples: SAMPLES, warmup: WARMUP, latencyMs: results, plans }, summary };
    } finally {
      await database.dispose();
    }
  },
};
