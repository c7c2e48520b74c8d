import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useUsers } from '../users/users.api.js';
import { completeTask, reassignTask, snoozeTask } from './tasks.api.js';
import type { Task } from './tasks.types.js';

type Action = 'complete' | 'snooze' | 'reassign';

const TITLES: Record<Action, string> = { complete: 'Complete task', snooze: 'Snooze task', reassign: 'Reassign task' };

/** 'YYYY-MM-DD' of the browser's tomorrow: the earliest a snooze may end. */
function tomorrow(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Complete (with an outcome note for the timeline), snooze or reassign one open task, each
 * in a small dialog: buttons and native dialogs, so Tab, Enter and Escape do it all.
 */
export function TaskActions({ task, onChange }: { task: Task; onChange(task: Task): void }) {
  const [action, setAction] = useState<Action | null>(null);
  if (task.status !== 'open' && task.status !== 'in_progress') return null;
  const close = () => setAction(null);
  const done = (saved: Task) => {
    setAction(null);
    onChange(saved);
  };
  return (
    <span className="task-actions">
      <button type="button" className="button button--small" onClick={() => setAction('complete')} aria-label={`Complete: ${task.title}`}>
        Complete
      </button>
      <button type="button" className="button button--small" onClick={() => setAction('snooze')} aria-label={`Snooze: ${task.title}`}>
        Snooze
      </button>
      <button type="button" className="button button--small" onClick={() => setAction('reassign')} aria-label={`Reassign: ${task.title}`}>
        Reassign
      </button>
      <Dialog title={action ? `${TITLES[action]}: ${task.title}` : ''} open={action !== null} onClose={close}>
        {action === 'complete' ? <CompleteForm task={task} onCancel={close} onDone={done} /> : null}
        {action === 'snooze' ? <SnoozeForm task={task} onCancel={close} onDone={done} /> : null}
        {action === 'reassign' ? <ReassignForm task={task} onCancel={close} onDone={done} /> : null}
      </Dialog>
    </span>
  );
}

/**
 * Focus for the dialog's first field. React's autoFocus runs when the form mounts, before
 * Dialog's effect calls showModal(), which then moves focus to the first focusable element
 * (the × button); so focus the field on the next frame, once the dialog is open.
 */
function useFirstField<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => ref.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  return ref;
}

type FormProps = { task: Task; onCancel(): void; onDone(task: Task): void };

function CompleteForm({ task, onCancel, onDone }: FormProps) {
  const { submitting, error, submit } = useSubmit();
  const field = useFirstField<HTMLTextAreaElement>();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = String(new FormData(event.currentTarget).get('outcome') ?? '');
    void submit(async () => onDone(await completeTask(task.id, outcome)));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Outcome (shown on {task.accountName}’s timeline)</span>
        <textarea ref={field} name="outcome" rows={4} maxLength={5000} placeholder="e.g. Sponsor agreed to a QBR on the 12th" />
      </label>
      <FormActions label="Complete task" busyLabel="Completing…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function SnoozeForm({ task, onCancel, onDone }: FormProps) {
  const { submitting, error, submit } = useSubmit();
  const earliest = tomorrow();
  const field = useFirstField<HTMLInputElement>();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const until = String(new FormData(event.currentTarget).get('until') ?? '');
    void submit(async () => onDone(await snoozeTask(task.id, until)));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Back on my day on</span>
        <input ref={field} name="until" type="date" min={earliest} defaultValue={earliest} required />
      </label>
      <p className="hint">The due date stays{task.dueDate ? ` (${task.dueDate})` : ''}; the task leaves Today until then.</p>
      <FormActions label="Snooze" busyLabel="Snoozing…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function ReassignForm({ task, onCancel, onDone }: FormProps) {
  const { users } = useUsers();
  const { submitting, error, submit } = useSubmit();
  const field = useFirstField<HTMLSelectElement>();
  const candidates = users.filter((user) => user.role !== 'viewer' && user.id !== task.ownerId);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ownerId = String(new FormData(event.currentTarget).get('ownerId') ?? '');
    void submit(async () => onDone(await reassignTask(task.id, ownerId)));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">New owner</span>
        <select ref={field} name="ownerId" required>
          <option value="">Choose a colleague</option>
          {candidates.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name || user.email}
            </option>
          ))}
        </select>
      </label>
      <FormActions label="Reassign" busyLabel="Reassigning…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
