/**
 * Email and webhooks leaving Boomerang (issue 12 items 3 and 5). Callers — the playbook
 * engine, the API — queue a message in their own transaction with an idempotency key; a
 * durable job sends it: email through SMTP (SMTP_URL) with the workspace's sender, an
 * unsubscribe link and List-Unsubscribe headers on one-to-many mail, and the suppression
 * list checked at queue and send time; webhooks signed with the workspace's secret,
 * refused for private addresses, timed out and retried with backoff. Every email sent or
 * suppressed lands on the account's timeline; every message is in the delivery log.
 *
 * @example
 *   const { status } = await queueEmail(trx, { workspaceId, accountId, contactId, to, subject, text,
 *     bulk: true, idempotencyKey: `run:${runId}:step:${n}`, origin: { kind: 'playbook', playbookId, runId } }, clock);
 */
export {
  queueEmail,
  queueWebhook,
  webhookBody,
  OUTBOUND_EMAIL_JOB,
  OUTBOUND_WEBHOOK_JOB,
  type OutboundOrigin,
} from './queue.js';
export { createOutboundEmailJob, composeEmail, unsubscribeUrl, type EmailJobOptions } from './email-job.js';
export { createOutboundWebhookJob, WEBHOOK_TIMEOUT_MS, type WebhookJobOptions } from './webhook-job.js';
export { SIGNATURE_HEADER, signatureHeader, verifySignatureHeader } from './webhook-signature.js';
export { forbiddenRange, RefusedAddressError } from './address-guard.js';
export {
  OUTBOUND_STATUSES,
  outboundMessageSchema,
  outboundMessagePageSchema,
  outboundMessageQuerySchema,
  outboundSettingsSchema,
  updateSenderInputSchema,
  suppressionSchema,
  suppressionQuerySchema,
  addSuppressionInputSchema,
  sendEmailInputSchema,
  queuedEmailSchema,
  testWebhookInputSchema,
  queuedWebhookSchema,
  listOutboundMessages,
  getOutboundMessageOrThrow,
  getOutboundSettings,
  updateOutboundSender,
  rotateSigningSecret,
  listSuppressions,
  addSuppression,
  removeSuppression,
  describeUnsubscribe,
  unsubscribe,
  sendAccountEmail,
  sendTestWebhook,
  redactUrl,
  type OutboundMessage,
  type UnsubscribeView,
} from './use-cases.js';
