import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../auth/auth-context.js';
import { isOpen, isOverdue } from './task-bits.js';
import { listTasks } from './tasks.api.js';
import { TasksTable } from './tasks-table.js';
import type { Task } from './tasks.types.js';

export function MyTasksPage() {
  useDocumentTitle('My tasks');
  const { canWrite } = useSession();
  const tasks = usePagedList<Task>(
    (cursor, signal) => listTasks({ ownerId: 'me', status: 'open' }, cursor, signal),
    [],
  );

  // Ticked tasks stay in the list (struck through) until reload, so a mis-click can be undone.
  const replaceTask = (saved: Task) =>
    tasks.updateItems((items) => items.map((task) => (task.id === saved.id ? saved : task)));
  const openCount = tasks.items.filter(isOpen).length;
  const overdueCount = tasks.items.filter(isOverdue).length;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">My tasks</h1>
          <p className="page__subtitle" aria-live="polite">
            {tasks.loading ? '\u00a0' : `${openCount} open${overdueCount ? ` · ${overdueCount} overdue` : ''}`}
          </p>
        </div>
      </header>
      {tasks.loading ? (
        <LoadingBlock label="Loading your tasks…" />
      ) : tasks.error && tasks.items.length === 0 ? (
        <ErrorMessage error={tasks.error} />
      ) : tasks.items.length === 0 ? (
        <EmptyState title="You're all caught up">No open tasks are assigned to you.</EmptyState>
      ) : (
        <TasksTable tasks={tasks.items} onTaskChange={replaceTask} canEdit={canWrite} show="account" />
      )}
      <div className="section__footer">
        <LoadMoreButton hasMore={tasks.hasMore} loading={tasks.loadingMore} onLoadMore={tasks.loadMore} />
      </div>
    </div>
  );
}
