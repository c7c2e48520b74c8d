import { sql, type Kysely } from 'kysely';
import type { BlueprintLane, Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/** The workspace's blueprints (one when `id` is given), by name. */
export async function findBlueprintRows(db: Conn, workspaceId: string, id?: string) {
  let select = db.selectFrom('blueprints').selectAll().where('workspace_id', '=', workspaceId);
  if (id) select = select.where('id', '=', id);
  return select.orderBy('name').orderBy('id').execute();
}
export type BlueprintRow = Awaited<ReturnType<typeof findBlueprintRows>>[number];

/** Steps of some blueprints of the workspace, in lane-independent time order. */
export async function findStepRows(db: Conn, workspaceId: string, blueprintIds: string[]) {
  if (blueprintIds.length === 0) return [];
  return db
    .selectFrom('blueprint_steps as s')
    .leftJoin('teams as t', 't.id', 's.owner_team_id')
    .select(['s.id', 's.blueprint_id', 's.lane', 's.position', 's.title', 's.detail', 't.slug as owner_team', 's.target_amount', 's.target_unit', 's.moment_kinds'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.blueprint_id', 'in', blueprintIds)
    .orderBy('s.position')
    .orderBy('s.lane')
    .execute();
}
export type StepRow = Awaited<ReturnType<typeof findStepRows>>[number];

export type BlueprintValues = { name: string; stageKey: string | null; description: string };

export async function insertBlueprintRow(db: Conn, row: BlueprintValues & { workspaceId: string; createdBy: string | null; now: Date }): Promise<string> {
  const { id } = await db
    .insertInto('blueprints')
    .values({ workspace_id: row.workspaceId, name: row.name, stage_key: row.stageKey, description: row.description, created_by: row.createdBy, created_at: row.now, updated_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateBlueprintRow(db: Conn, workspaceId: string, id: string, values: BlueprintValues & { now: Date }): Promise<void> {
  await db
    .updateTable('blueprints')
    .set({ name: values.name, stage_key: values.stageKey, description: values.description, updated_at: values.now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteBlueprintRow(db: Conn, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('blueprints').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export type NewStepRow = {
  id?: string;
  lane: BlueprintLane;
  column: number;
  title: string;
  detail: string;
  ownerTeam: string | null;
  target: { amount: number; unit: 'minutes' | 'hours' | 'days' } | null;
  momentKinds: string[];
};

/**
 * Replaces a blueprint's steps: delete, then insert with kept ids — so steps may swap places
 * without tripping the one-step-per-lane-and-column constraint half way. Owner teams come by
 * slug (the API's and the file's word for them) and are stored by id.
 */
export async function replaceStepRows(db: Conn, workspaceId: string, blueprintId: string, steps: NewStepRow[]): Promise<void> {
  await db.deleteFrom('blueprint_steps').where('workspace_id', '=', workspaceId).where('blueprint_id', '=', blueprintId).execute();
  if (steps.length === 0) return;
  await db
    .insertInto('blueprint_steps')
    .values(
      steps.map((step) => ({
        ...(step.id ? { id: step.id } : {}),
        workspace_id: workspaceId,
        blueprint_id: blueprintId,
        lane: step.lane,
        position: step.column,
        title: step.title,
        detail: step.detail,
        owner_team_id: step.ownerTeam === null ? null : sql<string>`(SELECT id FROM teams WHERE workspace_id = ${workspaceId} AND slug = ${step.ownerTeam})`,
        target_amount: step.target?.amount ?? null,
        target_unit: step.target?.unit ?? null,
        moment_kinds: step.momentKinds,
      })),
    )
    .execute();
}

/** Steps per blueprint of the workspace, for the list. */
export async function countStepRows(db: Conn, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('blueprint_steps')
    .select(['blueprint_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('workspace_id', '=', workspaceId)
    .groupBy('blueprint_id')
    .execute();
  return new Map(rows.map((row) => [row.blueprint_id, Number(row.count)]));
}
