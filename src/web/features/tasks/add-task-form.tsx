import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { humanize } from '../../lib/format.js';
import { useSession } from '../auth/auth-context.js';
import { UserSelect } from '../users/user-select.js';
import { useUsers } from '../users/users.api.js';
import { createTask } from './tasks.api.js';
import { PRIORITIES, type Task, type TaskPriority } from './tasks.types.js';

export function AddTaskForm({ accountId, onCreated }: { accountId: string; onCreated(task: Task): void }) {
  const session = useSession();
  const { users } = useUsers();
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('medium');
  const [ownerId, setOwnerId] = useState(session.user.id);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!title.trim() || saving) return;
    const submitted = { title, dueDate, priority };
    setSaving(true);
    setError(null);
    try {
      const task = await createTask(accountId, {
        title: title.trim(),
        priority,
        dueDate: dueDate || undefined,
        ownerId: ownerId || undefined,
      });
      onCreated(task);
      // Clear only what was sent: the user may already be typing the next task.
      setTitle((current) => (current === submitted.title ? '' : current));
      setDueDate((current) => (current === submitted.dueDate ? '' : current));
      setPriority((current) => (current === submitted.priority ? 'medium' : current));
    } catch (createError) {
      setError(createError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card add-task" onSubmit={handleSubmit} aria-label="Add task">
      {error ? <ErrorMessage error={error} /> : null}
      <div className="add-task__fields">
        <label className="field add-task__title">
          <span className="field__label">Task</span>
          <input
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            required
            placeholder="e.g. Prepare QBR deck"
          />
        </label>
        <label className="field">
          <span className="field__label">Due date</span>
          <input type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">Priority</span>
          <select value={priority} onChange={(event) => setPriority(event.target.value as TaskPriority)}>
            {PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Owner</span>
          <UserSelect
            users={users}
            emptyLabel="Unassigned"
            value={ownerId}
            onChange={(event) => setOwnerId(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary add-task__submit" disabled={saving || !title.trim()}>
          {saving ? 'Adding…' : 'Add task'}
        </button>
      </div>
    </form>
  );
}
