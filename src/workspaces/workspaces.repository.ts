import type { Kysely } from 'kysely';
import type { CustomFieldType, Database, Role } from '../db/schema.js';

type Conn = Kysely<Database>;

export async function insertWorkspace(db: Conn, name: string) {
  return db.insertInto('workspaces').values({ name }).returning(['id', 'name', 'created_at']).executeTakeFirstOrThrow();
}

export async function findWorkspaceByName(db: Conn, name: string) {
  return db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('name', '=', name).executeTakeFirst();
}

export async function findAllWorkspaces(db: Conn) {
  return db.selectFrom('workspaces').select(['id', 'name', 'created_at']).orderBy('name').execute();
}

export async function countWorkspaces(db: Conn): Promise<number> {
  const row = await db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function upsertMembership(db: Conn, membership: { workspaceId: string; userId: string; role: Role }) {
  await db
    .insertInto('memberships')
    .values({ workspace_id: membership.workspaceId, user_id: membership.userId, role: membership.role })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: membership.role }))
    .execute();
}

export async function findMembers(db: Conn, workspaceId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('users.name')
    .execute();
}

export async function findMember(db: Conn, workspaceId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function findCustomFieldDefinitions(db: Conn, workspaceId: string) {
  return db
    .selectFrom('custom_field_definitions')
    .select(['key', 'label', 'type', 'options'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
}

export async function insertCustomFieldDefinition(
  db: Conn,
  definition: { workspaceId: string; key: string; label: string; type: CustomFieldType; options: string[] },
) {
  return db
    .insertInto('custom_field_definitions')
    .values({
      workspace_id: definition.workspaceId,
      key: definition.key,
      label: definition.label,
      type: definition.type,
      options: JSON.stringify(definition.options),
    })
    .returning(['key', 'label', 'type', 'options'])
    .executeTakeFirstOrThrow();
}

/** A member of this workspace with this login email (any case); never looks at other workspaces. */
export async function findMemberByEmail(db: Conn, workspaceId: string, email: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'memberships.role'])
    .where('memberships.workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function deleteMembershipRow(db: Conn, workspaceId: string, userId: string) {
  await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/** Admins of the workspace other than this user, locked so two concurrent demotions cannot both pass. */
export async function countOtherAdmins(db: Conn, workspaceId: string, userId: string): Promise<number> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .where('user_id', '!=', userId)
    .forUpdate()
    .execute();
  return rows.length;
}
