import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../src/api/server.js';
import { createApiToken, createUserInWorkspace, systemActor } from '../src/auth/index.js';
import { domainEventConsumers } from '../src/cli/domain-event-consumers.js';
import { jobHandlers } from '../src/cli/job-handlers.js';
import { SecretBox } from '../src/core/secret-box.js';
import type { Db } from '../src/db/client.js';
import { loadDemoWorld } from '../src/demo/index.js';
import { findPendingPartitions } from '../src/domain-events/domain-events.repository.js';
import { startDomainEventDispatcher } from '../src/domain-events/index.js';
import { loadHealthConfig, recomputeHealth } from '../src/health/index.js';
import { startJobWorker } from '../src/jobs/index.js';
import { recordDemoPlaybookHistory } from '../src/playbooks/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log, timed } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const MONTHS = 12;
/** The promise: a score is fresh within a minute of a change to its inputs. */
const FRESH_TARGET_MS = 60_000;
const PREVIEW_TARGET_MS = 3_000;
const UPLIFT_TARGET_MS = 2_000;
const addMonths = (day: string, months: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type App = Awaited<ReturnType<typeof buildApp>>;
type World = { workspaceId: string; accountIds: string[]; token: string };

/**
 * The demo world (seed 42, 12 months, today = the machine's day, so the worker's clock scores
 * the same day) without its weekly health backfill, which would take minutes per size; a
 * year of daily history is written straight into the monthly rows instead (a score drifting
 * around each account's own level), then the current scores by one real full recompute.
 */
export async function loadWorld(db: Db, accounts: number): Promise<World> {
  const today = new Date().toISOString().slice(0, 10);
  const workspace = await createWorkspace(db, `Bench health latency ${accounts}`);
  await loadDemoWorld(db, { workspaceId: workspace.id, accounts, months: MONTHS, seed: 42, today, healthHistory: false });
  await sql`
    INSERT INTO health_score_months (workspace_id, account_id, month, scores, bands)
    SELECT a.workspace_id, a.id, m.month,
      array_agg(CASE WHEN d.day < m.month + interval '1 month' AND d.day <= ${today}::date THEN s.score END ORDER BY d.n),
      string_agg(CASE WHEN d.day >= m.month + interval '1 month' OR d.day > ${today}::date THEN '-'
        WHEN s.score >= 85 THEN 'g' WHEN s.score >= 70 THEN 'y' ELSE 'r' END, '' ORDER BY d.n)
    FROM accounts a
    CROSS JOIN LATERAL (SELECT (date_trunc('month', ${today}::date) - make_interval(months => k))::date AS month FROM generate_series(0, 12) k) m
    CROSS JOIN LATERAL (SELECT n, (m.month + n - 1) AS day FROM generate_series(1, 31) n) d
    CROSS JOIN LATERAL (SELECT (40 + abs(hashtext(a.id::text)) % 50 + (abs(hashtext(a.id::text || d.day::text)) % 11) - 5)::smallint AS score) s
    WHERE a.workspace_id = ${workspace.id}
    GROUP BY a.workspace_id, a.id, m.month`.execute(db);
  // The loader recorded the example playbooks' past entries before there was history; "health turned red" reads it.
  await recordDemoPlaybookHistory(db, { workspaceId: workspace.id, from: addMonths(today, -MONTHS), to: today });
  await recomputeHealth(db, { workspaceId: workspace.id, asOf: today, now: new Date() });
  const system = systemActor(workspace.id);
  const leader = await createUserInWorkspace(db, system, {
    email: 'leader@bench.example',
    name: 'Team Lead',
    password: 'bench password 123',
    workspaceId: workspace.id,
    role: 'leader',
  });
  const { token } = await createApiToken(db, system, { name: 'bench', role: 'leader', userId: leader.id });
  const ids = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspace.id).where('lifecycle_stage', '!=', 'Churned').orderBy('id').execute();
  return { workspaceId: workspace.id, accountIds: ids.map((row) => row.id), token };
}

async function call(baseUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { ms: performance.now() - started, json };
}

/**
 * Waits until no job is due or running (the worker's first recurring passes) and the consumers
 * have caught up with the domain events the load wrote (a change made before would queue
 * behind thousands of them), up to a limit.
 */
async function settle(db: Db, limitMs: number): Promise<number> {
  const started = Date.now();
  const consumers = domainEventConsumers().map((consumer) => consumer.name);
  for (;;) {
    const row = await db
      .selectFrom('jobs')
      .select(sql<number>`count(*)::int`.as('n'))
      .where((eb) => eb.or([eb('state', '=', 'running'), eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', new Date())])]))
      .executeTakeFirstOrThrow();
    const backlog = await findPendingPartitions(db, consumers);
    if ((row.n === 0 && backlog.length === 0) || Date.now() - started > limitMs) return Date.now() - started;
    await sleep(500);
  }
}

/**
 * Change → fresh score: every `everyMs` a leader posts an outside signal for a sampled
 * account through the API; the clock starts just before the request and stops when the
 * account's stored score was computed after it (polled every 100 ms). The real worker and
 * dispatcher run in this process, with every job type and consumer `boomerang start` runs.
 */
async function measureFreshness(db: Db, app: App, world: World, changes: number, everyMs: number) {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let stale = 0;
  for (let n = 0; n < changes; n += 1) {
    const accountId = world.accountIds[(n * 7919) % world.accountIds.length]!;
    const before = new Date();
    const started = performance.now();
    // Through the app's whole request pipeline, without a socket a busy machine may let idle out between changes.
    const response = await app.inject({ method: 'POST', url: '/api/signals', headers: { authorization: `Bearer ${world.token}` }, payload: { accountId, type: 'leadership_change', title: `New CFO ${n}` } });
    if (response.statusCode !== 201) throw new Error(`POST /api/signals answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
    pending.push(
      (async () => {
        while (performance.now() - started < FRESH_TARGET_MS * 3) {
          const row = await db.selectFrom('health_scores').select('computed_at').where('workspace_id', '=', world.workspaceId).where('account_id', '=', accountId).executeTakeFirst();
          if (row && row.computed_at > before) {
            latencies.push(performance.now() - started);
            return;
          }
          await sleep(100);
        }
        stale += 1;
      })(),
    );
    await sleep(everyMs);
  }
  await Promise.all(pending);
  return { changes, everyMs, neverFreshWithin3Min: stale, latencyMs: summarize(latencies) };
}

async function measurePreview(db: Db, baseUrl: string, world: World, samples: number) {
  const { config } = await loadHealthConfig(db, world.workspaceId);
  const draft = { ...config, bands: { green: config.bands.green - 5, yellow: config.bands.yellow - 5 } };
  const times: number[] = [];
  let shift: unknown;
  for (let n = 0; n <= samples; n += 1) {
    const { ms, json } = await call(baseUrl, world.token, 'POST', '/api/health/scorecards/preview', draft);
    if (n > 0) times.push(ms);
    shift = { accounts: (json as { accounts: number }).accounts, changedTotal: (json as { changedTotal: number }).changedTotal };
  }
  return { ...(shift as object), latencyMs: summarize(times) };
}

async function measureUplift(db: Db, baseUrl: string, world: World, samples: number) {
  const playbooks = await db
    .selectFrom('playbook_runs')
    .select(['playbook_id', sql<number>`count(*)::int`.as('entries')])
    .where('workspace_id', '=', world.workspaceId)
    .groupBy('playbook_id')
    .orderBy('entries', 'desc')
    .execute();
  const results = [];
  for (const playbook of playbooks) {
    const times: number[] = [];
    for (let n = 0; n <= samples; n += 1) {
      const { ms } = await call(baseUrl, world.token, 'GET', `/api/playbooks/${playbook.playbook_id}/uplift?days=90`);
      if (n > 0) times.push(ms);
    }
    results.push({ entries: playbook.entries, latencyMs: summarize(times) });
  }
  return results;
}

async function run({ backend, options }: { backend: BackendName; options: BenchOptions }): Promise<BenchRun> {
  const accounts = options.quick ? 1_000 : 10_000;
  const changes = options.quick ? 10 : 30;
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const { value: world, seconds: loadSeconds } = await timed(`${backend}: demo world of ${accounts} accounts, a year of health history`, () => loadWorld(db, accounts));
    const app = await buildApp({ db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const loadBeforeReads = loadavg();
      const preview = await measurePreview(db, baseUrl, world, options.quick ? 2 : 5);
      log(`${backend}: preview p50 ${preview.latencyMs.p50} ms`);
      const uplift = await measureUplift(db, baseUrl, world, options.quick ? 1 : 3);
      log(`${backend}: uplift slowest p50 ${Math.max(...uplift.map((u) => u.latencyMs.p50))} ms`);

      const config = { smtpUrl: undefined, mailFrom: 'bench@example.com', publicUrl: baseUrl, domainEventRetentionDays: 7, secretKey: undefined, secretKeyFile: '', allowPrivateWebhooks: false };
      const worker = startJobWorker({ db, handlers: jobHandlers(config, SecretBox.ephemeral()) });
      const dispatcher = await startDomainEventDispatcher({ db, consumers: domainEventConsumers() });
      let freshness;
      let settleMs;
      const loadBeforeChanges = loadavg();
      try {
        // The worker's first recurring passes (rollups, segments, the nightly full recompute, the model the loader queued) and the load's domain events go first.
        settleMs = await settle(db, 600_000);
        log(`${backend}: worker settled in ${Math.round(settleMs / 1000)} s; ${changes} changes…`);
        freshness = await measureFreshness(db, app, world, changes, 2_000);
      } finally {
        await dispatcher.stop();
        await worker.stop();
      }
      const result = {
        backend,
        accounts,
        months: MONTHS,
        loadSeconds,
        loadAverageBeforeReads: loadBeforeReads,
        preview,
        uplift,
        workerSettleSeconds: Math.round(settleMs / 1000),
        loadAverageBeforeChanges: loadBeforeChanges,
        freshness,
        loadAverageAfter: loadavg(),
      };
      const slowestUplift = Math.max(...uplift.map((u) => u.latencyMs.p50));
      return {
        result,
        summary: [
          `health-latency ${backend} ${accounts} accounts (load avg ${loadBeforeReads.map((l) => l.toFixed(2)).join(' ')}):`,
          `  change → fresh score p50 ${freshness.latencyMs.p50} ms, p99 ${freshness.latencyMs.p99} ms over ${freshness.latencyMs.samples} changes (target < ${FRESH_TARGET_MS} ms: ${freshness.latencyMs.p99 < FRESH_TARGET_MS && freshness.neverFreshWithin3Min === 0 ? 'met' : 'NOT met'})`,
          `  scorecard preview p50 ${preview.latencyMs.p50} ms, max ${preview.latencyMs.max} ms (target < ${PREVIEW_TARGET_MS} ms: ${preview.latencyMs.max < PREVIEW_TARGET_MS ? 'met' : 'NOT met'})`,
          `  playbook uplift, slowest of ${uplift.length} playbooks p50 ${slowestUplift} ms (target < ${UPLIFT_TARGET_MS} ms: ${slowestUplift < UPLIFT_TARGET_MS ? 'met' : 'NOT met'})`,
        ],
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.dispose();
  }
}

export const healthLatencyBenchmark: Benchmark = {
  name: 'health-latency',
  description:
    'On the demo world of 10,000 accounts (1,000 with --quick) with a year of daily health history: change → fresh score p50/p99 with the worker in-process (target < 60 s), scorecard preview (target < 3 s) and playbook uplift (target < 2 s)',
  run,
};
