import { lazy } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatDateTime, formatNumber, formatRelativeTime, humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { Fact } from '../accounts/account-header.js';
import { listAccountSurveyResponses, listAccountTickets, TICKETS_SHOWN } from './support.api.js';
import type { SurveyResponse, Ticket, TicketPriority } from './support.types.js';
import { isOpen, summarizeSupport, type SupportSummary } from './summarize-support.js';

// echarts is most of the bundle; fetch it only when someone opens this tab.
const TicketsByMonthChart = lazy(() =>
  import('./tickets-chart.js').then((module) => ({ default: module.TicketsByMonthChart })),
);

const PRIORITY_TONE: Record<TicketPriority, BadgeTone> = {
  urgent: 'red',
  high: 'amber',
  normal: 'blue',
  low: 'neutral',
};

/** The account's help-desk tickets and survey answers: what is open, how support did lately, what the customer says. */
export function SupportSection({ accountId }: { accountId: string }) {
  const support = useResource(
    async (signal) => {
      const [tickets, surveys] = await Promise.all([
        listAccountTickets(accountId, signal),
        listAccountSurveyResponses(accountId, signal),
      ]);
      return { tickets: tickets.data, moreTickets: tickets.nextCursor !== null, surveys: surveys.data };
    },
    [accountId],
  );

  if (support.error) return <ErrorMessage error={support.error} onRetry={support.reload} />;
  if (!support.data) return <LoadingBlock label="Loading support…" />;
  const { tickets, moreTickets, surveys } = support.data;
  if (tickets.length === 0 && surveys.length === 0) {
    return (
      <EmptyState title="No tickets or survey answers yet">
        Tickets arrive from your help desk's webhook or an import (Data → Import a file); survey answers from an import.
      </EmptyState>
    );
  }
  const summary = summarizeSupport(tickets, surveys, new Date());

  return (
    <div className="section section--stack" data-testid="support-section">
      <SupportFacts summary={summary} />
      <div className="usage__charts">
        <ChartCard title="Tickets opened per month">
          <TicketsByMonthChart monthly={summary.monthly} />
        </ChartCard>
        <SurveysTable surveys={surveys} />
      </div>
      <TicketsTable tickets={tickets} more={moreTickets} />
    </div>
  );
}

function SupportFacts({ summary }: { summary: SupportSummary }) {
  const share = summary.csatGoodShare === null ? '—' : `${Math.round(summary.csatGoodShare * 100)}% good`;
  return (
    <dl className="facts usage__facts" data-testid="support-summary">
      <Fact label="Open tickets" emphasis>
        {formatNumber(summary.openTickets)}
      </Fact>
      <Fact label="Open urgent or high" emphasis>
        {formatNumber(summary.openSevere)}
      </Fact>
      <Fact label="First response, 90 days (median)">{formatMinutes(summary.medianFirstResponseMinutes)}</Fact>
      <Fact label="CSAT, 90 days">
        {share}
        {summary.csatRatings ? ` of ${formatNumber(summary.csatRatings)}` : ''}
      </Fact>
      <Fact label="NPS, 12 months">
        {summary.nps === null ? '—' : `${summary.nps > 0 ? '+' : ''}${summary.nps}`}
        {summary.npsResponses ? ` (${formatNumber(summary.npsResponses)} answers)` : ''}
      </Fact>
    </dl>
  );
}

function TicketsTable({ tickets, more }: { tickets: Ticket[]; more: boolean }) {
  // Open tickets first, each group newest first (the API's order).
  const ordered = [...tickets.filter(isOpen), ...tickets.filter((ticket) => !isOpen(ticket))];
  return (
    <section className="card" aria-labelledby="support-tickets-title">
      <h2 id="support-tickets-title" className="card__title">
        Tickets <span className="usage__note">· open first{more ? ` · the latest ${TICKETS_SHOWN}` : ''}</span>
      </h2>
      <div className="table-wrap table-wrap--scroll">
        <table className="table table--compact" data-testid="support-tickets">
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Priority</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
              <th scope="col" className="cell--numeric">
                First response
              </th>
              <th scope="col">CSAT</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((ticket) => (
              <tr key={ticket.id}>
                <td>
                  {ticket.url ? (
                    <a href={ticket.url} target="_blank" rel="noreferrer">
                      {ticket.subject}
                    </a>
                  ) : (
                    ticket.subject
                  )}
                </td>
                <td>
                  {ticket.priority ? (
                    <Badge tone={PRIORITY_TONE[ticket.priority]}>{humanize(ticket.priority)}</Badge>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {isOpen(ticket) ? <Badge tone="purple">{humanize(ticket.status)}</Badge> : humanize(ticket.status)}
                </td>
                <td title={formatDateTime(ticket.createdAtSource)}>{formatRelativeTime(ticket.createdAtSource)}</td>
                <td className="cell--numeric">{formatMinutes(ticket.firstResponseMinutes)}</td>
                <td title={ticket.csatComment ?? undefined}>
                  {ticket.csat ? (
                    <Badge tone={ticket.csat === 'good' ? 'green' : 'red'}>{humanize(ticket.csat)}</Badge>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SurveysTable({ surveys }: { surveys: SurveyResponse[] }) {
  return (
    <section className="card" aria-labelledby="support-surveys-title">
      <h2 id="support-surveys-title" className="card__title">
        Survey answers
      </h2>
      {surveys.length === 0 ? (
        <EmptyState title="No survey answers yet" />
      ) : (
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact" data-testid="support-surveys">
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col" className="cell--numeric">
                  Score
                </th>
                <th scope="col">From</th>
                <th scope="col">Answered</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((survey) => (
                <tr key={survey.id} title={survey.comment ?? undefined}>
                  <td>{survey.kind.toUpperCase()}</td>
                  <td className="cell--numeric">{survey.score}</td>
                  <td>{survey.contactName ?? '—'}</td>
                  <td>{formatDate(survey.respondedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} days`;
}
