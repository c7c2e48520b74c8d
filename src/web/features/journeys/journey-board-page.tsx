import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { SEGMENTS } from '../accounts/account-options.js';
import { UserSelect } from '../users/user-select.js';
import { useUsers } from '../users/users.api.js';
import { formatDays, getJourneyBoard, STATUS_LABELS, STATUS_TONES, type JourneyBoard } from './journeys.api.js';

type Column = JourneyBoard['columns'][number];

/** The journey board: accounts by stage with on track / behind / stuck counts; filters live in the address. */
export function JourneyBoardPage() {
  useDocumentTitle('Journey');
  const [searchParams, setSearchParams] = useSearchParams();
  const ownerId = searchParams.get('ownerId') ?? '';
  const segment = searchParams.get('segment') ?? '';
  const { users } = useUsers();
  const board = useResource((signal) => getJourneyBoard({ ownerId: ownerId || undefined, segment: segment || undefined, perStage: 25 }, signal), [ownerId, segment]);

  function setFilter(name: 'ownerId' | 'segment', value: string) {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearchParams(next, { replace: true });
  }

  return (
    <div className="page page--wide">
      <header className="page__header">
        <div>
          <h1 className="page__title">Journey</h1>
          <p className="page__subtitle">Accounts by lifecycle stage; time in stage against the stay of similar accounts.</p>
        </div>
        <Link className="button" to="/blueprints">
          Service blueprints
        </Link>
      </header>
      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">Owner</span>
          <UserSelect users={users.filter((u) => u.role !== 'viewer')} emptyLabel="All owners" value={ownerId} onChange={(event) => setFilter('ownerId', event.target.value)} />
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Segment</span>
          <select value={segment} onChange={(event) => setFilter('segment', event.target.value)}>
            <option value="">All segments</option>
            {SEGMENTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <span className="journey__legend" aria-hidden="true">
          <Badge tone="green">On track</Badge> <Badge tone="amber">Behind</Badge> <Badge tone="red">Stuck</Badge>
        </span>
      </div>
      {board.error ? <ErrorMessage error={board.error} onRetry={board.reload} /> : null}
      {!board.data && !board.error ? <LoadingBlock label="Loading the journey…" /> : null}
      {board.data ? (
        <div className="journey-board" data-testid="journey-board">
          {board.data.columns.map((column) => (
            <BoardColumn key={column.stageKey ?? 'unmapped'} column={column} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function BoardColumn({ column }: { column: Column }) {
  const title = column.stage || 'Not a stage of the journey';
  const share = (n: number) => `${column.total ? (100 * n) / column.total : 0}%`;
  return (
    <section className={`journey-board__column${column.isExit ? ' journey-board__column--exit' : ''}`} aria-label={`${title}: ${column.total} accounts`} data-testid="journey-column">
      <header className="journey-board__header">
        <h2 className="journey-board__title">{title}</h2>
        <span className="journey-board__total" data-testid="journey-column-total">{column.total}</span>
      </header>
      {column.isExit ? null : (
        <>
          <div className="journey-board__bar" role="img" aria-label={`${column.onTrack} on track, ${column.behind} behind, ${column.stuck} stuck`}>
            <span className="journey-board__bar-part journey-board__bar-part--green" style={{ width: share(column.onTrack) }} />
            <span className="journey-board__bar-part journey-board__bar-part--amber" style={{ width: share(column.behind) }} />
            <span className="journey-board__bar-part journey-board__bar-part--red" style={{ width: share(column.stuck) }} />
          </div>
          <p className="journey-board__counts">
            <span>{column.onTrack} on track</span> · <span>{column.behind} behind</span> · <span data-testid="journey-column-stuck">{column.stuck} stuck</span>
          </p>
        </>
      )}
      <ul className="journey-board__cards">
        {column.accounts.map((account) => (
          <li key={account.id}>
            <Link className={`journey-card journey-card--${column.isExit ? 'exit' : account.status}`} to={`/accounts/${account.id}?tab=journey`}>
              <span className="journey-card__name">{account.name}</span>
              <span className="journey-card__meta">
                {formatDays(account.daysInStage)}
                {account.expectedDays !== null && !column.isExit ? ` of ~${formatDays(account.expectedDays)}` : ''}
                {account.ownerName ? ` · ${account.ownerName}` : ''}
              </span>
              {column.isExit ? null : <Badge tone={STATUS_TONES[account.status]}>{STATUS_LABELS[account.status]}</Badge>}
            </Link>
          </li>
        ))}
      </ul>
      {column.total > column.accounts.length ? (
        <Link className="journey-board__more" to={`/accounts?lifecycleStage=${encodeURIComponent(column.stage)}${column.isExit ? '&includeChurned=true' : ''}`}>
          All {column.total} in the accounts list
        </Link>
      ) : null}
    </section>
  );
}
