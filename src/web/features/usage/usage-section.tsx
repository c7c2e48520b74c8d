import { lazy, useState } from 'react';
import { Link } from 'react-router';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatNumber, formatRelativeTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { Fact } from '../accounts/account-header.js';
import { getAccountUsage } from './usage.api.js';
import type { AccountUsage } from './usage.types.js';

// echarts is most of the bundle; fetch it only when someone opens this tab.
const charts = () => import('./usage-charts.js');
const ActiveUsersChart = lazy(() => charts().then((module) => ({ default: module.ActiveUsersChart })));
const EventsByNameChart = lazy(() => charts().then((module) => ({ default: module.EventsByNameChart })));
const BreadthChart = lazy(() => charts().then((module) => ({ default: module.BreadthChart })));

const WINDOWS = [30, 90, 180, 365] as const;

export function UsageSection({ accountId }: { accountId: string }) {
  const [days, setDays] = useState<number>(90);
  const usage = useResource((signal) => getAccountUsage(accountId, days, signal), [accountId, days]);

  if (usage.error) return <ErrorMessage error={usage.error} onRetry={usage.reload} />;
  if (!usage.data) return <LoadingBlock label="Loading usage…" />;
  const data = usage.data;
  if (!data.summary.lastSeenAt) {
    return <EmptyState title="No product usage yet">Usage appears here within seconds of the product sending events for this account (see Sources).</EmptyState>;
  }

  return (
    <div className="section section--stack" data-testid="usage-section">
      <UsageSummary usage={data} />
      <div className="toolbar usage__toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">Period</span>
          <select value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {WINDOWS.map((window) => (
              <option key={window} value={window}>
                Last {window} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="usage__charts">
        <ChartCard title="Daily active users vs seats purchased">
          <ActiveUsersChart usage={data} />
        </ChartCard>
        <ChartCard title="Top events">
          {data.topEvents.length ? <EventsByNameChart usage={data} /> : <EmptyState title="No track events in this period" />}
        </ChartCard>
        <ChartCard title="Adoption breadth">
          <BreadthChart usage={data} />
        </ChartCard>
        <FeaturesCard features={data.features} />
        <UsersTable users={data.users} />
      </div>
    </div>
  );
}

function UsageSummary({ usage }: { usage: AccountUsage }) {
  const { summary } = usage;
  const seatShare = summary.seatsPurchased ? ` (${Math.round((100 * summary.seatsUsed) / summary.seatsPurchased)}%)` : '';
  return (
    <dl className="facts usage__facts" data-testid="usage-summary">
      <Fact label="Active users, 7 days" emphasis>
        {formatNumber(summary.activeUsers7d)}
      </Fact>
      <Fact label="Active users, 30 days" emphasis>
        {formatNumber(summary.activeUsers30d)}
      </Fact>
      <Fact label="Seats used / purchased">
        {formatNumber(summary.seatsUsed)} / {formatNumber(summary.seatsPurchased)}
        {seatShare}
      </Fact>
      <Fact label="Features used, 30 days">
        {summary.featuresAvailable ? (
          <>
            {formatNumber(summary.featuresUsed30d)} of {formatNumber(summary.featuresAvailable)}
            {summary.breadth === null ? '' : ` (${Math.round(summary.breadth * 100)}%)`}
          </>
        ) : (
          <Link to="/data/features">Name the product&apos;s features</Link>
        )}
      </Fact>
      <Fact label="Last seen">{summary.lastSeenAt ? <span title={formatDateTime(summary.lastSeenAt)}>{formatRelativeTime(summary.lastSeenAt)}</span> : '—'}</Fact>
    </dl>
  );
}

function UsersTable({ users }: { users: AccountUsage['users'] }) {
  return (
    <section className="card" aria-labelledby="usage-users-title">
      <h2 id="usage-users-title" className="card__title">
        Users by last seen <span className="usage__note">· days and events in the last 30 days</span>
      </h2>
      <div className="table-wrap table-wrap--scroll">
        <table className="table table--compact" data-testid="usage-users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Last seen</th>
              <th scope="col" className="cell--numeric">
                Days
              </th>
              <th scope="col" className="cell--numeric">
                Events
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.userKey}>
                {/* The person when ingestion or a CSM made their contact; the raw id only for users nobody identified. */}
                <td title={user.userKey}>
                  {user.contactName ?? user.userKey}
                  {/* Under the name, so the half-width card keeps its numbers in view at 1280 px. */}
                  {user.contactEmail ? <span className="usage__user-email">{user.contactEmail}</span> : null}
                </td>
                <td title={formatDateTime(user.lastSeenAt)}>{formatRelativeTime(user.lastSeenAt)}</td>
                <td className="cell--numeric">{formatNumber(user.activeDays30d)}</td>
                <td className="cell--numeric">{formatNumber(user.events30d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The catalog's features for this account: used in the last 30 days or not, and when last (issue 15 item 2). */
function FeaturesCard({ features }: { features: AccountUsage['features'] }) {
  return (
    <section className="card" aria-labelledby="usage-features-title">
      <h2 id="usage-features-title" className="card__title">
        Features <span className="usage__note">· from the catalog (Data → Product features)</span>
      </h2>
      {features.length === 0 ? (
        <EmptyState title="No feature catalog yet">
          <Link to="/data/features">Name the product&apos;s features</Link> to measure adoption.
        </EmptyState>
      ) : (
        <ul className="usage__features" data-testid="usage-features">
          {features.map((feature) => (
            <li key={feature.key} className={feature.used30d ? 'usage__feature usage__feature--used' : 'usage__feature'}>
              <span>{feature.name}</span>
              <span className="cell__secondary">
                {feature.used30d ? `last ${feature.lastUsedDay}` : feature.lastUsedDay ? `not in 30 days (last ${feature.lastUsedDay})` : 'not used'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
