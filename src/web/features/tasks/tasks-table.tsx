import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDate, humanize } from '../../lib/format.js';
import { TaskActions } from './task-actions.js';
import { DueDate, isOpen, PriorityBadge, TaskDoneCheckbox } from './task-bits.js';
import type { Task } from './tasks.types.js';

type TasksTableProps = {
  tasks: Task[];
  onTaskChange(task: Task): void;
  canEdit: boolean;
  /** My tasks shows which account each task is for; an account's own tab shows the owner instead. */
  show: 'account' | 'owner';
};

export function TasksTable({ tasks, onTaskChange, canEdit, show }: TasksTableProps) {
  const [error, setError] = useState<unknown>(null);

  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="tasks-table">
          <thead>
            <tr>
              <th scope="col" className="cell--check">
                <span className="visually-hidden">Done</span>
              </th>
              <th scope="col">Task</th>
              <th scope="col">{show === 'account' ? 'Account' : 'Owner'}</th>
              <th scope="col">Due</th>
              <th scope="col">Priority</th>
              <th scope="col">Status</th>
              {canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr
                key={task.id}
                className={task.status === 'done' || task.status === 'cancelled' ? 'row--done' : undefined}
              >
                <td className="cell--check">
                  <TaskDoneCheckbox
                    task={task}
                    disabled={!canEdit}
                    onChange={(saved) => {
                      setError(null);
                      onTaskChange(saved);
                    }}
                    onError={setError}
                  />
                </td>
                <td>
                  <span className="task-title">{task.title}</span>
                  {task.description ? <div className="cell__secondary">{task.description}</div> : null}
                </td>
                <td>
                  {show === 'account' ? (
                    <Link to={`/accounts/${task.accountId}`}>{task.accountName ?? 'Account'}</Link>
                  ) : (
                    (task.ownerName ?? <span className="cell--muted">Unassigned</span>)
                  )}
                </td>
                <td>
                  <DueDate task={task} />
                </td>
                <td>
                  <PriorityBadge priority={task.priority} />
                </td>
                <td className="cell--muted">
                  {humanize(task.status)}
                  {task.snoozedUntil && isOpen(task) ? <div className="cell__secondary">Snoozed until {formatDate(task.snoozedUntil)}</div> : null}
                </td>
                {canEdit ? (
                  <td className="cell--actions">
                    <TaskActions task={task} onChange={onTaskChange} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
