import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { Database } from '../db/schema.js';
import { countUnmatchedEvents, findUnmatchedGroups, findUnmatchedUsers } from './events.repository.js';
import type { UnmatchedEvents } from './ingest.schema.js';

type Conn = Kysely<Database>;

/** Events waiting for an account, by user and by group, latest first; for the unmatched-events view. */
export async function findUnmatchedEvents(db: Conn, actor: Actor, options: { limit: number }): Promise<UnmatchedEvents> {
  const [totalEvents, users, groups] = await Promise.all([
    countUnmatchedEvents(db, actor.workspaceId),
    findUnmatchedUsers(db, actor.workspaceId, options.limit),
    findUnmatchedGroups(db, actor.workspaceId, options.limit),
  ]);
  return {
    totalEvents,
    users: users.map((user) => ({
      userId: user.user_key,
      email: user.email,
      groupId: user.group_id,
      events: Number(user.events),
      firstSeenAt: new Date(user.first_seen_at),
      lastSeenAt: new Date(user.last_seen_at),
    })),
    groups: groups.map((group) => ({
      groupId: group.group_id,
      name: group.name,
      domain: group.domain,
      events: Number(group.events),
      users: Number(group.users),
      lastSeenAt: new Date(group.last_seen_at),
    })),
  };
}
