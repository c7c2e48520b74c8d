import { useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';

/**
 * A button that opens a dialog with a form, then, once the form has created something,
 * shows what is shown only once (a write key, a signing secret) until the user is done.
 */
export function ShownOnceDialogButton<Created>({
  label,
  title,
  createdTitle,
  form,
  shownOnce,
  onCreated,
}: {
  label: string;
  title: string;
  createdTitle(created: Created): string;
  form(props: { onCancel(): void; onCreated(created: Created): void }): ReactNode;
  shownOnce(props: { created: Created; onDone(): void }): ReactNode;
  onCreated(): void;
}) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const close = () => {
    setOpen(false);
    setCreated(null);
  };
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog title={created ? createdTitle(created) : title} open={open} onClose={close}>
        {created
          ? shownOnce({ created, onDone: close })
          : form({
              onCancel: close,
              onCreated: (made) => {
                setCreated(made);
                onCreated();
              },
            })}
      </Dialog>
    </>
  );
}
