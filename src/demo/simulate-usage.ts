import type { IngestEvent } from '../ingest/index.js';
import { addDays, daysBetween, maxDate, minDate } from './demo-dates.js';
import type { DemoAccount } from './demo.types.js';
import { createRandom } from './random.js';

/**
 * How much usage to simulate. The first `coreUsersPerAccount` users of an account are
 * followed closely (a period of `periodDays`, one or two events each), which draws the daily
 * charts; up to `lightUsersPerAccount` more are followed month by month (one event in a month
 * they are active), which is enough to count them as active users and seats used. Small
 * worlds follow every seat; large ones a sample (events grow with users × months), so there
 * utilisation reads as active users over simulated users, not over seats.
 */
export type UsagePlan = { periodDays: 7 | 30; coreUsersPerAccount: number; lightUsersPerAccount: number };

// About 100,000 core events up to a few thousand accounts; larger worlds keep at least
// three core users an account.
const EVENT_BUDGET = 120_000;
const LIGHT_EVENT_BUDGET = 150_000;
/** More than any demo contract's seats, so small worlds follow every seat. */
const MAX_LIGHT_USERS = 200;

export function planUsage(options: { accounts: number; months: number }): UsagePlan {
  const periodDays = options.accounts * options.months <= 12_000 ? 7 : 30;
  const periods = (options.months * 30.4) / periodDays;
  const coreUsersPerAccount = Math.max(3, Math.min(10, Math.round(EVENT_BUDGET / (options.accounts * periods * 0.9))));
  const lightUsersPerAccount = periodDays === 7 ? MAX_LIGHT_USERS : Math.round(LIGHT_EVENT_BUDGET / (options.accounts * options.months * 0.6));
  return { periodDays, coreUsersPerAccount, lightUsersPerAccount };
}

const CORE_FEATURES = ['dashboard_viewed', 'report_created', 'report_shared', 'alert_configured', 'export_downloaded', 'automation_run', 'integration_synced'];
const LITE_FEATURES = CORE_FEATURES.slice(0, 5);
const ANALYTICS_FEATURES = ['analysis_run', 'forecast_viewed'];

/** Summer holidays and the last weeks of December are quiet; quarter ends are busy. */
/** Business software: most weekend work does not happen. */
const isWeekend = (day: string): boolean => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** Saturday moves back to Friday, Sunday on to Monday. */
function toWorkingDay(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 6 ? addDays(day, -1) : weekday === 0 ? addDays(day, 1) : day;
}

function seasonality(day: string): number {
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  if (month === 8) return 0.7;
  if (month === 12 && date >= 18) return 0.55;
  if (month === 3 || month === 6 || month === 9 || month === 11) return 1.05;
  return 1;
}

function event(fields: Pick<IngestEvent, 'messageId' | 'type' | 'event' | 'userId' | 'groupId' | 'properties'> & { at: Date }): IngestEvent {
  return {
    index: 0,
    messageId: fields.messageId,
    type: fields.type,
    event: fields.event,
    userId: fields.userId,
    anonymousId: null,
    groupId: fields.groupId,
    previousId: null,
    properties: fields.properties,
    context: { library: { name: 'boomerang-demo', version: '1' } },
    timestamp: fields.at,
    originalTimestamp: fields.at,
    sentAt: fields.at,
    receivedAt: fields.at,
  };
}

export type SimulateUsageOptions = { account: DemoAccount; seed: number; plan: UsagePlan; historyStart: string; today: string };

/**
 * The product events of one account, as the Segment API would receive them: one group
 * call, an identify per user (CRM contacts by their email, so they map to contacts), then
 * feature events per active user and period. Adoption ramps up after each user is
 * provisioned (slowly after a stalled onboarding), low utilisation sets in at its onset,
 * a departed champion goes quiet, churned periods are silent. Own seed per account, so
 * accounts can be generated one at a time while loading.
 */
export function simulateUsage(options: SimulateUsageOptions): IngestEvent[] {
  const { account, plan, today } = options;
  const random = createRandom((options.seed * 1_000_003 + account.index) >>> 0);
  const onset = (driver: string) => account.truth.drivers.find((d) => d.driver === driver)?.onset ?? null;
  const lowUseFrom = onset('low_seat_utilisation');
  const slow = onset('slow_onboarding') !== null;
  const wrongProduct = onset('wrong_product_sold') !== null;
  // Usage runs through yesterday: the demo loads during "today", and a last-seen in the future looks broken.
  const yesterday = addDays(today, -1);
  // A lost customer's last day of use is the day before its contract ended.
  const lostOn = account.lostPeriods.find((p) => p.to === null)?.from;
  const end = lostOn ? minDate(addDays(lostOn, -1), yesterday) : yesterday;
  const groupId = account.externalIds.salesforce!;
  const { contracts } = account;
  const current = contracts.at(-1)!;
  // User u holds a licence while the term in force has more than u seats: expansions add users, contractions drop them.
  const seatsOn = (day: string) => (contracts.findLast((c) => c.startDate <= day) ?? contracts[0]!).items[0]!.seats;
  const seatFrom = (u: number) => contracts.find((c) => c.items[0]!.seats > u)?.startDate;
  const features = [
    ...(wrongProduct ? LITE_FEATURES : CORE_FEATURES),
    ...(current.items.some((item) => item.product === 'Analytics add-on') ? ANALYTICS_FEATURES : []),
  ];
  const utilisation = 0.7 + random.next() * 0.25;
  const lowUtilisation = 0.12 + random.next() * 0.2;
  const isLost = (day: string) => account.lostPeriods.some((p) => day >= p.from && (p.to === null || day < p.to));

  const events: IngestEvent[] = [];
  const productUsers = account.contacts.filter((c) => c.role !== 'economic_buyer' && c.role !== 'decision_maker');
  const userCount = Math.min(Math.max(...contracts.map((c) => c.items[0]!.seats)), plan.coreUsersPerAccount + plan.lightUsersPerAccount);
  for (let u = 0; u < userCount; u++) {
    const isCore = u < plan.coreUsersPerAccount;
    const periodDays = isCore ? plan.periodDays : 30;
    const contact = productUsers[u];
    const userId = `${groupId}-u${u}`;
    const provisionedOn = maxDate(addDays(account.customerSince, slow ? random.int(45, 200) : random.int(0, 45) + u * 2), seatFrom(u)!);
    const breadth = contact?.expertise === 'expert' ? features.length : random.int(2, Math.max(2, features.length - 2));
    const quitOn = contact?.leftOn ?? null;
    // Utilisation is who uses the product at all: a user whose engagement is above the
    // account's level never logs in, as in a real under-used licence.
    const engagement = random.next();
    const firstDay = maxDate(provisionedOn, options.historyStart);
    const lastDay = quitOn ? minDate(end, addDays(quitOn, -1)) : end;
    if (firstDay > end) continue;
    const identified = new Date(`${firstDay}T08:${String(u % 60).padStart(2, '0')}:00Z`);
    if (u === 0) {
      events.push(event({ messageId: `${groupId}-group`, type: 'group', event: null, userId, groupId, at: identified, properties: { name: account.name, domain: account.domain, plan: current.items[0]!.product, seats: seatsOn(firstDay), segment: account.segment } }));
    }
    const email = contact?.email ?? `user${u}@${account.domain}`;
    events.push(event({ messageId: `${userId}-identify`, type: 'identify', event: null, userId, groupId, at: identified, properties: { email, name: contact?.name ?? `User ${u}`, ...(contact ? { title: contact.title } : {}) } }));

    const tau = slow ? 90 : 30;
    let period = 0;
    for (let day = firstDay; day <= lastDay; day = addDays(day, periodDays), period++) {
      if (isLost(day) || u >= seatsOn(day)) continue;
      const adoption = 1 - Math.exp(-(daysBetween(provisionedOn, day) + periodDays) / tau);
      const level = (lowUseFrom && day >= lowUseFrom ? lowUtilisation : utilisation) * (wrongProduct ? 0.7 : 1);
      if (engagement >= level || !random.chance(0.85 * adoption * seasonality(day))) continue;
      for (let k = periodDays === 7 && random.chance(0.4) ? 2 : 1; k > 0; k--) {
        const offset = random.int(0, periodDays - 1);
        // Light users' one event a month falls on a working day, so weekends stay quiet without losing their month.
        const on = isCore ? addDays(day, offset) : toWorkingDay(addDays(day, offset));
        const at = new Date(`${on}T${String(random.int(7, 18)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00Z`);
        const feature = features[random.int(0, breadth - 1)]!;
        // The last period runs past the end: its later days did not happen (piling them onto the last day would spike it).
        if (on > lastDay || (isCore && isWeekend(on) && random.chance(0.8))) continue;
        events.push(event({ messageId: `${userId}-${period}-${k}`, type: 'track', event: feature, userId, groupId, at, properties: { feature: feature.split('_')[0] } }));
      }
    }
  }
  return events;
}
