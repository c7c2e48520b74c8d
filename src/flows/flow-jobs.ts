import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { JobHandler } from '../jobs/index.js';
import { evaluateUsers, FLOW_IDLE_JOB } from './evaluate-users.js';
import { clearFlowProgress, findFlowById, findFlowUsers, findWorkspaceAccountIds, recordStepHits, resolveOrphanEpisodes } from './flows.repository.js';
import { stepMatchers } from './step-matchers.js';

const idlePayload = z.object({ flowId: z.uuid(), userKey: z.string(), step: z.number().int() });

/**
 * `flows.idle`: the timer set when a user reached a step whose next step has `idleMinutes`.
 * Due at reached + N; it evaluates the user again, which opens an `idle` episode (and its
 * signal) only if the user is still at that step and not already stuck there. A user who
 * advanced meanwhile is simply past it: the job does nothing. Idempotent by the open-episode key.
 */
export const flowIdleJob: JobHandler = {
  type: FLOW_IDLE_JOB,
  async run({ db, workspaceId, payload, clock }) {
    if (!workspaceId) return;
    const { flowId, userKey } = idlePayload.parse(payload);
    await inTransaction(db, async (trx) => {
      const flow = await findFlowById(trx, workspaceId, flowId);
      if (!flow || !flow.is_active) return;
      await evaluateUsers(trx, { workspaceId, flows: new Map([[flow.id, flow]]), users: [{ flowId, userKey }], clock, automation: FLOW_IDLE_JOB });
    });
  },
};

/** The job type that reads a flow's progress again from every stored event. */
export const FLOW_REBUILD_JOB = 'flows.rebuild';

/** Accounts whose events one statement of a rebuild reads. */
const REBUILD_ACCOUNTS_PER_STATEMENT = 1000;

/**
 * Reads a flow's progress from all the workspace's stored events, then evaluates every user
 * as of now (stuck users raise their signals; future idle moments get timers). Run when a
 * flow is created or its steps change, and by the demo loader.
 *
 * One transaction, read in statements of 1,000 accounts each. The transaction stays whole
 * because the rebuild clears the flow's progress first: in pieces, the funnel and stuck lists
 * would show a half-read flow until the last piece, and a failed job would leave it so until
 * its retry. The statements are chunked so none runs long or holds much: one over every
 * event of the workspace sorted all its matches at once, in memory or on disk, however big
 * the workspace (and ran over 5 minutes at 10,000 demo accounts on PostgreSQL with its old
 * plan); per chunk, each account's events come through the account index. The transaction
 * still holds back domain-event delivery while it runs (the outbox waits for older
 * transactions), so what keeps that short is the per-account plan, not the chunking.
 */
export async function rebuildFlowProgress(
  db: Kysely<Database>,
  options: { workspaceId: string; flowId: string; clock: Clock },
): Promise<{ users: number; stuck: number }> {
  const { workspaceId, flowId, clock } = options;
  return inTransaction(db, async (trx) => {
    const flow = await findFlowById(trx, workspaceId, flowId);
    if (!flow) return { users: 0, stuck: 0 };
    await clearFlowProgress(trx, flowId);
    if (flow.is_active) {
      const matchers = stepMatchers(flow.id, flow.steps);
      const accountIds = await findWorkspaceAccountIds(trx, workspaceId);
      // Compiling each chunk's statement cost more than it saved: the rebuild of the 10,000-account
      // demo took 11.7 s with JIT and 7.0 s without on PostgreSQL. Put back after the loop.
      await sql`SET LOCAL jit = off`.execute(trx);
      for (let start = 0; start < accountIds.length; start += REBUILD_ACCOUNTS_PER_STATEMENT) {
        await recordStepHits(trx, { workspaceId, matchers, scope: { kind: 'accounts', accountIds: accountIds.slice(start, start + REBUILD_ACCOUNTS_PER_STATEMENT) } });
      }
      await sql`SET LOCAL jit TO DEFAULT`.execute(trx);
    }
    const users = (await findFlowUsers(trx, flowId)).map((userKey) => ({ flowId, userKey }));
    let stuck = 0;
    for (let start = 0; start < users.length; start += 5000) {
      const result = await evaluateUsers(trx, { workspaceId, flows: new Map([[flow.id, flow]]), users: users.slice(start, start + 5000), clock, automation: FLOW_REBUILD_JOB });
      stuck += result.opened;
    }
    await resolveOrphanEpisodes(trx, flowId, flow.steps.length, clock.now());
    return { users: users.length, stuck };
  });
}

const rebuildPayload = z.object({ flowId: z.uuid() });

/** `flows.rebuild`: scheduled by a flow's creation or change, one per flow at a time (unique key). */
export const flowRebuildJob: JobHandler = {
  type: FLOW_REBUILD_JOB,
  async run({ db, workspaceId, payload, clock }) {
    if (!workspaceId) return;
    await rebuildFlowProgress(db, { workspaceId, flowId: rebuildPayload.parse(payload).flowId, clock });
  },
};
