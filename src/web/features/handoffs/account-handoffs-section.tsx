import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Badge } from '../../components/badge.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { describeClock } from './handoff-time.js';
import { listHandoffs } from './handoffs.api.js';
import type { Handoff } from './handoffs.types.js';

const STATE_TONE: Record<Handoff['state'], 'blue' | 'purple' | 'amber' | 'red' | 'green'> = {
  open: 'blue',
  accepted: 'purple',
  overdue: 'amber',
  escalated: 'red',
  completed: 'green',
};

/** The account's hand-offs between teams, soonest due first; act on them from the Hand-offs board. */
export function AccountHandoffsSection({ accountId }: { accountId: string }) {
  const handoffs = useResource((signal) => listHandoffs({ accountId, limit: 100 }, signal), [accountId]);
  if (handoffs.error) return <ErrorMessage error={handoffs.error} onRetry={handoffs.reload} />;
  if (!handoffs.data) return <LoadingBlock label="Loading hand-offs…" />;
  if (!handoffs.data.data.length) return <EmptyState title="No hand-offs yet">A hand-off starts when a rule’s trigger happens, e.g. the account enters Decision & Contract.</EmptyState>;
  const now = Date.now();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="account-handoffs">
        <thead>
          <tr>
            <th scope="col">Hand-off</th>
            <th scope="col">From → to</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Clock</th>
          </tr>
        </thead>
        <tbody>
          {handoffs.data.data.map((handoff) => {
            const clock = describeClock(handoff, now);
            return (
              <tr key={handoff.id}>
                <td className="cell--wrap">{handoff.ruleName}</td>
                <td>
                  {handoff.sender.name} → {handoff.receiver.name}
                  {handoff.assignee ? <div className="cell__secondary">{handoff.assignee.name}</div> : null}
                </td>
                <td>
                  <Badge tone={STATE_TONE[handoff.state]}>{humanize(handoff.state)}</Badge>
                </td>
                <td>{formatDateTime(handoff.startedAt)}</td>
                <td className={clock.late ? 'amount--negative' : undefined}>{clock.text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
