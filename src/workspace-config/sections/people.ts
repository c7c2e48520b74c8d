import type { Kysely } from 'kysely';
import type { Actor } from '../../access/index.js';
import type { Database } from '../../db/schema.js';
import { listMembers } from '../../workspaces/index.js';

/** The workspace's members both ways: a file names people by email, the modules store ids. */
export type People = { emailOf: Map<string, string>; idOf: Map<string, string> };

export async function loadPeople(db: Kysely<Database>, actor: Actor): Promise<People> {
  const members = await listMembers(db, actor);
  return {
    emailOf: new Map(members.map((member) => [member.id, member.email.toLowerCase()])),
    idOf: new Map(members.map((member) => [member.email.toLowerCase(), member.id])),
  };
}

export const NOT_A_MEMBER = 'no member of this workspace has this email';
