import { findAccountsByExternalIds } from '../accounts/index.js';
import { findContactsByEmailsOrExternalIds } from '../contacts/index.js';
import { recordSurveyResponses, upsertTickets, type SurveyResponseInput, type TicketInput } from '../support/index.js';
import { columnOf, type ImportWriter, type Outcome } from './import-writer.js';
import { firstId } from './plan-changes.js';

/** Keys of TicketInput that a column fills as is (dates and text). */
const TICKET_PASS_THROUGH = ['description', 'requesterEmail', 'priority', 'updatedAt', 'solvedAt', 'firstResponseMinutes', 'csat', 'csatComment', 'tags', 'url'] as const;

/**
 * Tickets, upserted through the support module on (source "import", ticket id); with ids
 * from Zendesk (the zendesk preset) on (source "zendesk", Zendesk's ticket id), the key the
 * Zendesk webhook uses, so a backfill and the live webhook store one ticket. The account
 * is found from the row's CRM account id or domain, else from the requester (see
 * support/match-ticket-account.ts); a ticket no account matches is kept as unmatched.
 */
export function ticketsWriter(): ImportWriter {
  return {
    keyOf: (values) => values.externalId as string,

    async writeChunk({ trx, actor, system }, rows) {
      const inputs = rows.map(({ values }): TicketInput => {
        const input: TicketInput = {
          source: system === 'zendesk' ? 'zendesk' : 'import',
          externalId: values.externalId as string,
          subject: values.subject as string,
          status: values.status as TicketInput['status'],
          createdAt: values.createdAt as Date,
        };
        for (const key of TICKET_PASS_THROUGH) if (Object.hasOwn(values, key)) (input as Record<string, unknown>)[key] = values[key];
        const account = values.accountExternalId as string | null | undefined;
        const domain = values.accountDomain as string | null | undefined;
        if (account || domain) input.match = { ...(account ? { externalId: { system, id: firstId(account) } } : {}), ...(domain ? { domain } : {}) };
        return input;
      });
      const results = await upsertTickets(trx, actor, inputs);
      return { outcomes: results.map((result, index) => ({ row: rows[index]!.row, status: result.outcome })) };
    },
  };
}

const SURVEY_FIELD_OF: Record<string, string> = { score: 'score', accountId: 'accountExternalId', contactId: 'contactEmail', kind: 'kind' };

/**
 * Survey answers (NPS, CSAT, CES), recorded through the support module: the account from its
 * CRM id, the contact from the email when one of the workspace's contacts has it.
 */
export function surveysWriter(): ImportWriter {
  return {
    keyOf: (values) => (values.externalId ? String(values.externalId) : undefined),

    async writeChunk({ trx, actor, system, mapping }, rows) {
      const outcomes: Outcome[] = [];
      const accountIds = [...new Set(rows.map(({ values }) => firstId(values.accountExternalId as string)))];
      const accounts = new Map((await findAccountsByExternalIds(trx, actor, system, accountIds)).map((account) => [account.externalIds[system]!, account.id]));
      const emails = rows.flatMap(({ values }) => (values.contactEmail ? [values.contactEmail as string] : []));
      const contacts = await findContactsByEmailsOrExternalIds(trx, actor, { emails, system, externalIds: [] });
      const inputs: { row: number; input: SurveyResponseInput }[] = [];
      for (const { row, values } of rows) {
        const accountExternalId = firstId(values.accountExternalId as string);
        const accountId = accounts.get(accountExternalId);
        if (!accountId) {
          outcomes.push({ row, errors: [{ row, column: columnOf(mapping, 'accountExternalId'), reason: `no account has ${system} id "${accountExternalId}"; import the accounts first` }] });
          continue;
        }
        const contact = contacts.find((candidate) => candidate.accountId === accountId && candidate.email?.toLowerCase() === values.contactEmail);
        inputs.push({
          row,
          input: {
            source: 'import',
            externalId: (values.externalId as string | null | undefined) ?? null,
            accountId,
            contactId: contact?.id ?? null,
            kind: values.kind as SurveyResponseInput['kind'],
            score: values.score as number,
            comment: (values.comment as string | null | undefined) ?? null,
            respondedAt: values.respondedAt as Date,
          },
        });
      }
      const results = await recordSurveyResponses(trx, actor, inputs.map(({ input }) => input));
      results.forEach((result, index) => {
        const { row } = inputs[index]!;
        if (result.outcome !== 'rejected') outcomes.push({ row, status: result.outcome });
        else outcomes.push({ row, errors: [{ row, column: columnOf(mapping, SURVEY_FIELD_OF[result.field] ?? result.field), reason: result.reason }] });
      });
      return { outcomes };
    },
  };
}
