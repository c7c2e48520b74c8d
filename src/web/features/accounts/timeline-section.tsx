import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatRelativeTime, humanize } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { listTimeline } from './accounts.api.js';
import type { TimelineEntry } from './accounts.types.js';
import { RecordSignalButton } from './record-signal-dialog.js';

/** Teams that write to the thread; integrations may add others, which still show under "All teams". */
const TEAMS = ['customer_success', 'sales', 'support', 'onboarding', 'finance', 'marketing', 'external'] as const;

export function TimelineSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const [team, setTeam] = useState('');
  const [version, setVersion] = useState(0);
  const timeline = usePagedList<TimelineEntry>(
    (cursor, signal) => listTimeline(accountId, team, cursor, signal),
    [accountId, team, version],
  );

  return (
    <div className="section">
      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">Team</span>
          <select value={team} onChange={(event) => setTeam(event.target.value)} data-testid="timeline-team">
            <option value="">All teams</option>
            {TEAMS.map((value) => (
              <option key={value} value={value}>
                {value === 'external' ? 'Outside signals' : humanize(value)}
              </option>
            ))}
          </select>
        </label>
        {canWrite ? (
          <div className="toolbar__end">
            <RecordSignalButton accountId={accountId} onRecorded={() => setVersion((current) => current + 1)} />
          </div>
        ) : null}
      </div>
      {timeline.error ? <ErrorMessage error={timeline.error} /> : null}
      {timeline.loading ? (
        <LoadingBlock label="Loading timeline…" />
      ) : timeline.items.length === 0 && !timeline.error ? (
        <EmptyState title={team ? 'Nothing from this team yet' : 'Nothing has happened yet'}>
          Notes, tasks, tickets, contract changes, outside signals and hand-offs show up here.
        </EmptyState>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {timeline.items.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      <div className="section__footer">
        <LoadMoreButton hasMore={timeline.hasMore} loading={timeline.loadingMore} onLoadMore={timeline.loadMore} />
      </div>
    </div>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const look = kindLook(entry.kind);
  return (
    <li className="timeline__item">
      <span className={`timeline__icon timeline__icon--${look.tone}`} aria-hidden="true">
        <svg viewBox="0 0 24 24">
          <path
            d={look.icon}
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </span>
      <div className="timeline__content">
        <div className="timeline__meta">
          <span className={`badge badge--${look.tone}`}>{humanize(entry.kind)}</span>
          <span className="timeline__team">{humanize(entry.team)}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={entry.occurredAt} title={formatDateTime(entry.occurredAt)}>
            {formatRelativeTime(entry.occurredAt)}
          </time>
          {entry.actorName ? (
            <>
              <span aria-hidden="true">·</span>
              <span>{entry.actorName}</span>
            </>
          ) : null}
        </div>
        {titleRepeatsBody(entry) ? null : <p className="timeline__title">{entry.title}</p>}
        {entry.body ? <p className="timeline__body">{entry.body}</p> : null}
      </div>
    </li>
  );
}

/** Notes are titled by (a shortened) first line of their body; printing both would say it twice. */
function titleRepeatsBody(entry: TimelineEntry): boolean {
  if (!entry.body) return false;
  const title = entry.title.replace(/(…|\.\.\.)$/, '').trim();
  return title.length > 0 && entry.body.trim().startsWith(title);
}

type KindLook = { tone: 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'purple' | 'teal'; icon: string };

const ICONS = {
  note: 'M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4',
  task: 'M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9',
  email: 'M4 6h16v12H4zM4 7l8 6 8-6',
  meeting: 'M7 3v3M17 3v3M4 8h16M5 5h14v15H5z',
  call: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  ticket: 'M4 8a2 2 0 0 0 0 4v4h16v-4a2 2 0 0 1 0-4V4H4zM10 4v12',
  money: 'M12 3v18M17 7H9.5a2.5 2.5 0 0 0 0 5h5a2.5 2.5 0 0 1 0 5H6',
  handoff: 'M4 12h13M13 7l5 5-5 5',
  account: 'M4 21V7l6-4 6 4v14M16 21V11h4v10M3 21h18M8 10h4M8 14h4',
  health: 'M3 12h4l3-8 4 16 3-8h4',
  signal: 'M3 10v4h3l7 5V5L6 10H3zM17 9a4 4 0 0 1 0 6',
  dot: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
} as const;

/** Kinds are open-ended (integrations add their own); known families get a distinct icon and colour. */
function kindLook(kind: string): KindLook {
  const k = kind.toLowerCase();
  if (k.includes('signal') || k.includes('news')) return { tone: 'red', icon: ICONS.signal };
  if (k.includes('note')) return { tone: 'amber', icon: ICONS.note };
  if (k.includes('task')) return { tone: 'teal', icon: ICONS.task };
  if (k.includes('email')) return { tone: 'blue', icon: ICONS.email };
  if (k.includes('meeting') || k.includes('qbr') || k.includes('review'))
    return { tone: 'purple', icon: ICONS.meeting };
  if (k.includes('call')) return { tone: 'blue', icon: ICONS.call };
  if (k.includes('ticket') || k.includes('support')) return { tone: 'red', icon: ICONS.ticket };
  if (k.includes('subscription') || k.includes('contract') || k.includes('arr') || k.includes('invoice')) {
    return { tone: 'green', icon: ICONS.money };
  }
  if (k.includes('handoff') || k.includes('hand_off')) return { tone: 'purple', icon: ICONS.handoff };
  if (k.includes('health') || k.includes('score') || k.includes('risk')) return { tone: 'amber', icon: ICONS.health };
  if (k.includes('account') || k.includes('contact')) return { tone: 'neutral', icon: ICONS.account };
  return { tone: 'neutral', icon: ICONS.dot };
}
