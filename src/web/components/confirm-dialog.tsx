import type { ReactNode } from 'react';
import { ConfirmForm } from './confirm-form.js';
import { Dialog } from './dialog.js';

/**
 * An "are you sure?" dialog about one thing (an invitation, a secret, a source): open while
 * `subject` is set, it asks `children(subject)`, runs `onConfirm(subject)` and closes.
 *
 * @example
 *   <ConfirmDialog title="Revoke invitation" subject={revoking} confirmLabel="Revoke" busyLabel="Revoking…"
 *     onClose={() => setRevoking(null)} onConfirm={async (invitation) => { await revokeInvitation(invitation.id); reload(); }}>
 *     {(invitation) => <p>The link sent to {invitation.email} stops working at once.</p>}
 *   </ConfirmDialog>
 */
export function ConfirmDialog<Subject>({
  title,
  subject,
  confirmLabel,
  busyLabel,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  subject: Subject | null;
  confirmLabel: string | ((subject: Subject) => string);
  busyLabel: string;
  onConfirm(subject: Subject): Promise<void>;
  onClose(): void;
  children(subject: Subject): ReactNode;
}) {
  return (
    <Dialog title={title} open={subject !== null} onClose={onClose}>
      {subject !== null ? (
        <ConfirmForm
          confirmLabel={typeof confirmLabel === 'function' ? confirmLabel(subject) : confirmLabel}
          busyLabel={busyLabel}
          onCancel={onClose}
          onConfirm={async () => {
            await onConfirm(subject);
            onClose();
          }}
        >
          {children(subject)}
        </ConfirmForm>
      ) : null}
    </Dialog>
  );
}
