import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { forbidden, invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { findHealthDrops } from '../health/index.js';
import { findBookRiskRises } from '../health-model/index.js';
import { findDayTasks } from '../tasks/index.js';
import {
  addDays,
  daysBetween,
  DUE_SOON_DAYS,
  ONBOARDING_STAGES,
  RENEWAL_WINDOW_DAYS,
  splitDayTasks,
  startOfYesterday,
  stuckOnboardingReasons,
} from './plan-day.js';
import {
  findAccountNames,
  findBookOnboardings,
  findBookRenewals,
  findBookSignalsSince,
  findBookOpenUrgentTickets,
  findMemberName,
  findReportingCurrency,
} from './today.repository.js';
import type { Today, TodayQuery } from './today.schema.js';

type Conn = Kysely<Database>;

// In UTC calendar days, as the rest of the day view counts: opened yesterday evening is 1 day old this morning.
const ageInDays = (at: Date, today: string) => Math.max(0, daysBetween(at.toISOString().slice(0, 10), today));

/** Whose day the actor asks for: their own, or (leaders and admins) any member's. */
function bookOwnerOrThrow(actor: Actor, query: TodayQuery): string {
  const ownerId = query.ownerId ?? actor.userId;
  if (!ownerId) {
    throw invalid('This token acts as no one, so name whose day to show.', [{ path: 'query.ownerId', message: 'is required for a service token' }]);
  }
  if (ownerId !== actor.userId && actor.role !== 'admin' && actor.role !== 'leader') {
    throw forbidden('Only leaders and admins can read another member’s day.');
  }
  return ownerId;
}

/**
 * A CSM's day, for the accounts they own (their book): open tasks overdue, due today and
 * due this week (snoozed ones left out until their day); accounts whose health fell over
 * the week, with what moved it; accounts whose predicted churn risk rose since the model's
 * previous weekly run, with the top reason; renewals in the next 90 days with health and ARR; stuck
 * onboardings with why; signals recorded since the start of yesterday and urgent tickets
 * still open, each with its age in days and its account. `today` is
 * the UTC day of `now` (the injected clock).
 *
 * @example
 *   const day = await getToday(db, actor, {}, clock.now());
 *   day.healthDrops[0] // → { accountName: 'Acme', bandBefore: 'yellow', bandAfter: 'red', moves: ['Seat utilisation fell …'] }
 */
export async function getToday(db: Conn, actor: Actor, query: TodayQuery, now: Date): Promise<Today> {
  const ownerId = bookOwnerOrThrow(actor, query);
  const workspaceId = actor.workspaceId;
  const owner = await findMemberName(db, workspaceId, ownerId);
  if (!owner) throw invalid('ownerId is not a member of this workspace.', [{ path: 'query.ownerId', message: 'is not a member of this workspace' }]);
  const today = now.toISOString().slice(0, 10);
  const book = { workspaceId, ownerId };
  const since = startOfYesterday(today);
  const [reportingCurrency, dayTasks, drops, risks, renewals, onboardings, signals, tickets] = await Promise.all([
    findReportingCurrency(db, workspaceId),
    findDayTasks(db, { ...book, today, before: addDays(today, DUE_SOON_DAYS) }),
    findHealthDrops(db, { ...book, today }),
    findBookRiskRises(db, { ...book, today }),
    findBookRenewals(db, { ...book, from: today, to: addDays(today, RENEWAL_WINDOW_DAYS) }),
    findBookOnboardings(db, { ...book, stages: ONBOARDING_STAGES }),
    findBookSignalsSince(db, { ...book, since }),
    findBookOpenUrgentTickets(db, book),
  ]);
  const named = [...drops.map((drop) => drop.accountId), ...risks.map((rise) => rise.accountId)];
  const accountOf = new Map((await findAccountNames(db, workspaceId, [...new Set(named)])).map((row) => [row.id, row]));
  return {
    today,
    owner: { id: owner.id, name: owner.name || owner.email },
    reportingCurrency,
    tasks: { ...splitDayTasks(dayTasks.tasks, today), snoozed: dayTasks.snoozed },
    healthDrops: drops.map((drop) => ({
      accountId: drop.accountId,
      accountName: accountOf.get(drop.accountId)?.name ?? '',
      arr: accountOf.get(drop.accountId)?.arr ?? 0,
      since: drop.since,
      scoreBefore: drop.scoreBefore,
      scoreAfter: drop.scoreAfter,
      bandBefore: drop.bandBefore,
      bandAfter: drop.bandAfter,
      bandWorsened: drop.bandWorsened,
      moves: drop.moves,
      reasons: drop.reasons,
    })),
    riskRises: risks.map((rise) => ({ ...rise, accountName: accountOf.get(rise.accountId)?.name ?? '', arr: accountOf.get(rise.accountId)?.arr ?? 0 })),
    renewals: renewals.map((row) => ({
      accountId: row.id,
      accountName: row.name,
      renewalDate: row.renewal_date!,
      daysToRenewal: daysBetween(today, row.renewal_date!),
      arr: row.arr,
      unratedContracts: row.unrated_contracts,
      healthScore: row.health_score,
      healthBand: row.health_band,
    })),
    stuckOnboardings: onboardings.flatMap((row) => {
      const facts = { lifecycleStage: row.lifecycle_stage, inStageSince: new Date(row.in_stage_since), lastUsageDay: row.last_usage_day };
      const reasons = stuckOnboardingReasons(facts, today);
      if (reasons.length === 0) return [];
      return [
        {
          accountId: row.id,
          accountName: row.name,
          lifecycleStage: row.lifecycle_stage!,
          inStageSince: facts.inStageSince,
          daysInStage: daysBetween(facts.inStageSince.toISOString().slice(0, 10), today),
          lastUsageDay: row.last_usage_day,
          reasons,
        },
      ];
    }),
    newSignals: signals.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      accountName: row.account_name,
      type: row.type,
      title: row.title,
      occurredAt: row.occurred_at,
      recordedAt: row.created_at,
      ageDays: ageInDays(row.occurred_at, today),
    })),
    urgentTickets: tickets.map((row) => ({
      id: row.id,
      accountId: row.account_id!,
      accountName: row.account_name,
      subject: row.subject,
      status: row.status,
      openedAt: row.created_at_source,
      ageDays: ageInDays(row.created_at_source, today),
      url: row.url,
    })),
  };
}
