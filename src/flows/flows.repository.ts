import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, FlowStuckReason, FlowsTable } from '../db/schema.js';
import type { FlowStep } from './flows.schema.js';

type Conn = Kysely<Database>;

export type FlowRow = Omit<Selectable<FlowsTable>, 'steps'> & { steps: FlowStep[] };

const flowColumns = ['id', 'workspace_id', 'name', 'description', 'steps', 'is_active', 'created_at', 'updated_at'] as const;

export async function findFlows(db: Conn, workspaceId: string): Promise<FlowRow[]> {
  return (await db.selectFrom('flows').select(flowColumns).where('workspace_id', '=', workspaceId).orderBy('name').execute()) as FlowRow[];
}

export async function findFlowById(db: Conn, workspaceId: string, flowId: string): Promise<FlowRow | undefined> {
  return (await db.selectFrom('flows').select(flowColumns).where('workspace_id', '=', workspaceId).where('id', '=', flowId).executeTakeFirst()) as
    | FlowRow
    | undefined;
}

/** The active flows of these workspaces (the consumer's batch may span several). */
export async function findActiveFlows(db: Conn, workspaceIds: string[]): Promise<FlowRow[]> {
  if (workspaceIds.length === 0) return [];
  return (await db.selectFrom('flows').select(flowColumns).where('workspace_id', 'in', workspaceIds).where('is_active', '=', true).execute()) as FlowRow[];
}

export async function insertFlow(
  db: Conn,
  row: { workspaceId: string; name: string; description: string | null; steps: FlowStep[]; isActive: boolean; now: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('flows')
    .values({
      workspace_id: row.workspaceId,
      name: row.name,
      description: row.description,
      steps: JSON.stringify(row.steps),
      is_active: row.isActive,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateFlowRow(
  db: Conn,
  workspaceId: string,
  flowId: string,
  change: { name?: string; description?: string | null; steps?: FlowStep[]; isActive?: boolean; now: Date },
): Promise<void> {
  await db
    .updateTable('flows')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.steps !== undefined ? { steps: JSON.stringify(change.steps) } : {}),
      ...(change.isActive !== undefined ? { is_active: change.isActive } : {}),
      updated_at: change.now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', flowId)
    .execute();
}

export async function deleteFlowRow(db: Conn, workspaceId: string, flowId: string): Promise<void> {
  await db.deleteFrom('flows').where('workspace_id', '=', workspaceId).where('id', '=', flowId).execute();
}

/**
 * Forgets a flow's progress (its steps changed: progress is read again from the events).
 * Open episodes stay, so a user still stuck at the same step raises no second signal.
 */
export async function clearFlowProgress(db: Conn, flowId: string): Promise<void> {
  await db.deleteFrom('flow_step_hits').where('flow_id', '=', flowId).execute();
  await db.deleteFrom('flow_user_steps').where('flow_id', '=', flowId).execute();
}

/** Closes open episodes of users the flow no longer tracks, or at steps it no longer has (after a rebuild). */
export async function resolveOrphanEpisodes(db: Conn, flowId: string, stepCount: number, now: Date): Promise<void> {
  await sql`
    update flow_stuck_episodes x set resolved_at = ${now}
    where x.flow_id = ${flowId} and x.resolved_at is null
      and (x.step >= ${stepCount} or not exists (select 1 from flow_user_steps s where s.flow_id = x.flow_id and s.user_key = x.user_key))`.execute(db);
}

/** One way an event can count for a step: the step itself, or a failed attempt at it. */
export type StepMatcher = { flowId: string; step: number; event: string; property: string | null; equals: string | null; isFailure: boolean };

/**
 * Which events to read: those of these accounts on these UTC days (a batch), or all of these
 * accounts' events (a rebuild, a chunk of the workspace's accounts per statement).
 */
export type HitScope = { kind: 'days'; accountDays: { accountId: string; day: string }[] } | { kind: 'accounts'; accountIds: string[] };

/** Whether an event `e` passes the property test of matcher `alias` (the event name is joined on separately). */
const passesProperty = (alias: 'm' | 'f') => {
  const prop = sql.raw(`${alias}.prop`);
  const eq = sql.raw(`${alias}.eq`);
  return sql`(${prop} is null
    or (${eq} is null and e.properties -> ${prop} is not null and e.properties -> ${prop} <> 'null'::jsonb)
    or e.properties -> ${prop} = ${eq})`;
};

/**
 * Reads the events in scope that match a step, counts each once (`flow_step_hits`), and
 * adds the new ones to the users' step records — one statement for any number of events,
 * flows and users. A user is the end of its alias chain (two links, as identify calls make
 * them). An event matching a step and its failure counts as a failure. Returns the users
 * whose records changed.
 */
export async function recordStepHits(
  db: Conn,
  options: { workspaceId: string; matchers: StepMatcher[]; scope: HitScope },
): Promise<{ flow_id: string; user_key: string }[]> {
  const { workspaceId, matchers, scope } = options;
  if (matchers.length === 0) return [];
  if (scope.kind === 'days' ? scope.accountDays.length === 0 : scope.accountIds.length === 0) return [];
  const column = <T>(pick: (matcher: StepMatcher) => T): T[] => matchers.map(pick);
  const scoped =
    scope.kind === 'accounts'
      ? { accounts: sql`unnest(${scope.accountIds}::uuid[]) as s(account_id)`, time: sql`` }
      : {
          accounts: sql`unnest(${scope.accountDays.map((entry) => entry.accountId)}::uuid[], ${scope.accountDays.map((entry) => entry.day)}::date[]) as s(account_id, day)`,
          time: sql`and e.timestamp >= (s.day::timestamp at time zone 'UTC') and e.timestamp < ((s.day + 1)::timestamp at time zone 'UTC')`,
        };
  // A plan that holds whatever the planner estimates. Without statistics (PGlite keeps none;
  // the demo loader's transaction wrote the events itself) it took the workspace's events for
  // three rows, so it scanned them all against every account in scope (30M comparisons for
  // 1,000 of 2,000 demo accounts), and joined the hits to their candidates, two CTEs with no
  // index, in a nested loop quadratic in the hits (38 s for the 28k hits of 2,000 demo
  // accounts, over 10 minutes at 10,000). So each account's (or account-day's) events come
  // through the account index (`offset 0` keeps the lateral subquery from being flattened
  // into a join), and the new hits are read back from `events` by primary key.
  const { rows } = await sql<{ flow_id: string; user_key: string }>`
    with m(flow_id, step, event, prop, eq, is_failure) as (
      select * from unnest(
        ${column((x) => x.flowId)}::uuid[], ${column((x) => x.step)}::int[], ${column((x) => x.event)}::text[],
        ${column((x) => x.property)}::text[], ${column((x) => x.equals)}::jsonb[], ${column((x) => x.isFailure)}::boolean[])
    ),
    hits as (
      insert into flow_step_hits (flow_id, event_id, step)
      select m.flow_id, e.id, m.step
      from ${scoped.accounts}
      cross join lateral (
        select e.id, e.event, e.properties from events e
        where e.account_id = s.account_id ${scoped.time}
          and e.workspace_id = ${workspaceId} and e.type = 'track' and coalesce(e.user_id, e.anonymous_id) is not null
        offset 0) e
      join m on m.event = e.event and ${passesProperty('m')}
      -- an event passing both a step's test and its failure's is one hit: the second row conflicts
      on conflict do nothing
      returning flow_id, event_id, step
    ),
    -- materialized: the failure test is read three times below
    resolved as materialized (
      select h.flow_id, h.step, e.account_id, e.timestamp,
        exists (select 1 from m f where f.flow_id = h.flow_id and f.step = h.step and f.is_failure and f.event = e.event and ${passesProperty('f')}) as is_failure,
        coalesce(a2.user_key, a1.user_key, coalesce(e.user_id, e.anonymous_id)) as user_key
      from hits h
      join events e on e.id = h.event_id
      left join user_aliases a1 on a1.workspace_id = ${workspaceId} and a1.alias_id = coalesce(e.user_id, e.anonymous_id)
      left join user_aliases a2 on a2.workspace_id = ${workspaceId} and a2.alias_id = a1.user_key
    )
    insert into flow_user_steps as u (flow_id, user_key, step, workspace_id, account_id, reached_at, last_at, successes, failures)
    select r.flow_id, r.user_key, r.step, ${workspaceId}::uuid, (array_agg(r.account_id order by r.timestamp desc))[1],
      min(r.timestamp) filter (where not r.is_failure), max(r.timestamp),
      count(*) filter (where not r.is_failure), count(*) filter (where r.is_failure)
    from resolved r
    group by r.flow_id, r.user_key, r.step
    on conflict (flow_id, user_key, step) do update set
      reached_at = least(u.reached_at, excluded.reached_at),
      last_at = greatest(u.last_at, excluded.last_at),
      successes = u.successes + excluded.successes,
      failures = u.failures + excluded.failures,
      -- the account of the user's latest event, whichever statement read it first (a rebuild
      -- reads a user's accounts in different chunks; batches commit out of order)
      account_id = case when excluded.last_at >= u.last_at then excluded.account_id else u.account_id end
    returning u.flow_id, u.user_key`.execute(db);
  return rows;
}

/** The workspace's accounts, for a rebuild to read their events a chunk at a time. */
export async function findWorkspaceAccountIds(db: Conn, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

export type UserStepRow = {
  flow_id: string;
  user_key: string;
  step: number;
  account_id: string | null;
  reached_at: Date | null;
  last_at: Date;
  successes: number;
  failures: number;
};

const pairs = (users: { flowId: string; userKey: string }[]) =>
  sql`unnest(${users.map((user) => user.flowId)}::uuid[], ${users.map((user) => user.userKey)}::text[]) as p(flow_id, user_key)`;

/** The step records of these users. */
export async function findUserSteps(db: Conn, workspaceId: string, users: { flowId: string; userKey: string }[]): Promise<UserStepRow[]> {
  if (users.length === 0) return [];
  const { rows } = await sql<UserStepRow>`
    select s.flow_id, s.user_key, s.step, s.account_id, s.reached_at, s.last_at, s.successes, s.failures
    from ${pairs(users)}
    join flow_user_steps s on s.flow_id = p.flow_id and s.user_key = p.user_key
    where s.workspace_id = ${workspaceId}`.execute(db);
  return rows;
}

export type EpisodeRow = {
  id: string;
  flow_id: string;
  user_key: string;
  account_id: string;
  step: number;
  reason: FlowStuckReason;
  detail: string;
  raised_at: Date;
};

/** The open stuck episodes of these users. */
export async function findOpenEpisodes(db: Conn, workspaceId: string, users: { flowId: string; userKey: string }[]): Promise<EpisodeRow[]> {
  if (users.length === 0) return [];
  const { rows } = await sql<EpisodeRow>`
    select x.id, x.flow_id, x.user_key, x.account_id, x.step, x.reason, x.detail, x.raised_at
    from ${pairs(users)}
    join flow_stuck_episodes x on x.flow_id = p.flow_id and x.user_key = p.user_key and x.resolved_at is null
    where x.workspace_id = ${workspaceId}`.execute(db);
  return rows;
}

/** Closes the open episodes of users now past their step. */
export async function resolveEpisodes(db: Conn, workspaceId: string, passed: { flowId: string; userKey: string; currentStep: number }[], now: Date): Promise<number> {
  if (passed.length === 0) return 0;
  const { rows } = await sql<{ id: string }>`
    update flow_stuck_episodes x set resolved_at = ${now}
    from unnest(${passed.map((p) => p.flowId)}::uuid[], ${passed.map((p) => p.userKey)}::text[], ${passed.map((p) => p.currentStep)}::int[])
      as p(flow_id, user_key, current_step)
    where x.workspace_id = ${workspaceId} and x.flow_id = p.flow_id and x.user_key = p.user_key
      and x.resolved_at is null and x.step < p.current_step
    returning x.id`.execute(db);
  return rows.length;
}

export type NewEpisode = { flowId: string; userKey: string; accountId: string; step: number; reason: FlowStuckReason; detail: string };

/**
 * Opens episodes, skipping users that already have one open at that step (the partial
 * unique index decides, so two deliveries at once still open one). Returns those opened.
 */
export async function openEpisodes(db: Conn, workspaceId: string, episodes: NewEpisode[], now: Date): Promise<NewEpisode[]> {
  if (episodes.length === 0) return [];
  const column = <T>(pick: (episode: NewEpisode) => T): T[] => episodes.map(pick);
  const { rows } = await sql<{ flow_id: string; user_key: string; step: number }>`
    insert into flow_stuck_episodes (workspace_id, flow_id, user_key, account_id, step, reason, detail, raised_at)
    select ${workspaceId}::uuid, t.* , ${now}::timestamptz
    from unnest(${column((e) => e.flowId)}::uuid[], ${column((e) => e.userKey)}::text[], ${column((e) => e.accountId)}::uuid[],
      ${column((e) => e.step)}::int[], ${column((e) => e.reason)}::text[], ${column((e) => e.detail)}::text[]) as t
    on conflict (flow_id, user_key, step) where resolved_at is null do nothing
    returning flow_id, user_key, step`.execute(db);
  const opened = new Set(rows.map((row) => `${row.flow_id}\u0000${row.user_key}\u0000${row.step}`));
  return episodes.filter((episode) => opened.has(`${episode.flowId}\u0000${episode.userKey}\u0000${episode.step}`));
}

/** Users whose step records exist, for a rebuild (every user of the flow). */
export async function findFlowUsers(db: Conn, flowId: string): Promise<string[]> {
  const rows = await db.selectFrom('flow_user_steps').select('user_key').distinct().where('flow_id', '=', flowId).execute();
  return rows.map((row) => row.user_key);
}

/** The funnel's users: those who reached the first step in [from, to), of accounts in the segment if given. */
export async function findFunnelRows(
  db: Conn,
  options: { workspaceId: string; flowId: string; from: Date; to: Date; segment: string | null },
): Promise<{ user_key: string; step: number; reached_at: Date | null; stuck_step: number | null }[]> {
  const { workspaceId, flowId, from, to, segment } = options;
  const { rows } = await sql<{ user_key: string; step: number; reached_at: Date | null; stuck_step: number | null }>`
    with cohort as (
      select s0.user_key from flow_user_steps s0
      join accounts a on a.id = s0.account_id and a.workspace_id = ${workspaceId}
      where s0.flow_id = ${flowId} and s0.workspace_id = ${workspaceId} and s0.step = 0
        and s0.reached_at >= ${from} and s0.reached_at < ${to}
        ${segment === null ? sql`` : sql`and a.segment = ${segment}`}
    )
    select s.user_key, s.step, s.reached_at,
      (select x.step from flow_stuck_episodes x where x.flow_id = ${flowId} and x.user_key = s.user_key and x.resolved_at is null
       order by x.step desc limit 1) as stuck_step
    from cohort c join flow_user_steps s on s.flow_id = ${flowId} and s.user_key = c.user_key
    order by s.user_key, s.step`.execute(db);
  return rows;
}

export type StuckRow = EpisodeRow & { flow_name: string; steps: FlowStep[]; account_name: string };

/** Open episodes with their flow and account, newest first. */
export async function findStuckRows(
  db: Conn,
  options: { workspaceId: string; flowId?: string; accountId?: string; segment?: string; limit: number },
): Promise<StuckRow[]> {
  const { workspaceId } = options;
  const { rows } = await sql<StuckRow>`
    select x.id, x.flow_id, x.user_key, x.account_id, x.step, x.reason, x.detail, x.raised_at,
      f.name as flow_name, f.steps, a.name as account_name
    from flow_stuck_episodes x
    join flows f on f.id = x.flow_id and f.workspace_id = ${workspaceId}
    join accounts a on a.id = x.account_id and a.workspace_id = ${workspaceId}
    where x.workspace_id = ${workspaceId} and x.resolved_at is null
      ${options.flowId ? sql`and x.flow_id = ${options.flowId}` : sql``}
      ${options.accountId ? sql`and x.account_id = ${options.accountId}` : sql``}
      ${options.segment ? sql`and a.segment = ${options.segment}` : sql``}
    order by x.raised_at desc, x.id
    limit ${options.limit}`.execute(db);
  return rows;
}

/** The step records of an account's users, in every flow. */
export async function findAccountUserSteps(db: Conn, workspaceId: string, accountId: string): Promise<UserStepRow[]> {
  return db
    .selectFrom('flow_user_steps')
    .select(['flow_id', 'user_key', 'step', 'account_id', 'reached_at', 'last_at', 'successes', 'failures'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('user_key')
    .execute();
}
