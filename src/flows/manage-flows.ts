import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import type { Clock } from '../core/clock.js';
import { conflict, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob } from '../jobs/index.js';
import { FLOW_REBUILD_JOB } from './flow-jobs.js';
import { deleteFlowRow, findFlowById, findFlows, insertFlow, updateFlowRow, type FlowRow } from './flows.repository.js';
import type { CreateFlowInput, Flow, UpdateFlowInput } from './flows.schema.js';

type Conn = Kysely<Database>;

export function toFlow(row: FlowRow): Flow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isActive: row.is_active,
    steps: row.steps,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The workspace's flows by name. Every member may read them. */
export async function listFlows(db: Conn, actor: Actor): Promise<Flow[]> {
  return (await findFlows(db, actor.workspaceId)).map(toFlow);
}

/** One flow of the caller's workspace, or NotFound. */
export async function getFlowOrThrow(db: Conn, actor: Actor, flowId: string): Promise<Flow> {
  const row = await findFlowById(db, actor.workspaceId, flowId);
  if (!row) throw notFound('Flow', flowId);
  return toFlow(row);
}

async function assertNameFree(db: Conn, actor: Actor, name: string, except?: string) {
  const clash = (await findFlows(db, actor.workspaceId)).find((flow) => flow.name.toLowerCase() === name.toLowerCase() && flow.id !== except);
  if (clash) throw conflict(`A flow named "${clash.name}" already exists.`);
}

/** Reads the flow's progress again from the stored events, in the background (one job per flow at a time). */
async function scheduleRebuild(trx: Conn, workspaceId: string, flowId: string, clock: Clock) {
  await scheduleJob(trx, { type: FLOW_REBUILD_JOB, workspaceId, payload: { flowId }, uniqueKey: flowId }, clock);
}

/**
 * Defines a product flow (admins). Its progress is read from the events already stored by a
 * background job, and kept current from each ingested batch after that.
 *
 * @example
 *   await createFlow(db, admin, { name: 'Onboarding', isActive: true, steps: [
 *     { key: 'signup', name: 'Signed up', event: 'signed_up' },
 *     { key: 'address', name: 'Address entered', event: 'address_entered', failure: { where: { property: 'error' } }, idleMinutes: 30 },
 *   ] }, clock);
 */
export async function createFlow(db: Conn, actor: Actor, input: CreateFlowInput, clock: Clock): Promise<Flow> {
  assertCanAdministerOrThrow(actor);
  return inTransaction(db, async (trx) => {
    await assertNameFree(trx, actor, input.name);
    const id = await insertFlow(trx, {
      workspaceId: actor.workspaceId,
      name: input.name,
      description: input.description ?? null,
      steps: input.steps,
      isActive: input.isActive,
      now: clock.now(),
    });
    const flow = await getFlowOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'flow', entityId: id, after: flow });
    await scheduleRebuild(trx, actor.workspaceId, id, clock);
    return flow;
  });
}

/** Changes a flow (admins). New steps or a reactivation read its progress again from the events. */
export async function updateFlow(db: Conn, actor: Actor, flowId: string, input: UpdateFlowInput, clock: Clock): Promise<Flow> {
  assertCanAdministerOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const before = await getFlowOrThrow(trx, actor, flowId);
    if (input.name !== undefined) await assertNameFree(trx, actor, input.name, flowId);
    await updateFlowRow(trx, actor.workspaceId, flowId, { ...input, now: clock.now() });
    const after = await getFlowOrThrow(trx, actor, flowId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'flow', entityId: flowId, before, after });
    const stepsChanged = JSON.stringify(before.steps) !== JSON.stringify(after.steps);
    if (stepsChanged || before.isActive !== after.isActive) await scheduleRebuild(trx, actor.workspaceId, flowId, clock);
    return after;
  });
}

/** Deletes a flow with its progress and episodes (admins); the signals it raised stay on the accounts. */
export async function deleteFlow(db: Conn, actor: Actor, flowId: string): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await inTransaction(db, async (trx) => {
    const before = await getFlowOrThrow(trx, actor, flowId);
    await deleteFlowRow(trx, actor.workspaceId, flowId);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'flow', entityId: flowId, before });
  });
}
