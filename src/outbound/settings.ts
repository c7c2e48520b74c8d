import type { Kysely } from 'kysely';
import type { SecretBox } from '../core/secret-box.js';
import type { Database } from '../db/schema.js';
import { findSettings } from './outbound.repository.js';

/** Binds a sealed signing secret to its workspace: copied into another workspace's row it does not open. */
export function signingSecretContext(workspaceId: string): string {
  return `outbound_signing_secret:${workspaceId}`;
}

/** Purpose of the key (derived from the server key) that signs unsubscribe links. */
export const UNSUBSCRIBE_KEY_PURPOSE = 'boomerang outbound unsubscribe v1';

/** How long the previous signing secret keeps signing after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/**
 * `"Name" <address>` for the From header: the workspace's sender when an admin set one,
 * otherwise the deployment's BOOMERANG_MAIL_FROM.
 */
export function formatSender(sender: { name: string | null; address: string | null }, fallback: string): string {
  if (!sender.address) return fallback;
  if (!sender.name) return sender.address;
  // Quotes and backslashes would end the quoted name early; they are dropped, not escaped.
  return `"${sender.name.replace(/["\\\r\n]/g, '')}" <${sender.address}>`;
}

export async function workspaceSender(db: Kysely<Database>, workspaceId: string, fallback: string): Promise<string> {
  const settings = await findSettings(db, workspaceId);
  return formatSender({ name: settings?.sender_name ?? null, address: settings?.sender_address ?? null }, fallback);
}

/** The secrets that sign a delivery now: the current one and, within its grace period, the previous one. */
export async function liveSigningSecrets(db: Kysely<Database>, workspaceId: string, box: SecretBox, now: Date): Promise<string[]> {
  const settings = await findSettings(db, workspaceId);
  if (!settings?.signing_secret) return [];
  const context = signingSecretContext(workspaceId);
  const secrets = [box.open(settings.signing_secret, context)];
  if (settings.previous_signing_secret && settings.previous_signing_secret_until && settings.previous_signing_secret_until > now)
    secrets.push(box.open(settings.previous_signing_secret, context));
  return secrets;
}
