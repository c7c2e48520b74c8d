import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/** A workspace's teams with lead and member names (current members of the workspace only). */
export async function findTeamRows(db: Conn, workspaceId: string, teamId?: string) {
  let select = db
    .selectFrom('teams')
    .leftJoin('users as lead', 'lead.id', 'teams.lead_user_id')
    .select(['teams.id', 'teams.name', 'teams.slug', 'teams.lead_user_id', 'lead.name as lead_name'])
    .where('teams.workspace_id', '=', workspaceId);
  if (teamId) select = select.where('teams.id', '=', teamId);
  return select.orderBy('teams.name').execute();
}

export async function findTeamMemberRows(db: Conn, workspaceId: string) {
  return db
    .selectFrom('team_members')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.user_id', '=', 'team_members.user_id').onRef('memberships.workspace_id', '=', 'team_members.workspace_id'),
    )
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'users.id', 'users.name'])
    .where('team_members.workspace_id', '=', workspaceId)
    .orderBy('users.name')
    .execute();
}

export async function insertTeams(db: Conn, teams: { workspaceId: string; name: string; slug: string; leadUserId: string | null }[]) {
  if (teams.length === 0) return [];
  return db
    .insertInto('teams')
    .values(teams.map((t) => ({ workspace_id: t.workspaceId, name: t.name, slug: t.slug, lead_user_id: t.leadUserId })))
    .returning(['id', 'slug'])
    .execute();
}

export async function updateTeamRow(db: Conn, workspaceId: string, teamId: string, changes: { name?: string; slug?: string; lead_user_id?: string | null; updated_at: Date }) {
  await db.updateTable('teams').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', teamId).execute();
}

/** Replaces a team's members. */
export async function replaceTeamMembers(db: Conn, workspaceId: string, teamId: string, userIds: string[]) {
  await db.deleteFrom('team_members').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('team_members')
    .values(userIds.map((userId) => ({ workspace_id: workspaceId, team_id: teamId, user_id: userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function addTeamMembers(db: Conn, workspaceId: string, members: { teamId: string; userId: string }[]) {
  if (members.length === 0) return;
  await db
    .insertInto('team_members')
    .values(members.map((m) => ({ workspace_id: workspaceId, team_id: m.teamId, user_id: m.userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Deletes a team; the foreign keys of hand-off rules and hand-offs refuse (23503) while they name it. */
export async function deleteTeamRow(db: Conn, workspaceId: string, teamId: string): Promise<void> {
  await db.deleteFrom('teams').where('workspace_id', '=', workspaceId).where('id', '=', teamId).execute();
}

/** The teams a user belongs to, and those it leads. */
export async function findTeamIdsOfUser(db: Conn, workspaceId: string, userId: string) {
  const [member, lead] = await Promise.all([
    db.selectFrom('team_members').select('team_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute(),
    db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('lead_user_id', '=', userId).execute(),
  ]);
  return { memberOf: member.map((row) => row.team_id), leads: lead.map((row) => row.id) };
}

export async function setLeadIfNone(db: Conn, workspaceId: string, teamId: string, userId: string) {
  await db.updateTable('teams').set({ lead_user_id: userId }).where('workspace_id', '=', workspaceId).where('id', '=', teamId).where('lead_user_id', 'is', null).execute();
}
