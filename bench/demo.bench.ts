import { loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { loadDemoWorld } from '../src/demo/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { RssSampler, processMaxRssMb } from './lib/memory.js';
import { log } from './lib/progress.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

/** One world to load: the first-start world, the 10k target, and (--large) 100k. */
type WorldSize = { name: string; accounts: number; months: number; targetSeconds: number | null };

const FIRST_START: WorldSize = { name: 'first-start', accounts: 300, months: 18, targetSeconds: 60 };
const TEN_THOUSAND: WorldSize = { name: '10k', accounts: 10_000, months: 12, targetSeconds: 120 };
const HUNDRED_THOUSAND: WorldSize = { name: '100k', accounts: 100_000, months: 12, targetSeconds: null };
const SEED = 42;
// Pinned, so every run loads the same world whatever the date.
const TODAY = '2026-11-01';

/**
 * The targets are for PGlite: first start "well under a minute" and 10k×12 "under
 * 2 minutes". 100k×12 is reported (PostgreSQL, --large), with no target.
 */
function worldsFor(backend: BackendName, options: BenchOptions): WorldSize[] {
  if (options.quick) return [FIRST_START];
  return backend === 'postgres' && options.large ? [FIRST_START, TEN_THOUSAND, HUNDRED_THOUSAND] : [FIRST_START, TEN_THOUSAND];
}

// Every table a demo load writes, counted for the workspace afterwards.
const TABLES = [
  'accounts',
  'contacts',
  'subscriptions',
  'subscription_items',
  'arr_movements',
  'notes',
  'tasks',
  'timeline_entries',
  'tickets',
  'survey_responses',
  'signals',
  'events',
  'user_links',
  'group_links',
  'usage_account_days',
  'usage_user_days',
  'demo_ground_truth',
] as const;

async function countRows(db: Kysely<Database>, workspaceId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const cpuSecondsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 10_000) / 100;
};

/**
 * Loads one world into a fresh database with the loader the CLI and first start use, and
 * keeps the loader's own progress lines with the wall and CPU time each was printed at.
 */
async function loadWorld(backend: BackendName, options: BenchOptions, size: WorldSize) {
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  globalThis.gc?.();
  const memory = new RssSampler(100);
  try {
    const workspace = await createWorkspace(db, `Bench demo ${size.name}`);
    const loadAverageBefore = loadavg().map((value) => Math.round(value * 100) / 100);
    const phases: { line: string; wallSeconds: number; cpuSeconds: number }[] = [];
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const world = await loadDemoWorld(db, {
      workspaceId: workspace.id,
      accounts: size.accounts,
      months: size.months,
      seed: SEED,
      today: TODAY,
      // Health history (weekly backfill) is measured by the health benchmark; first start keeps it.
      healthHistory: size === FIRST_START,
      progress: (line) => {
        phases.push({ line: line.trim(), wallSeconds: seconds(performance.now() - started), cpuSeconds: cpuSecondsSince(cpuStart) });
        log(`${backend} ${size.name}: ${line.trim()}`);
      },
    });
    const wallSeconds = seconds(performance.now() - started);
    const cpuSeconds = cpuSecondsSince(cpuStart);
    const peakRssMb = memory.peakMb();
    const rows = await countRows(db, workspace.id);
    return {
      world: size.name,
      accounts: size.accounts,
      months: size.months,
      seed: SEED,
      wallSeconds,
      cpuSeconds,
      peakRssMb,
      rows,
      events: world.counts.events,
      phases,
      target: size.targetSeconds === null || backend !== 'pglite' ? null : { wallSeconds: size.targetSeconds, met: wallSeconds < size.targetSeconds },
      loadAverageBefore,
      loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100),
    };
  } finally {
    memory.stop();
    await database.dispose();
  }
}

export const demoBenchmark: Benchmark = {
  name: 'demo',
  description:
    'Generates and loads the demo world (src/demo, seed 42) into a fresh database: 300 accounts × 18 months (first start) and 10,000 × 12 (the issue targets are for PGlite), and with --large 100,000 × 12 on PostgreSQL; wall time, CPU time of this process, rows per table, peak RSS',
  async run({ backend, options }): Promise<BenchRun> {
    const worlds = [];
    for (const size of worldsFor(backend, options)) {
      log(`${backend}: loading ${size.accounts} accounts × ${size.months} months`);
      worlds.push(await loadWorld(backend, options, size));
    }
    return {
      result: { backend, worlds, processPeakRssMb: processMaxRssMb() },
      summary: worlds.map(
        (w) =>
          `demo ${backend} ${w.accounts}×${w.months}: ${w.wallSeconds} s wall, ${w.cpuSeconds} s CPU, peak RSS ${w.peakRssMb} MB, ` +
          `${w.events} events, ${w.rows.timeline_entries} timeline entries, ${w.rows.usage_account_days} account-days` +
          (w.target ? ` (target < ${w.target.wallSeconds} s: ${w.target.met ? 'met' : 'NOT met'})` : ''),
      ),
    };
  },
};
