import { useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';

/**
 * A button that opens a dialog with a form, then, once the form has created something,
 * shows what is shown only once (a write key, a signing secret) until the user is done.
 * While it is shown, Escape, the backdrop and × ask before closing (issue 15 item 9): only
 * the content's own Done closes at once.
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
  const [askingToClose, setAskingToClose] = useState(false);
  const close = () => {
    setOpen(false);
    setCreated(null);
    setAskingToClose(false);
  };
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog
        title={created ? createdTitle(created) : title}
        open={open}
        onClose={close}
        onDismiss={created ? () => setAskingToClose(true) : close}
      >
        {created && askingToClose ? (
          <div className="dialog__warning" role="alert">
            <p>It is shown only this once. Close without having copied it?</p>
            <div className="form__actions">
              <button type="button" className="button" onClick={close}>
                Close without it
              </button>
              <button type="button" className="button button--primary" onClick={() => setAskingToClose(false)} autoFocus>
                Keep it open
              </button>
            </div>
          </div>
        ) : null}
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
