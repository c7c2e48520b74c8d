import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import type { CustomFieldType, Database, Role } from '../db/schema.js';
import type { CustomFieldDefinition } from './custom-fields.js';
import {
  countOtherAdmins,
  countWorkspaces,
  deleteMembershipRow,
  findAllWorkspaces,
  findCustomFieldDefinitions,
  findMember,
  findMemberByEmail,
  findMembers,
  findWorkspaceByName,
  insertCustomFieldDefinition,
  insertWorkspace,
  upsertMembership,
} from './workspaces.repository.js';

export { mergeCustomFields, validateCustomFields, type CustomFieldDefinition } from './custom-fields.js';

type Conn = Kysely<Database>;

export type Workspace = { id: string; name: string; createdAt: Date };
export type Member = { id: string; email: string; name: string; role: Role };

/** `npx boomerang workspace create <name>`; names are unique across the installation. */
export async function createWorkspace(db: Conn, name: string): Promise<Workspace> {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('A workspace needs a name.');
  if (await findWorkspaceByName(db, trimmed)) throw conflict(`A workspace named "${trimmed}" already exists.`);
  const row = await insertWorkspace(db, trimmed);
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function getWorkspaceByNameOrThrow(db: Conn, name: string): Promise<Workspace> {
  const row = await findWorkspaceByName(db, name);
  if (!row) throw new AppError('not_found', `No workspace is named "${name}".`);
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function findWorkspaceByNameOrUndefined(db: Conn, name: string): Promise<Workspace | undefined> {
  const row = await findWorkspaceByName(db, name);
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}

/** Every workspace of the installation, by name: for installation-wide admin commands (CLI). */
export async function listAllWorkspaces(db: Conn): Promise<Workspace[]> {
  return (await findAllWorkspaces(db)).map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
}

export async function isInstallationEmpty(db: Conn): Promise<boolean> {
  return (await countWorkspaces(db)) === 0;
}

export async function setMembership(
  db: Conn,
  membership: { workspaceId: string; userId: string; role: Role },
): Promise<void> {
  await upsertMembership(db, membership);
}

export async function listMembers(db: Conn, actor: Actor): Promise<Member[]> {
  return findMembers(db, actor.workspaceId);
}

/**
 * Changes a member's role or removes them from this workspace (admin). Another workspace's
 * user is simply not found; the last admin cannot leave or be demoted, so a workspace is
 * never left without someone to run it. The login itself stays: it may belong to other workspaces.
 */
export async function updateMembership(db: Conn, actor: Actor, userId: string, change: { role: Role } | { remove: true }): Promise<Member | undefined> {
  assertCanAdministerOrThrow(actor);
  return db.transaction().execute(async (trx) => {
    const member = (await findMembers(trx, actor.workspaceId)).find((candidate) => candidate.id === userId);
    if (!member) throw notFound('Member', userId);
    const staysAdmin = 'role' in change && change.role === 'admin';
    if (member.role === 'admin' && !staysAdmin && (await countOtherAdmins(trx, actor.workspaceId, userId)) === 0) {
      throw conflict('A workspace needs at least one admin: make someone else admin first.');
    }
    if ('remove' in change) await deleteMembershipRow(trx, actor.workspaceId, userId);
    else await upsertMembership(trx, { workspaceId: actor.workspaceId, userId, role: change.role });
    const after = 'remove' in change ? undefined : { ...member, role: change.role };
    await recordAudit(trx, actor, { action: after ? 'update' : 'delete', entityType: 'membership', entityId: userId, before: member, ...(after ? { after } : {}) });
    return after;
  });
}

/** Whether someone with this login email already belongs to the workspace (invitations answer 409). */
export async function isMemberByEmail(db: Conn, workspaceId: string, email: string): Promise<boolean> {
  return (await findMemberByEmail(db, workspaceId, email)) !== undefined;
}

/** For checks such as "the new owner must be a member of this workspace". */
/** Throws a validation error naming `field` unless the user is a member; returns the member's role. */
export async function assertMemberOrThrow(db: Conn, workspaceId: string, userId: string, field: string): Promise<Role> {
  const member = await findMember(db, workspaceId, userId);
  if (!member) {
    throw invalid(`${field} is not a member of this workspace.`, [{ path: field, message: 'is not a member of this workspace' }]);
  }
  return member.role;
}

export async function listCustomFieldDefinitions(db: Conn, workspaceId: string): Promise<CustomFieldDefinition[]> {
  return findCustomFieldDefinitions(db, workspaceId);
}

export type DefineCustomFieldOptions = { key: string; label: string; type: CustomFieldType; options?: string[] };

export async function defineCustomField(
  db: Conn,
  actor: Actor,
  field: DefineCustomFieldOptions,
): Promise<CustomFieldDefinition> {
  assertCanAdministerOrThrow(actor);
  if (field.type === 'select' && !field.options?.length) {
    throw invalid('A select field needs its options.', [{ path: 'options', message: 'must list at least one option' }]);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await findCustomFieldDefinitions(trx, actor.workspaceId);
    if (existing.some((definition) => definition.key === field.key)) {
      throw conflict(`A custom field "${field.key}" already exists.`);
    }
    const created = await insertCustomFieldDefinition(trx, {
      workspaceId: actor.workspaceId,
      key: field.key,
      label: field.label,
      type: field.type,
      options: field.type === 'select' ? (field.options ?? []) : [],
    });
    await recordAudit(trx, actor, { action: 'create', entityType: 'custom_field', entityId: field.key, after: created });
    return created;
  });
}

