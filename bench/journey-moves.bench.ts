import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { updateAccount } from '../src/accounts/index.js';
import { systemActor } from '../src/auth/index.js';
import { loadStayMedians } from '../src/journeys/account-journey.js';
import { refreshStayMedianRows } from '../src/journeys/journeys.repository.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

/** Each account walked the sales path into Adoption: five history rows, four completed stays. */
const PATH = ['Awareness', 'Consideration', 'Trial', 'Decision & Contract', 'Adoption'] as const;
const SEGMENTS = ['enterprise', 'mid-market', 'smb', 'self-serve'] as const;
const DAY_MS = 86_400_000;
const SAMPLES = 30;

async function measure(backend: BackendName, options: BenchOptions, historyRows: number) {
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const workspace = await createWorkspace(db, `Bench journey ${historyRows}`);
    const actor = systemActor(workspace.id);
    const accounts = Array.from({ length: historyRows / PATH.length }, (_, n) => ({
      id: randomUUID(),
      workspace_id: workspace.id,
      name: `Customer ${n}`,
      segment: SEGMENTS[n % SEGMENTS.length]!,
      lifecycle_stage: 'Adoption',
    }));
    const start = Date.parse('2025-01-01T00:00:00Z');
    const history = accounts.flatMap((account, n) =>
      PATH.map((stage, index) => ({
        workspace_id: workspace.id,
        account_id: account.id,
        from_stage: index === 0 ? null : PATH[index - 1]!,
        to_stage: stage,
        // Stays of 11–69 days, varied per account so the medians have something to sort.
        changed_at: new Date(start + (index * 40 + ((n * 7 + index * 13) % 30)) * DAY_MS),
        source: 'import' as const,
        actor_kind: 'operator' as const,
      })),
    );
    const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / 1000) }, (_, i) => rows.slice(i * 1000, (i + 1) * 1000));
    await database.bulkLoad('accounts', chunks(accounts), () => {});
    await database.bulkLoad('account_stage_history', chunks(history), () => {});
    await sql`ANALYZE accounts`.execute(db);
    await sql`ANALYZE account_stage_history`.execute(db);
    log(`${backend} ${historyRows}: ${accounts.length} accounts, ${history.length} stage-history rows loaded`);
    const loadAverageBefore = loadavg()[0]!;

    // The aggregate over every stay of the workspace, as the `journey.stay-medians` job runs it.
    const refreshMs: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const started = performance.now();
      await refreshStayMedianRows(db, workspace.id, new Date());
      if (i >= 2) refreshMs.push(performance.now() - started);
    }
    // What a move reads: the refreshed rows.
    const medianMs: number[] = [];
    let medians = 0;
    for (let i = 0; i < SAMPLES + 3; i += 1) {
      const started = performance.now();
      medians = (await loadStayMedians(db, workspace.id)).size;
      if (i >= 3) medianMs.push(performance.now() - started);
    }
    // One PATCH-style move per account (Adoption → Performance, no gate), as a user makes it.
    const moveMs: number[] = [];
    for (let i = 0; i < SAMPLES + 3; i += 1) {
      const started = performance.now();
      await updateAccount(db, actor, accounts[i]!.id, { lifecycleStage: 'Performance' }, { reason: 'bench', source: 'journey' });
      if (i >= 3) moveMs.push(performance.now() - started);
    }
    const result = { historyRows, accounts: accounts.length, medianKeys: medians, loadAverageBefore, refreshMs: summarize(refreshMs), mediansMs: summarize(medianMs), moveMs: summarize(moveMs) };
    log(`${backend} ${historyRows}: refresh p50 ${result.refreshMs.p50} ms, medians read p50 ${result.mediansMs.p50} ms, move p50 ${result.moveMs.p50} ms`);
    return result;
  } finally {
    await database.dispose();
  }
}

export const journeyMovesBenchmark: Benchmark = {
  name: 'journey-moves',
  description:
    'A stage move (updateAccount with lifecycleStage: gate, history row, milestones, stay timers), the learnt stay medians it reads (journey_stay_medians) and their refresh by the journey.stay-medians job (the aggregate over every stay), over 10,000 and 100,000 stage-history rows (10,000 only with --quick)',
  async run({ backend, options }): Promise<BenchRun> {
    const sizes = options.quick ? [10_000] : [10_000, 100_000];
    const results = [];
    for (const size of sizes) results.push(await measure(backend, options, size));
    return {
      result: { backend, sizes: results },
      summary: results.map(
        (r) =>
          `journey-moves ${backend} ${r.historyRows} history rows: medians refresh (job) p50 ${r.refreshMs.p50} ms; medians read (per move) p50 ${r.mediansMs.p50} ms p95 ${r.mediansMs.p95} ms; one stage move p50 ${r.moveMs.p50} ms p95 ${r.moveMs.p95} ms (load ${r.loadAverageBefore.toFixed(1)})`,
      ),
    };
  },
};
