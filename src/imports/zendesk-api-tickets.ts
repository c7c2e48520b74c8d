import { AppError } from '../core/errors.js';
import { normalizeZendeskApiTicket } from '../support/index.js';
import type { SourceRecord } from './imports.types.js';
import type { SourceItem } from './read-import-rows.js';

/** The columns a Zendesk API ticket is read as; PRESET_COLUMNS.zendesk maps them. */
export const ZENDESK_TICKET_COLUMNS = [
  'id',
  'subject',
  'description',
  'status',
  'priority',
  'created_at',
  'updated_at',
  'tags',
  'url',
  'satisfaction_rating.score',
  'satisfaction_rating.comment',
  'requester.email',
  'organization_id',
];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Requester emails from the users a page sideloads (`?include=users`), by user id. */
function sideloadedEmails(page: SourceRecord): Map<string, string> {
  const users = Array.isArray(page.users) ? page.users : [];
  return new Map(users.filter(isRecord).flatMap((user) => (typeof user.email === 'string' && user.id != null ? [[String(user.id), user.email]] : [])));
}

/**
 * Zendesk API responses, one a line as the API returns them — a ticket (`{"ticket": {...}}`),
 * a list or an incremental-export page (`{"tickets": [...], "next_page": …}`), or a bare
 * ticket — become one row per ticket, read through support's Zendesk normaliser so an
 * import and the webhook store the same ticket the same way. Rows are numbered by ticket.
 */
export async function* expandZendeskApiTickets(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  yield { type: 'columns', columns: ZENDESK_TICKET_COLUMNS };
  let row = 0;
  for await (const item of items) {
    if (item.type === 'columns') continue;
    if (item.type === 'error') {
      yield item;
      continue;
    }
    const page = item.row.record;
    const tickets = Array.isArray(page.tickets) ? page.tickets : page.ticket !== undefined ? [page.ticket] : [page];
    const emails = sideloadedEmails(page);
    for (const ticket of tickets) {
      row += 1;
      let normalized;
      try {
        normalized = normalizeZendeskApiTicket(ticket);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        yield { type: 'error', error: { row, column: null, reason: error.detail.replace('Invalid Zendesk ticket event: ', 'is not a Zendesk ticket: ') } };
        continue;
      }
      if (normalized.kind === 'ignored') {
        yield { type: 'error', error: { row, column: null, reason: `not imported: ${normalized.reason}` } };
        continue;
      }
      const input = normalized.ticket;
      const requesterId = isRecord(ticket) && ticket.requester_id != null ? String(ticket.requester_id) : undefined;
      const record: SourceRecord = {
        id: input.externalId,
        subject: input.subject,
        description: input.description ?? null,
        status: input.status,
        priority: input.priority ?? null,
        created_at: input.createdAt.toISOString(),
        updated_at: (input.updatedAt ?? input.createdAt).toISOString(),
        tags: (input.tags ?? []).join(' '),
        url: input.url ?? null,
        'organization_id': input.match?.externalId?.id ?? null,
      };
      if (input.csat !== undefined) record['satisfaction_rating.score'] = input.csat;
      if (input.csatComment !== undefined) record['satisfaction_rating.comment'] = input.csatComment;
      if (requesterId && emails.has(requesterId)) record['requester.email'] = emails.get(requesterId);
      yield { type: 'row', row: { row, record } };
    }
  }
}
