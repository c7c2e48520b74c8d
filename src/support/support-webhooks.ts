import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { assertCanAdministerOrThrow, automationActor, newSecret, type Actor } from '../auth/index.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import type { SecretBox } from '../core/secret-box.js';
import type { Database, WebhookKind } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { normalizeTicketPayload } from './normalize-ticket-payload.js';
import {
  countLiveWebhookSecrets,
  findClearWebhookSecrets,
  findLiveWebhookSecrets,
  findSealedWebhookSecretSample,
  findWebhookSecretList,
  insertWebhookSecret,
  replaceWebhookSecretValue,
  revokeWebhookSecretRow,
  touchWebhookSecret,
} from './support.repository.js';
import type { CreateWebhookSecretInput, WebhookReceipt, WebhookSecret } from './support.schema.js';
import {
  BOOMERANG_SIGNATURE_HEADER,
  verifyWebhookSignature,
  ZENDESK_SIGNATURE_HEADER,
  type WebhookHeaders,
} from './webhook-signature.js';
import { upsertTickets } from './tickets.js';

type Conn = Kysely<Database>;

/** Enough for rotation (old + new) with room to spare; each delivery tries every live secret. */
const MAX_LIVE_SECRETS_PER_KIND = 5;

/** Where a sender POSTs; the workspace is in the URL because the signature is its only credential. */
export function supportWebhookPath(kind: WebhookKind, workspaceId: string): string {
  return `/api/webhooks/support/${kind}?workspace=${workspaceId}`;
}

function toWebhookSecret(row: Awaited<ReturnType<typeof findWebhookSecretList>>[number]): WebhookSecret {
  return {
    id: row.id,
    kind: row.kind,
    secretPrefix: row.secret_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Adds a signing secret for one webhook kind (admin). Zendesk generates its own secret, so
 * the admin pastes it in; for the generic webhook Boomerang generates one when none is
 * given. The secret is returned here once and never again. Audited (without the secret).
 *
 * @example
 *   const { secret, path } = await createWebhookSecret(db, actor, { kind: 'generic' });
 */
export async function createWebhookSecret(
  db: Conn,
  actor: Actor,
  input: CreateWebhookSecretInput,
  box: SecretBox,
): Promise<{ summary: WebhookSecret; secret: string; path: string; signatureHeader: string }> {
  assertCanAdministerOrThrow(actor);
  const secret = input.secret ?? newSecret(32);
  return inTransaction(db, async (trx) => {
    if ((await countLiveWebhookSecrets(trx, actor.workspaceId, input.kind)) >= MAX_LIVE_SECRETS_PER_KIND) {
      throw conflict(
        `This workspace already has ${MAX_LIVE_SECRETS_PER_KIND} live ${input.kind} secrets; revoke one first.`,
      );
    }
    const row = await insertWebhookSecret(trx, {
      workspaceId: actor.workspaceId,
      kind: input.kind,
      secret: box.seal(secret, webhookSecretContext(actor.workspaceId)),
      secretPrefix: secret.slice(0, 6),
      createdBy: actor.userId,
    });
    const summary = toWebhookSecret(row);
    await recordAudit(trx, actor, { action: 'create', entityType: 'webhook_secret', entityId: row.id, after: summary });
    return {
      summary,
      secret,
      path: supportWebhookPath(input.kind, actor.workspaceId),
      signatureHeader: input.kind === 'zendesk' ? 'X-Zendesk-Webhook-Signature' : 'X-Boomerang-Signature',
    };
  });
}

/** Binds an encrypted webhook secret to its workspace: copied into another workspace's row it does not open. */
function webhookSecretContext(workspaceId: string): string {
  return `webhook_secret:${workspaceId}`;
}

/**
 * At server start: encrypts webhook secrets stored in clear by versions before encryption
 * at rest, and proves the key opens the encrypted ones — so a wrong or lost key stops the
 * start with a clear message instead of failing deliveries one by one later.
 *
 * @example
 *   const { encrypted } = await encryptWebhookSecretsAtRest(db, loadSecretBox({ envKey, keyFile }));
 */
export async function encryptWebhookSecretsAtRest(db: Conn, box: SecretBox): Promise<{ encrypted: number }> {
  for (const row of await findSealedWebhookSecretSample(db))
    box.open(row.secret, webhookSecretContext(row.workspace_id));
  const clear = await findClearWebhookSecrets(db);
  await inTransaction(db, async (trx) => {
    for (const row of clear)
      await replaceWebhookSecretValue(trx, row.id, box.seal(row.secret, webhookSecretContext(row.workspace_id)));
  });
  return { encrypted: clear.length };
}

/** Every secret of the workspace, live and revoked, without the secrets themselves (admin). */
export async function listWebhookSecrets(db: Conn, actor: Actor): Promise<WebhookSecret[]> {
  assertCanAdministerOrThrow(actor);
  return (await findWebhookSecretList(db, actor.workspaceId)).map(toWebhookSecret);
}

/** Deliveries signed with a revoked secret are refused from now on (admin). Audited. */
export async function revokeWebhookSecret(db: Conn, actor: Actor, secretId: string, now: Date): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await inTransaction(db, async (trx) => {
    if (!(await revokeWebhookSecretRow(trx, actor.workspaceId, secretId, now)))
      throw notFound('Webhook secret', secretId);
    await recordAudit(trx, actor, { action: 'revoke', entityType: 'webhook_secret', entityId: secretId });
  });
}

export type SupportDelivery = {
  workspaceId: string;
  kind: WebhookKind;
  headers: WebhookHeaders;
  /** The body exactly as received: the signature covers these bytes. */
  body: Buffer;
  now: Date;
};

function isJsonContentType(contentType: string | string[] | undefined): boolean {
  const text = (Array.isArray(contentType) ? contentType[0] : contentType) ?? 'application/json';
  return /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(text.trim());
}

/**
 * Handles one webhook delivery: checks the signature against the workspace's live secrets
 * for the kind (401 and nothing stored when it fails), then parses, normalises and upserts
 * the ticket. An unknown workspace looks like one without secrets. The stored secrets are
 * decrypted with `box`; one still in clear from an older version is read as is.
 *
 * @example
 *   const receipt = await receiveSupportWebhook(db, { workspaceId, kind: 'zendesk', headers: request.headers, body: rawBody, now: new Date() }, secretBox);
 */
export async function receiveSupportWebhook(
  db: Conn,
  delivery: SupportDelivery,
  box: SecretBox,
): Promise<WebhookReceipt> {
  const context = webhookSecretContext(delivery.workspaceId);
  const secrets = await findLiveWebhookSecrets(db, delivery.workspaceId, delivery.kind);
  const check = verifyWebhookSignature({ ...delivery, secrets: secrets.map((row) => box.open(row.secret, context)) });
  if (!check.ok) {
    const header = delivery.kind === 'zendesk' ? ZENDESK_SIGNATURE_HEADER : BOOMERANG_SIGNATURE_HEADER;
    throw new AppError('unauthenticated', `Webhook refused (${header}): ${check.reason}`);
  }
  if (!isJsonContentType(delivery.headers['content-type'])) {
    throw invalid('Send the webhook body as application/json.', [
      { path: 'headers.content-type', message: 'must be application/json' },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(delivery.body.toString('utf8'));
  } catch {
    throw invalid('The body is not valid JSON.', [{ path: 'body', message: 'is not valid JSON' }]);
  }
  const normalized = normalizeTicketPayload(delivery.kind, json);
  await touchWebhookSecret(db, secrets[check.secretIndex]!.id, delivery.now);
  if (normalized.kind === 'ignored')
    return { status: 'ignored', ticketId: null, accountId: null, matchedBy: null, detail: normalized.reason };
  const [result] = await upsertTickets(db, automationActor(delivery.workspaceId, 'support.webhook'), [
    normalized.ticket,
  ]);
  return {
    status: result!.outcome,
    ticketId: result!.ticketId,
    accountId: result!.accountId,
    matchedBy: result!.matchedBy,
  };
}
