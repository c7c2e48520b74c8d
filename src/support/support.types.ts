import type { Csat, SurveyKind, TicketMatchedBy, TicketPriority, TicketSource, TicketStatus } from '../db/schema.js';
import type { TicketMatchHints } from './match-ticket-account.js';

export type { Csat, SurveyKind, TicketMatchedBy, TicketPriority, TicketSource, TicketStatus, TicketMatchHints };

export const TICKET_SOURCES = ['zendesk', 'generic', 'import'] as const satisfies readonly TicketSource[];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TicketPriority[];
export const TICKET_STATUSES = [
  'new',
  'open',
  'pending',
  'hold',
  'solved',
  'closed',
] as const satisfies readonly TicketStatus[];
export const CSAT_RATINGS = ['good', 'bad'] as const satisfies readonly Csat[];
export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const satisfies readonly SurveyKind[];

/**
 * One ticket as a sender describes it, already validated (webhook normalisers, imports).
 * A field left `undefined` means "this sender does not say" and keeps what is stored; `null`
 * clears it. Upserted on (workspace, source, externalId).
 */
export type TicketInput = {
  source: TicketSource;
  /** The help desk's ticket id (Zendesk ticket number, the generic `id`, the import's id column). */
  externalId: string;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  /**
   * When the help desk last changed the ticket. A delivery older than what is stored changes
   * nothing (deliveries can arrive out of order); omitted means "as new as what is stored".
   */
  updatedAt?: Date;
  description?: string | null;
  requesterEmail?: string | null;
  priority?: TicketPriority | null;
  /** Defaults to the last update when the status turns solved/closed without one. */
  solvedAt?: Date | null;
  firstResponseMinutes?: number | null;
  csat?: Csat | null;
  csatComment?: string | null;
  tags?: string[];
  url?: string | null;
  /** What the sender says about the customer; see match-ticket-account.ts for the rules. */
  match?: TicketMatchHints;
};

/** What happened to one input row; `unchanged` also covers a delivery older than the stored ticket. */
export type TicketOutcome = 'created' | 'updated' | 'unchanged';

export type UpsertTicketResult = {
  ticketId: string;
  externalId: string;
  outcome: TicketOutcome;
  /** Null when no account matched: the ticket is kept as unmatched. */
  accountId: string | null;
  matchedBy: TicketMatchedBy | null;
};

/** One survey answer, already validated (imports). Upserted on (workspace, source, externalId). */
export type SurveyResponseInput = {
  /** 'import' or the survey tool's name. */
  source: string;
  /** The tool's response id; when omitted one is derived from account, contact, kind and time. */
  externalId?: string | null;
  accountId: string;
  contactId?: string | null;
  kind: SurveyKind;
  /** NPS 0–10, CSAT 1–5, CES 1–7 (whole numbers). */
  score: number;
  comment?: string | null;
  respondedAt: Date;
};

/** `rejected` rows were not written; `reason` says why (unknown account, score off the scale…). */
export type SurveyResponseResult =
  | { index: number; outcome: 'created' | 'updated' | 'unchanged'; responseId: string; externalId: string }
  | { index: number; outcome: 'rejected'; reason: string; field: string };
