/**
 * `npm run bench [-- options]`: runs the benchmarks and writes one JSON file per benchmark
 * run to bench-results/ (git-ignored), then prints a short summary.
 *
 *   --only accounts-list          run one benchmark (default: all; also ingestion, demo, metrics)
 *   --accounts 100000             accounts to load
 *   --backends pglite,postgres    postgres uses DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
 *   --samples 200 --warmup 20     measured / unmeasured requests per query type (sequential)
 *   --concurrency 8 --concurrent-requests 700
 *   --explain                     also EXPLAIN ANALYZE every query variant, plans in the JSON
 *   --setup-sql file.sql          run a script after loading (try an index before writing a migration)
 *   --events 100000 --burst-seconds 60   ingestion: messages in the throughput run, length of the memory burst
 *   --large                       demo: also 100,000 accounts × 12 months on PostgreSQL (health: 100,000 recompute)
 *   --only health                 full health recompute of 10,000 accounts (PGlite and PostgreSQL)
 *   --only health-latency         change → fresh score, scorecard preview and playbook uplift at 10,000 accounts (1,000 with --quick)
 *   --only jobs                   10,000 timers due in one minute (2,000 with --quick)
 *   --only churn-model --backends pglite   Telco model eval, final fit and reasons (no database)
 *   --only segments               evaluate the example segments over 10,000 demo accounts (1,000 with --quick)
 *   --only domain-events          change → consumer latency under 2,000 events/s ingestion (30 s; 10 s with --quick)
 *   --only flows                  failing event → flow_stuck signal latency under 1,500 events/s ingestion (20 s; 10 s with --quick)
 *   --only playbooks              signal → task latency under 2,000 events/s (30 s; 10 s with --quick); 10,000 accounts entering at once (2,000)
 *   --only journey-moves          a stage move and the stay medians it reads over 10,000 and 100,000 stage-history rows
 *   --quick                       small sizes for every benchmark (a few minutes in all); explicit options win
 *
 * Each benchmark runs on each backend in its own child process, so a process's peak RSS
 * belongs to one backend only and one backend's leftovers cannot slow the next.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { accountsListBenchmark } from './accounts-list.bench.js';
import { churnModelBenchmark } from './churn-model.bench.js';
import { demoBenchmark } from './demo.bench.js';
import { domainEventsBenchmark } from './domain-events.bench.js';
import { flowsBenchmark } from './flows.bench.js';
import { healthBenchmark } from './health.bench.js';
import { healthBacktestBenchmark } from './health-backtest.bench.js';
import { healthLatencyBenchmark } from './health-latency.bench.js';
import { ingestionBenchmark } from './ingestion.bench.js';
import { jobsBenchmark } from './jobs.bench.js';
import { journeyMovesBenchmark } from './journey-moves.bench.js';
import { metricsBenchmark } from './metrics.bench.js';
import { playbooksBenchmark } from './playbooks.bench.js';
import { segmentsBenchmark } from './segments.bench.js';
import { BACKENDS, DEFAULT_DATABASE_URL, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const BENCHMARKS: readonly Benchmark[] = [
  accountsListBenchmark,
  ingestionBenchmark,
  demoBenchmark,
  healthBenchmark,
  healthBacktestBenchmark,
  healthLatencyBenchmark,
  jobsBenchmark,
  metricsBenchmark,
  churnModelBenchmark,
  domainEventsBenchmark,
  segmentsBenchmark,
  flowsBenchmark,
  playbooksBenchmark,
  journeyMovesBenchmark,
];

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, '..', 'bench-results');

const FULL_SIZES = {
  accounts: '100000',
  samples: '200',
  warmup: '20',
  concurrentRequests: '700',
  events: '100000',
  burstSeconds: '60',
};
const QUICK_SIZES = {
  accounts: '10000',
  samples: '50',
  warmup: '5',
  concurrentRequests: '200',
  events: '20000',
  burstSeconds: '15',
};

type Cli = { only: Benchmark[]; backends: BackendName[]; options: BenchOptions };

function parseCli(argv: string[]): Cli {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      accounts: { type: 'string' },
      backends: { type: 'string', default: BACKENDS.join(',') },
      samples: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      'concurrent-requests': { type: 'string' },
      explain: { type: 'boolean', default: false },
      'setup-sql': { type: 'string' },
      events: { type: 'string' },
      'burst-seconds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${readUsage()}\n`);
    process.exit(0);
  }
  const names = values.only?.split(',').map((name) => name.trim()) ?? BENCHMARKS.map((b) => b.name);
  const only = names.map((name) => {
    const benchmark = BENCHMARKS.find((b) => b.name === name);
    if (!benchmark) throw new Error(`Unknown benchmark "${name}"; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return benchmark;
  });
  const backends = values.backends.split(',').map((name) => {
    const backend = BACKENDS.find((b) => b === name.trim());
    if (!backend) throw new Error(`Unknown backend "${name}"; known: ${BACKENDS.join(', ')}`);
    return backend;
  });
  const sizes = values.quick ? QUICK_SIZES : FULL_SIZES;
  return {
    only,
    backends,
    options: {
      accounts: positiveInt('accounts', values.accounts ?? sizes.accounts),
      samples: positiveInt('samples', values.samples ?? sizes.samples),
      warmup: positiveInt('warmup', values.warmup ?? sizes.warmup, 0),
      concurrency: positiveInt('concurrency', values.concurrency),
      concurrentRequests: positiveInt('concurrent-requests', values['concurrent-requests'] ?? sizes.concurrentRequests),
      events: positiveInt('events', values.events ?? sizes.events),
      burstSeconds: positiveInt('burst-seconds', values['burst-seconds'] ?? sizes.burstSeconds),
      databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
      explain: values.explain,
      setupSql: values['setup-sql'] ? resolve(values['setup-sql']) : undefined,
      quick: values.quick,
      large: values.large,
    },
  };
}

function positiveInt(name: string, text: string, min = 1): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

function readUsage(): string {
  return [
    'npm run bench -- [--only accounts-list] [--accounts 100000] [--backends pglite,postgres]',
    '                 [--samples 200] [--warmup 20] [--concurrency 8] [--concurrent-requests 700]',
    '                 [--explain] [--setup-sql file.sql] [--events 100000] [--burst-seconds 60] [--large] [--quick]',
  ].join('\n');
}

/** Messages a child process sends back to the parent. */
type ChildMessage = { ok: true; run: BenchRun } | { ok: false; error: string };

/** Runs one benchmark on one backend in a child process and waits for its result. */
function runInChild(benchmark: Benchmark, backend: BackendName, options: BenchOptions): Promise<BenchRun> {
  return new Promise((resolvePromise, reject) => {
    // `--import tsx` comes from our own execArgv; --expose-gc lets a benchmark collect
    // garbage between phases so memory peaks belong to the phase that made them.
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--child', JSON.stringify({ benchmark: benchmark.name, backend, options })],
      {
        execArgv: [...process.execArgv, '--expose-gc'],
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      },
    );
    let message: ChildMessage | undefined;
    child.on('message', (received) => {
      message = received as ChildMessage;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (message?.ok) resolvePromise(message.run);
      else
        reject(
          new Error(message?.ok === false ? message.error : `${benchmark.name} on ${backend} exited with code ${code}`),
        );
    });
  });
}

async function childMain(spec: string): Promise<void> {
  const {
    benchmark: name,
    backend,
    options,
  } = JSON.parse(spec) as { benchmark: string; backend: BackendName; options: BenchOptions };
  const benchmark = BENCHMARKS.find((b) => b.name === name);
  const send = (message: ChildMessage) => new Promise<void>((done) => process.send!(message, () => done()));
  try {
    if (!benchmark) throw new Error(`Unknown benchmark ${name}`);
    await send({ ok: true, run: await benchmark.run({ backend, options }) });
  } catch (error) {
    await send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  // PGlite and pg may leave handles behind for a moment; the result is already sent.
  process.exit(0);
}

/** ISO time with ':' replaced, since ':' is not allowed in file names on Windows and macOS Finder. */
const fileTimestamp = (date: Date): string => date.toISOString().replaceAll(':', '-');

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  await mkdir(RESULTS_DIR, { recursive: true });
  const summaries: string[] = [];
  let failed = false;
  for (const benchmark of cli.only) {
    const startedAt = new Date();
    // Other work on the machine skews latency; the load average says how much to trust a run.
    const loadAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
    const runs: Record<string, unknown>[] = [];
    const errors: { backend: BackendName; error: string }[] = [];
    for (const backend of cli.backends) {
      try {
        const run = await runInChild(benchmark, backend, cli.options);
        runs.push(run.result);
        summaries.push(...run.summary);
      } catch (error) {
        failed = true;
        const text = error instanceof Error ? error.message : String(error);
        errors.push({ backend, error: text });
        log(`${benchmark.name} on ${backend} FAILED:\n${text}`);
      }
    }
    const file = join(RESULTS_DIR, `${benchmark.name}-${fileTimestamp(startedAt)}.json`);
    const report = {
      benchmark: benchmark.name,
      description: benchmark.description,
      timestamp: startedAt.toISOString(),
      node: process.version,
      machine: {
        platform: process.platform,
        arch: process.arch,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryMb: Math.round(totalmem() / 1024 / 1024),
        loadAverageAtStart: loadAtStart,
      },
      options: { ...cli.options, databaseUrl: maskPassword(cli.options.databaseUrl) },
      results: runs,
      errors,
    };
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    summaries.push(`→ ${relative(process.cwd(), file)}`);
  }
  process.stdout.write(`\n${summaries.join('\n')}\n`);
  if (failed) process.exitCode = 1;
}

function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await childMain(process.argv[childIndex + 1] ?? '{}');
else await main();
