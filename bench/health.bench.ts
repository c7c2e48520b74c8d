import { loadavg } from 'node:os';
import { loadDemoWorld } from '../src/demo/index.js';
import { recomputeHealth } from '../src/health/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
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
    // The demo world's usage, tickets, surveys, contacts, touches and signals: every input a measure reads.
    await loadDemoWorld(db, { workspaceId: workspace.id, accounts: size.accounts, months: MONTHS, seed: 42, today: TODAY, healthHistory: false });
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
    return { accounts: size.accounts, months: MONTHS, loadSeconds, targetSeconds: size.targetSeconds, passes };
  } finally {
    await database.dispose();
  }
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
