import { timelineTone, type TimelineTone } from '../timeline/index.js';
import type { TicketMatch, TicketMatchHints } from './match-ticket-account.js';
import type {
  Csat,
  TicketInput,
  TicketMatchedBy,
  TicketOutcome,
  TicketPriority,
  TicketSource,
  TicketStatus,
} from './support.types.js';

/**
 * What an incoming ticket snapshot does to the stored ticket, and what the account's
 * timeline should be told. Pure: no clock, no database.
 *
 * Timeline rules (issue 4 item 5): a ticket appearing on an account's thread ("Urgent ticket
 * opened: …"), its status turning solved or closed, and each new CSAT rating. Deciding from
 * the stored state (not from the delivery) is what makes a retried delivery tell nothing twice.
 */
export type TicketState = {
  source: TicketSource;
  externalId: string;
  accountId: string | null;
  matchedBy: TicketMatchedBy | null;
  matchHints: TicketMatchHints;
  subject: string;
  description: string | null;
  requesterEmail: string | null;
  priority: TicketPriority | null;
  status: TicketStatus;
  createdAtSource: Date;
  updatedAtSource: Date;
  solvedAt: Date | null;
  firstResponseMinutes: number | null;
  csat: Csat | null;
  csatComment: string | null;
  tags: string[];
  url: string | null;
};

/** The text of one timeline entry about the ticket. */
export type TicketStory = { title: string; body: string | null; occurredAt: Date; tone: TimelineTone };

export type TicketPlan = { outcome: TicketOutcome; next: TicketState; tell: TicketStory[] };

export type PlanTicketChangeOptions = {
  existing: TicketState | null;
  incoming: TicketInput;
  /** The account the matching rules found now; null keeps the stored account. */
  match: TicketMatch | null;
};

const TITLE_SUBJECT_MAX = 120;
const SOURCE_LABEL: Record<TicketSource, string> = { zendesk: 'Zendesk', generic: 'Help desk', import: 'Imported' };

export function isSolvedStatus(status: TicketStatus): boolean {
  return status === 'solved' || status === 'closed';
}

/** "Urgent ticket", "High-priority ticket", "Ticket": the severity leads so it shows in a scan of the thread. */
function ticketNoun(priority: TicketPriority | null): string {
  if (priority === 'urgent') return 'Urgent ticket';
  if (priority === 'high' || priority === 'low')
    return `${priority[0]!.toUpperCase()}${priority.slice(1)}-priority ticket`;
  return 'Ticket';
}

function shortSubject(subject: string): string {
  return subject.length > TITLE_SUBJECT_MAX ? `${subject.slice(0, TITLE_SUBJECT_MAX - 1)}…` : subject;
}

function describe(ticket: TicketState): string {
  return [
    `${SOURCE_LABEL[ticket.source]} ticket ${ticket.externalId}`,
    `priority ${ticket.priority ?? 'none'}`,
    `status ${ticket.status}`,
    ...(ticket.requesterEmail ? [`requester ${ticket.requesterEmail}`] : []),
  ].join(' · ');
}

function openedStory(ticket: TicketState): TicketStory {
  return {
    title: `${ticketNoun(ticket.priority)} opened: ${shortSubject(ticket.subject)}`,
    tone: timelineTone({ of: 'ticket', story: 'opened', priority: ticket.priority }),
    body: describe(ticket),
    occurredAt: ticket.createdAtSource,
  };
}

function solvedStory(ticket: TicketState): TicketStory {
  return {
    title: `${ticketNoun(ticket.priority)} ${ticket.status === 'closed' ? 'closed' : 'solved'}: ${shortSubject(ticket.subject)}`,
    tone: timelineTone({ of: 'ticket', story: 'solved', priority: ticket.priority }),
    body: describe(ticket),
    occurredAt: ticket.solvedAt ?? ticket.updatedAtSource,
  };
}

function csatStory(ticket: TicketState): TicketStory {
  return {
    title: `${ticket.csat === 'bad' ? 'Bad' : 'Good'} CSAT rating on ticket: ${shortSubject(ticket.subject)}`,
    tone: timelineTone({ of: 'ticket_csat', csat: ticket.csat === 'bad' ? 'bad' : 'good' }),
    body: ticket.csatComment ? `“${ticket.csatComment}”` : null,
    occurredAt: ticket.updatedAtSource,
  };
}

/** Undefined means the sender did not say: keep what is stored (or null for a new ticket). */
function pick<T>(incoming: T | undefined, stored: T | undefined, fallback: T): T {
  if (incoming !== undefined) return incoming;
  return stored !== undefined ? stored : fallback;
}

function mergeState(existing: TicketState | null, incoming: TicketInput, match: TicketMatch | null): TicketState {
  const status = incoming.status;
  const updatedAtSource = incoming.updatedAt ?? existing?.updatedAtSource ?? incoming.createdAt;
  // A solved ticket keeps the time it was first solved; one reported solved without a time
  // was solved by its last update.
  const solvedAt = isSolvedStatus(status)
    ? (incoming.solvedAt ?? (existing && isSolvedStatus(existing.status) ? existing.solvedAt : null) ?? updatedAtSource)
    : null;
  return {
    source: incoming.source,
    externalId: incoming.externalId,
    accountId: match?.accountId ?? existing?.accountId ?? null,
    matchedBy: match?.matchedBy ?? existing?.matchedBy ?? null,
    matchHints: { ...existing?.matchHints, ...incoming.match },
    subject: incoming.subject,
    description: pick(incoming.description, existing?.description, null),
    requesterEmail: pick(incoming.requesterEmail, existing?.requesterEmail, null),
    priority: pick(incoming.priority, existing?.priority, null),
    status,
    createdAtSource: existing?.createdAtSource ?? incoming.createdAt,
    updatedAtSource,
    solvedAt,
    firstResponseMinutes: pick(incoming.firstResponseMinutes, existing?.firstResponseMinutes, null),
    csat: pick(incoming.csat, existing?.csat, null),
    csatComment: pick(incoming.csatComment, existing?.csatComment, null),
    tags: pick(incoming.tags, existing?.tags, []),
    url: pick(incoming.url, existing?.url, null),
  };
}

const time = (date: Date | null) => date?.getTime() ?? null;

/** JSON with object keys sorted: jsonb gives keys back in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}

function sameState(a: TicketState, b: TicketState): boolean {
  return (
    a.accountId === b.accountId &&
    a.matchedBy === b.matchedBy &&
    canonicalJson(a.matchHints) === canonicalJson(b.matchHints) &&
    a.subject === b.subject &&
    a.description === b.description &&
    a.requesterEmail === b.requesterEmail &&
    a.priority === b.priority &&
    a.status === b.status &&
    time(a.createdAtSource) === time(b.createdAtSource) &&
    time(a.updatedAtSource) === time(b.updatedAtSource) &&
    time(a.solvedAt) === time(b.solvedAt) &&
    a.firstResponseMinutes === b.firstResponseMinutes &&
    a.csat === b.csat &&
    a.csatComment === b.csatComment &&
    JSON.stringify(a.tags) === JSON.stringify(b.tags) &&
    a.url === b.url
  );
}

export function planTicketChange(options: PlanTicketChangeOptions): TicketPlan {
  const { existing, incoming, match } = options;
  // Deliveries can arrive out of order; an older snapshot than the stored one is old news.
  if (existing && incoming.updatedAt && incoming.updatedAt < existing.updatedAtSource) {
    return { outcome: 'unchanged', next: existing, tell: [] };
  }
  const next = mergeState(existing, incoming, match);
  if (existing && sameState(existing, next)) return { outcome: 'unchanged', next: existing, tell: [] };

  const tell: TicketStory[] = [];
  if (next.accountId) {
    // First time on this account's thread (new, just matched, or moved): tell its story so far.
    if (!existing || existing.accountId !== next.accountId) {
      tell.push(openedStory(next));
      if (isSolvedStatus(next.status)) tell.push(solvedStory(next));
      if (next.csat) tell.push(csatStory(next));
    } else {
      if (!isSolvedStatus(existing.status) && isSolvedStatus(next.status)) tell.push(solvedStory(next));
      if (next.csat && next.csat !== existing.csat) tell.push(csatStory(next));
    }
  }
  return { outcome: existing ? 'updated' : 'created', next, tell };
}
