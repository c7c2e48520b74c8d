import { z } from 'zod';
import { invalid, type FieldIssue } from '../core/errors.js';
import { cleanJsonValue, isStorableTime } from '../core/storable-input.js';
import type { WebhookKind } from '../db/schema.js';
import { normalizeDomain } from './match-ticket-account.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketInput } from './support.types.js';

/**
 * Turns a webhook body (already JSON-parsed, signature already checked) into a TicketInput.
 * Pure. Two shapes are accepted:
 *
 * - Zendesk event webhooks (`type: "zen:event-type:ticket.*"`): every ticket event carries
 *   the whole ticket in `detail`, so any of them is a snapshot to upsert. Zendesk writes
 *   status and priority in capitals and ids as strings.
 *   https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
 * - The generic shape of docs/webhooks.md, on the generic endpoint, and also on the Zendesk
 *   endpoint for Zendesk *trigger* webhooks whose JSON body an admin writes from
 *   placeholders (the only way to send requester email and CSAT from Zendesk).
 */
export type NormalizedTicketPayload = { kind: 'ticket'; ticket: TicketInput } | { kind: 'ignored'; reason: string };

const ZENDESK_EVENT_PREFIX = 'zen:event-type:';
const SUBJECT_MAX = 500;
const TEXT_MAX = 100_000;

/** Date.parse rolls 2025-02-30 over into March; a calendar check refuses it. */
function isRealDateTime(text: string): boolean {
  const [year, month, day, hour, minute, second] = text.split(/[-T:Z+.]/).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    // Years 1000–9999 in UTC, as everywhere (core/storable-input.ts): PostgreSQL has no year 0.
    isStorableTime(Date.parse(text)) &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day! &&
    hour! < 24 &&
    minute! < 60 &&
    (second === undefined || Number.isNaN(second) || second < 60)
  );
}

/** ISO 8601 with a time zone; seconds optional because Zendesk's `*_with_timestamp` placeholders omit them. */
const isoDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'must be an ISO 8601 date-time with a time zone',
    abort: true,
  })
  .refine(isRealDateTime, 'is not a real date')
  .transform((text) => new Date(text));

/** Case-insensitive enum; Zendesk placeholders and events use capitals ("Open", "URGENT"). */
const looseEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().trim().toLowerCase().pipe(z.enum(values));

/** Zendesk renders an empty priority as "" or "-"; both mean none. */
const blankToNull = (value: unknown) => (typeof value === 'string' && ['', '-'].includes(value.trim()) ? null : value);

const optionalText = (max: number) =>
  z
    .preprocess(blankToNull, z.string().trim().max(max).nullish())
    .transform((value) => (value === undefined ? undefined : (value ?? null)));

/** "good"/"bad" in any case and with Zendesk's wording ("Good, I'm satisfied"); offered/unoffered mean no rating yet. */
const csatRating = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (text === '' || text === 'offered' || text === 'unoffered') return null;
    if (text.startsWith('good')) return 'good';
    if (text.startsWith('bad')) return 'bad';
    return text;
  },
  z.enum(['good', 'bad'], { message: 'must be good or bad' }).nullable(),
);

const externalRef = z
  .string()
  .trim()
  .regex(/^[^:\s]{1,64}:\S.{0,199}$/, 'must be system:id, e.g. salesforce:0015g00000XyZ')
  .transform((text) => {
    const colon = text.indexOf(':');
    return { system: text.slice(0, colon), id: text.slice(colon + 1) };
  });

export const genericTicketPayloadSchema = z.strictObject({
  id: z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String),
  subject: z.string().trim().min(1).max(SUBJECT_MAX),
  description: optionalText(TEXT_MAX),
  status: looseEnum(TICKET_STATUSES),
  priority: z.preprocess(blankToNull, looseEnum(TICKET_PRIORITIES).nullish()),
  requester: z
    .strictObject({
      email: z.preprocess(blankToNull, z.email().max(320).nullish()),
      name: optionalText(200),
    })
    .nullish(),
  account: z
    .strictObject({
      id: z.uuid().optional(),
      externalId: externalRef.optional(),
      domain: z.string().trim().max(253).optional(),
    })
    .nullish(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime.optional(),
  solvedAt: z.preprocess(blankToNull, isoDateTime.nullish()),
  firstResponseMinutes: z.number().int().min(0).max(10_000_000).nullish(),
  satisfaction: z.strictObject({ rating: csatRating, comment: optionalText(10_000) }).nullish(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  url: z.preprocess(
    blankToNull,
    z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullish(),
  ),
});

const zendeskId = z.union([z.string().trim().min(1).max(64), z.number().int().nonnegative()]).transform(String);

// Loose objects: Zendesk adds fields over time and we read only these.
const zendeskEventSchema = z.object({
  type: z.string(),
  detail: z.object({
    id: zendeskId,
    subject: z.string().nullish(),
    description: z.string().nullish(),
    status: z.string().trim().toLowerCase(),
    priority: z.preprocess(blankToNull, looseEnum(TICKET_PRIORITIES).nullish()),
    organization_id: z.union([z.string(), z.number()]).nullish(),
    created_at: isoDateTime,
    updated_at: isoDateTime.optional(),
    tags: z.array(z.string()).nullish(),
    // The API's ticket (not event detail) also carries these.
    url: z.string().nullish(),
    satisfaction_rating: z.object({ score: z.string().nullish(), comment: z.string().nullish() }).nullish(),
  }),
});

/** Zendesk statuses beyond the six: archived tickets are closed ones; deleted ones we leave alone. */
const ZENDESK_STATUS: Record<string, TicketInput['status'] | 'ignore'> = {
  ...Object.fromEntries(TICKET_STATUSES.map((status) => [status, status])),
  archived: 'closed',
  deleted: 'ignore',
  scrubbed: 'ignore',
};

export function toFieldIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'is not a known field' }));
    return [{ path: path.join('.'), message: issue.message }];
  });
}

function parseOrThrow<T extends z.ZodType>(schema: T, json: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = toFieldIssues(parsed.error, 'body');
  throw invalid(`Invalid ${what}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`, issues);
}

function firstLine(text: string | null | undefined): string | undefined {
  const line = text
    ?.split('\n')
    .find((candidate) => candidate.trim() !== '')
    ?.trim();
  return line ? line.slice(0, 120) : undefined;
}

/** The agent's link from the API's `url` (…/api/v2/tickets/35436.json → …/agent/tickets/35436). */
function agentUrl(apiUrl: string | null | undefined): string | undefined {
  const match = apiUrl?.match(/^(https:\/\/[^/]+)\/api\/v2\/tickets\/(\d+)\.json$/);
  return match ? `${match[1]}/agent/tickets/${match[2]}` : undefined;
}

function zendeskApiExtras(detail: {
  url?: string | null;
  satisfaction_rating?: { score?: string | null; comment?: string | null } | null;
}): Pick<TicketInput, 'url' | 'csat' | 'csatComment'> {
  const extras: Pick<TicketInput, 'url' | 'csat' | 'csatComment'> = {};
  const url = agentUrl(detail.url);
  if (url) extras.url = url;
  const rating = detail.satisfaction_rating;
  if (rating) {
    const parsed = csatRating.safeParse(rating.score ?? null);
    extras.csat = parsed.success ? parsed.data : null;
    extras.csatComment = rating.comment?.trim() || null;
  }
  return extras;
}

/**
 * A ticket as Zendesk's API returns it (GET /api/v2/tickets/{id} → `{"ticket": {...}}`, and
 * each element of `tickets` in a list or incremental-export page): numeric ids, tags as a
 * list, lower-case status. Keyed on Zendesk's own ticket id, source "zendesk", like the
 * webhook events, so the same ticket from any path is one ticket.
 */
export function normalizeZendeskApiTicket(ticket: unknown): NormalizedTicketPayload {
  return normalizeZendeskEvent({ type: `${ZENDESK_EVENT_PREFIX}ticket.api`, detail: cleanJsonValue(ticket) });
}

function normalizeZendeskEvent(json: unknown): NormalizedTicketPayload {
  const event = parseOrThrow(zendeskEventSchema, json, 'Zendesk ticket event');
  const { detail } = event;
  const status = ZENDESK_STATUS[detail.status];
  if (!status) {
    const issues = [{ path: 'body.detail.status', message: `is not a Zendesk ticket status (${detail.status})` }];
    throw invalid(`Invalid Zendesk ticket event: body.detail.status ${issues[0]!.message}`, issues);
  }
  if (status === 'ignore')
    return { kind: 'ignored', reason: `Ticket ${detail.id} is ${detail.status}; nothing to record.` };
  const organizationId =
    detail.organization_id === null || detail.organization_id === undefined
      ? ''
      : String(detail.organization_id).trim();
  return {
    kind: 'ticket',
    ticket: {
      source: 'zendesk',
      externalId: detail.id,
      // Tickets from messaging can lack a subject; the first line of the request stands in.
      subject: (detail.subject?.trim() || firstLine(detail.description) || `Zendesk ticket #${detail.id}`).slice(
        0,
        SUBJECT_MAX,
      ),
      description: detail.description === undefined ? undefined : detail.description?.slice(0, TEXT_MAX) || null,
      status,
      priority: detail.priority,
      createdAt: detail.created_at,
      updatedAt: detail.updated_at ?? detail.created_at,
      tags: detail.tags ?? undefined,
      ...zendeskApiExtras(detail),
      // Zendesk writes "0" or nothing for "no organization".
      match: organizationId && organizationId !== '0' ? { externalId: { system: 'zendesk', id: organizationId } } : {},
    },
  };
}

function normalizeGeneric(json: unknown, source: 'zendesk' | 'generic'): NormalizedTicketPayload {
  const body = parseOrThrow(genericTicketPayloadSchema, json, 'ticket payload');
  const domain = body.account?.domain === undefined ? undefined : normalizeDomain(body.account.domain);
  if (domain === null) {
    const issues = [{ path: 'body.account.domain', message: 'is not a domain name' }];
    throw invalid('Invalid ticket payload: body.account.domain is not a domain name', issues);
  }
  return {
    kind: 'ticket',
    ticket: {
      source,
      externalId: body.id,
      subject: body.subject,
      description: body.description,
      status: body.status,
      priority: body.priority,
      createdAt: body.createdAt,
      updatedAt: body.updatedAt,
      solvedAt: body.solvedAt,
      firstResponseMinutes: body.firstResponseMinutes,
      requesterEmail: body.requester === undefined ? undefined : (body.requester?.email?.toLowerCase() ?? null),
      csat: body.satisfaction === undefined ? undefined : (body.satisfaction?.rating ?? null),
      csatComment: body.satisfaction === undefined ? undefined : (body.satisfaction?.comment ?? null),
      tags: body.tags,
      url: body.url,
      match: {
        ...(body.account?.id ? { accountId: body.account.id } : {}),
        ...(body.account?.externalId ? { externalId: body.account.externalId } : {}),
        ...(domain ? { domain } : {}),
      },
    },
  };
}

/**
 * @example
 *   const result = normalizeTicketPayload('zendesk', JSON.parse(rawBody));
 *   if (result.kind === 'ticket') await upsertTickets(db, actor, [result.ticket]);
 */
export function normalizeTicketPayload(kind: WebhookKind, payload: unknown): NormalizedTicketPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw invalid('The body must be a JSON object.', [{ path: 'body', message: 'must be a JSON object' }]);
  }
  // Cleaned rather than refused: a help desk cannot edit the ticket it sends, and a 4xx
  // would lose it. NUL goes, unpaired surrogates become U+FFFD, over-deep values JSON text.
  const json = cleanJsonValue(payload) as object;
  if (kind === 'zendesk') {
    const wrapped = (json as { ticket?: unknown; tickets?: unknown }).ticket;
    if (wrapped !== undefined && Object.keys(json).length === 1) return normalizeZendeskApiTicket(wrapped);
    if ((json as { tickets?: unknown }).tickets !== undefined) {
      throw invalid('A webhook delivery carries one ticket ({"ticket": {...}}); import a list or an export page with `boomerang import tickets --preset zendesk`.', [
        { path: 'body.tickets', message: 'one ticket per delivery' },
      ]);
    }
    const type = (json as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith(ZENDESK_EVENT_PREFIX)) {
      // Organization, user and other events share the endpoint in Zendesk's setup screens;
      // they are acknowledged so Zendesk does not retry them, and not stored.
      if (!type.startsWith(`${ZENDESK_EVENT_PREFIX}ticket.`))
        return { kind: 'ignored', reason: `${type} is not a ticket event.` };
      return normalizeZendeskEvent(json);
    }
  }
  return normalizeGeneric(json, kind);
}
