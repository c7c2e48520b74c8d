import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../lib/format.js';
import { useSubmit } from '../../lib/use-submit.js';
import { describeClock } from './handoff-time.js';
import { acceptHandoff, completeHandoff, reassignHandoff } from './handoffs.api.js';
import type { Handoff, Team } from './handoffs.types.js';

/**
 * One hand-off on the board: account, rule, sender → receiver, who has it, time left or
 * overdue by, and the actions (the server decides who may: the receiving team, its lead,
 * leaders, admins).
 */
export function HandoffCard({ handoff, teams, canAct, now, onChanged }: { handoff: Handoff; teams: Team[]; canAct: boolean; now: number; onChanged(): void }) {
  const { submitting, error, submit } = useSubmit();
  const [reassigning, setReassigning] = useState(false);
  const clock = describeClock(handoff, now);
  const done = handoff.state === 'completed';
  const run = (work: () => Promise<unknown>) => void submit(async () => (await work(), onChanged()));
  return (
    <article className="handoff-card" data-testid="handoff-card" aria-label={`${handoff.account.name}: ${handoff.ruleName}`}>
      <header className="handoff-card__header">
        <Link to={`/accounts/${handoff.account.id}`} className="handoff-card__account">
          {handoff.account.name}
        </Link>
        {handoff.escalationLevel > 0 ? <Badge tone="red">Escalated {handoff.escalationLevel}/{handoff.escalationLevels}</Badge> : null}
      </header>
      <div className="handoff-card__rule">{handoff.ruleName}</div>
      <div className="handoff-card__teams">
        {handoff.sender.name} → <strong>{handoff.receiver.name}</strong>
        {handoff.assignee ? <span className="muted"> · {handoff.assignee.name}</span> : null}
      </div>
      <div className={clock.late ? 'handoff-card__clock handoff-card__clock--late' : 'handoff-card__clock'} title={`Due ${formatDateTime(handoff.dueAt)}`}>
        {clock.text}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {canAct && !done ? (
        <div className="handoff-card__actions">
          {!handoff.assignee ? (
            <button type="button" className="button button--small button--primary" disabled={submitting} onClick={() => run(() => acceptHandoff(handoff.id))}>
              Accept
            </button>
          ) : null}
          <button type="button" className="button button--small" disabled={submitting} onClick={() => run(() => completeHandoff(handoff.id))}>
            Complete
          </button>
          <button type="button" className="button button--small button--ghost" disabled={submitting} onClick={() => setReassigning((open) => !open)} aria-expanded={reassigning}>
            Reassign
          </button>
        </div>
      ) : null}
      {reassigning && !done ? (
        <form
          className="handoff-card__reassign"
          onSubmit={(event) => {
            event.preventDefault();
            const teamId = String(new FormData(event.currentTarget).get('teamId'));
            run(() => reassignHandoff(handoff.id, { teamId }));
            setReassigning(false);
          }}
        >
          <label className="visually-hidden" htmlFor={`reassign-${handoff.id}`}>
            Receiving team
          </label>
          <select id={`reassign-${handoff.id}`} name="teamId" defaultValue={handoff.receiver.id}>
            {teams
              .filter((team) => team.id !== handoff.sender.id)
              .map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
          </select>
          <button type="submit" className="button button--small">
            Send
          </button>
        </form>
      ) : null}
    </article>
  );
}
