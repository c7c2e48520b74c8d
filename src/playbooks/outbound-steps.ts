import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';

/**
 * The email and webhook steps' side of the `outbound/` module (issue 12 item 5, built in
 * parallel): queueing writes in the step's transaction; sending, SMTP, signing, refusing
 * private addresses and retries are outbound's. This is the contract of `src/outbound/index.ts`;
 * the processes pass the real functions in (`cli/job-handlers.ts`). Without them a step records
 * `not_sent` — it never pretends to have sent.
 */
export type OutboundOrigin = { kind: 'playbook'; playbookId: string; runId: string } | { kind: 'user'; userId: string };

export type OutboundPort = {
  queueEmail(
    trx: Kysely<Database>,
    input: {
      workspaceId: string;
      accountId: string | null;
      contactId: string | null;
      to: string;
      subject: string;
      text: string;
      bulk: boolean;
      idempotencyKey: string;
      origin: OutboundOrigin;
    },
    clock?: Clock,
  ): Promise<{ messageId: string | null; status: 'queued' | 'suppressed' | 'duplicate' }>;
  queueWebhook(
    trx: Kysely<Database>,
    input: {
      workspaceId: string;
      accountId: string | null;
      url: string;
      format: 'json' | 'slack';
      payload: Record<string, unknown>;
      idempotencyKey: string;
      origin: OutboundOrigin;
    },
    clock?: Clock,
  ): Promise<{ deliveryId: string | null; status: 'queued' | 'duplicate' | 'refused'; reason?: string }>;
};
