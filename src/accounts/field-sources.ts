import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { AccountFieldSource, Database, StageChangeSource } from '../db/schema.js';
import type { Account } from './accounts.schema.js';
import { findPersonSetFields, upsertFieldSources } from './field-sources.repository.js';

/** Account fields that people edit and imports also write; custom fields count as `custom.<key>`. */
export const SOURCED_FIELDS = ['name', 'domain', 'industry', 'segment', 'employeeCount', 'region', 'lifecycleStage', 'acquisitionChannel', 'ownerId'] as const;
export type SourcedField = (typeof SOURCED_FIELDS)[number];

export const CUSTOM_FIELD_SOURCE_PREFIX = 'custom.';

/** The fields whose stored value differs between the two versions of an account. */
export function changedSourcedFields(before: Account, after: Account): string[] {
  const changed: string[] = SOURCED_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
  const keys = new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)]);
  for (const key of keys) {
    if (JSON.stringify(before.customFields[key] ?? null) !== JSON.stringify(after.customFields[key] ?? null)) changed.push(`${CUSTOM_FIELD_SOURCE_PREFIX}${key}`);
  }
  return changed;
}

/**
 * Who a write counts as. A person is a signed-in user or a user's token changing the account
 * outside an import; jobs, rules and service tokens are automation. Only a person's values are
 * kept against later imports.
 */
export function fieldSourceOf(actor: Actor, source: StageChangeSource | undefined): AccountFieldSource {
  if (source === 'import') return 'import';
  return actor.userId && !actor.automation && source !== 'automation' ? 'person' : 'automation';
}

/** Records who set the fields that changed, in the change's transaction. */
export async function recordFieldSources(db: Kysely<Database>, actor: Actor, accountId: string, fields: string[], source: AccountFieldSource, at: Date): Promise<void> {
  await upsertFieldSources(
    db,
    actor.workspaceId,
    fields.map((field) => ({ accountId, field, source, setByUserId: actor.userId, setAt: at })),
  );
}

export type PersonSetField = { setBy: string | null; setAt: Date };

/**
 * Of these accounts, every field whose last writer was a person, by account then field.
 *
 * @example
 *   const byAccount = await findFieldsSetByPeople(trx, workspaceId, [accountId]);
 *   byAccount.get(accountId)?.get('region'); // { setBy: 'Ana Lopez', setAt: 2026-11-02T… }
 */
export async function findFieldsSetByPeople(db: Kysely<Database>, workspaceId: string, accountIds: string[]): Promise<Map<string, Map<string, PersonSetField>>> {
  const byAccount = new Map<string, Map<string, PersonSetField>>();
  for (const row of await findPersonSetFields(db, workspaceId, accountIds)) {
    const fields = byAccount.get(row.account_id) ?? new Map<string, PersonSetField>();
    fields.set(row.field, { setBy: row.set_by_name, setAt: row.set_at });
    byAccount.set(row.account_id, fields);
  }
  return byAccount;
}
