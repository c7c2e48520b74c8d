import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { insertKnownGroupLinks } from './identities.repository.js';

export type KnownGroup = { groupId: string; accountId: string; name?: string | null; domain?: string | null };

/**
 * Bulk path for loaders that already know which account each Segment group is (the demo
 * world; a CRM sync could do the same): links the groups up front, in the caller's
 * transaction, so storing their events never searches the accounts (a search reads every
 * account of the workspace, once per new group).
 *
 * @example
 *   await linkKnownGroups(trx, { workspaceId, groups: [{ groupId: '001A', accountId }], seenAt: new Date() });
 */
export async function linkKnownGroups(
  db: Kysely<Database>,
  options: { workspaceId: string; groups: KnownGroup[]; seenAt: Date },
): Promise<void> {
  const groups = options.groups.map((group) => ({
    groupId: group.groupId,
    accountId: group.accountId,
    name: group.name ?? null,
    domain: group.domain ?? null,
    seenAt: options.seenAt,
  }));
  for (let start = 0; start < groups.length; start += 1000) {
    await insertKnownGroupLinks(db, { workspaceId: options.workspaceId, groups: groups.slice(start, start + 1000) });
  }
}
