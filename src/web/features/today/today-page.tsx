import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatMoney, pluralize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import type { Task } from '../tasks/tasks.types.js';
import { daysFrom, renewalsAhead, splitTasks } from './plan-today.js';
import { countFailedJobs, countMembers, countWebhookSecrets, findAccountsByRenewal, findSourcesHealth, findTasksDueThisWeek } from './today.api.js';

const todayIso = () => new Date().toISOString().slice(0, 10);
const SHOWN = 8;

/**
 * The first page after login answers "what needs me today" for the person's role: a CSM's
 * overdue and due tasks and renewals in their book; a leader's the same for the team; an
 * admin's the state of the data and what is left to set up.
 */
export function TodayPage() {
  useDocumentTitle('Today');
  const { role, user } = useSession();
  const firstName = (user.name || user.email).split(/[\s@]/)[0];
  const today = todayIso();
  return (
    <div className="page section--stack">
      <header className="page__header">
        <div>
          <h1>Good to see you, {firstName}</h1>
          <p className="page__subtitle">{formatDate(today)} · what needs you today</p>
        </div>
      </header>
      <div className="today-grid">
        {role === 'admin' ? <AdminCards /> : null}
        {role !== 'viewer' ? <WorkCards mine={role !== 'leader'} today={today} /> : <RenewalsCard mine={false} today={today} />}
      </div>
    </div>
  );
}

function WorkCards({ mine, today }: { mine: boolean; today: string }) {
  const tasks = useResource((signal) => findTasksDueThisWeek({ mine, today }, signal), [mine, today]);
  const { overdue, dueSoon } = splitTasks(tasks.data?.data ?? [], today);
  const whose = mine ? 'Your' : 'The team’s';
  return (
    <>
      <TodayCard title={`${whose} overdue tasks`} count={tasks.data ? overdue.length : undefined} tone="red" state={tasks}>
        <TaskList tasks={overdue} today={today} showOwner={!mine} empty="Nothing overdue." />
      </TodayCard>
      <TodayCard title="Due this week" count={tasks.data ? dueSoon.length : undefined} tone="amber" state={tasks}>
        <TaskList tasks={dueSoon} today={today} showOwner={!mine} empty="Nothing due in the next seven days." />
      </TodayCard>
      <RenewalsCard mine={mine} today={today} />
    </>
  );
}

function RenewalsCard({ mine, today }: { mine: boolean; today: string }) {
  const accounts = useResource((signal) => findAccountsByRenewal({ mine }, signal), [mine]);
  const renewals = renewalsAhead(accounts.data?.data ?? [], today);
  return (
    <TodayCard title={mine ? 'Your renewals, next 90 days' : 'Renewals, next 90 days'} count={accounts.data ? renewals.length : undefined} tone="blue" state={accounts}>
      {renewals.length === 0 ? (
        <p className="hint">No renewals in the next 90 days.</p>
      ) : (
        <ul className="today-list">
          {renewals.slice(0, SHOWN).map((account) => (
            <li key={account.id}>
              <Link to={`/accounts/${account.id}`}>{account.name}</Link>
              <span className="hint">
                {formatMoney(account.arr)} · in {pluralize(daysFrom(today, account.renewalDate!), 'day')}
              </span>
            </li>
          ))}
          {renewals.length > SHOWN ? <li className="hint">and {renewals.length - SHOWN} more</li> : null}
        </ul>
      )}
    </TodayCard>
  );
}

function TaskList({ tasks, today, showOwner, empty }: { tasks: Task[]; today: string; showOwner: boolean; empty: string }) {
  if (tasks.length === 0) return <p className="hint">{empty}</p>;
  return (
    <ul className="today-list">
      {tasks.slice(0, SHOWN).map((task) => {
        const days = daysFrom(today, task.dueDate!);
        return (
          <li key={task.id}>
            <Link to={`/accounts/${task.accountId}`}>{task.title}</Link>
            <span className="hint">
              {task.accountName}
              {showOwner && task.ownerName ? ` · ${task.ownerName}` : ''} ·{' '}
              {days < 0 ? `${pluralize(-days, 'day')} late` : days === 0 ? 'today' : `in ${pluralize(days, 'day')}`}
            </span>
          </li>
        );
      })}
      {tasks.length > SHOWN ? (
        <li>
          <Link to="/tasks">and {tasks.length - SHOWN} more</Link>
        </li>
      ) : null}
    </ul>
  );
}

function AdminCards() {
  const sources = useResource((signal) => findSourcesHealth(signal), []);
  const jobs = useResource((signal) => countFailedJobs(signal), []);
  const members = useResource((signal) => countMembers(signal), []);
  const secrets = useResource((signal) => countWebhookSecrets(signal), []);
  const flagged = (sources.data?.data ?? []).filter((source) => source.health.status !== 'healthy' && source.health.status !== 'revoked');
  const failed = jobs.data?.counts.failed ?? 0;
  const steps = [
    { done: (members.data?.data.length ?? 0) > 1, text: 'Invite your team', to: '/settings/users' },
    { done: (sources.data?.data.length ?? 0) > 0, text: 'Connect a product source', to: '/settings/sources' },
    { done: (secrets.data?.data.length ?? 0) > 0, text: 'Connect a help desk', to: '/settings/help-desks' },
  ];
  return (
    <>
      <TodayCard title="Data health" count={sources.data ? flagged.length + failed : undefined} tone={flagged.length + failed ? 'red' : 'green'} state={sources}>
        <ul className="today-list">
          {flagged.map((source) => (
            <li key={source.id}>
              <Link to="/data">{source.name}</Link>
              <span className="hint">{source.health.detail}</span>
            </li>
          ))}
          <li>
            <Link to="/settings/jobs">{failed ? `${pluralize(failed, 'failed job')}` : 'No failed jobs'}</Link>
            <span className="hint">{failed ? 'Read the error and retry.' : 'Background work is running.'}</span>
          </li>
          {flagged.length === 0 ? (
            <li className="hint">{sources.data?.data.length ? 'Every source is sending as usual.' : 'No event sources yet.'}</li>
          ) : null}
        </ul>
      </TodayCard>
      <TodayCard title="Setting up" count={steps.filter((step) => !step.done).length} tone="purple" state={members}>
        <ul className="today-list today-list--checks">
          {steps.map((step) => (
            <li key={step.text}>
              <span aria-hidden="true">{step.done ? '✓' : '○'}</span>{' '}
              {step.done ? <span>{step.text}</span> : <Link to={step.to}>{step.text}</Link>}
              <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
            </li>
          ))}
        </ul>
      </TodayCard>
    </>
  );
}

function TodayCard({
  title,
  count,
  tone,
  state,
  children,
}: {
  title: string;
  count: number | undefined;
  tone: 'red' | 'amber' | 'blue' | 'green' | 'purple';
  state: { loading: boolean; error: unknown; reload(): void; data: unknown };
  children: ReactNode;
}) {
  return (
    <section className="card today-card" aria-label={title}>
      <header className="card__header">
        <h2 className="card__title">{title}</h2>
        {count !== undefined ? <Badge tone={count ? tone : 'neutral'}>{count}</Badge> : null}
      </header>
      {state.loading && !state.data ? <LoadingBlock /> : state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : children}
    </section>
  );
}
