import type { FormEvent, ReactNode } from 'react';
import { useSubmit } from '../lib/use-submit.js';
import { ErrorMessage } from './error-message.js';
import { FormActions } from './form-actions.js';

/**
 * The body of a "are you sure?" dialog for an action that cannot be undone: the question,
 * Cancel (focused, so Enter does no harm) and a red confirm button.
 */
export function ConfirmForm({
  children,
  confirmLabel,
  busyLabel,
  onConfirm,
  onCancel,
}: {
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  onConfirm(): Promise<void>;
  onCancel(): void;
}) {
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(onConfirm);
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      {children}
      <FormActions label={confirmLabel} busyLabel={busyLabel} submitting={submitting} onCancel={onCancel} danger />
    </form>
  );
}
