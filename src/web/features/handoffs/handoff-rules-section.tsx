import { useState } from 'react';
import { Badge } from '../../components/badge.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { HandoffRuleForm } from './handoff-rule-form.js';
import { listHandoffRules, listTeams } from './handoffs.api.js';
import type { HandoffRule } from './handoffs.types.js';

const describeTrigger = (t: HandoffRule['triggers'][number]) => ('stage' in t && t.stage ? `${t.event} → ${t.stage}` : t.event);

/** Settings → Hand-off rules: what starts a hand-off between two teams, what completes it, its clock and escalation path. Admins edit. */
export function HandoffRulesSection() {
  useDocumentTitle('Hand-off rules');
  const { canAdminister } = useSession();
  const rules = useResource((signal) => listHandoffRules(signal), []);
  const teams = useResource((signal) => listTeams(signal), []);
  const [editing, setEditing] = useState<HandoffRule | 'new' | null>(null);
  const isAdmin = canAdminister;
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
          <HandoffRuleForm
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
