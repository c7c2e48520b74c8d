/**
 * Support: help-desk tickets matched to accounts, survey answers, and the signing secrets of
 * incoming support webhooks. The use cases live by job — `tickets.ts`, `record-survey-responses.ts`,
 * `support-webhooks.ts` — and this file is the module's whole public surface.
 */
export * from './support.schema.js';
export * from './support.types.js';
export { signGeneric, signZendesk } from './webhook-signature.js';
/** The generic webhook's body, as the help desk sends it (documented input; the fuzz test derives payloads from it). */
export { genericTicketPayloadSchema, normalizeZendeskApiTicket } from './normalize-ticket-payload.js';
export {
  attachWaitingTickets,
  findRecentTickets,
  listAccountTickets,
  listUnmatchedTickets,
  rematchUnmatchedTickets,
  upsertTickets,
  waitingTicketsConsumer,
} from './tickets.js';
export { listAccountSurveyResponses, recordSurveyResponses } from './record-survey-responses.js';
export {
  createWebhookSecret,
  encryptWebhookSecretsAtRest,
  listWebhookSecrets,
  receiveSupportWebhook,
  revokeWebhookSecret,
  supportWebhookPath,
  type SupportDelivery,
} from './support-webhooks.js';
