import { useMemo, useState } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { EmptyState } from '../../components/empty-state.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatRelativeTime, humanize } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { listTimeline } from './accounts.api.js';
import type { TimelineEntry } from './accounts.types.js';
import { groupTimeline } from './group-timeline.js';
import { LogInteractionButton } from './log-interaction-dialog.js';
import { RecordSignalButton } from './record-signal-dialog.js';

/** Teams that write to the thread; integrations may add others, which still show under "All teams". */
const TEAMS = ['customer_success', 'sales', 'support', 'onboarding', 'finance', 'marketing', 'external'] as const;

export function TimelineSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const [team, setTeam] = useState('');
  const [hideSystem, setHideSystem] = useState(false);
  const [version, setVersion] = useState(0);
  const timeline = usePagedList<TimelineEntry>(
    (cursor, signal) => listTimeline(accountId, team, cursor, signal),
    [accountId, team, version],
  );
  const items = useMemo(() => groupTimeline(timeline.items, { hideSystem }), [timeline.items, hideSystem]);
  const refresh = () => setVersion((current) => current + 1);

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
        <label className="toolbar__check">
          <input
            type="checkbox"
            className="checkbox"
            checked={hideSystem}
            onChange={(event) => setHideSystem(event.target.checked)}
            data-testid="timeline-hide-system"
          />
          Hide system entries
        </label>
        {canWrite ? (
          <div className="toolbar__end">
            <LogInteractionButton accountId={accountId} onLogged={refresh} />
            <RecordSignalButton accountId={accountId} onRecorded={refresh} />
          </div>
        ) : null}
      </div>
      {timeline.error ? <ErrorMessage error={timeline.error} /> : null}
      {timeline.loading ? (
        <LoadingBlock label="Loading timeline…" />
      ) : items.length === 0 && !timeline.error ? (
        <EmptyState title={team ? 'Nothing from this team yet' : hideSystem && timeline.items.length ? 'Only system entries so far' : 'Nothing has happened yet'}>
          Notes, meetings, calls, tasks, tickets, contract changes, outside signals and hand-offs show up here.
        </EmptyState>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {items.map((item) =>
            item.type === 'entry' ? (
              <TimelineItem key={item.entry.id} entry={item.entry} />
            ) : (
              <TimelineGroup key={item.key} entries={item.entries} tone={item.tone} />
            ),
          )}
        </ol>
      )}
      <div className="section__footer">
        <LoadMoreButton hasMore={timeline.hasMore} loading={timeline.loadingMore} onLoadMore={timeline.loadMore} />
      </div>
    </div>
  );
}

function TimelineIcon({ look }: { look: KindLook }) {
  return (
    <span className={`timeline__icon timeline__icon--${look.colour}`} aria-hidden="true">
      <svg viewBox="0 0 24 24">
        <path d={look.icon} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </span>
  );
}

/** The server decides the tone (timeline-tone.ts); colour alone does not tell it, so a reader also hears it. */
function ToneLabel({ tone }: { tone: TimelineEntry['tone'] }) {
  return tone === 'neutral' ? null : <span className="visually-hidden">{tone === 'negative' ? 'Negative: ' : 'Positive: '}</span>;
}

/** One ticket's story (opened, solved, rated) as one item; the parts open on demand. */
function TimelineGroup({ entries, tone }: { entries: TimelineEntry[]; tone: TimelineEntry['tone'] }) {
  const newest = entries[0]!;
  const look = kindLook(newest.kind, tone);
  return (
    <li className="timeline__item" data-tone={tone} data-testid="timeline-group">
      <TimelineIcon look={look} />
      <div className="timeline__content">
        <div className="timeline__meta">
          <ToneLabel tone={tone} />
          <span className={`badge badge--${look.colour}`}>{humanize(newest.kind)}</span>
          <span className="timeline__team">{humanize(newest.team)}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={newest.occurredAt} title={formatDateTime(newest.occurredAt)}>
            {formatRelativeTime(newest.occurredAt)}
          </time>
        </div>
        <p className="timeline__title">{newest.title}</p>
        <details className="timeline__group">
          <summary>{entries.length} updates on this ticket</summary>
          <ol className="timeline__group-list">
            {entries.map((entry) => (
              <li key={entry.id} data-tone={entry.tone}>
                <ToneLabel tone={entry.tone} />
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> {entry.title}
              </li>
            ))}
          </ol>
        </details>
      </div>
    </li>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const look = kindLook(entry.kind, entry.tone);
  return (
    <li className="timeline__item" data-tone={entry.tone}>
      <TimelineIcon look={look} />
      <div className="timeline__content">
        <div className="timeline__meta">
          <ToneLabel tone={entry.tone} />
          <span className={`badge badge--${look.colour}`}>{humanize(entry.kind)}</span>
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

type Colour = 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'purple' | 'teal';
type KindLook = { colour: Colour; icon: string };

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

/**
 * Kinds are open-ended (integrations add their own); known families get a distinct icon. Red
 * and green belong to the tone the server decided: a loss is red, a win green, whatever its
 * kind; anything else takes its family's colour, never red or green.
 */
function kindLook(kind: string, tone: TimelineEntry['tone']): KindLook {
  const family = kindFamily(kind.toLowerCase());
  const colour = tone === 'negative' ? 'red' : tone === 'positive' ? 'green' : family.colour;
  return { colour, icon: family.icon };
}

function kindFamily(k: string): KindLook {
  if (k.includes('signal') || k.includes('news')) return { colour: 'neutral', icon: ICONS.signal };
  if (k.includes('note')) return { colour: 'amber', icon: ICONS.note };
  if (k.includes('task')) return { colour: 'teal', icon: ICONS.task };
  if (k.includes('email')) return { colour: 'blue', icon: ICONS.email };
  if (k.includes('meeting') || k.includes('qbr') || k.includes('review')) return { colour: 'purple', icon: ICONS.meeting };
  if (k.includes('call')) return { colour: 'blue', icon: ICONS.call };
  if (k.includes('ticket') || k.includes('support')) return { colour: 'neutral', icon: ICONS.ticket };
  if (k.includes('subscription') || k.includes('contract') || k.includes('arr') || k.includes('invoice')) {
    return { colour: 'neutral', icon: ICONS.money };
  }
  if (k.includes('handoff') || k.includes('hand_off')) return { colour: 'purple', icon: ICONS.handoff };
  if (k.includes('health') || k.includes('score') || k.includes('risk')) return { colour: 'amber', icon: ICONS.health };
  if (k.includes('account') || k.includes('contact')) return { colour: 'neutral', icon: ICONS.account };
  return { colour: 'neutral', icon: ICONS.dot };
}
