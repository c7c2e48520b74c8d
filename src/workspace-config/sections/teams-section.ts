import { z } from 'zod';
import type { FieldIssue } from '../../core/errors.js';
import { createTeam, deleteTeam, listTeams, updateTeam } from '../../teams/index.js';
import { namedItemsSection } from '../named-items.js';
import { loadPeople, NOT_A_MEMBER, type People } from './people.js';

const email = z.string().trim().toLowerCase().max(320);

/** A team in the file: people by email; the lead counts as a member (the teams module makes them one). */
export const teamItemSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    lead: email.nullish(),
    members: z.array(email).max(500).default([]),
  })
  .transform((team) => ({ ...team, members: [...new Set([...team.members, ...(team.lead ? [team.lead] : [])])] }));
type TeamItem = z.infer<typeof teamItemSchema>;

/** Resolves a team's people by email; the issues name each unknown one. Pure. */
export function prepareTeam(team: TeamItem, people: People) {
  const issues: FieldIssue[] = [];
  const idOf = (address: string, path: string) => {
    const id = people.idOf.get(address);
    if (!id) issues.push({ path, message: `${NOT_A_MEMBER} (${address})` });
    return id ?? '';
  };
  const leadId = team.lead ? idOf(team.lead, 'lead') : null;
  // The lead is among the members already (the schema adds them); say so once, at `lead`.
  const memberIds = team.members.map((address, index) => (address === team.lead ? leadId! : idOf(address, `members.${index}`)));
  if (issues.length) return { issues };
  return { input: { name: team.name, leadId, memberIds }, comparable: { name: team.name, lead: team.lead ?? null, members: [...team.members].sort() } };
}

/** Teams (the relay's runners): applied before the hand-off rules that run between them. */
export const teamsSection = namedItemsSection<TeamItem, People, { name: string; leadId: string | null; memberIds: string[] }>({
  key: 'teams',
  describe: 'teams',
  noun: 'team',
  caseInsensitive: true,
  itemSchema: teamItemSchema as unknown as z.ZodType<TeamItem>,
  lookups: (db, actor) => loadPeople(db, actor),
  list: async (db, actor, people) =>
    (await listTeams(db, actor)).map((team) => {
      const lead = team.lead ? people.emailOf.get(team.lead.id) : undefined;
      const members = team.members.flatMap((member) => people.emailOf.get(member.id) ?? []).sort();
      return { id: team.id, name: team.name, item: { name: team.name, ...(lead ? { lead } : {}), members } };
    }),
  prepare: prepareTeam,
  create: (trx, actor, input) => createTeam(trx, actor, input),
  update: (trx, actor, id, input, clock) => updateTeam(trx, actor, id, input, clock.now()),
  remove: (trx, actor, id) => deleteTeam(trx, actor, id),
});
