import type { IngestEvent, JsonObject } from './ingest.types.js';

/** What one request's identify, group and alias calls say about users and groups. */
export type IdentityPlan = {
  /** alias → the user it belongs to (identify's anonymousId, alias's previousId). */
  aliases: Array<{ aliasId: string; userKey: string }>;
  users: Array<{
    userKey: string;
    /** identify traits, later calls winning per trait. */
    traits: JsonObject;
    email: string | null;
    /** The group of the user's last group call in the request. */
    groupId: string | null;
    isIdentified: boolean;
    seenAt: Date;
  }>;
  groups: Array<{ groupId: string; traits: JsonObject; name: string | null; domain: string | null; seenAt: Date }>;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The key a user's links are kept under: the userId, or the anonymousId until there is one. */
export function userKeyOf(event: Pick<IngestEvent, 'userId' | 'anonymousId'>): string | null {
  return event.userId ?? event.anonymousId;
}

/**
 * The host a group's traits name (`domain`, else `website`), lower case and without
 * `www.`, so "https://www.Acme.com/about" and "acme.com" meet. Mirrors the account side
 * in ingest_group_match_rank (migration 0003).
 */
export function groupDomain(traits: JsonObject): string | null {
  for (const key of ['domain', 'website']) {
    const value = traits[key];
    if (typeof value !== 'string') continue;
    const match = /^([a-z][a-z0-9+.-]*:\/\/)?(www\.)?([^/:?#\s]+)/.exec(value.trim().toLowerCase());
    if (match?.[3] && match[3].includes('.')) return match[3];
  }
  return null;
}

/**
 * Folds a request's events, in order, into the identity changes to write. Pure: the
 * repository applies the plan; sorting by key keeps concurrent requests locking rows in
 * the same order.
 *
 * @example
 *   planIdentities([{ type: 'group', userId: 'u1', groupId: 'g1', ... }]).users[0].groupId // 'g1'
 */
export function planIdentities(events: IngestEvent[]): IdentityPlan {
  const aliases = new Map<string, string>();
  const users = new Map<string, IdentityPlan['users'][number]>();
  const groups = new Map<string, IdentityPlan['groups'][number]>();

  const userFor = (userKey: string, seenAt: Date) => {
    let user = users.get(userKey);
    if (!user) {
      user = { userKey, traits: {}, email: null, groupId: null, isIdentified: false, seenAt };
      users.set(userKey, user);
    }
    if (seenAt > user.seenAt) user.seenAt = seenAt;
    return user;
  };

  for (const event of events) {
    const userKey = userKeyOf(event);
    if (event.type === 'alias' && event.userId && event.previousId && event.previousId !== event.userId) {
      aliases.set(event.previousId, event.userId);
    }
    if (event.type === 'identify' && userKey) {
      if (event.userId && event.anonymousId && event.anonymousId !== event.userId) aliases.set(event.anonymousId, event.userId);
      const user = userFor(userKey, event.timestamp);
      user.traits = { ...user.traits, ...event.properties };
      user.isIdentified = true;
      const email = event.properties.email;
      if (typeof email === 'string' && EMAIL.test(email.trim())) user.email = email.trim().toLowerCase();
    }
    if (event.type === 'group' && event.groupId) {
      if (userKey) userFor(userKey, event.timestamp).groupId = event.groupId;
      const known = groups.get(event.groupId);
      const traits = { ...known?.traits, ...event.properties };
      groups.set(event.groupId, {
        groupId: event.groupId,
        traits,
        name: typeof traits.name === 'string' ? traits.name : null,
        domain: groupDomain(traits),
        seenAt: known && known.seenAt > event.timestamp ? known.seenAt : event.timestamp,
      });
    }
  }

  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    aliases: byKey(new Map([...aliases].map(([aliasId, userKey]) => [aliasId, { aliasId, userKey }]))),
    users: byKey(users),
    groups: byKey(groups),
  };
}
