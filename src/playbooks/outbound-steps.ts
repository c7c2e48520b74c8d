import type { queueEmail, queueWebhook } from '../outbound/index.js';

/**
 * What the email and webhook steps need from `outbound/`: queueing writes in the step's
 * transaction; sending, SMTP, signing, refusing private addresses and retries are outbound's.
 * Passed in by the processes (`cli/job-handlers.ts`) rather than imported by the engine, so
 * a job handler built without it records `not_sent` — it never pretends to have sent.
 */
export type OutboundPort = { queueEmail: typeof queueEmail; queueWebhook: typeof queueWebhook };
export type { OutboundOrigin } from '../outbound/index.js';
