import type { Kysely } from 'kysely';
import { automationActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { scheduleJobs } from '../jobs/index.js';
import { recordSignals } from '../signals/index.js';
import { assessProgress, type UserStepRecord } from './assess-progress.js';
import { findOpenEpisodes, findUserSteps, openEpisodes, resolveEpisodes, type FlowRow, type NewEpisode } from './flows.repository.js';

/** The job type of the "has not advanced after N minutes" timer. */
export const FLOW_IDLE_JOB = 'flows.idle';

export type FlowUser = { flowId: string; userKey: string };

export type EvaluateUsersOptions = { workspaceId: string; flows: ReadonlyMap<string, FlowRow>; users: FlowUser[]; clock: Clock; automation: string };

/**
 * Re-reads where each user stands and acts on it, set-based for any number of users (four
 * statements, plus one for signals and one for timers when there are any): episodes of
 * users now past their step close; a user stuck now opens an episode and raises one
 * `flow_stuck` signal on its account (never a second while the episode is open); a user
 * who may go idle later gets a durable timer for that moment (one per user and step).
 * Runs in the caller's transaction, so the signal commits with what caused it.
 */
export async function evaluateUsers(trx: Kysely<Database>, options: EvaluateUsersOptions): Promise<{ opened: number; resolved: number; timers: number }> {
  const { workspaceId, flows, clock } = options;
  const users = options.users.filter((user) => flows.has(user.flowId));
  if (users.length === 0) return { opened: 0, resolved: 0, timers: 0 };
  const now = clock.now();
  const key = (flowId: string, userKey: string) => `${flowId}\u0000${userKey}`;
  const records = new Map<string, { accountId: string | null; latest: number; steps: UserStepRecord[] }>();
  for (const row of await findUserSteps(trx, workspaceId, users)) {
    const entry = records.get(key(row.flow_id, row.user_key)) ?? { accountId: null, latest: 0, steps: [] };
    entry.steps[row.step] = { reachedAt: row.reached_at, lastAt: row.last_at, successes: row.successes, failures: row.failures };
    if (row.account_id && row.last_at.getTime() >= entry.latest) {
      entry.accountId = row.account_id;
      entry.latest = row.last_at.getTime();
    }
    records.set(key(row.flow_id, row.user_key), entry);
  }
  const open = new Set((await findOpenEpisodes(trx, workspaceId, users)).map((episode) => `${key(episode.flow_id, episode.user_key)}\u0000${episode.step}`));

  const passed: { flowId: string; userKey: string; currentStep: number }[] = [];
  const stuck: NewEpisode[] = [];
  const timers: Parameters<typeof scheduleJobs>[1] = [];
  for (const user of users) {
    const record = records.get(key(user.flowId, user.userKey));
    const flow = flows.get(user.flowId)!;
    if (!record) continue;
    const assessment = assessProgress(flow.steps, record.steps, now);
    passed.push({ ...user, currentStep: assessment.currentStep });
    const isOpen = open.has(`${key(user.flowId, user.userKey)}\u0000${assessment.currentStep}`);
    if (isOpen || !record.accountId) continue;
    if (assessment.stuck) {
      stuck.push({ ...user, accountId: record.accountId, step: assessment.currentStep, ...assessment.stuck });
    } else if (assessment.idleAt) {
      timers.push({
        type: FLOW_IDLE_JOB,
        workspaceId,
        payload: { flowId: user.flowId, userKey: user.userKey, step: assessment.currentStep },
        runAt: assessment.idleAt,
        uniqueKey: `${user.flowId}:${assessment.currentStep}:${user.userKey}`,
      });
    }
  }
  const resolved = await resolveEpisodes(trx, workspaceId, passed, now);
  const opened = await openEpisodes(trx, workspaceId, stuck, now);
  if (opened.length > 0) {
    await recordSignals(
      trx,
      automationActor(workspaceId, options.automation),
      opened.map((episode) => {
        const flow = flows.get(episode.flowId)!;
        const step = flow.steps[episode.step]!;
        return {
          accountId: episode.accountId,
          type: 'flow_stuck' as const,
          title: `${flow.name}: user ${episode.userKey} is stuck at “${step.name}”`,
          text: `${episode.detail}.\nFlow: ${flow.name} · step: ${step.key} · reason: ${episode.reason}`,
          occurredAt: now,
        };
      }),
    );
  }
  const { scheduled } = timers.length > 0 ? await scheduleJobs(trx, timers, clock) : { scheduled: 0 };
  return { opened: opened.length, resolved, timers: scheduled };
}
