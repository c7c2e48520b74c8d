import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getAccountForWriteOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { assertCanWriteOrThrow, type Actor } from '../auth/index.js';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addTimelineEntry } from '../timeline/index.js';
import { assertMemberOrThrow } from '../workspaces/index.js';
import { emitDomainEvents } from '../domain-events/index.js';
import {
  deleteTaskRow,
  findDayTaskRows,
  findTaskById,
  findTaskByIdForUpdate,
  findTaskPage,
  insertTask,
  updateTaskRow,
  type TaskPagePosition,
  type TaskRecord,
  type TaskRowUpdate,
} from './tasks.repository.js';
import type {
  CompleteTaskInput,
  CreateTaskInput,
  ListTasksQuery,
  ReassignTaskInput,
  SnoozeTaskInput,
  Task,
  UpdateTaskInput,
} from './tasks.schema.js';

export * from './tasks.schema.js';

type Conn = Kysely<Database>;

function toTask(row: TaskRecord): Task {
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    title: row.title,
    description: row.description,
    dueDate: row.due_date,
    priority: row.priority,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    snoozedUntil: row.snoozed_until,
    outcome: row.outcome,
  };
}

// The cursor's key is "<due date as the database wrote it> <priority rank>": exact text,
// so no rounding or time zone can skip a row. The date part is checked by the cast in SQL
// (it may be 'infinity', or a date the API would not accept but an import wrote).
const CURSOR_KEY = /^(.+) ([0-3])$/;

function positionFromCursorOrThrow(cursor: string): TaskPagePosition {
  const { key, id } = decodeCursorOrThrow(cursor);
  const match = key === null ? null : CURSOR_KEY.exec(key);
  if (!match || !z.uuid().safeParse(id).success) {
    throw invalid('The cursor is not one this API handed out.', [{ path: 'query.cursor', message: 'is not a valid cursor' }]);
  }
  return { dueKey: match[1]!, priorityRank: Number(match[2]), id };
}

/**
 * Tasks in the caller's workspace, soonest due first (undated last), then most urgent,
 * keyset-paged. `ownerId: 'me'` is the caller's own list.
 *
 * @example
 *   const { data, nextCursor } = await listTasks(db, actor, { ownerId: 'me', status: 'open', limit: 20 });
 */
export async function listTasks(db: Conn, actor: Actor, query: ListTasksQuery): Promise<Page<Task>> {
  if (query.ownerId === 'me' && actor.userId === null) {
    throw invalid('ownerId=me needs a caller who is a user; this token acts as no one.', [
      { path: 'query.ownerId', message: 'me is not defined for a service token' },
    ]);
  }
  const rows = await findTaskPage(db, {
    workspaceId: actor.workspaceId,
    accountId: query.accountId,
    ownerId: query.ownerId === 'me' ? actor.userId! : query.ownerId,
    status: query.status,
    dueBefore: query.dueBefore,
    limit: query.limit + 1,
    after: query.cursor ? positionFromCursorOrThrow(query.cursor) : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toTask),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ key: `${last.due_key} ${last.priority_rank}`, id: last.id }) : null,
  };
}

/**
 * One member's open tasks for the day view: due before `before` (overdue ones too), not
 * snoozed past `today`, soonest due first; plus how many of them are snoozed. The caller
 * (the today module) has checked whose day the actor may read.
 *
 * @example
 *   const { tasks, snoozed } = await findDayTasks(db, { workspaceId, ownerId, today: '2026-12-05', before: '2026-12-12' });
 */
export async function findDayTasks(
  db: Conn,
  options: { workspaceId: string; ownerId: string; today: string; before: string },
): Promise<{ tasks: Task[]; snoozed: number }> {
  const { rows, snoozed } = await findDayTaskRows(db, options);
  return { tasks: rows.map(toTask), snoozed };
}

/** One task of the caller's workspace, or NotFound. */
export async function getTaskOrThrow(db: Conn, actor: Actor, taskId: string): Promise<Task> {
  const row = await findTaskById(db, actor.workspaceId, taskId);
  if (!row) throw notFound('Task', taskId);
  return toTask(row);
}

/**
 * Adds a task on an account (needs write access to it). The owner defaults to the caller
 * and must be a member of the workspace.
 *
 * @example
 *   await createTask(db, actor, accountId, { title: 'Book the QBR', dueDate: '2025-03-01', priority: 'high' });
 */
export async function createTask(db: Conn, actor: Actor, accountId: string, input: CreateTaskInput): Promise<Task> {
  await getAccountForWriteOrThrow(db, actor, accountId);
  const ownerId = input.ownerId ?? actor.userId;
  if (!ownerId) {
    throw invalid('This token acts as no one, so name the task’s owner.', [{ path: 'ownerId', message: 'is required for a service token' }]);
  }
  await assertMemberOrThrow(db, actor.workspaceId, ownerId, 'ownerId');
  // In the caller's transaction when there is one: an escalating hand-off or a playbook step
  // creates its task in the transaction that records its own change, so both commit together.
  return inTransaction(db, async (trx) => {
    const { id } = await insertTask(trx, {
      workspace_id: actor.workspaceId,
      account_id: accountId,
      owner_id: ownerId,
      title: input.title,
      description: input.description ?? null,
      due_date: input.dueDate ?? null,
      priority: input.priority,
    });
    const task = await getTaskOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'task', entityId: id, after: task });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      kind: 'task_created',
      title: `Task: ${task.title}`,
      body: task.description,
      actorUserId: actor.userId,
      subjectType: 'task',
      subjectId: id,
    });
    await emitDomainEvents(trx, [{ type: 'task.created', workspaceId: actor.workspaceId, accountId, payload: { taskId: id } }]);
    return task;
  });
}

/**
 * Whoever may change the account may change its tasks; a task's owner may also work it
 * (e.g. a csm completes a task a colleague assigned on an account in the colleague's book).
 */
async function assertCanUpdateTaskOrThrow(db: Conn, actor: Actor, task: Task, now: Date): Promise<void> {
  assertCanWriteOrThrow(actor);
  if (actor.userId !== null && task.ownerId === actor.userId) return;
  await getAccountForWriteOrThrow(db, actor, task.accountId, now);
}

function columnsFrom(changes: UpdateTaskInput, before: Task, now: Date): TaskRowUpdate {
  const columns: TaskRowUpdate = { updated_at: now };
  if (changes.title !== undefined) columns.title = changes.title;
  if (changes.description !== undefined) columns.description = changes.description;
  if (changes.dueDate !== undefined) columns.due_date = changes.dueDate;
  if (changes.priority !== undefined) columns.priority = changes.priority;
  if (changes.ownerId !== undefined) columns.owner_id = changes.ownerId;
  if (changes.status !== undefined && changes.status !== before.status) {
    columns.status = changes.status;
    // completedAt answers "when was this done"; a reopened or cancelled task has no answer,
    // and the outcome note belongs to that completion.
    columns.completed_at = changes.status === 'done' ? now : null;
    if (changes.status !== 'done') columns.outcome = null;
  }
  return columns;
}

/** The timeline entry and the domain event of a task that just became done (in the change's transaction). */
async function recordCompletion(trx: Conn, actor: Actor, task: Task): Promise<void> {
  await addTimelineEntry(trx, {
    workspaceId: actor.workspaceId,
    accountId: task.accountId,
    kind: 'task_completed',
    title: `Task completed: ${task.title}`,
    body: task.outcome,
    actorUserId: actor.userId,
    subjectType: 'task',
    subjectId: task.id,
  });
  await emitDomainEvents(trx, [{ type: 'task.completed', workspaceId: actor.workspaceId, accountId: task.accountId, payload: { taskId: task.id } }]);
}

/**
 * Changes a task. Marking it done stamps completedAt with `now` and tells the timeline;
 * moving it out of done clears completedAt.
 *
 * @example
 *   await updateTask(db, actor, taskId, { status: 'done' }, new Date());
 */
export async function updateTask(db: Conn, actor: Actor, taskId: string, changes: UpdateTaskInput, now: Date): Promise<Task> {
  return db.transaction().execute(async (trx) => {
    const row = await findTaskByIdForUpdate(trx, actor.workspaceId, taskId);
    if (!row) throw notFound('Task', taskId);
    const before = toTask(row);
    await assertCanUpdateTaskOrThrow(trx, actor, before, now);
    if (changes.ownerId) await assertMemberOrThrow(trx, actor.workspaceId, changes.ownerId, 'ownerId');
    await updateTaskRow(trx, actor.workspaceId, taskId, columnsFrom(changes, before, now));
    const after = await getTaskOrThrow(trx, actor, taskId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'task', entityId: taskId, before, after });
    if (after.status === 'done' && before.status !== 'done') await recordCompletion(trx, actor, after);
    return after;
  });
}

const isOpenStatus = (task: Task) => task.status === 'open' || task.status === 'in_progress';
const utcDay = (now: Date) => now.toISOString().slice(0, 10);
const dayPlus = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Longest snooze: a year; a task parked longer than that should be cancelled or re-dated instead. */
const MAX_SNOOZE_DAYS = 366;

/**
 * One change to a locked task by an action of the day view: checks the caller may work the
 * task and that it is still open, writes the columns and the audit row, and hands the saved
 * task to `then` (still in the transaction).
 */
async function actOnOpenTask(
  db: Conn,
  actor: Actor,
  taskId: string,
  options: { what: string; now: Date; columns(trx: Conn): Promise<TaskRowUpdate> | TaskRowUpdate; then?(trx: Conn, after: Task): Promise<void> },
): Promise<Task> {
  return db.transaction().execute(async (trx) => {
    const row = await findTaskByIdForUpdate(trx, actor.workspaceId, taskId);
    if (!row) throw notFound('Task', taskId);
    const before = toTask(row);
    await assertCanUpdateTaskOrThrow(trx, actor, before, options.now);
    if (!isOpenStatus(before)) throw conflict(`This task is ${before.status === 'done' ? 'already done' : 'cancelled'}, so it cannot be ${options.what}.`);
    await updateTaskRow(trx, actor.workspaceId, taskId, await options.columns(trx));
    const after = await getTaskOrThrow(trx, actor, taskId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'task', entityId: taskId, before, after });
    await options.then?.(trx, after);
    return after;
  });
}

/**
 * Marks an open task done with an optional outcome note, which becomes the body of the
 * `task_completed` timeline entry; emits `task.completed`. A done or cancelled task is a 409.
 *
 * @example
 *   await completeTask(db, actor, taskId, { outcome: 'Sponsor agreed to the QBR on the 12th' }, clock.now());
 */
export async function completeTask(db: Conn, actor: Actor, taskId: string, input: CompleteTaskInput, now: Date): Promise<Task> {
  return actOnOpenTask(db, actor, taskId, {
    what: 'completed',
    now,
    columns: () => ({ status: 'done', completed_at: now, outcome: input.outcome ?? null, snoozed_until: null, updated_at: now }),
    then: (trx, after) => recordCompletion(trx, actor, after),
  });
}

/**
 * Takes an open task out of the day view until a day after today (within a year); its due
 * date stays, so it is overdue when it comes back if it was due before.
 *
 * @example
 *   await snoozeTask(db, actor, taskId, { until: '2026-12-09' }, clock.now());
 */
export async function snoozeTask(db: Conn, actor: Actor, taskId: string, input: SnoozeTaskInput, now: Date): Promise<Task> {
  return actOnOpenTask(db, actor, taskId, {
    what: 'snoozed',
    now,
    columns: () => {
      const today = utcDay(now);
      if (input.until <= today || input.until > dayPlus(today, MAX_SNOOZE_DAYS)) {
        throw invalid(`Snooze until a day after today (${today}) and within a year.`, [
          { path: 'until', message: 'must be after today and within a year' },
        ]);
      }
      return { snoozed_until: input.until, updated_at: now };
    },
  });
}

/** Brings a snoozed task back to the day view now. */
export async function wakeTask(db: Conn, actor: Actor, taskId: string, now: Date): Promise<Task> {
  return actOnOpenTask(db, actor, taskId, { what: 'woken', now, columns: () => ({ snoozed_until: null, updated_at: now }) });
}

/**
 * Hands an open task to another member who can work tasks (a viewer cannot). Whoever may
 * change the task may reassign it: its owner, or whoever may write its account.
 *
 * @example
 *   await reassignTask(db, actor, taskId, { ownerId: colleagueId }, clock.now());
 */
export async function reassignTask(db: Conn, actor: Actor, taskId: string, input: ReassignTaskInput, now: Date): Promise<Task> {
  return actOnOpenTask(db, actor, taskId, {
    what: 'reassigned',
    now,
    columns: async (trx) => {
      const role = await assertMemberOrThrow(trx, actor.workspaceId, input.ownerId, 'ownerId');
      if (role === 'viewer') {
        throw invalid('A viewer cannot work tasks; choose a CSM, leader or admin.', [{ path: 'ownerId', message: 'is a viewer' }]);
      }
      return { owner_id: input.ownerId, updated_at: now };
    },
  });
}

/** Deletes a task; needs write access to its account (an owner without it can cancel instead). */
export async function deleteTask(db: Conn, actor: Actor, taskId: string): Promise<void> {
  const before = await getTaskOrThrow(db, actor, taskId);
  await getAccountForWriteOrThrow(db, actor, before.accountId);
  await db.transaction().execute(async (trx) => {
    await deleteTaskRow(trx, actor.workspaceId, taskId);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'task', entityId: taskId, before });
  });
}
