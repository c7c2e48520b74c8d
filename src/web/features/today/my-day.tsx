import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { formatDate, formatMoney, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { TaskActions } from '../tasks/task-actions.js';
import type { Task } from '../tasks/tasks.types.js';
import { daysFrom } from './plan-today.js';
import { TodayCard } from './today-card.js';
import { getToday, type Today } from './today.api.js';

const SHOWN = 8;
const BAND_TONE: Record<string, BadgeTone> = { green: 'green', yellow: 'amber', red: 'red' };

function BandBadge({ band }: { band: string | null }) {
  return band ? <Badge tone={BAND_TONE[band] ?? 'neutral'}>{band}</Badge> : <Badge>not scored</Badge>;
}

/**
 * A CSM's day from GET /api/today: tasks to act on (complete, snooze, reassign right here),
 * then the accounts that need a look — health that fell, predicted risk that rose, renewals, stuck
 * onboardings, urgent tickets still open and signals new since yesterday. Acting on a task reloads the day.
 */
export function MyDay({ canAct }: { canAct: boolean }) {
  const day = useResource((signal) => getToday(signal), []);
  const data = day.data;
  const tasks = data?.tasks;
  const taskCard = (title: string, list: Task[] | undefined, tone: 'red' | 'amber' | 'blue', empty: string, extra?: string) => (
    <TodayCard title={title} count={list?.length} tone={tone} state={day}>
      <DayTaskList tasks={list ?? []} today={data?.today ?? ''} empty={empty} canAct={canAct} onChange={day.reload} />
      {extra ? <p className="hint">{extra}</p> : null}
    </TodayCard>
  );
  return (
    <>
      {taskCard('Your overdue tasks', tasks?.overdue, 'red', 'Nothing overdue.')}
      {taskCard('Due today', tasks?.dueToday, 'amber', 'Nothing due today.')}
      {taskCard('Due this week', tasks?.dueThisWeek, 'blue', 'Nothing else due in the next six days.', tasks?.snoozed ? `${pluralize(tasks.snoozed, 'snoozed task')} will come back on its day.` : undefined)}
      <TodayCard title="Health fell this week" count={data?.healthDrops.length} tone="red" state={day}>
        <HealthDrops data={data} />
      </TodayCard>
      <TodayCard title="Risk rose this week" count={data?.riskRises.length} tone="red" state={day}>
        <RiskRises data={data} />
      </TodayCard>
      <TodayCard title="Your renewals, next 90 days" count={data?.renewals.length} tone="blue" state={day}>
        <Renewals data={data} />
      </TodayCard>
      <TodayCard title="Stuck onboardings" count={data?.stuckOnboardings.length} tone="purple" state={day}>
        <StuckOnboardings data={data} />
      </TodayCard>
      <TodayCard title="Open urgent tickets" count={data?.urgentTickets.length} tone="red" state={day}>
        <UrgentTickets data={data} />
      </TodayCard>
      <TodayCard title="New signals since yesterday" count={data?.newSignals.length} tone="purple" state={day}>
        <NewSignals data={data} />
      </TodayCard>
    </>
  );
}

function More({ count }: { count: number }) {
  return count > SHOWN ? <li className="hint">and {count - SHOWN} more</li> : null;
}

type DayTaskListProps = { tasks: Task[]; today: string; empty: string; canAct?: boolean; showOwner?: boolean; onChange?(): void };

/** Tasks as the Today cards list them: title, account (and owner), how late or how soon; with the actions when the reader may act. */
export function DayTaskList({ tasks, today, empty, canAct = false, showOwner = false, onChange }: DayTaskListProps) {
  if (tasks.length === 0) return <p className="hint">{empty}</p>;
  return (
    <ul className="today-list">
      {tasks.slice(0, SHOWN).map((task) => {
        const days = daysFrom(today, task.dueDate!);
        return (
          <li key={task.id} className="today-task">
            <Link to={`/accounts/${task.accountId}`}>{task.title}</Link>
            <span className="hint">
              {task.accountName}
              {showOwner && task.ownerName ? ` · ${task.ownerName}` : ''} · {days < 0 ? `${pluralize(-days, 'day')} late` : days === 0 ? 'today' : `in ${pluralize(days, 'day')}`}
              {task.priority === 'urgent' || task.priority === 'high' ? ` · ${task.priority}` : ''}
            </span>
            {canAct ? <TaskActions task={task} onChange={() => onChange?.()} /> : null}
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

function HealthDrops({ data }: { data: Today | undefined }) {
  const drops = data?.healthDrops ?? [];
  if (drops.length === 0) return <p className="hint">No account in your book fell this week.</p>;
  return (
    <ul className="today-list">
      {drops.slice(0, SHOWN).map((drop) => (
        <li key={drop.accountId}>
          <span>
            <Link to={`/accounts/${drop.accountId}?tab=health`}>{drop.accountName}</Link>{' '}
            {drop.bandWorsened ? (
              <>
                <BandBadge band={drop.bandBefore} /> → <BandBadge band={drop.bandAfter} />
              </>
            ) : (
              <BandBadge band={drop.bandAfter} />
            )}
          </span>
          <span className="hint">
            {drop.scoreBefore} → {drop.scoreAfter} since {formatDate(drop.since)} · {formatMoney(drop.arr, data?.reportingCurrency)}
          </span>
          {(drop.moves.length ? drop.moves : drop.reasons).slice(0, 2).map((reason) => (
            <span key={reason} className="today-reason">
              {reason}
            </span>
          ))}
        </li>
      ))}
      <More count={drops.length} />
    </ul>
  );
}

const riskPercent = (probability: number) => `${Math.round(probability * 100)}%`;

function RiskRises({ data }: { data: Today | undefined }) {
  const rises = data?.riskRises ?? [];
  if (rises.length === 0) return <p className="hint">No account in your book rose in predicted churn risk since the model’s last run.</p>;
  return (
    <ul className="today-list">
      {rises.slice(0, SHOWN).map((rise) => (
        <li key={rise.accountId}>
          <span>
            <Link to={`/accounts/${rise.accountId}?tab=health`}>{rise.accountName}</Link>
          </span>
          <span className="hint">
            churn risk {riskPercent(rise.previousProbability)} → {riskPercent(rise.probability)} since {formatDate(rise.previousAsOf)} · {formatMoney(rise.arr, data?.reportingCurrency)}
          </span>
          {rise.reason ? <span className="today-reason">{rise.reason}</span> : null}
        </li>
      ))}
      <More count={rises.length} />
    </ul>
  );
}

function Renewals({ data }: { data: Today | undefined }) {
  const renewals = data?.renewals ?? [];
  if (renewals.length === 0) return <p className="hint">No renewals in the next 90 days.</p>;
  return (
    <ul className="today-list">
      {renewals.slice(0, SHOWN).map((renewal) => (
        <li key={renewal.accountId}>
          <span>
            <Link to={`/accounts/${renewal.accountId}`}>{renewal.accountName}</Link> <BandBadge band={renewal.healthBand} />
          </span>
          <span className="hint">
            {formatMoney(renewal.arr, data?.reportingCurrency)} · in {pluralize(renewal.daysToRenewal, 'day')}
            {renewal.unratedContracts ? ` · ${pluralize(renewal.unratedContracts, 'contract')} without a rate` : ''}
          </span>
        </li>
      ))}
      <More count={renewals.length} />
    </ul>
  );
}

function StuckOnboardings({ data }: { data: Today | undefined }) {
  const stuck = data?.stuckOnboardings ?? [];
  if (stuck.length === 0) return <p className="hint">Every onboarding is moving.</p>;
  return (
    <ul className="today-list">
      {stuck.slice(0, SHOWN).map((item) => (
        <li key={item.accountId}>
          <Link to={`/accounts/${item.accountId}`}>{item.accountName}</Link>
          {item.reasons.map((reason) => (
            <span key={reason} className="today-reason">
              {reason}
            </span>
          ))}
        </li>
      ))}
      <More count={stuck.length} />
    </ul>
  );
}

const age = (days: number) => (days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`);

function UrgentTickets({ data }: { data: Today | undefined }) {
  const tickets = data?.urgentTickets ?? [];
  if (tickets.length === 0) return <p className="hint">No urgent ticket open in your book.</p>;
  return (
    <ul className="today-list">
      {tickets.slice(0, SHOWN).map((ticket) => (
        <li key={ticket.id}>
          <Link to={`/accounts/${ticket.accountId}?tab=support`}>{ticket.subject}</Link>
          <span className="hint">
            {ticket.accountName} · {ticket.status} · opened {age(ticket.ageDays)}
            {ticket.url ? (
              <>
                {' · '}
                <a href={ticket.url} target="_blank" rel="noreferrer">
                  at the help desk
                </a>
              </>
            ) : null}
          </span>
        </li>
      ))}
      <More count={tickets.length} />
    </ul>
  );
}

function NewSignals({ data }: { data: Today | undefined }) {
  const signals = data?.newSignals ?? [];
  if (signals.length === 0) return <p className="hint">No new signals since yesterday.</p>;
  return (
    <ul className="today-list">
      {signals.slice(0, SHOWN).map((signal) => (
        <li key={signal.id}>
          <span>
            <Badge tone="purple">{signal.type.replace(/_/g, ' ')}</Badge> <Link to={`/accounts/${signal.accountId}`}>{signal.title}</Link>
          </span>
          <span className="hint">
            {signal.accountName} · {age(signal.ageDays)}
          </span>
        </li>
      ))}
      <More count={signals.length} />
    </ul>
  );
}
