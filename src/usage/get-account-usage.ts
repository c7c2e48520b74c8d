import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { getAccountOrThrow } from '../accounts/index.js';
import { listAccountContacts } from '../contacts/index.js';
import type { Database } from '../db/schema.js';
import { listAccountSubscriptions } from '../subscriptions/index.js';
import { addDays, BREADTH_WINDOW_DAYS, seatsPurchasedNow, summarizeAccountUsage, utcDay } from './summarize-account-usage.js';
import type { AccountUsage } from './usage.schema.js';
import { countActiveUsersSince, countWorkspaceFeatures, findAccountDays, findAccountUsers, findLastSeenAt } from './usage.repository.js';

const TOP_EVENTS = 8;
const MAX_USERS = 200;

export type GetAccountUsageOptions = { accountId: string; days: number; now: Date };

/**
 * The account's usage for the account page: daily series over `days` days ending today
 * (UTC), 7/30-day active users, seats used vs purchased, adoption breadth, top events and
 * its users by last seen. Anyone in the workspace may read it; another workspace's account is NotFound.
 *
 * @example
 *   const usage = await getAccountUsage(db, actor, { accountId, days: 90, now: new Date() });
 */
export async function getAccountUsage(db: Kysely<Database>, actor: Actor, options: GetAccountUsageOptions): Promise<AccountUsage> {
  const { accountId, days, now } = options;
  const { workspaceId } = actor;
  await getAccountOrThrow(db, actor, accountId);
  const toDay = utcDay(now);
  const fromDay = addDays(toDay, 1 - days);
  const since30 = addDays(toDay, 1 - BREADTH_WINDOW_DAYS);
  const scope = { workspaceId, accountId };

  const [rows, contracts, contacts, [activeUsers7d = 0, activeUsers30d = 0], featuresAvailable, lastSeenAt, users] = await Promise.all([
    findAccountDays(db, { ...scope, fromDay: addDays(fromDay, 1 - BREADTH_WINDOW_DAYS) }),
    listAccountSubscriptions(db, actor, accountId),
    listAccountContacts(db, actor, accountId),
    countActiveUsersSince(db, { ...scope, fromDays: [addDays(toDay, -6), since30] }),
    countWorkspaceFeatures(db, workspaceId),
    findLastSeenAt(db, scope),
    findAccountUsers(db, { ...scope, fromDay: since30, limit: MAX_USERS }),
  ]);

  const series = summarizeAccountUsage({
    rows: rows.map((row) => ({
      day: row.day,
      activeUsers: row.active_users,
      events: row.events,
      features: row.features,
      eventCounts: row.event_counts,
    })),
    contracts,
    fromDay,
    toDay,
    topN: TOP_EVENTS,
  });
  const contactName = new Map(contacts.map((contact) => [contact.id, contact.name]));
  return {
    accountId,
    from: fromDay,
    to: toDay,
    summary: {
      activeUsers7d,
      activeUsers30d,
      seatsUsed: activeUsers30d,
      seatsPurchased: seatsPurchasedNow(contracts),
      featuresUsed30d: series.featuresUsed30d,
      featuresAvailable,
      breadth: featuresAvailable ? series.featuresUsed30d / featuresAvailable : null,
      lastSeenAt,
    },
    topEvents: series.topEvents,
    daily: series.daily,
    users: users.map((user) => ({
      userKey: user.user_key,
      contactId: user.contact_id,
      contactName: user.contact_id ? (contactName.get(user.contact_id) ?? null) : null,
      lastSeenAt: user.last_seen_at,
      activeDays30d: user.active_days,
      events30d: user.events,
    })),
  };
}
