import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { getAccountOrThrow } from '../accounts/index.js';
import { listAccountContacts } from '../contacts/index.js';
import type { Database } from '../db/schema.js';
import { listAccountSubscriptions } from '../subscriptions/index.js';
import { breadthByDay, catalogOn, featureOfEvent } from './feature-catalog.js';
import { loadCatalogVersions } from './product-catalog.js';
import { addDays, BREADTH_WINDOW_DAYS, seatsPurchasedNow, summarizeAccountUsage, utcDay } from './summarize-account-usage.js';
import type { AccountUsage } from './usage.schema.js';
import { countActiveUsersSince, findAccountDays, findAccountUsers, findLastSeenAt } from './usage.repository.js';

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

  const [rows, contracts, contacts, [activeUsers7d = 0, activeUsers30d = 0], versions, lastSeenAt, users] = await Promise.all([
    findAccountDays(db, { ...scope, fromDay: addDays(fromDay, 1 - BREADTH_WINDOW_DAYS) }),
    listAccountSubscriptions(db, actor, accountId),
    listAccountContacts(db, actor, accountId),
    countActiveUsersSince(db, { ...scope, fromDays: [addDays(toDay, -6), since30] }),
    loadCatalogVersions(db, workspaceId),
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
  // Breadth in catalog features, each day against the catalog in force that day (issue 15 item 2).
  const namesByDay = new Map(rows.map((row) => [row.day, Object.keys(row.event_counts)]));
  const breadth = breadthByDay({ versions, namesByDay, days: series.daily.map((day) => day.day), windowDays: BREADTH_WINDOW_DAYS, addDays });
  const todayBreadth = breadth.at(-1);
  const featuresUsed30d = todayBreadth?.used ?? 0;
  const featuresAvailable = todayBreadth?.available ?? 0;
  const catalog = catalogOn(versions, toDay)?.catalog;
  const lastUsed = new Map<string, string>();
  if (catalog) {
    const byEvent = featureOfEvent(catalog);
    for (const row of rows) {
      for (const name of Object.keys(row.event_counts)) {
        const key = byEvent.get(name);
        if (key && row.day >= fromDay && (lastUsed.get(key) ?? '') < row.day) lastUsed.set(key, row.day);
      }
    }
  }
  const contactOf = new Map(contacts.map((contact) => [contact.id, contact]));
  return {
    accountId,
    from: fromDay,
    to: toDay,
    summary: {
      activeUsers7d,
      activeUsers30d,
      seatsUsed: activeUsers30d,
      seatsPurchased: seatsPurchasedNow(contracts),
      featuresUsed30d,
      featuresAvailable,
      breadth: featuresAvailable ? featuresUsed30d / featuresAvailable : null,
      lastSeenAt,
    },
    topEvents: series.topEvents,
    daily: series.daily.map((day, index) => ({ ...day, features30d: breadth[index]!.used, featuresAvailable: breadth[index]!.available })),
    features: (catalog?.features ?? []).map((feature) => {
      const day = lastUsed.get(feature.key) ?? null;
      return { key: feature.key, name: feature.name, group: feature.group, lastUsedDay: day, used30d: day !== null && day >= since30 };
    }),
    users: users.map((user) => ({
      userKey: user.user_key,
      contactId: user.contact_id,
      contactName: (user.contact_id && contactOf.get(user.contact_id)?.name) ?? null,
      contactEmail: (user.contact_id && contactOf.get(user.contact_id)?.email) ?? null,
      lastSeenAt: user.last_seen_at,
      activeDays30d: user.active_days,
      events30d: user.events,
    })),
  };
}
