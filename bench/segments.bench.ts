import { loadavg } from 'node:os';
import { systemActor } from '../src/auth/index.js';
import { loadDemoWorld } from '../src/demo/index.js';
import { createSegment, deleteSegment, EXAMPLE_SEGMENTS, evaluateWorkspaceSegments, listSegments, previewSegment } from '../src/segments/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const TODAY = '2026-11-01';
// Four months of usage is enough for the 30-day windows (and their 30 days before); a shorter load.
const MONTHS = 4;
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const clock = { now: () => new Date(`${TODAY}T12:00:00Z`) };

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: seconds(performance.now() - started) };
}

async function measure(backend: BackendName, options: BenchOptions, accounts: number) {
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const workspace = await createWorkspace(db, `Bench segments ${accounts}`);
    const actor = systemActor(workspace.id);
    const load = await timed(() => loadDemoWorld(db, { workspaceId: workspace.id, accounts, months: MONTHS, seed: 42, today: TODAY, healthHistory: false }));
    log(`${backend} ${accounts}: demo world (with its example segments) loaded in ${load.seconds} s`);
    const loadAverageBefore = loadavg()[0];
    // Baseline in the same run: one plain count over the workspace's accounts.
    const baseline = await timed(() => previewSegment(db, actor, { rules: { match: 'all', conditions: [] }, limit: 1 }, clock));
    const segments = await listSegments(db, actor);
    const reevaluations = [];
    for (const segment of segments) {
      const pass = await timed(() => evaluateWorkspaceSegments(db, { workspaceId: workspace.id, clock, segmentId: segment.id }));
      reevaluations.push({ segment: segment.name, members: segment.memberCount, seconds: pass.seconds, ...pass.value });
      log(`${backend} ${accounts}: re-evaluate "${segment.name}" (${segment.memberCount} members): ${pass.seconds} s`);
    }
    // From empty: every matching account enters (membership rows and one event each).
    const rules = EXAMPLE_SEGMENTS.find((segment) => segment.name.startsWith('Red health'))!.rules;
    const fill = await timed(() => createSegment(db, actor, { name: 'Bench: red or usage halved', engagementModel: 'high_touch', rules }, clock));
    const everyone = await timed(() => createSegment(db, actor, { name: 'Bench: everyone', engagementModel: 'tech_touch', rules: { match: 'all', conditions: [] } }, clock));
    const preview = await timed(() => previewSegment(db, actor, { rules, limit: 10 }, clock));
    await deleteSegment(db, actor, everyone.value.id, clock);
    log(`${backend} ${accounts}: fill usage rule ${fill.seconds} s (${fill.value.memberCount}), fill everyone ${everyone.seconds} s, preview ${preview.seconds} s, baseline count ${baseline.seconds} s`);
    return {
      accounts,
      loadSeconds: load.seconds,
      loadAverageBefore,
      baselineCountSeconds: baseline.seconds,
      reevaluations,
      fillUsageRule: { seconds: fill.seconds, members: fill.value.memberCount },
      fillEveryone: { seconds: everyone.seconds, members: everyone.value.memberCount },
      previewUsageRuleSeconds: preview.seconds,
    };
  } finally {
    await database.dispose();
  }
}

export const segmentsBenchmark: Benchmark = {
  name: 'segments',
  description:
    'Segment evaluation (src/segments: one SQL statement per segment, usage windows as correlated aggregates over the rollups) on the demo world (seed 42, 12 months, no health history): re-evaluating each example segment over every account, filling a new segment from empty (membership rows + one segment.entered event each), and the rule editor preview; baseline = a plain count over the same accounts',
  async run({ backend, options }): Promise<BenchRun> {
    const accounts = options.quick ? 1_000 : 10_000;
    const result = await measure(backend, options, accounts);
    return {
      result: { backend, ...result },
      summary: [
        `segments ${backend} ${accounts}: re-evaluate ${result.reevaluations.map((r) => `${r.segment} ${r.seconds} s`).join(', ')}`,
        `segments ${backend} ${accounts}: fill from empty ${result.fillEveryone.seconds} s (${result.fillEveryone.members} members), usage rule ${result.fillUsageRule.seconds} s; preview ${result.previewUsageRuleSeconds} s; baseline count ${result.baselineCountSeconds} s`,
      ],
    };
  },
};
