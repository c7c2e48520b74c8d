import { lazy } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { SEGMENTS } from '../accounts/account-options.js';
import { useSession } from '../auth/auth-context.js';
import { UserSelect } from '../users/user-select.js';
import { useUsers } from '../users/users.api.js';
import { getHealthPortfolio } from './health.api.js';
import { BAND_TONE } from './health-section.js';
import type { HealthMover, HealthPortfolio } from './health.types.js';

// echarts is most of the bundle; fetch it only with the page.
const BandDistributionChart = lazy(() => import('./band-distribution-chart.js').then((module) => ({ default: module.BandDistributionChart })));

const BAND_LABEL = { green: 'Green', yellow: 'Yellow', red: 'Red', unscored: 'Not scored' } as const;

/** The portfolio's health for a CS leader: bands, ARR at risk, the week's movers, signals that disagree; by CSM and segment. */
export function PortfolioPage() {
  useDocumentTitle('Portfolio health');
  const { role } = useSession();
  const { users } = useUsers();
  const [params, setParams] = useSearchParams();
  const filters = { ownerId: params.get('ownerId') ?? '', segment: params.get('segment') ?? '' };
  const portfolio = useResource((signal) => getHealthPortfolio(filters, signal), [filters.ownerId, filters.segment]);
  const setFilter = (key: 'ownerId' | 'segment', value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const listQuery = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));

  return (
    <div className="page" data-testid="portfolio-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Portfolio health</h1>
          <p className="page__subtitle">Computed scores; churned accounts are left out.</p>
        </div>
        {role === 'admin' || role === 'leader' ? (
          <div className="page__actions">
            <Link className="button" to="/health/scorecards">
              Edit scorecards
            </Link>
            <Link className="button" to="/health/model">
              Churn model
            </Link>
          </div>
        ) : null}
      </header>
      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">CSM</span>
          <UserSelect users={users} emptyLabel="All CSMs" value={filters.ownerId} onChange={(event) => setFilter('ownerId', event.target.value)} />
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Segment</span>
          <select value={filters.segment} onChange={(event) => setFilter('segment', event.target.value)}>
            <option value="">All segments</option>
            {SEGMENTS.map((segment) => (
              <option key={segment.value} value={segment.value}>
                {segment.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {portfolio.error ? <ErrorMessage error={portfolio.error} onRetry={portfolio.reload} /> : null}
      {!portfolio.data ? (
        portfolio.error ? null : <LoadingBlock label="Loading the portfolio…" />
      ) : (
        <PortfolioBody data={portfolio.data} listQuery={listQuery} />
      )}
    </div>
  );
}

function PortfolioBody({ data, listQuery }: { data: HealthPortfolio; listQuery: URLSearchParams }) {
  const bandLink = (band: string) => {
    const query = new URLSearchParams(listQuery);
    query.set('healthBand', band);
    query.set('sort', 'health');
    return `/accounts?${query.toString()}`;
  };
  return (
    <>
      <dl className="facts" data-testid="portfolio-facts">
        <div className="facts__item">
          <dt>Accounts</dt>
          <dd>{formatNumber(data.accounts)}</dd>
        </div>
        <div className="facts__item" data-testid="arr-at-risk">
          <dt>ARR at risk (red)</dt>
          <dd>
            {formatMoney(data.arrAtRisk.arr, data.currency)} · {formatNumber(data.arrAtRisk.accounts)} accounts
          </dd>
        </div>
        {data.bands.map((band) => (
          <div className="facts__item" key={band.band}>
            <dt>{BAND_LABEL[band.band]}</dt>
            <dd>
              {band.band === 'unscored' ? formatNumber(band.accounts) : <Link to={bandLink(band.band)}>{formatNumber(band.accounts)}</Link>}
              {' · '}
              {formatMoney(band.arr, data.currency)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="metrics__grid portfolio__grid">
        <ChartCard title="Accounts by band">
          <BandDistributionChart bands={data.bands} currency={data.currency} />
        </ChartCard>
        <section className="card" aria-labelledby="disagreements-title" data-testid="portfolio-disagreements">
          <h2 id="disagreements-title" className="card__title">
            Signals that disagree ({formatNumber(data.disagreements.total)})
          </h2>
          {data.disagreements.accounts.length === 0 ? (
            <p className="metrics__note">No account’s signals point opposite ways.</p>
          ) : (
            <ul className="health__list">
              {data.disagreements.accounts.map((account) => (
                <li key={account.accountId}>
                  <Link to={`/accounts/${account.accountId}?tab=health`}>{account.name}</Link>{' '}
                  {account.band ? <Badge tone={BAND_TONE[account.band]}>{account.score}</Badge> : null} {formatMoney(account.arr, data.currency)}
                  {account.disagreements.map((d) => (
                    <div key={d.kind} className="metrics__note">
                      {d.text}
                    </div>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="metrics__grid">
        <MoversCard title="Biggest falls this week" movers={data.moversDown} currency={data.currency} testId="movers-down" />
        <MoversCard title="Biggest rises this week" movers={data.moversUp} currency={data.currency} testId="movers-up" />
      </div>
    </>
  );
}

function MoversCard({ title, movers, currency, testId }: { title: string; movers: HealthMover[]; currency: string; testId: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h2 className="card__title">{title}</h2>
      {movers.length === 0 ? (
        <p className="metrics__note">No score moved this way against a week before.</p>
      ) : (
        <table className="table table--compact health__wrap">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Score</th>
              <th scope="col">What moved it</th>
            </tr>
          </thead>
          <tbody>
            {movers.map((mover) => (
              <tr key={mover.accountId}>
                <td>
                  <Link to={`/accounts/${mover.accountId}?tab=health`}>{mover.name}</Link>
                  <div className="metrics__note">
                    {mover.ownerName ?? 'No owner'} · {formatMoney(mover.arr, currency)}
                  </div>
                </td>
                <td className="numeric">
                  <Badge tone={BAND_TONE[mover.bandBefore]}>{mover.scoreBefore}</Badge> → <Badge tone={BAND_TONE[mover.bandAfter]}>{mover.scoreAfter}</Badge>{' '}
                  ({mover.delta > 0 ? '+' : '−'}
                  {Math.abs(mover.delta)})
                </td>
                <td>{mover.movedBy ?? 'Several small changes'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
