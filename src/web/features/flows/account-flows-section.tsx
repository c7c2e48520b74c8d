import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { STUCK_REASON_LABELS } from './flow-format.js';
import { getAccountFlows } from './flows.api.js';

/** On the account's Usage tab: each flow its users started, where each user is, and who is stuck (first). */
export function AccountFlowsSection({ accountId }: { accountId: string }) {
  const flows = useResource((signal) => getAccountFlows(accountId, signal), [accountId]);
  if (flows.error) return <ErrorMessage error={flows.error} onRetry={flows.reload} />;
  if (!flows.data || flows.data.data.length === 0) return null;
  return (
    <>
      {flows.data.data.map((flow) => {
        const users = [...flow.users].sort((a, b) => Number(Boolean(b.stuck)) - Number(Boolean(a.stuck)) || a.userKey.localeCompare(b.userKey));
        const stuck = users.filter((user) => user.stuck).length;
        return (
          <section className="card" key={flow.flowId} data-testid="account-flow">
            <h2 className="card__title">
              {flow.flowName} {stuck > 0 ? <Badge tone="red">{stuck} stuck</Badge> : <Badge tone="green">nobody stuck</Badge>}
            </h2>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">At step</th>
                    <th scope="col">Stuck</th>
                    <th scope="col">Last step done</th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((user) => {
                    const done = user.currentStep - 1;
                    return (
                      <tr key={user.userKey}>
                        <td>{user.userKey}</td>
                        <td>{user.currentStep >= flow.steps.length ? 'Completed' : `${user.currentStep + 1}. ${flow.steps[user.currentStep]!.name}`}</td>
                        <td>
                          {user.stuck ? (
                            <>
                              <Badge tone={user.stuck.reason === 'failed' ? 'red' : 'amber'}>{STUCK_REASON_LABELS[user.stuck.reason]}</Badge> {user.stuck.detail}
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>{done >= 0 && user.steps[done]?.reachedAt ? `${flow.steps[done]!.name}, ${formatDateTime(user.steps[done]!.reachedAt!)}` : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}
