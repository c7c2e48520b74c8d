import { api, withQuery, type List, type Page } from '../../lib/api.js';
import type { SurveyResponse, Ticket } from './support.types.js';

/** The most the tickets route gives in one page; the Support tab reads one page, newest first. */
export const TICKETS_SHOWN = 200;

export function listAccountTickets(accountId: string, signal?: AbortSignal) {
  return api<Page<Ticket>>(
    withQuery(`/api/accounts/${encodeURIComponent(accountId)}/tickets`, { limit: TICKETS_SHOWN }),
    { signal },
  );
}

export function listAccountSurveyResponses(accountId: string, signal?: AbortSignal) {
  return api<List<SurveyResponse>>(
    withQuery(`/api/accounts/${encodeURIComponent(accountId)}/survey-responses`, { limit: 500 }),
    { signal },
  );
}
