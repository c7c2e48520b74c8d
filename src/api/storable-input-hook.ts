import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../core/errors.js';
import { findUnstorableValue } from '../core/storable-input.js';

/**
 * preValidation hook for every /api route: a body, query string or path parameter holding
 * text PostgreSQL cannot store (NUL, an unpaired surrogate — in a value or a key) or JSON
 * nested past `MAX_JSON_DEPTH` is a 400 naming the field, before any route sees it. One
 * check here instead of a refinement on each of the API's text fields, so a route added
 * later is covered too. Raw bodies (the signed webhooks get a Buffer) are left to their
 * own parser.
 */
export async function refuseUnstorableInput(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const parts = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ] as const;
  for (const [where, value] of parts) {
    const issue = findUnstorableValue(value, where);
    if (issue) throw invalid(`Invalid request: ${issue.path} ${issue.message}.`, [issue]);
  }
}
