/**
 * Teams of a workspace (issue 13 item 5): Sales, Onboarding, Customer Success… with members
 * and a lead. Hand-offs run between teams and escalate to a team's lead. Everyone reads
 * them; admins change them.
 *
 * @example
 *   const team = await createTeam(db, actor, { name: 'Onboarding', leadId, memberIds: [aliceId] });
 */
import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, invalid, notFound, type FieldIssue } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { listMembers } from '../workspaces/index.js';
import {
  addTeamMembers,
  deleteTeamRow,
  findTeamIdsOfUser,
  findTeamMemberRows,
  findTeamRows,
  insertTeams,
  replaceTeamMembers,
  setLeadIfNone,
  updateTeamRow,
} from './teams.repository.js';
import { teamSlug, type CreateTeamInput, type Team, type UpdateTeamInput } from './teams.schema.js';

export * from './teams.schema.js';

type Conn = Kysely<Database>;

/** The workspace's teams by name, with lead and members. Anyone in the workspace reads them. */
export async function listTeams(db: Conn, actor: Pick<Actor, 'workspaceId'>): Promise<Team[]> {
  return readTeams(db, actor.workspaceId);
}

export async function getTeamOrThrow(db: Conn, actor: Pick<Actor, 'workspaceId'>, teamId: string): Promise<Team> {
  const [team] = await readTeams(db, actor.workspaceId, teamId);
  if (!team) throw notFound('Team', teamId);
  return team;
}

async function readTeams(db: Conn, workspaceId: string, teamId?: string): Promise<Team[]> {
  const [rows, members] = await Promise.all([findTeamRows(db, workspaceId, teamId), findTeamMemberRows(db, workspaceId)]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    lead: row.lead_user_id ? { id: row.lead_user_id, name: row.lead_name ?? 'Former member' } : null,
    members: members.filter((m) => m.team_id === row.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

async function checkPeopleOrThrow(db: Conn, actor: Actor, input: { leadId?: string | null; memberIds?: string[] }): Promise<void> {
  const members = new Set((await listMembers(db, actor)).map((m) => m.id));
  const issues: FieldIssue[] = [];
  if (input.leadId && !members.has(input.leadId)) issues.push({ path: 'leadId', message: 'is not a member of this workspace' });
  input.memberIds?.forEach((id, index) => {
    if (!members.has(id)) issues.push({ path: `memberIds.${index}`, message: 'is not a member of this workspace' });
  });
  if (issues.length) throw invalid(`The team cannot be saved: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
}

async function assertNameFreeOrThrow(db: Conn, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const slug = teamSlug(name);
  const clash = (await findTeamRows(db, workspaceId)).find((t) => t.id !== exceptId && (t.slug === slug || t.name.toLowerCase() === name.toLowerCase()));
  if (clash) throw conflict(`A team named "${clash.name}" already exists.`);
}

/** Adds a team (admin). The lead is a member too. */
export async function createTeam(db: Conn, actor: Actor, input: CreateTeamInput): Promise<Team> {
  assertCanAdministerOrThrow(actor);
  await checkPeopleOrThrow(db, actor, input);
  await assertNameFreeOrThrow(db, actor.workspaceId, input.name);
  return inTransaction(db, async (trx) => {
    const [row] = await insertTeams(trx, [{ workspaceId: actor.workspaceId, name: input.name, slug: teamSlug(input.name), leadUserId: input.leadId ?? null }]);
    const memberIds = [...new Set([...input.memberIds, ...(input.leadId ? [input.leadId] : [])])];
    await replaceTeamMembers(trx, actor.workspaceId, row!.id, memberIds);
    const team = await getTeamOrThrow(trx, actor, row!.id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'team', entityId: team.id, after: team });
    return team;
  });
}

/** Renames a team, changes its lead or replaces its members (admin). */
export async function updateTeam(db: Conn, actor: Actor, teamId: string, input: UpdateTeamInput, now: Date): Promise<Team> {
  assertCanAdministerOrThrow(actor);
  const before = await getTeamOrThrow(db, actor, teamId);
  await checkPeopleOrThrow(db, actor, input);
  if (input.name !== undefined) await assertNameFreeOrThrow(db, actor.workspaceId, input.name, teamId);
  return inTransaction(db, async (trx) => {
    await updateTeamRow(trx, actor.workspaceId, teamId, {
      updated_at: now,
      ...(input.name !== undefined ? { name: input.name, slug: teamSlug(input.name) } : {}),
      ...(input.leadId !== undefined ? { lead_user_id: input.leadId } : {}),
    });
    const leadId = input.leadId === undefined ? before.lead?.id : input.leadId;
    if (input.memberIds !== undefined) await replaceTeamMembers(trx, actor.workspaceId, teamId, [...new Set([...input.memberIds, ...(leadId ? [leadId] : [])])]);
    else if (input.leadId) await addTeamMembers(trx, actor.workspaceId, [{ teamId, userId: input.leadId }]);
    const after = await getTeamOrThrow(trx, actor, teamId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'team', entityId: teamId, before, after });
    return after;
  });
}

/**
 * Deletes a team (admin); refused (409) while hand-off rules, hand-offs or blueprint steps
 * name it: a hand-off needs its team, and a step left ownerless in silence would drop what
 * the blueprint says about who does the work (and an export must name teams that exist).
 */
export async function deleteTeam(db: Conn, actor: Actor, teamId: string): Promise<void> {
  assertCanAdministerOrThrow(actor);
  const before = await getTeamOrThrow(db, actor, teamId);
  try {
    await inTransaction(db, async (trx) => {
      await deleteTeamRow(trx, actor.workspaceId, teamId);
      await recordAudit(trx, actor, { action: 'delete', entityType: 'team', entityId: teamId, before });
    });
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23503' && constraint?.startsWith('blueprint_steps'))
      throw conflict(`Team "${before.name}" owns steps of service blueprints; give those steps another owner team (or none) first.`);
    if (code === '23503') throw conflict(`Team "${before.name}" is still named by hand-off rules or hand-offs; change or delete those first.`);
    throw error;
  }
}

/**
 * Creates the given teams where the workspace has none of that name yet (the defaults of a
 * new workspace, the demo world). Returns every team of the workspace by slug.
 */
export async function ensureTeams(
  db: Conn,
  workspaceId: string,
  teams: readonly { name: string; leadId?: string | null; memberIds?: string[] }[],
): Promise<Map<string, string>> {
  const existing = new Map((await findTeamRows(db, workspaceId)).map((row) => [row.slug, row.id]));
  const missing = teams.filter((team) => !existing.has(teamSlug(team.name)));
  const inserted = await insertTeams(db, missing.map((team) => ({ workspaceId, name: team.name, slug: teamSlug(team.name), leadUserId: team.leadId ?? null })));
  for (const row of inserted) existing.set(row.slug, row.id);
  // A team that existed without a lead takes the one given; a lead someone chose stays.
  const leadless = new Set((await findTeamRows(db, workspaceId)).filter((row) => row.lead_user_id === null).map((row) => row.id));
  for (const team of teams) {
    const teamId = existing.get(teamSlug(team.name))!;
    if (team.leadId && leadless.has(teamId)) await setLeadIfNone(db, workspaceId, teamId, team.leadId);
  }
  await addTeamMembers(
    db,
    workspaceId,
    teams.flatMap((team) => {
      const teamId = existing.get(teamSlug(team.name))!;
      return [...(team.memberIds ?? []), ...(team.leadId ? [team.leadId] : [])].map((userId) => ({ teamId, userId }));
    }),
  );
  return existing;
}

/** The teams a user is a member of, and those it leads (for who may act on a hand-off). */
export async function findTeamsOfUser(db: Conn, workspaceId: string, userId: string): Promise<{ memberOf: string[]; leads: string[] }> {
  return findTeamIdsOfUser(db, workspaceId, userId);
}
