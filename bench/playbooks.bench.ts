import { createAccountsInBulk } from '../src/accounts/index.js';
import { buildApp } from '../src/api/server.js';
import { createApiToken, createUserInWorkspace, systemActor } from '../src/auth/index.js';
import { createContact } from '../src/contacts/index.js';
import { startDomainEventDispatcher } from '../src/domain-events/index.js';
import { startJobWorker } from '../src/jobs/index.js';
import { queueEmail, queueWebhook } from '../src/outbound/index.js';
import { createPlaybook, createPlaybookAdvanceJob, playbookTriggersConsumer } from '../src/playbooks/index.js';
import { createSegment, updateSegment } from '../src/segments/index.js';
import { createWorkspace } from '../src/workspaces/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import { createGroupedSource, sendSteadily, trackBatch } from './lib/steady-ingestion.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const ACCOUNTS = 200;
/** Messages per second sent to the /v1 store, in requests of 100 every 50 ms (as domain-events). */
const RATE = 2000;
const PER_REQUEST = 100;
/** One vendor_review signal every this many ms, each on an account that has had none (the playbook enters an account once). */
const SIGNAL_EVERY_MS = 250;

type Db = Awaited<ReturnType<typeof createBenchDatabase>>['handle']['db'];

/** What `boomerang start` runs in the background for playbooks: the trigger consumer and the advance job (email queued in the step). */
async function startEngine(db: Db) {
  const worker = startJobWorker({ db, handlers: [createPlaybookAdvanceJob({ outbound: { queueEmail, queueWebhook } })] });
  const dispatcher = await startDomainEventDispatcher({ db, consumers: [playbookTriggersConsumer] });
  return { stop: () => Promise.all([worker.stop(), dispatcher.stop()]) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) if (await check()) return true;
  return false;
}

/**
 * Signal → task: POST /api/signals (vendor_review) through the real HTTP server while the /v1
 * store takes a steady 2,000 events/s; latency = the task's created_at − the moment the POST
 * was sent.
 */
async function signalToTask(db: Db, seconds: number) {
  const workspace = await createWorkspace(db, 'Playbook latency bench');
  const system = systemActor(workspace.id);
  const owner = await createUserInWorkspace(db, system, { email: 'olga@bench.example', name: 'Olga', password: 'correct horse battery', workspaceId: workspace.id, role: 'csm' });
  const { token } = await createApiToken(db, system, { name: 'bench', role: 'csm', userId: owner.id });
  const accounts = await createAccountsInBulk(
    db,
    system,
    Array.from({ length: ACCOUNTS }, (_, n) => ({ name: `Customer ${n}`, ownerId: owner.id, externalIds: { segment: `grp-${n}` } })),
  );
  for (const [n, account] of accounts.entries()) await createContact(db, system, account.id, { name: `Sponsor ${n}`, email: `sponsor${n}@c${n}.example`, role: 'economic_buyer' });
  await createPlaybook(db, system, {
    enabled: true,
    definition: {
      name: 'Vendor review',
      trigger: { kind: 'signal', signalKind: 'vendor_review' },
      steps: [
        { type: 'create_task', title: 'Vendor review at {{account.name}}', owner: { kind: 'account_owner' }, dueInDays: 2, priority: 'high' },
        { type: 'send_email', to: { kind: 'contact_roles', roles: ['economic_buyer'] }, subject: 'About {{account.name}}', text: 'Hi {{contact.firstName}}, {{account.ownerName}} will call you.' },
      ],
    },
  });
  const send = await createGroupedSource(db, system, ACCOUNTS);
  const app = await buildApp({ db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const postSignal = async (accountId: string) => {
    const response = await fetch(`${url}/api/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId, type: 'vendor_review', title: 'Announced a review of all vendors' }),
    });
    if (response.status !== 201) throw new Error(`POST /api/signals answered ${response.status}: ${await response.text()}`);
  };
  const engine = await startEngine(db);
  try {
    // Warm-up, not measured: the route's first request compiles its schemas, the first run loads the definition.
    await postSignal(accounts[0]!.id);
    await waitFor(async () => (await db.selectFrom('tasks').select('id').where('account_id', '=', accounts[0]!.id).execute()).length > 0, 60_000);
    const postedAt = new Map<string, number>();
    const began = Date.now();
    const ingestion = sendSteadily({ send, rate: RATE, perRequest: PER_REQUEST, seconds, batch: (tick) => trackBatch(tick, PER_REQUEST, ACCOUNTS) });
    // Posted on a fixed schedule, not one after another: a slow answer must not thin out the signals.
    const posts: Promise<void>[] = [];
    const signals = (async () => {
      for (let n = 1; n < accounts.length && Date.now() - began < seconds * 1000; n += 1) {
        await new Promise((resolve) => setTimeout(resolve, SIGNAL_EVERY_MS));
        const accountId = accounts[n]!.id;
        postedAt.set(accountId, Date.now());
        posts.push(postSignal(accountId));
      }
      await Promise.all(posts);
    })();
    const [{ sent, seconds: elapsed }] = await Promise.all([ingestion, signals]);
    const taskRows = () => db.selectFrom('tasks').select(['account_id', 'created_at']).where('workspace_id', '=', workspace.id).execute();
    // The last signals' tasks, after the load stops.
    await waitFor(async () => (await taskRows()).length > postedAt.size, 30_000);
    const tasks = await taskRows();
    const latencies = tasks.flatMap((task) => (postedAt.has(task.account_id) ? [task.created_at.getTime() - postedAt.get(task.account_id)!] : []));
    return {
      seconds: Math.round(elapsed * 10) / 10,
      targetEventsPerSecond: RATE,
      ingestedEventsPerSecond: Math.round(sent / elapsed),
      signals: postedAt.size,
      tasks: latencies.length,
      signalToTaskMs: summarize(latencies),
    };
  } finally {
    await engine.stop();
    await app.close();
  }
}

/**
 * N accounts enter a playbook at once: a segment's rules change so that every account of the
 * workspace enters it in one transaction (N `segment.entered` events); the playbook gives each
 * a task. Time from the save to the last task.
 */
async function massEntry(db: Db, accounts: number, timeoutMinutes: number) {
  const workspace = await createWorkspace(db, 'Playbook entry bench');
  const system = systemActor(workspace.id);
  const owner = await createUserInWorkspace(db, system, { email: 'olga@entry.example', name: 'Olga', password: 'correct horse battery', workspaceId: workspace.id, role: 'csm' });
  for (let start = 0; start < accounts; start += 5000) {
    const size = Math.min(5000, accounts - start);
    await createAccountsInBulk(db, system, Array.from({ length: size }, (_, n) => ({ name: `Entrant ${start + n}`, ownerId: owner.id, segment: 'wave' })));
  }
  const rules = (value: string) => ({ match: 'all' as const, conditions: [{ field: 'segment', op: 'eq', value }] });
  const segment = await createSegment(db, system, { name: 'Wave', engagementModel: 'low_touch', rules: rules('nobody yet') });
  await createPlaybook(db, system, {
    enabled: true,
    definition: {
      name: 'Welcome the wave',
      trigger: { kind: 'segment_entered', segmentId: segment.id },
      steps: [{ type: 'create_task', title: 'Welcome {{account.name}}', owner: { kind: 'account_owner' }, dueInDays: 5 }],
    },
  });
  const count = async (table: 'tasks' | 'playbook_runs') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow()).n);
  const engine = await startEngine(db);
  try {
    const began = Date.now();
    await updateSegment(db, system, segment.id, { rules: rules('wave') });
    const savedSeconds = (Date.now() - began) / 1000;
    let runsSeconds: number | null = null;
    const done = await waitFor(async () => {
      if (runsSeconds === null && (await count('playbook_runs')) === accounts) runsSeconds = (Date.now() - began) / 1000;
      return (await count('tasks')) === accounts;
    }, timeoutMinutes * 60_000);
    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    return {
      accounts,
      segmentSaveSeconds: round(savedSeconds),
      allEnteredSeconds: round(runsSeconds),
      allTasksSeconds: done ? round((Date.now() - began) / 1000) : null,
      tasks: await count('tasks'),
    };
  } finally {
    await engine.stop();
  }
}

async function run({ backend, options }: { backend: BackendName; options: BenchOptions }): Promise<BenchRun> {
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    const latency = await signalToTask(db, options.quick ? 10 : 30);
    log(`${backend}: ${latency.tasks} tasks from ${latency.signals} signals`);
    const entry = await massEntry(db, options.quick ? 2000 : 10_000, options.quick ? 5 : 20);
    log(`${backend}: ${entry.tasks} of ${entry.accounts} tasks after a mass entry`);
    return {
      result: { backend, signalToTask: latency, massEntry: entry },
      summary: [
        `playbooks on ${backend}: ingestion ${latency.ingestedEventsPerSecond} events/s (target ${RATE}); ${latency.signals} signals → ${latency.tasks} tasks; signal → task p50 ${latency.signalToTaskMs.p50} ms, p99 ${latency.signalToTaskMs.p99} ms (target p99 < 1000 ms)`,
        `playbooks on ${backend}: ${entry.accounts} accounts enter at once: segment saved in ${entry.segmentSaveSeconds} s, all entered after ${entry.allEnteredSeconds ?? 'the time limit'} s, all tasks after ${entry.allTasksSeconds ?? 'the time limit'} s`,
      ],
    };
  } finally {
    await database.dispose();
  }
}

export const playbooksBenchmark: Benchmark = {
  name: 'playbooks',
  description: 'Signal → task latency p50/p99 under 2,000 events/s ingestion (target p99 < 1 s); 10,000 accounts entering a playbook at once (2,000 with --quick)',
  run,
};
