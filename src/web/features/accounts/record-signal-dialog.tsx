import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { todayIsoDate } from '../../lib/format.js';
import { useSubmit } from '../../lib/use-submit.js';
import { recordSignal } from './accounts.api.js';
import type { Signal } from './accounts.types.js';

// flow_stuck, milestone_overdue and stage_stuck signals are raised by the flows and journeys modules, not recorded by hand.
const SIGNAL_TYPES: Record<Exclude<Signal['type'], 'flow_stuck' | 'milestone_overdue' | 'stage_stuck'>, string> = {
  vendor_review: 'Vendor review',
  leadership_change: 'Leadership change',
  layoff: 'Layoffs',
  acquisition: 'Acquisition or merger',
  funding: 'Funding',
  news: 'News',
  other: 'Other',
};

/**
 * Something learnt outside the product about the customer (news, a new CEO, a vendor
 * review): it goes on the timeline, and health and playbooks can read it.
 */
export function RecordSignalButton({ accountId, onRecorded }: { accountId: string; onRecorded(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Record a signal
      </button>
      <Dialog title="Record an outside signal" open={open} onClose={() => setOpen(false)}>
        {open ? (
          <RecordSignalForm
            accountId={accountId}
            onCancel={() => setOpen(false)}
            onRecorded={() => {
              setOpen(false);
              onRecorded();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function RecordSignalForm({
  accountId,
  onCancel,
  onRecorded,
}: {
  accountId: string;
  onCancel(): void;
  onRecorded(): void;
}) {
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const day = text('occurredOn');
    void submit(async () => {
      await recordSignal({
        accountId,
        type: text('type') as Signal['type'],
        title: text('title'),
        text: text('text') || null,
        sourceUrl: text('sourceUrl') || null,
        // A day is enough for news; noon UTC is that calendar day from UTC−11 to UTC+11.
        ...(day && day !== todayIsoDate() ? { occurredAt: `${day}T12:00:00.000Z` } : {}),
      });
      onRecorded();
    });
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">Type</span>
          <select name="type" defaultValue="vendor_review" autoFocus>
            {Object.entries(SIGNAL_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">When</span>
          <input name="occurredOn" type="date" max={todayIsoDate()} defaultValue={todayIsoDate()} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">What happened</span>
        <input name="title" required maxLength={300} placeholder="CEO announces a review of all vendors" />
      </label>
      <label className="field">
        <span className="field__label">Details</span>
        <textarea name="text" rows={3} maxLength={20000} placeholder="A quote from the article, who told you…" />
      </label>
      <label className="field">
        <span className="field__label">Source</span>
        <input name="sourceUrl" type="url" maxLength={2000} placeholder="https://news.example.com/…" />
      </label>
      <FormActions label="Record signal" busyLabel="Recording…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
