import { useState } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { formatDate, humanize, todayIsoDate } from '../../lib/format.js';
import { useSession } from '../auth/auth-context.js';
import { updateTask } from './tasks.api.js';
import type { Task, TaskPriority } from './tasks.types.js';

const PRIORITY_TONES: Record<TaskPriority, BadgeTone> = {
  low: 'neutral',
  medium: 'blue',
  high: 'amber',
  urgent: 'red',
};

export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  return <Badge tone={PRIORITY_TONES[priority] ?? 'neutral'}>{humanize(priority)}</Badge>;
}

export function isOverdue(task: Task): boolean {
  return Boolean(task.dueDate) && isOpen(task) && (task.dueDate ?? '') < todayIsoDate();
}

export function isOpen(task: Task): boolean {
  return task.status === 'open' || task.status === 'in_progress';
}

export function DueDate({ task }: { task: Task }) {
  if (!task.dueDate) return <span className="cell--muted">—</span>;
  const overdue = isOverdue(task);
  return (
    <span className={overdue ? 'due-date--overdue' : undefined}>
      {formatDate(task.dueDate)}
      {overdue ? <span className="visually-hidden"> (overdue)</span> : null}
    </span>
  );
}

type TaskDoneCheckboxProps = {
  task: Task;
  onChange(task: Task): void;
  onError(error: unknown): void;
  disabled?: boolean;
};

/** Ticks a task done (or reopens it) at once, saves it, and rolls the tick back if the save fails. */
export function TaskDoneCheckbox({ task, onChange, onError, disabled }: TaskDoneCheckboxProps) {
  const [pendingDone, setPendingDone] = useState<boolean | null>(null);
  const { readOnly } = useSession();
  const done = pendingDone ?? task.status === 'done';

  async function toggle() {
    if (pendingDone !== null) return;
    const nextDone = !done;
    setPendingDone(nextDone);
    try {
      onChange(await updateTask(task.id, { status: nextDone ? 'done' : 'open' }));
    } catch (updateError) {
      onError(updateError);
    } finally {
      setPendingDone(null);
    }
  }

  return (
    <input
      type="checkbox"
      className="checkbox"
      checked={done}
      aria-busy={pendingDone !== null}
      disabled={disabled || task.status === 'cancelled'}
      // Viewing as someone: the box says why it cannot be ticked.
      title={readOnly ?? undefined}
      onChange={toggle}
      aria-label={`Done: ${task.title}`}
    />
  );
}
