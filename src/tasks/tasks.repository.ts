import { sql, type Expression, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database, TaskStatus, TasksTable } from '../db/schema.js';

type Conn = Kysely<Database>;

/**
 * The list order, written exactly as the indexes in 0002_tasks_index.sql write it so the
 * planner can walk an index instead of sorting: due date with no date last, then urgent
 * before high before medium before low, then id. Raw SQL (no bind parameters) on purpose:
 * an index expression only matches a query expression that is textually the same.
 */
const DUE_KEY = sql<string>`coalesce(tasks.due_date, 'infinity'::date)`;
const PRIORITY_RANK = sql<number>`(case tasks.priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end)`;

export type TaskFilters = {
  workspaceId: string;
  accountId?: string;
  ownerId?: string;
  status?: TaskStatus;
  /** 'YYYY-MM-DD'; tasks due strictly before it. */
  dueBefore?: string;
};

/** Where the previous page ended: its last row's sort key as exact text, and its id. */
export type TaskPagePosition = { dueKey: string; priorityRank: number; id: string };

export type TaskPageQuery = TaskFilters & { limit: number; after?: TaskPagePosition };

function filterConditions(filters: TaskFilters): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [sql<SqlBool>`tasks.workspace_id = ${filters.workspaceId}`];
  if (filters.accountId) conditions.push(sql<SqlBool>`tasks.account_id = ${filters.accountId}`);
  if (filters.ownerId) conditions.push(sql<SqlBool>`tasks.owner_id = ${filters.ownerId}`);
  if (filters.status) conditions.push(sql<SqlBool>`tasks.status = ${filters.status}`);
  // Same expression as the sort key, so the index range covers it; undated tasks drop out.
  if (filters.dueBefore) conditions.push(sql<SqlBool>`${DUE_KEY} < ${filters.dueBefore}::date`);
  return conditions;
}

function selectTasks(db: Conn) {
  return db
    .selectFrom('tasks')
    .innerJoin('accounts', 'accounts.id', 'tasks.account_id')
    .leftJoin('users as owner', 'owner.id', 'tasks.owner_id')
    .select([
      'tasks.id',
      'tasks.account_id',
      'tasks.owner_id',
      'tasks.title',
      'tasks.description',
      'tasks.due_date',
      'tasks.priority',
      'tasks.status',
      'tasks.created_at',
      'tasks.updated_at',
      'tasks.completed_at',
      'tasks.snoozed_until',
      'tasks.outcome',
      'accounts.name as account_name',
      'owner.name as owner_name',
    ]);
}

export type TaskRecord = NonNullable<Awaited<ReturnType<typeof findTaskById>>>;

export async function findTaskById(db: Conn, workspaceId: string, id: string) {
  return selectTasks(db).where('tasks.workspace_id', '=', workspaceId).where('tasks.id', '=', id).executeTakeFirst();
}

/** Like findTaskById, and holds the row until the transaction ends so concurrent changes queue. */
export async function findTaskByIdForUpdate(db: Conn, workspaceId: string, id: string) {
  return selectTasks(db)
    .where('tasks.workspace_id', '=', workspaceId)
    .where('tasks.id', '=', id)
    .forUpdate('tasks')
    .executeTakeFirst();
}

export async function findTaskPage(db: Conn, query: TaskPageQuery) {
  const conditions = filterConditions(query);
  if (query.after) {
    const { dueKey, priorityRank, id } = query.after;
    conditions.push(sql<SqlBool>`(${DUE_KEY}, ${PRIORITY_RANK}, tasks.id) > (${dueKey}::date, ${priorityRank}::int, ${id}::uuid)`);
  }
  return selectTasks(db)
    .select([sql<string>`${DUE_KEY}::text`.as('due_key'), PRIORITY_RANK.as('priority_rank')])
    .where((eb) => eb.and(conditions))
    .orderBy(DUE_KEY)
    .orderBy(PRIORITY_RANK)
    .orderBy('tasks.id')
    .limit(query.limit)
    .execute();
}

export type NewTaskRow = Insertable<TasksTable>;
export type TaskRowUpdate = Updateable<TasksTable>;

export async function insertTask(db: Conn, values: NewTaskRow) {
  return db.insertInto('tasks').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateTaskRow(db: Conn, workspaceId: string, id: string, values: TaskRowUpdate) {
  await db.updateTable('tasks').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteTaskRow(db: Conn, workspaceId: string, id: string) {
  await db.deleteFrom('tasks').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * One owner's open tasks due before `before` that are not snoozed past `today`, in list
 * order (the owner/status index serves each status), and how many such tasks are snoozed.
 */
export async function findDayTaskRows(db: Conn, query: { workspaceId: string; ownerId: string; today: string; before: string }) {
  const base = (snoozed: boolean) =>
    sql<SqlBool>`tasks.workspace_id = ${query.workspaceId} and tasks.owner_id = ${query.ownerId}
      and tasks.status in ('open', 'in_progress') and ${DUE_KEY} < ${query.before}::date
      and ${snoozed ? sql`tasks.snoozed_until > ${query.today}::date` : sql`(tasks.snoozed_until is null or tasks.snoozed_until <= ${query.today}::date)`}`;
  const [rows, snoozed] = await Promise.all([
    selectTasks(db).where(base(false)).orderBy(DUE_KEY).orderBy(PRIORITY_RANK).orderBy('tasks.id').execute(),
    db.selectFrom('tasks').select(sql<number>`count(*)`.as('count')).where(base(true)).executeTakeFirstOrThrow(),
  ]);
  return { rows, snoozed: snoozed.count };
}
