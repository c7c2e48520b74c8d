/**
 * A dialog form's closing row: Cancel, and the submit button that says what it does and,
 * while the request runs, that it is doing it. `danger` for what cannot be undone, which
 * also puts the focus on Cancel so Enter does no harm.
 */
export function FormActions({
  label,
  busyLabel,
  submitting,
  onCancel,
  danger = false,
  disabled = false,
}: {
  label: string;
  busyLabel: string;
  submitting: boolean;
  onCancel(): void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <div className="form__actions">
      <button type="button" className="button" onClick={onCancel} autoFocus={danger}>
        Cancel
      </button>
      <button
        type="submit"
        className={danger ? 'button button--danger' : 'button button--primary'}
        disabled={submitting || disabled}
      >
        {submitting ? busyLabel : label}
      </button>
    </div>
  );
}
