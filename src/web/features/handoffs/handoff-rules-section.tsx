import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { ApiError } from '../../lib/api.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { createHandoffRule, deleteHandoffRule, listHandoffRules, listTeams, updateHandoffRule } from './handoffs.api.js';
import type { HandoffRule, NewHandoffRule, Team } from './handoffs.types.js';

const describeTrigger = (t: HandoffRule['triggers'][number]) => ('stage' in t && t.stage ? `${t.event} → ${t.stage}` : t.event);

/** Settings → Hand-off rules: what starts a hand-off between two teams, what completes it, its clock and escalation path. Admins edit. */
export function HandoffRulesSection() {
  useDocumentTitle('Hand-off rules');
  const { role } = useSession();
  const rules = useResource((signal) => listHandoffRules(signal), []);
  const teams = useResource((signal) => listTeams(signal), []);
  const [editing, setEditing] = useState<HandoffRule | 'new' | null>(null);
  const isAdmin = role === 'admin';
  return (
    <section className="section--stack" aria-label="Hand-off rules">
      <div className="toolbar">
        <h2>Hand-off rules</h2>
        {isAdmin ? (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            Add a rule
          </button>
        ) : null}
      </div>
      {rules.error ? (
        <ErrorMessage error={rules.error} onRetry={rules.reload} />
      ) : !rules.data ? (
        <LoadingBlock label="Loading rules…" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="handoff-rules-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">From → to</th>
                <th scope="col">Starts on</th>
                <th scope="col">Clock</th>
                <th scope="col">Escalation</th>
                {isAdmin ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {rules.data.data.map((rule) => (
                <tr key={rule.id}>
                  <td className="cell--wrap">
                    {rule.name} {rule.enabled ? null : <Badge>Off</Badge>}
                  </td>
                  <td>
                    {rule.sender.name} → {rule.receiver.name}
                  </td>
                  <td className="cell--wrap">{rule.triggers.map(describeTrigger).join('; ')}</td>
                  <td>
                    {rule.clock.amount} {rule.clock.unit}
                    {rule.clock.businessHours ? ' (business)' : ''}
                  </td>
                  <td className="cell--wrap">{rule.escalation.map((s) => `+${s.afterHours} h → ${s.to.replace('_', ' ')}`).join(', ') || '—'}</td>
                  {isAdmin ? (
                    <td>
                      <button type="button" className="button button--small" onClick={() => setEditing(rule)}>
                        Edit
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title={editing === 'new' ? 'Add a hand-off rule' : `Edit ${editing?.name ?? ''}`} open={editing !== null} onClose={() => setEditing(null)}>
        {editing && teams.data ? (
          <RuleForm
            rule={editing === 'new' ? null : editing}
            teams={teams.data.data}
            onCancel={() => setEditing(null)}
            onDone={() => {
              setEditing(null);
              rules.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError({ status: 400, title: 'Invalid JSON', detail: `${field} is not valid JSON.` });
  }
}

/**
 * The rule's teams and clock as fields; triggers, completion conditions and escalation steps
 * as JSON in the API's shape (documented in docs/handoffs.md), checked by the server.
 */
function RuleForm({ rule, teams, onCancel, onDone }: { rule: HandoffRule | null; teams: Team[]; onCancel(): void; onDone(): void }) {
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void submit(async () => {
      const body = {
        name: String(form.get('name') ?? '').trim(),
        senderTeamId: String(form.get('senderTeamId')),
        receiverTeamId: String(form.get('receiverTeamId')),
        clock: { amount: Number(form.get('amount')), unit: String(form.get('unit')) as 'hours' | 'days', businessHours: form.get('businessHours') === 'on' },
        enabled: form.get('enabled') === 'on',
        triggers: parseJson('Starts on', String(form.get('triggers'))),
        completion: parseJson('Completed by', String(form.get('completion'))),
        escalation: parseJson('Escalation', String(form.get('escalation'))),
      } as NewHandoffRule;
      if (rule) await updateHandoffRule(rule.id, body);
      else await createHandoffRule(body);
      onDone();
    });
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={120} defaultValue={rule?.name ?? ''} placeholder="Urgent ticket → CSM call" />
      </label>
      <div className="form__row">
        <TeamSelect name="senderTeamId" label="From team" teams={teams} value={rule?.sender.id} />
        <TeamSelect name="receiverTeamId" label="To team" teams={teams} value={rule?.receiver.id ?? teams[1]?.id} />
      </div>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Clock</span>
          <input name="amount" type="number" min={1} max={1000} required defaultValue={rule?.clock.amount ?? 24} />
        </label>
        <label className="field">
          <span className="field__label">Unit</span>
          <select name="unit" defaultValue={rule?.clock.unit ?? 'hours'}>
            <option value="hours">hours</option>
            <option value="days">days</option>
          </select>
        </label>
      </div>
      <label className="checkbox">
        <input type="checkbox" name="businessHours" defaultChecked={rule?.clock.businessHours ?? false} /> Business hours only (Mon–Fri 09:00–17:00 UTC; a day is 8 hours)
      </label>
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
      </label>
      <JsonField name="triggers" label="Starts on (any of)" value={rule?.triggers ?? [{ event: 'account.updated', stage: 'Adoption' }]} hint='e.g. {"event":"account.updated","stage":"Adoption"}, {"event":"contract.signed"}' />
      <JsonField name="completion" label="Completed by (any of)" value={rule?.completion ?? [{ event: 'interaction.logged', kinds: ['meeting'] }]} hint='e.g. {"event":"interaction.logged","kinds":["meeting"]}, {"event":"account.updated","stages":["Performance"]}' />
      <JsonField name="escalation" label="Escalation, in order" value={rule?.escalation ?? [{ afterHours: 0, to: 'receiver_lead', createTask: true }, { afterHours: 24, to: 'admin', createTask: true }]} hint="afterHours after the due time; to: receiver_lead, sender_lead or admin" />
      {rule ? (
        <button type="button" className="link-button" disabled={submitting} onClick={() => void submit(async () => (await deleteHandoffRule(rule.id), onDone()))}>
          Delete this rule (its hand-offs stay)
        </button>
      ) : null}
      <FormActions label={rule ? 'Save rule' : 'Add rule'} busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function TeamSelect({ name, label, teams, value }: { name: string; label: string; teams: Team[]; value?: string }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select name={name} defaultValue={value ?? teams[0]?.id}>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function JsonField({ name, label, value, hint }: { name: string; label: string; value: unknown; hint: string }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <textarea name={name} rows={4} defaultValue={pretty(value)} spellCheck={false} className="code-input" />
      <span className="hint">{hint}</span>
    </label>
  );
}
