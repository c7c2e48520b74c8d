import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { AddTaskForm } from './add-task-form.js';
import { isOpen } from './task-bits.js';
import { listTasks } from './tasks.api.js';
import { TasksTable } from './tasks-table.js';
import type { Task } from './tasks.types.js';

export function AccountTasksSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const tasks = usePagedList<Task>((cursor, signal) => listTasks({ accountId }, cursor, signal), [accountId]);

  const replaceTask = (saved: Task) =>
    tasks.updateItems((items) => items.map((task) => (task.id === saved.id ? saved : task)));
  // Open work first, then by due date; finished tasks sink to the bottom.
  const ordered = [...tasks.items].sort(
    (a, b) => Number(isOpen(b)) - Number(isOpen(a)) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  );

  return (
    <div className="section section--stack">
      {canWrite ? (
        <AddTaskForm accountId={accountId} onCreated={(task) => tasks.updateItems((items) => [task, ...items])} />
      ) : null}
      {tasks.loading ? (
        <LoadingBlock label="Loading tasks…" />
      ) : tasks.error && tasks.items.length === 0 ? (
        <ErrorMessage error={tasks.error} />
      ) : ordered.length === 0 ? (
        <EmptyState title="No tasks for this account" />
      ) : (
        <TasksTable tasks={ordered} onTaskChange={replaceTask} canEdit={canWrite} show="owner" />
      )}
      <div className="section__footer">
        <LoadMoreButton hasMore={tasks.hasMore} loading={tasks.loadingMore} onLoadMore={tasks.loadMore} />
      </div>
    </div>
  );
}
