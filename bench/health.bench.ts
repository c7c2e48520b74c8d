import { loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { loadDemoWorld } from '../src/demo/index.js';
import { findAccountIds, measureFactsQuery } from '../src/health/health.repository.js';
import { recomputeHealth } from '../src/health/index.js';
import { RECOMPUTE_CHUNK } from '../src/health/recompute-health.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { executionMs, explainAnalyze } from './lib/explain.js';
import { RssSampler } from './lib/memory.js';
import { log } from './lib/progress.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

/** The targets: a full recompute of 10,000 accounts on PGlite and 100,000 on PostgreSQL, each under 60 s. */
type Size = { accounts: number; targetSeconds: number };
const TEN_THOUSAND: Size = { accounts: 10_000, targetSeconds: 60 };
const HUNDRED_THOUSAND: Size = { accounts: 100_000, targetSeconds: 60 };
const TODAY = '2026-11-01';
const MONTHS = 12;
const seconds = (ms: number) => Math.round(ms / 10) / 100;

function sizesFor(backend: BackendName, options: BenchOptions): Size[] {
  if (options.quick) return [{ accounts: 1_000, targetSeconds: 60 }];
  return backend === 'postgres' && options.large ? [TEN_THOUSAND, HUNDRED_THOUSAND] : [TEN_THOUSAND];
}

async function measure(backend: BackendName, options: BenchOptions, size: Size) {
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const workspace = await createWorkspace(db, `Bench health ${size.accounts}`);
    const loadStarted = performance.now();
    const loadLoadAverage = loadavg()[0];
    // The loader's progress lines and when each came, so a slow pass of the load shows.
    const loadPhases: { line: string; wallSeconds: number }[] = [];
    // The demo world's usage, tickets, surveys, contacts, touches and signals: every input a measure reads.
    await loadDemoWorld(db, {
      workspaceId: workspace.id,
      accounts: size.accounts,
      months: MONTHS,
      seed: 42,
      today: TODAY,
      healthHistory: false,
      progress: (line) => {
        loadPhases.push({ line: line.trim(), wallSeconds: seconds(performance.now() - loadStarted) });
        log(`${backend} ${size.accounts}: ${line.trim()}`);
      },
    });
    const loadSeconds = seconds(performance.now() - loadStarted);
    log(`${backend} ${size.accounts}: demo world loaded in ${loadSeconds} s; full recompute…`);
    const passes = [];
    for (const [name, asOf] of [['first (cold)', TODAY], ['again (warm)', TODAY], ['a past day (backfill step)', '2026-08-01']] as const) {
      globalThis.gc?.();
      const memory = new RssSampler(100);
      const loadBefore = loadavg()[0];
      const started = performance.now();
      const result = await recomputeHealth(db, { workspaceId: workspace.id, asOf, now: new Date(`${TODAY}T12:00:00Z`) });
      const wallSeconds = seconds(performance.now() - started);
      passes.push({ pass: name, asOf, accounts: result.accounts, wallSeconds, peakRssMb: memory.peakMb(), loadAverageBefore: loadBefore, met: wallSeconds < size.targetSeconds });
      memory.stop();
      log(`${backend} ${size.accounts}: ${name}: ${wallSeconds} s`);
    }
    const factsPlan = options.explain ? await explainFacts(db, workspace.id) : undefined;
    return { accounts: size.accounts, months: MONTHS, loadSeconds, loadAverageAtLoad: loadLoadAverage, loadPhases, targetSeconds: size.targetSeconds, passes, factsPlan };
  } finally {
    await database.dispose();
  }
}

/**
 * EXPLAIN ANALYZE of the facts read for the recompute's first chunk as of today, under the
 * settings `findMeasureFactRows` runs it with: the statement a pass repeats once per chunk.
 */
async function explainFacts(db: Kysely<Database>, workspaceId: string): Promise<{ chunkAccounts: number; executionMs: number | undefined; plan: string }> {
  const accountIds = (await findAccountIds(db, workspaceId)).slice(0, RECOMPUTE_CHUNK);
  const plan = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    await sql`SET LOCAL jit = off`.execute(trx);
    return explainAnalyze(trx, measureFactsQuery({ workspaceId, asOf: TODAY, accountIds }).compile(trx));
  });
  log(`facts read for ${accountIds.length} accounts: ${executionMs(plan)} ms (plan in the JSON)`);
  return { chunkAccounts: accountIds.length, executionMs: executionMs(plan), plan };
}

export const healthBenchmark: Benchmark = {
  name: 'health',
  description:
    'Full health recompute (src/health: set-based as-of measure reads in chunks of 5,000 accounts, scoring, current score + day of history upserted) on the demo world (seed 42, 12 months): 10,000 accounts (target < 60 s on PGlite) and with --large 100,000 on PostgreSQL (target < 60 s); cold, warm and a past day',
  async run({ backend, options }): Promise<BenchRun> {
    const sizes = [];
    for (const size of sizesFor(backend, options)) sizes.push(await measure(backend, options, size));
    return {
      result: { backend, sizes },
      summary: sizes.flatMap((s) => s.passes.map((p) => `health ${backend} ${s.accounts}: ${p.pass} ${p.wallSeconds} s (target < ${s.targetSeconds} s: ${p.met ? 'met' : 'NOT met'})`)),
    };
  },
};
