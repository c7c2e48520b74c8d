import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

type DialogProps = {
  title: string;
  open: boolean;
  onClose(): void;
  /**
   * What Escape, a click on the backdrop and × do instead of closing, for a dialog whose
   * content would be lost (a secret shown once): typically ask first. Defaults to onClose.
   */
  onDismiss?(): void;
  children: ReactNode;
};

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Native <dialog> shown modal: the browser makes the page behind it inert and restores focus
 * on close. Tab and Shift+Tab wrap inside it — without that, Chromium lets focus leave the
 * dialog for one Tab (to the browser's own UI) before coming back (issue 15 item 9).
 */
export function Dialog({ title, open, onClose, onDismiss, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const dismiss = onDismiss ?? onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.offsetParent !== null);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onKeyDown={keepFocusInside}
      onCancel={(event) => {
        // Escape: the dialog decides (and stays open while it asks).
        event.preventDefault();
        dismiss();
      }}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> element itself.
        if (event.target === event.currentTarget) dismiss();
      }}
    >
      {open ? (
        <div className="dialog__content">
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" aria-label="Close" onClick={dismiss}>
              ×
            </button>
          </header>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
