import type { SurveyResponse, Ticket, TicketPriority } from './support.types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN_STATUSES: ReadonlySet<Ticket['status']> = new Set(['new', 'open', 'pending', 'hold']);
export const PRIORITY_ORDER: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

export type SupportSummary = {
  openTickets: number;
  /** Open and urgent or high. */
  openSevere: number;
  /** Over tickets opened in the last 90 days that have a first response; null without any. */
  medianFirstResponseMinutes: number | null;
  /** Good ratings over all ratings of tickets opened in the last 90 days; null without ratings. */
  csatGoodShare: number | null;
  csatRatings: number;
  /** Net Promoter Score over the last 12 months: % promoters (9–10) − % detractors (0–6). */
  nps: number | null;
  npsResponses: number;
  latestNps: { score: number; respondedAt: string } | null;
  /** The last 12 calendar months (UTC), oldest first, with tickets opened per priority. */
  monthly: { month: string; byPriority: Record<TicketPriority | 'none', number> }[];
};

export const isOpen = (ticket: Ticket): boolean => OPEN_STATUSES.has(ticket.status);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function lastMonths(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(month.toISOString().slice(0, 7));
  }
  return months;
}

/**
 * The support picture of one account, from its tickets and survey answers: what is open
 * now, how fast and how well support answered lately, and what the customer says (NPS).
 * Windows are counted back from `now`.
 */
export function summarizeSupport(tickets: Ticket[], surveys: SurveyResponse[], now: Date): SupportSummary {
  const since90 = now.getTime() - 90 * DAY_MS;
  const since12Months = now.getTime() - 365 * DAY_MS;
  const recent = tickets.filter((ticket) => Date.parse(ticket.createdAtSource) >= since90);
  const ratings = recent.filter((ticket) => ticket.csat !== null);

  const nps = surveys
    .filter((survey) => survey.kind === 'nps' && Date.parse(survey.respondedAt) >= since12Months)
    .sort((a, b) => Date.parse(b.respondedAt) - Date.parse(a.respondedAt));
  const promoters = nps.filter((survey) => survey.score >= 9).length;
  const detractors = nps.filter((survey) => survey.score <= 6).length;

  const months = lastMonths(now, 12);
  const monthly = months.map((month) => ({ month, byPriority: { urgent: 0, high: 0, normal: 0, low: 0, none: 0 } }));
  const monthIndex = new Map(months.map((month, index) => [month, index]));
  for (const ticket of tickets) {
    const index = monthIndex.get(ticket.createdAtSource.slice(0, 7));
    if (index !== undefined) monthly[index]!.byPriority[ticket.priority ?? 'none'] += 1;
  }

  const open = tickets.filter(isOpen);
  return {
    openTickets: open.length,
    openSevere: open.filter((ticket) => ticket.priority === 'urgent' || ticket.priority === 'high').length,
    medianFirstResponseMinutes: median(
      recent.flatMap((ticket) => (ticket.firstResponseMinutes === null ? [] : [ticket.firstResponseMinutes])),
    ),
    csatGoodShare: ratings.length ? ratings.filter((ticket) => ticket.csat === 'good').length / ratings.length : null,
    csatRatings: ratings.length,
    nps: nps.length ? Math.round((100 * (promoters - detractors)) / nps.length) : null,
    npsResponses: nps.length,
    latestNps: nps[0] ? { score: nps[0].score, respondedAt: nps[0].respondedAt } : null,
    monthly,
  };
}
