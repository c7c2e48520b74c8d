import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { fetchUsers } from '../users/users.api.js';
import { createTeam, deleteTeam, listTeams, updateTeam } from './handoffs.api.js';
import type { Team } from './handoffs.types.js';

type Person = { id: string; name: string };

/** Settings → Teams: the relay's teams, their lead (first escalation) and members (who accept hand-offs). Admins edit. */
export function TeamsSection() {
  useDocumentTitle('Teams');
  const { canAdminister } = useSession();
  const teams = useResource((signal) => listTeams(signal), []);
  const people = useResource((signal) => fetchUsers(signal), []);
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const isAdmin = canAdminister;
  return (
    <section className="section--stack" aria-label="Teams">
      <div className="toolbar">
        <h2>Teams</h2>
        {isAdmin ? (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            Add a team
          </button>
        ) : null}
      </div>
      <p className="hint">Hand-offs run between teams. Members accept them; the lead gets the first escalation when one is overdue.</p>
      {teams.error ? (
        <ErrorMessage error={teams.error} onRetry={teams.reload} />
      ) : !teams.data ? (
        <LoadingBlock label="Loading teams…" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="teams-table">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Lead</th>
                <th scope="col">Members</th>
                {isAdmin ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {teams.data.data.map((team) => (
                <tr key={team.id}>
                  <td>{team.name}</td>
                  <td>{team.lead?.name ?? <span className="muted">No lead (escalates to an admin)</span>}</td>
                  <td className="cell--wrap">{team.members.map((m) => m.name).join(', ') || <span className="muted">Nobody yet</span>}</td>
                  {isAdmin ? (
                    <td>
                      <button type="button" className="button button--small" onClick={() => setEditing(team)}>
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
      <Dialog title={editing === 'new' ? 'Add a team' : `Edit ${editing?.name ?? ''}`} open={editing !== null} onClose={() => setEditing(null)}>
        {editing ? (
          <TeamForm
            team={editing === 'new' ? null : editing}
            people={(people.data?.data ?? []).map((p) => ({ id: p.id, name: p.name }))}
            onCancel={() => setEditing(null)}
            onDone={() => {
              setEditing(null);
              teams.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function TeamForm({ team, people, onCancel, onDone }: { team: Team | null; people: Person[]; onCancel(): void; onDone(): void }) {
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const leadId = String(form.get('leadId') ?? '') || null;
    const body = { name: String(form.get('name') ?? '').trim(), leadId, memberIds: form.getAll('memberIds').map(String) };
    void submit(async () => {
      if (team) await updateTeam(team.id, body);
      else await createTeam(body);
      onDone();
    });
  }
  const members = new Set(team?.members.map((m) => m.id));
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={80} defaultValue={team?.name ?? ''} />
      </label>
      <label className="field">
        <span className="field__label">Lead</span>
        <select name="leadId" defaultValue={team?.lead?.id ?? ''}>
          <option value="">No lead</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field">
        <legend className="field__label">Members</legend>
        {people.map((person) => (
          <label key={person.id} className="checkbox">
            <input type="checkbox" name="memberIds" value={person.id} defaultChecked={members.has(person.id)} /> {person.name}
          </label>
        ))}
      </fieldset>
      {team ? (
        <button type="button" className="link-button" disabled={submitting} onClick={() => void submit(async () => (await deleteTeam(team.id), onDone()))}>
          Delete this team
        </button>
      ) : null}
      <FormActions label={team ? 'Save team' : 'Add team'} busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
