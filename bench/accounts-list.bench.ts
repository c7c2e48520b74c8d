import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { countAccounts, findAccountPage, type AccountFilters } from '../src/accounts/accounts.repository.js';
import { listAccountsQuerySchema } from '../src/accounts/accounts.schema.js';
import { buildApp } from '../src/api/server.js';
import { createApiToken, createUserInWorkspace, systemActor } from '../src/auth/index.js';
import { decodeCursorOrThrow } from '../src/core/cursor.js';
import type { Db } from '../src/db/client.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BenchDatabase } from './lib/backends.js';
import { executionMs, explainAnalyze, recordingKysely } from './lib/explain.js';
import { CSM_COUNT, SEGMENTS, fakeAccountBatches } from './lib/fake-accounts.js';
import { timedGetOk } from './lib/http.js';
import { RssSampler, processMaxRssMb } from './lib/memory.js';
import { log, startProgress, timed } from './lib/progress.js';
import { Random } from './lib/random.js';
import { ratio, summarize, type LatencyStats } from './lib/stats.js';
import type { BenchContext, BenchOptions, BenchRun, Benchmark } from './types.js';

/** The target: accounts-list p95 under 150 ms at 100,000 accounts on PGlite. */
const TARGET_P95_MS = 150;
const BATCH_SIZE = 1000;

/**
 * What the database looks like after a while in production. A PostgreSQL server's
 * autovacuum vacuums and analyzes a freshly loaded table within a minute; doing it here
 * keeps it from landing in the middle of the measurements. PGlite runs PostgreSQL as one
 * "standalone backend" with no autovacuum and no automatic ANALYZE. We ANALYZE (without
 * statistics the planner guesses) but do not VACUUM, so the visibility map stays empty, as
 * in an install that never vacuums. To see PGlite after a VACUUM, pass `--setup-sql` with
 * a file holding `VACUUM (ANALYZE) accounts;`.
 */
const MAINTENANCE = { pglite: 'ANALYZE', postgres: 'VACUUM (ANALYZE)' } as const;

/** The list queries people actually make from the accounts page and the API. */
const QUERY_TYPES = ['default', 'arrDesc', 'segment', 'owner', 'search', 'page5', 'renewal'] as const;
type QueryType = (typeof QUERY_TYPES)[number];

/** One concrete request of a type; `label` tells variants apart (which segment, which term). */
type ListRequest = { type: QueryType; label: string; params: Record<string, string> };

/**
 * Search terms as people type them: word fragments that match thousands of names, a
 * surname, a domain piece, a two-word name that matches a handful, a typo that matches
 * nothing (the slowest case for a substring scan: no early stop), and two letters (the
 * web app's search box is debounced but has no minimum length; too short for trigrams).
 */
const SEARCH_TERMS = ['harb', 'ridge', 'quantum', 'stack', 'labs', 'okafor', 'nova', 'bluepeak', '.io', 'vertex signal', 'tanaka', 'analyti', 'zzyzx', 'co'];

/** Sorts and filters whose fifth page we fetch by following nextCursor from page one. */
const PAGE5_VARIANTS: readonly { label: string; params: Record<string, string> }[] = [
  { label: 'name', params: {} },
  { label: 'arr desc', params: { sort: 'arr', order: 'desc' } },
  { label: 'renewalDate', params: { sort: 'renewalDate' } },
  { label: 'segment=SMB', params: { segment: 'SMB' } },
];

type Seeded = { workspaceId: string; ownerIds: string[]; token: string };

type PhaseResult = { perType: Record<QueryType, LatencyStats>; overall: LatencyStats; variants: Record<string, LatencyStats> };

export const accountsListBenchmark: Benchmark = {
  name: 'accounts-list',
  description: 'GET /api/accounts over HTTP with N accounts: latency by query type, throughput, memory',
  run,
};

async function run({ backend, options }: BenchContext): Promise<BenchRun> {
  const memory = new RssSampler();
  log(`accounts-list on ${backend}: ${options.accounts.toLocaleString('en-US')} accounts`);
  const database = (await timed('fresh migrated database', () => createBenchDatabase(backend, options.databaseUrl))).value;
  try {
    const seeded = (await timed('workspace, users, API token', () => seedWorkspace(database.handle.db))).value;
    const load = await loadAccounts(database, seeded, options.accounts);
    if (options.setupSql) {
      const script = await readFile(options.setupSql, 'utf8');
      await timed(`setup script ${options.setupSql}`, () => database.runScript(script));
    }
    await timed(MAINTENANCE[backend], () => sql.raw(`${MAINTENANCE[backend]} accounts, users, memberships, api_tokens`).execute(database.handle.db));
    const seedRssPeakMb = memory.peakMb();
    // Loading leaves garbage (100 batches of rows and their SQL); collect it so the
    // serving peak measures serving. The child process runs with --expose-gc.
    globalThis.gc?.();
    memory.reset();

    const db = database.handle.db;
    const app = await buildApp({ db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const baseUrl = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${seeded.token}` };
      const get = async (path: string) => (await timedGetOk(baseUrl, path, headers)).ms;

      const requests = await buildRequests(baseUrl, headers, seeded);
      const sequential = await runSequential(requests, get, baseUrl, options);
      const concurrent = await runConcurrent(requests, get, options);
      const queryRssPeakMb = memory.peakMb();
      const plans = options.explain ? await explainAll(db, seeded.workspaceId, requests) : undefined;

      // 1, 5 and 15-minute load averages after the measured phases: above the core count, other work competed.
      const loadAverage = loadavg().map((value) => round(value));
      const listP95 = sequential.list.overall.p95;
      const healthP95 = sequential.health.p95;
      const slowest = QUERY_TYPES.reduce((worst, type) => (sequential.list.perType[type].p95 > sequential.list.perType[worst].p95 ? type : worst));
      const result = {
        backend,
        accounts: options.accounts,
        node: process.version,
        finishedAt: new Date().toISOString(),
        loadAverageAfterQueries: loadAverage,
        load: {
          method: database.loadMethod,
          writeSeconds: round(load.writeSeconds),
          totalSeconds: round(load.seconds),
          rowsPerSecond: Math.round(options.accounts / load.writeSeconds),
        },
        setupSql: options.setupSql ?? null,
        maintenanceAfterLoad: MAINTENANCE[backend],
        sequential: {
          samplesPerType: options.samples,
          warmupPerType: options.warmup,
          health: sequential.health,
          oneAccount: sequential.oneAccount,
          list: sequential.list,
          // Comparable across machines: how much slower a list is than the cheapest request.
          listP95OverHealthP95: ratio(listP95, healthP95),
          perTypeP95OverHealthP95: Object.fromEntries(QUERY_TYPES.map((type) => [type, ratio(sequential.list.perType[type].p95, healthP95)])),
        },
        concurrent: {
          concurrency: options.concurrency,
          requests: concurrent.requests,
          seconds: round(concurrent.seconds),
          requestsPerSecond: round(concurrent.requests / concurrent.seconds),
          ...concurrent.latency,
        },
        memory: {
          rssPeakLoadMb: seedRssPeakMb,
          rssPeakQueriesMb: queryRssPeakMb,
          // The kernel's peak for this (child) process, which ran this backend only.
          processMaxRssMb: processMaxRssMb(),
        },
        target: {
          p95Ms: TARGET_P95_MS,
          slowestType: slowest,
          slowestP95Ms: sequential.list.perType[slowest].p95,
          met: sequential.list.perType[slowest].p95 < TARGET_P95_MS,
        },
        ...(plans ? { plans } : {}),
      };
      return { result, summary: summaryLines(result.sequential, result.concurrent, result.memory, result.load, backend) };
    } finally {
      await app.close();
    }
  } finally {
    await database.dispose();
    memory.stop();
  }
}

/** Through the application's own functions, so the rows look exactly like real ones. */
async function seedWorkspace(db: Db): Promise<Seeded> {
  const workspace = await createWorkspace(db, 'Bench Corp');
  const system = systemActor(workspace.id);
  const password = 'bench password 123';
  const ownerIds: string[] = [];
  for (let i = 0; i < CSM_COUNT; i += 1) {
    const user = await createUserInWorkspace(db, system, {
      email: `csm${i + 1}@bench.example`,
      name: `CSM ${i + 1}`,
      password,
      workspaceId: workspace.id,
      role: 'csm',
    });
    ownerIds.push(user.id);
  }
  // A leader's token: sees every account, like the people who page through the whole list.
  const leader = await createUserInWorkspace(db, system, {
    email: 'leader@bench.example',
    name: 'Team Lead',
    password,
    workspaceId: workspace.id,
    role: 'leader',
  });
  const { token } = await createApiToken(db, system, { name: 'bench', role: 'leader', userId: leader.id });
  return { workspaceId: workspace.id, ownerIds, token };
}

async function loadAccounts(database: BenchDatabase, seeded: Seeded, count: number): Promise<{ seconds: number; writeSeconds: number }> {
  const progress = startProgress(`load accounts (${database.backend})`, count);
  const started = performance.now();
  let writeSeconds: number;
  try {
    ({ writeSeconds } = await database.bulkLoad(
      'accounts',
      fakeAccountBatches({ workspaceId: seeded.workspaceId, ownerIds: seeded.ownerIds, count, batchSize: BATCH_SIZE, today: new Date() }),
      (rows) => progress.increment(rows),
    ));
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`loaded ${count.toLocaleString('en-US')} accounts: ${writeSeconds.toFixed(1)} s writing, ${seconds.toFixed(1)} s in all (${database.loadMethod})`);
  return { seconds, writeSeconds };
}

const listPath = (params: Record<string, string>): string => {
  const query = new URLSearchParams(params).toString();
  return query ? `/api/accounts?${query}` : '/api/accounts';
};

/** Every variant of every query type; page-5 cursors are found by really paging. */
type RequestPlan = Record<QueryType, ListRequest[]> & { oneAccountId: string };

async function buildRequests(baseUrl: string, headers: Record<string, string>, seeded: Seeded): Promise<RequestPlan> {
  const page5: ListRequest[] = [];
  let oneAccountId: string | undefined;
  for (const variant of PAGE5_VARIANTS) {
    let params = variant.params;
    for (let page = 1; page < 5; page += 1) {
      const { body } = await timedGetOk(baseUrl, listPath(params), headers);
      const { nextCursor: cursor, data } = body as { nextCursor: string | null; data: { id: string }[] };
      oneAccountId ??= data[0]?.id;
      if (!cursor) throw new Error(`${variant.label} has no page ${page + 1}; load more accounts`);
      params = { ...variant.params, cursor };
    }
    page5.push({ type: 'page5', label: variant.label, params });
  }
  if (!oneAccountId) throw new Error('The first page was empty');
  return {
    oneAccountId,
    default: [{ type: 'default', label: 'name', params: {} }],
    arrDesc: [{ type: 'arrDesc', label: 'arr desc', params: { sort: 'arr', order: 'desc' } }],
    segment: SEGMENTS.map(([segment]) => ({ type: 'segment', label: segment, params: { segment } })),
    owner: seeded.ownerIds.map((ownerId, i) => ({ type: 'owner', label: `csm${i + 1}`, params: { ownerId } })),
    search: SEARCH_TERMS.map((q) => ({ type: 'search', label: q, params: { q } })),
    page5,
    renewal: [{ type: 'renewal', label: 'renewalDate', params: { sort: 'renewalDate' } }],
  };
}

/** Collects timings by query type and by variant. */
class Samples {
  private readonly byType = new Map<QueryType, number[]>();
  private readonly byVariant = new Map<string, number[]>();

  add(request: ListRequest, ms: number): void {
    push(this.byType, request.type, ms);
    push(this.byVariant, `${request.type}: ${request.label}`, ms);
  }

  result(): PhaseResult {
    const perType = Object.fromEntries(QUERY_TYPES.map((type) => [type, summarize(this.byType.get(type) ?? [])])) as Record<QueryType, LatencyStats>;
    const all = [...this.byType.values()].flat();
    const variants = Object.fromEntries([...this.byVariant].map(([label, values]) => [label, summarize(values)]));
    return { perType, overall: summarize(all), variants };
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * One request at a time: latency without queueing. Each round holds one request of every
 * type plus the two baselines, shuffled, so drift on a noisy machine hits all alike.
 *
 * Baselines: `health` is HTTP, routing and JSON with no token and no database (the
 * machine-speed yardstick the issue asks for); `oneAccount` adds what every
 * authenticated request pays (token lookup, last_used_at update) and a one-row read,
 * so list cost minus oneAccount is what the list query itself costs.
 */
async function runSequential(
  requests: RequestPlan,
  get: (path: string) => Promise<number>,
  baseUrl: string,
  options: BenchOptions,
): Promise<{ list: PhaseResult; health: LatencyStats; oneAccount: LatencyStats }> {
  const random = new Random(7);
  const rounds = options.warmup + options.samples;
  const samples = new Samples();
  const health: number[] = [];
  const oneAccount: number[] = [];
  const accountPath = `/api/accounts/${requests.oneAccountId}`;
  const progress = startProgress('sequential requests', rounds * (QUERY_TYPES.length + 2));
  try {
    for (let round = 0; round < rounds; round += 1) {
      const measured = round >= options.warmup;
      const batch: (ListRequest | 'health' | 'oneAccount')[] = QUERY_TYPES.map((type) => variantFor(requests[type], round));
      batch.push('health', 'oneAccount');
      for (const request of random.shuffle(batch)) {
        if (request === 'health') {
          const { ms } = await timedGetOk(baseUrl, '/api/health');
          if (measured) health.push(ms);
        } else if (request === 'oneAccount') {
          const ms = await get(accountPath);
          if (measured) oneAccount.push(ms);
        } else {
          const ms = await get(listPath(request.params));
          if (measured) samples.add(request, ms);
        }
        progress.increment();
      }
    }
  } finally {
    progress.stop();
  }
  return { list: samples.result(), health: summarize(health), oneAccount: summarize(oneAccount) };
}

const variantFor = (variants: ListRequest[], round: number): ListRequest => variants[round % variants.length]!;

/** Several clients at once (a team on Monday morning): throughput and latency under queueing. */
async function runConcurrent(
  requests: RequestPlan,
  get: (path: string) => Promise<number>,
  options: BenchOptions,
): Promise<{ requests: number; seconds: number; latency: PhaseResult }> {
  const queue: ListRequest[] = [];
  for (let i = 0; i < options.concurrentRequests; i += 1) {
    const type = QUERY_TYPES[i % QUERY_TYPES.length]!;
    queue.push(variantFor(requests[type], Math.floor(i / QUERY_TYPES.length)));
  }
  new Random(11).shuffle(queue);
  const samples = new Samples();
  const progress = startProgress(`${options.concurrency} requests in flight`, queue.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const request = queue[next]!;
      next += 1;
      samples.add(request, await get(listPath(request.params)));
      progress.increment();
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  return { requests: queue.length, seconds, latency: samples.result() };
}

type Plan = { label: string; pageMs: number | undefined; countMs: number | undefined; page: string; count: string };

/**
 * The two statements behind each request variant (the page and the total count),
 * recorded from the repository itself and EXPLAIN ANALYZEd on the loaded database.
 */
async function explainAll(db: Db, workspaceId: string, requests: RequestPlan): Promise<Record<string, Plan>> {
  const plans: Record<string, Plan> = {};
  const all = QUERY_TYPES.flatMap((type) => requests[type]);
  const progress = startProgress('EXPLAIN ANALYZE', all.length);
  try {
    for (const request of all) {
      const [pageQuery, countQuery] = await recordListStatements(workspaceId, request.params);
      const page = await explainAnalyze(db, pageQuery);
      const count = await explainAnalyze(db, countQuery);
      plans[`${request.type}: ${request.label}`] = { label: request.label, pageMs: executionMs(page), countMs: executionMs(count), page, count };
      progress.increment();
    }
  } finally {
    progress.stop();
  }
  for (const [key, plan] of Object.entries(plans)) {
    log(`explain ${key.padEnd(32)} page ${fmt(plan.pageMs)} ms, count ${fmt(plan.countMs)} ms`);
  }
  return plans;
}

/** The statements listAccounts() sends for these query parameters, in the same order. */
async function recordListStatements(workspaceId: string, params: Record<string, string>) {
  const query = listAccountsQuerySchema.parse(params);
  // Mirrors listAccounts() in src/accounts/index.ts ('me' needs an actor and is not benchmarked).
  const filters: AccountFilters = {
    workspaceId,
    q: query.q || undefined,
    segment: query.segment,
    ownerId: query.ownerId === 'none' ? null : query.ownerId === 'me' ? undefined : query.ownerId,
    lifecycleStage: query.lifecycleStage,
    region: query.region,
    industry: query.industry,
    parentId: query.parentId,
  };
  const cursor = query.cursor ? decodeCursorOrThrow(query.cursor) : undefined;
  const recorder = recordingKysely();
  await findAccountPage(recorder.db, {
    ...filters,
    sort: query.sort,
    order: query.order,
    limit: query.limit + 1,
    after: cursor && cursor.key !== null ? { key: cursor.key, id: cursor.id } : undefined,
  });
  await countAccounts(recorder.db, filters);
  const [page, count] = recorder.queries;
  if (!page || !count) throw new Error('Expected the page and the count statements');
  return [page, count] as const;
}

const round = (value: number): number => Math.round(value * 100) / 100;
const fmt = (value: number | undefined): string => (value === undefined ? '?' : value.toFixed(1)).padStart(7);

function summaryLines(
  sequential: { health: LatencyStats; oneAccount: LatencyStats; list: PhaseResult; listP95OverHealthP95: number },
  concurrent: { concurrency: number; requestsPerSecond: number; overall: LatencyStats },
  memory: { rssPeakLoadMb: number; rssPeakQueriesMb: number },
  load: { writeSeconds: number; rowsPerSecond: number },
  backend: string,
): string[] {
  const row = (label: string, s: LatencyStats) =>
    `  ${label.padEnd(10)} ${[s.p50, s.p95, s.p99, s.max].map((v) => v.toFixed(1).padStart(8)).join('')}${s.p95 >= TARGET_P95_MS ? '   > target' : ''}`;
  return [
    `${backend}: loaded in ${load.writeSeconds.toFixed(1)} s (${load.rowsPerSecond.toLocaleString('en-US')} rows/s)`,
    `  sequential ms      p50     p95     p99     max`,
    ...QUERY_TYPES.map((type) => row(type, sequential.list.perType[type])),
    row('all lists', sequential.list.overall),
    row('oneAccount', sequential.oneAccount),
    row('health', sequential.health),
    `  list p95 / health p95 = ${sequential.listP95OverHealthP95}`,
    `  ${concurrent.concurrency} in flight: ${concurrent.requestsPerSecond} req/s, p50 ${concurrent.overall.p50.toFixed(1)} ms, p95 ${concurrent.overall.p95.toFixed(1)} ms`,
    `  RSS peak: ${memory.rssPeakLoadMb} MB while loading, ${memory.rssPeakQueriesMb} MB while serving`,
  ];
}
