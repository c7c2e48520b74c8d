import type { Kysely } from 'kysely';
import { getAccountOrThrow } from '../accounts/index.js';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { assessProgress, type UserStepRecord } from './assess-progress.js';
import { computeFunnel, type FunnelUser } from './compute-funnel.js';
import { findAccountUserSteps, findFlows, findFunnelRows, findStuckRows, type StuckRow } from './flows.repository.js';
import type { AccountFlows, Funnel, FunnelQuery, StuckUser } from './flows.schema.js';
import { getFlowOrThrow } from './manage-flows.js';

type Conn = Kysely<Database>;

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * A flow's funnel over the users who reached its first step from `from` to `to` (UTC days,
 * inclusive; default the last 30 days), optionally of one account segment: users per step,
 * conversion, median minutes between steps, and how many are stuck at each step now.
 *
 * @example
 *   const funnel = await getFlowFunnel(db, actor, flowId, { from: '2026-11-01', to: '2026-11-30', segment: 'smb' }, new Date());
 */
export async function getFlowFunnel(db: Conn, actor: Actor, flowId: string, query: FunnelQuery, now: Date): Promise<Funnel> {
  const flow = await getFlowOrThrow(db, actor, flowId);
  const to = query.to ?? isoDay(now);
  const from = query.from ?? isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY));
  const rows = await findFunnelRows(db, {
    workspaceId: actor.workspaceId,
    flowId,
    from: new Date(`${from}T00:00:00Z`),
    to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY),
    segment: query.segment ?? null,
  });
  const users = new Map<string, FunnelUser>();
  for (const row of rows) {
    const user = users.get(row.user_key) ?? { reachedAt: flow.steps.map(() => null), stuckStep: row.stuck_step };
    user.reachedAt[row.step] = row.reached_at;
    users.set(row.user_key, user);
  }
  const figures = computeFunnel(flow.steps.length, [...users.values()]);
  return {
    flowId,
    from,
    to,
    segment: query.segment ?? null,
    steps: flow.steps.map((step, index) => ({ key: step.key, name: step.name, ...figures[index]! })),
  };
}

function toStuckUser(row: StuckRow): StuckUser {
  const step = row.steps[row.step];
  return {
    flowId: row.flow_id,
    flowName: row.flow_name,
    userKey: row.user_key,
    accountId: row.account_id,
    accountName: row.account_name,
    step: step?.key ?? String(row.step),
    stepName: step?.name ?? `Step ${row.step + 1}`,
    reason: row.reason,
    detail: row.detail,
    since: row.raised_at,
  };
}

/** Who is stuck where in a flow and why, newest first (optionally of one segment). */
export async function findStuckUsers(
  db: Conn,
  actor: Actor,
  flowId: string,
  query: { segment?: string; limit: number },
): Promise<StuckUser[]> {
  await getFlowOrThrow(db, actor, flowId);
  return (await findStuckRows(db, { workspaceId: actor.workspaceId, flowId, ...query })).map(toStuckUser);
}

/**
 * An account's users' progress in each flow they started: the step each works on, the time
 * and counts of every step, and where one is stuck.
 */
export async function getAccountFlows(db: Conn, actor: Actor, accountId: string, now: Date): Promise<AccountFlows> {
  await getAccountOrThrow(db, actor, accountId);
  const [flows, rows, stuck] = [
    await findFlows(db, actor.workspaceId),
    await findAccountUserSteps(db, actor.workspaceId, accountId),
    await findStuckRows(db, { workspaceId: actor.workspaceId, accountId, limit: 1000 }),
  ];
  const stuckOf = new Map(stuck.map((row) => [`${row.flow_id}\u0000${row.user_key}`, row]));
  const data: AccountFlows['data'] = [];
  for (const flow of flows) {
    const byUser = new Map<string, UserStepRecord[]>();
    for (const row of rows.filter((candidate) => candidate.flow_id === flow.id)) {
      const steps = byUser.get(row.user_key) ?? [];
      steps[row.step] = { reachedAt: row.reached_at, lastAt: row.last_at, successes: row.successes, failures: row.failures };
      byUser.set(row.user_key, steps);
    }
    if (byUser.size === 0) continue;
    const users = [...byUser.entries()].map(([userKey, steps]) => {
      const episode = stuckOf.get(`${flow.id}\u0000${userKey}`);
      return {
        userKey,
        currentStep: assessProgress(flow.steps, steps, now).currentStep,
        steps: flow.steps.map((_, index) => steps[index] ?? { reachedAt: null, lastAt: null, successes: 0, failures: 0 }),
        stuck: episode ? { step: toStuckUser(episode).step, reason: episode.reason, detail: episode.detail, since: episode.raised_at } : null,
      };
    });
    data.push({
      flowId: flow.id,
      flowName: flow.name,
      furthestStep: Math.max(-1, ...users.map((user) => user.currentStep - 1)),
      steps: flow.steps.map((step) => ({ key: step.key, name: step.name })),
      users,
    });
  }
  return { data };
}
