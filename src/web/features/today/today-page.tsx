import { Link, useSearchParams } from 'react-router';
import { tabPanelProps, Tabs } from '../../components/tabs.js';
import { formatDate, formatMoney, pluralize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { DayTaskList, MyDay } from './my-day.js';
import { daysFrom, renewalsAhead, splitTasks } from './plan-today.js';
import { TeamView } from './team-view.js';
import { TodayCard } from './today-card.js';
import { countFailedJobs, countMembers, countWebhookSecrets, findAccountsByRenewal, findSourcesHealth, findTasksDueThisWeek } from './today.api.js';

const todayIso = () => new Date().toISOString().slice(0, 10);
const SHOWN = 8;

type View = 'mine' | 'team';

/**
 * The first page after login answers "what needs me today" for the person's role: a CSM's
 * day (tasks to act on, accounts that need a look); leaders and admins also get the Team
 * tab (workload, overdue tasks and at-risk ARR per CSM; the leader's default); an admin the
 * state of the data and what is left to set up; a viewer the workspace's renewals.
 */
export function TodayPage() {
  useDocumentTitle('Today');
  const { role, user, canWrite } = useSession();
  const firstName = (user.name || user.email).split(/[\s@]/)[0];
  const today = todayIso();
  const [searchParams, setSearchParams] = useSearchParams();
  const leads = role === 'admin' || role === 'leader';
  const view: View = leads && (searchParams.get('view') ?? (role === 'leader' ? 'team' : 'mine')) === 'team' ? 'team' : 'mine';
  return (
    <div className="page section--stack">
      <header className="page__header">
        <div>
          <h1>Good to see you, {firstName}</h1>
          <p className="page__subtitle">{formatDate(today)} · what needs you today</p>
        </div>
      </header>
      {leads ? (
        <Tabs
          label="Whose day"
          idPrefix="today"
          tabs={[
            { key: 'mine', label: 'My day' },
            { key: 'team', label: 'Team' },
          ]}
          active={view}
          onChange={(key) => setSearchParams({ view: key }, { replace: true })}
        />
      ) : null}
      <div className="today-grid" {...(leads ? tabPanelProps('today', view) : {})}>
        {role === 'viewer' ? (
          <RenewalsCard mine={false} today={today} />
        ) : view === 'team' ? (
          <>
            <TeamView />
            <TeamOverdueCard today={today} />
          </>
        ) : (
          <>
            {role === 'admin' ? <AdminCards /> : null}
            <MyDay canAct={canWrite} />
          </>
        )}
      </div>
    </div>
  );
}

function TeamOverdueCard({ today }: { today: string }) {
  const tasks = useResource((signal) => findTasksDueThisWeek({ mine: false, today }, signal), [today]);
  const { overdue } = splitTasks(tasks.data?.data ?? [], today);
  return (
    <TodayCard title="The team’s overdue tasks" count={tasks.data ? overdue.length : undefined} tone="red" state={tasks}>
      <DayTaskList tasks={overdue} today={today} showOwner empty="Nothing overdue across the team." />
    </TodayCard>
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
