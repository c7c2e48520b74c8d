import type { Kysely } from 'kysely';
import { checkPasswordPolicy, createUserInWorkspace, newSecret, systemActor } from '../auth/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { loadDemoBlueprints } from '../blueprints/index.js';
import { loadDemoHandoffs } from '../handoffs/index.js';
import { recordDemoExperience } from '../experience/index.js';
import { backfillHealthHistory } from '../health/index.js';
import { HEALTH_MODEL_TRAIN_JOB } from '../health-model/index.js';
import { scheduleJob } from '../jobs/index.js';
import { createExampleSegments } from '../segments/index.js';
import { rebuildUsageRollups, saveProductCatalog } from '../usage/index.js';
import { createSource, linkKnownGroups, recountSourceStatsFromEvents, storeEvents, type IngestEvent } from '../ingest/index.js';
import { installExamplePlaybooks, recordDemoPlaybookHistory } from '../playbooks/index.js';
import { generateDemoJourneys } from '../journeys/index.js';
import { loadDemoFlows } from '../flows/index.js';
import { recordSignals } from '../signals/index.js';
import { recordSurveyResponses, upsertTickets } from '../support/index.js';
import { addTimelineEntries } from '../timeline/index.js';
import { addMonths } from './demo-dates.js';
import { DEMO_PRODUCT_CATALOG } from './demo-product-catalog.js';
import { createRandom } from './random.js';
import { insertGroundTruth, insertInChunks, setParentAccounts } from './demo.repository.js';
import type { DemoAccount, DemoWorld } from './demo.types.js';
import { generateDemoWorld } from './generate-demo-world.js';
import { scopeWorldIds } from './scope-world-ids.js';
import { planUsage, simulateUsage } from './simulate-usage.js';

export type LoadDemoWorldOptions = {
  workspaceId: string;
  accounts?: number;
  months?: number;
  seed?: number;
  /** Defaults to the real today; tests pin it. */
  today?: string;
  progress?: (message: string) => void;
  /** How far the load has come (0–100) and what it is doing, for the first start's loading page. */
  onStep?: (percent: number, step: string) => void;
  /**
   * The password of the demo team's logins (the leader and the CSMs), so a new admin can
   * see the product as they do; checked against the password policy. Unset: random ones
   * nobody knows.
   */
  teamPassword?: string;
  /**
   * A real user (e.g. the first admin) who takes over the first simulated CSM's book, so
   * whoever logs in to the demo has accounts and tasks of their own.
   */
  bookOwnerUserId?: string;
  /** Score every account weekly over the simulated past, as of each week (default true). */
  healthHistory?: boolean;
};

export type LoadedDemoWorld = DemoWorld & { counts: { events: number; tickets: number; surveys: number; signals: number; timeline: number } };

const BULK = 1000;
const EVENT_BATCH = 5000;

/**
 * Lets the event loop serve waiting requests between two statements: PGlite runs in this
 * thread, and on a first start the server answers the loading page while the demo loads.
 * Several turns, because a static file streams in 64 KB reads, one a turn; a turn with
 * nothing waiting costs microseconds.
 */
async function yieldToEventLoop(turns = 16): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function inBatches<T>(items: T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await write(items.slice(start, start + size));
    await yieldToEventLoop();
  }
}

/**
 * Generates a demo customer base and writes it into a workspace in one transaction, so a
 * failed load leaves nothing half-written. Tickets, surveys, signals and product events go
 * through their owning modules' bulk paths (the same code as imports and /v1), so they
 * look exactly like real ones; the hidden truth goes to demo_ground_truth. Users get
 * `teamPassword`, or random passwords (log in as the admin).
 *
 * @example
 *   await loadDemoWorld(db, { workspaceId, accounts: 300, months: 18, seed: 42, progress: console.error });
 */
export async function loadDemoWorld(db: Kysely<Database>, options: LoadDemoWorldOptions): Promise<LoadedDemoWorld> {
  const progress = options.progress ?? (() => undefined);
  const step = options.onStep ?? (() => undefined);
  const teamPassword = options.teamPassword;
  const weakness = teamPassword === undefined ? undefined : checkPasswordPolicy(teamPassword);
  if (weakness) throw invalid(`The demo team's password ${weakness}.`, [{ path: 'teamPassword', message: weakness }]);
  step(1, 'Generating the demo customers');
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const seed = options.seed ?? 42;
  const months = options.months ?? 18;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const world = scopeWorldIds(generateDemoWorld({ seed, accounts: options.accounts ?? 300, months, today }), options.workspaceId);
  const { accounts } = world;
  progress(`Loading a demo world: ${accounts.length} accounts, ${months} months, ${world.users.length} team members (generated in ${elapsed()})…`);
  const workspaceId = options.workspaceId;
  const actor = systemActor(workspaceId);
  const userIds = new Map<string, string>();
  const csmTakenOver = options.bookOwnerUserId ? world.users.find((user) => user.role === 'csm') : undefined;
  if (csmTakenOver && options.bookOwnerUserId) userIds.set(csmTakenOver.id, options.bookOwnerUserId);
  for (const user of world.users) {
    if (user === csmTakenOver) continue;
    const created = await createUserInWorkspace(db, actor, { email: user.email, name: user.name, password: teamPassword ?? newSecret(12), workspaceId, role: user.role });
    userIds.set(user.id, created.id);
  }
  const ownerOf = (demoUserId: string) => userIds.get(demoUserId) ?? null;

  step(5, 'Writing accounts, contacts and contracts');
  const counts = await db.transaction().execute(async (trx) => {
    await writeCrm(trx, { workspaceId, accounts, ownerOf });
    step(25, 'Writing timelines, tickets, surveys and signals');
    progress(`  accounts, contacts, contracts, notes and tasks written (${elapsed()}); timelines, tickets, surveys, signals…`);
    const timeline = accounts.flatMap((a) =>
      a.timeline.map((e) => ({ workspaceId, accountId: a.id, kind: e.kind, team: e.team, title: e.title, body: e.body, occurredAt: new Date(e.occurredAt), tone: e.tone })),
    );
    await addTimelineEntriesInBatches(trx, timeline);
    progress(`  ${timeline.length} timeline entries (${elapsed()})`);
    const tickets = accounts.flatMap((a) =>
      a.tickets.map((t) => ({
        source: 'import' as const,
        externalId: t.externalId,
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        createdAt: new Date(t.createdAt),
        updatedAt: new Date(t.solvedAt ?? t.createdAt),
        solvedAt: t.solvedAt ? new Date(t.solvedAt) : null,
        firstResponseMinutes: t.firstResponseMinutes,
        csat: t.csat,
        requesterEmail: t.requesterEmail,
        tags: t.tags,
        match: { accountId: a.id },
      })),
    );
    await inBatches(tickets, BULK, (batch) => upsertTickets(trx, actor, batch));
    progress(`  ${tickets.length} tickets (${elapsed()})`);
    const surveys = accounts.flatMap((a) =>
      a.surveys.map((s) => ({ source: 'demo-survey-tool', accountId: a.id, contactId: s.contactId, kind: s.kind, score: s.score, comment: s.comment, respondedAt: new Date(s.respondedAt) })),
    );
    await inBatches(surveys, BULK, (batch) => recordSurveyResponses(trx, actor, batch));
    progress(`  ${surveys.length} survey answers (${elapsed()})`);
    const signals = accounts.flatMap((a) => a.signals.map((s) => ({ accountId: a.id, type: s.type, title: s.title, text: s.text, occurredAt: new Date(s.occurredAt) })));
    await inBatches(signals, BULK, (batch) => recordSignals(trx, actor, batch));
    progress(`  ${signals.length} signals (${elapsed()}); product usage…`);
    step(35, 'Writing product usage');
    const events = await writeUsage(trx, {
      workspaceId,
      accounts,
      seed,
      months,
      today,
      progress: (line) => progress(`${line} (${elapsed()})`),
      onTenth: (tenths) => step(35 + tenths * 5, 'Writing product usage'),
    });
    const handoffs = await loadDemoHandoffs(trx, {
      workspaceId,
      today,
      accounts,
      leaderId: world.users.filter((u) => u.role === 'leader').map((u) => ownerOf(u.id))[0] ?? null,
      csmIds: world.users.filter((u) => u.role === 'csm').flatMap((u) => ownerOf(u.id) ?? []),
    });
    progress(`  ${handoffs} hand-offs between teams (${elapsed()})`);
    // Stage histories, milestones and goals from each account's simulated life (journeys/).
    await generateDemoJourneys(trx, {
      workspaceId,
      today,
      accounts: accounts.map((a) => ({
        id: a.id,
        ownerId: ownerOf(a.ownerId),
        segment: a.segment,
        industry: a.industry,
        customerSince: a.customerSince,
        churnedOn: a.truth.churnedOn,
        wonBackOn: a.lostPeriods[0]?.to ?? null,
        drivers: a.truth.drivers,
        firstExpansionOn: a.movements.find((m) => m.kind === 'expansion')?.occurredOn ?? null,
      })),
    });
    // The moments only the timeline holds, in the stages of the histories above; tickets,
    // surveys and signals become moments through their domain events, like real ones.
    await recordDemoExperience(trx, { workspaceId, accounts });
    // Service blueprints of onboarding and a support case, their steps linked to the moments above.
    await loadDemoBlueprints(trx, { workspaceId, now: new Date(`${today}T12:00:00Z`) });
    await insertGroundTruth(trx, {
      rows: accounts.map((a) => ({
        workspace_id: workspaceId,
        account_id: a.id,
        seed,
        drivers: JSON.stringify(a.truth.drivers),
        outcome: a.truth.outcome,
        churned_on: a.truth.churnedOn,
        contracted_on: a.truth.contractedOn,
        root_cause: a.truth.rootCause,
      })),
    });
    return { events, tickets: tickets.length, surveys: surveys.length, signals: signals.length, timeline: timeline.length };
  });
  step(88, 'Rolling up usage');
  // Rolled up here in one pass rather than day by day by the server's background worker.
  // Chunks of 1,000 accounts: a fifth of the statements of the default, and nobody reads yet.
  const rollups = await rebuildUsageRollups(db, { workspaceId, chunkSize: 1000 });
  progress(`  usage rolled up: ${rollups.accountDays} account-days (${elapsed()})`);
  // The feature catalog in force over the whole simulated past, so breadth has a history.
  await saveProductCatalog(
    db,
    systemActor(workspaceId),
    { catalog: DEMO_PRODUCT_CATALOG, effectiveFrom: addMonths(today, -months) },
    { now: () => new Date(`${today}T12:00:00Z`) },
  );
  if (options.healthHistory !== false) {
    // Weekly points over the simulated past, each scored from what had happened by then.
    const health = await backfillHealthHistory(db, { workspaceId, from: addMonths(today, -months), to: today, stepDays: 7, now: new Date(`${today}T12:00:00Z`) });
    progress(`  health scored on ${health.days} weeks (${elapsed()})`);
  }
  // After health, so "Red health" starts with the scored accounts.
  await createExampleSegments(db, { workspaceId, clock: { now: () => new Date(`${today}T12:00:00Z`) } });
  // After the history, so the example playbooks react to what happens from now on, not to the past.
  const playbooks = await installExamplePlaybooks(db, workspaceId);
  progress(`  ${playbooks} example playbooks enabled`);
  // Their past entries over the simulated months, with holdouts, so each playbook's page shows
  // enrolled against held-out outcomes from the first start (history only: no tasks, no mail).
  const history = await recordDemoPlaybookHistory(db, { workspaceId, from: addMonths(today, -months), to: today });
  progress(`  ${history.runs} past playbook entries, ${history.heldOut} held out (${elapsed()})`);
  // The churn model learns from the simulated renewals on the worker right after the load,
  // instead of waiting up to a week for the retrain (a demo loaded into a running server). The
  // retrain's own key for the day, so a retrain at the worker's start does not train it twice.
  await scheduleJob(db, { type: HEALTH_MODEL_TRAIN_JOB, workspaceId, uniqueKey: `train:${workspaceId}:${today}`, maxAttempts: 2 });
  progress(`Demo world loaded in ${elapsed()}: ${accounts.length} accounts, ${counts.events} product events.`);
  step(100, 'Ready');
  return { ...world, counts };
}

async function writeCrm(trx: Kysely<Database>, options: { workspaceId: string; accounts: DemoAccount[]; ownerOf: (id: string) => string | null }) {
  const { workspaceId, accounts, ownerOf } = options;
  await insertInChunks(
    trx,
    'accounts',
    accounts.map((a) => ({
      id: a.id,
      workspace_id: workspaceId,
      name: a.name,
      domain: a.domain,
      industry: a.industry,
      segment: a.segment,
      employee_count: a.employeeCount,
      region: a.region,
      acquisition_channel: a.acquisitionChannel,
      owner_id: ownerOf(a.ownerId),
      lifecycle_stage: a.lifecycleStage,
      external_ids: JSON.stringify(a.externalIds),
      arr: a.arr,
      renewal_date: a.renewalDate,
      created_at: a.customerSince,
    })),
  );
  // Parents after all accounts exist, so the foreign key holds whatever the order.
  await setParentAccounts(trx, { workspaceId, links: accounts.flatMap((a) => (a.parentId ? [{ id: a.id, parentId: a.parentId }] : [])) });
  await insertInChunks(
    trx,
    'contacts',
    accounts.flatMap((a) =>
      a.contacts.map((c) => ({
        id: c.id,
        workspace_id: workspaceId,
        account_id: a.id,
        name: c.name,
        email: c.email,
        title: c.title,
        role: c.role,
        expertise: c.expertise,
        status: c.status,
        personal_wins: JSON.stringify(c.personalWins),
      })),
    ),
  );
  await insertInChunks(
    trx,
    'subscriptions',
    accounts.flatMap((a) =>
      a.contracts.map((c) => ({
        id: c.id,
        workspace_id: workspaceId,
        account_id: a.id,
        status: c.status,
        start_date: c.startDate,
        end_date: c.endDate,
        auto_renew: c.autoRenew,
      })),
    ),
  );
  await insertInChunks(
    trx,
    'subscription_items',
    accounts.flatMap((a) =>
      a.contracts.flatMap((c) =>
        c.items.map((item) => ({
          workspace_id: workspaceId,
          subscription_id: c.id,
          product: item.product,
          seats: item.seats,
          unit_price: item.unitPrice,
          arr: Math.round(item.seats * item.unitPrice * 100) / 100,
        })),
      ),
    ),
  );
  await insertInChunks(
    trx,
    'arr_movements',
    accounts.flatMap((a) =>
      a.movements.map((m) => ({
        workspace_id: workspaceId,
        account_id: a.id,
        subscription_id: m.contractId,
        kind: m.kind,
        amount: Math.round((m.arrAfter - m.arrBefore) * 100) / 100,
        arr_before: m.arrBefore,
        arr_after: m.arrAfter,
        occurred_on: m.occurredOn,
      })),
    ),
  );
  await insertInChunks(
    trx,
    'notes',
    accounts.flatMap((a) => a.notes.map((n) => ({ id: n.id, workspace_id: workspaceId, account_id: a.id, author_id: ownerOf(a.ownerId), body: n.body, created_at: n.createdAt }))),
  );
  await addTimelineEntriesInBatches(
    trx,
    accounts.flatMap((a) =>
      a.notes.map((n) => ({
        workspaceId,
        accountId: a.id,
        kind: 'note',
        team: 'customer_success',
        title: n.body.split('\n')[0]!.slice(0, 120),
        body: n.body,
        actorUserId: ownerOf(a.ownerId),
        subjectType: 'note',
        subjectId: n.id,
        occurredAt: new Date(n.createdAt),
      })),
    ),
  );
  await insertInChunks(
    trx,
    'tasks',
    accounts.flatMap((a) =>
      a.tasks.map((t) => ({
        id: t.id,
        workspace_id: workspaceId,
        account_id: a.id,
        owner_id: ownerOf(a.ownerId),
        title: t.title,
        due_date: t.dueDate,
        priority: t.priority,
        status: t.status,
        completed_at: t.completedAt ? new Date(t.completedAt) : null,
      })),
    ),
  );
}

// One statement takes any number of entries; batches only bound the size of one message.
async function addTimelineEntriesInBatches(trx: Kysely<Database>, entries: Parameters<typeof addTimelineEntries>[1]) {
  await inBatches(entries, 10_000, (batch) => addTimelineEntries(trx, batch));
}

/**
 * Product usage through the ingestion store (the code behind /v1), account by account so
 * a 100,000-account world never holds all its events in memory. Groups are linked to
 * their accounts first, as a CRM sync would, so no event waits for a match.
 */
async function writeUsage(
  trx: Kysely<Database>,
  options: {
    workspaceId: string;
    accounts: DemoAccount[];
    seed: number;
    months: number;
    today: string;
    progress: (line: string) => void;
    onTenth: (tenths: number) => void;
  },
): Promise<number> {
  const { workspaceId, accounts } = options;
  // Server-side: the demo's product sends from its backend, and its key is never shown.
  const { source } = await createSource(trx, systemActor(workspaceId), { name: 'Demo product', kind: 'server' });
  const sourceRef = { id: source.id, workspaceId, kind: source.kind };
  await linkKnownGroups(trx, {
    workspaceId,
    groups: accounts.map((a) => ({ groupId: a.externalIds.salesforce!, accountId: a.id, name: a.name, domain: a.domain })),
    seenAt: new Date(),
  });
  const plan = planUsage({ accounts: accounts.length, months: options.months });
  const historyStart = addMonths(options.today, -options.months);
  let pending: IngestEvent[] = [];
  let stored = 0;
  let reported = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    stored += (await storeEvents(trx, { source: sourceRef, events: pending, receivedAt: new Date() })).accepted;
    pending = [];
    await yieldToEventLoop();
  };
  for (const [position, account] of accounts.entries()) {
    for (const event of simulateUsage({ account, seed: options.seed, plan, historyStart, today: options.today })) pending.push(event);
    if (pending.length >= EVENT_BATCH) await flush();
    const done = Math.floor(((position + 1) * 10) / accounts.length);
    if (done > reported) {
      reported = done;
      options.progress(`  usage ${done * 10}%: ${stored} events`);
      options.onTenth(done);
    }
  }
  await flush();
  // The example onboarding flow, its events (some accounts stuck where their stalled onboarding says) and its progress.
  const onboarding = await loadDemoFlows(trx, {
    workspaceId,
    source: sourceRef,
    accounts: accounts.map((a) => ({
      accountId: a.id,
      groupId: a.externalIds.salesforce!,
      customerSince: a.customerSince,
      stalledSince: a.truth.drivers.find((d) => d.driver === 'slow_onboarding')?.onset ?? null,
    })),
    historyStart,
    today: options.today,
    random: createRandom((options.seed * 7919 + 13) >>> 0),
    clock: { now: () => new Date(`${options.today}T12:00:00Z`) },
  });
  stored += onboarding.events;
  options.progress(`  onboarding flow: ${onboarding.events} events, ${onboarding.stuck} users stuck`);
  // The simulated product sent these over the months; its counters should say so, not show one spike on load day.
  await recountSourceStatsFromEvents(trx, sourceRef);
  return stored;
}
