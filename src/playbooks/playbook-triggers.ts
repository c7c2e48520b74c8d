import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import type { DomainEvent, DomainEventConsumer } from '../domain-events/index.js';
import type { JobHandler } from '../jobs/index.js';
import { enterAccounts, loadPlaybook, type EntryCandidate, type LoadedPlaybook } from './enter-playbooks.js';
import { EVENT_TRIGGERS, matchEvent, TRIGGER_EVENT_TYPES, type TriggerLookups } from './match-trigger.js';
import { SCHEDULED_TRIGGER_KINDS, type PlaybookTrigger } from './playbook-definition.js';
import { addDays } from './playbook-rules.js';
import {
  countTicketsOpenedSince,
  findAccountsByDate,
  findAccountsRenewingWithin,
  findContactRoles,
  findEnabledPlaybooks,
  findSurveyContacts,
  findTicketsForTriggers,
  findUsageDrops,
  findWorkspaceIdsWithScheduledPlaybooks,
  type Candidate,
} from './playbooks.repository.js';

async function lookupsFor(trx: Kysely<Database>, workspaceId: string, events: DomainEvent[], playbooks: LoadedPlaybook[], clock: Clock): Promise<TriggerLookups> {
  const contactIds: string[] = [];
  const ticketIds: string[] = [];
  const responseIds: string[] = [];
  for (const event of events) {
    if (event.type === 'contact.left' || event.type === 'contact.arrived') contactIds.push(event.payload.contactId);
    if (event.type === 'ticket.opened') ticketIds.push(event.payload.ticketId);
    if (event.type === 'survey.answered') responseIds.push(event.payload.responseId);
  }
  const ticketAccounts = [...new Set(events.filter((e) => e.type === 'ticket.opened' && e.accountId).map((e) => e.accountId!))];
  const burstHours = [...new Set(playbooks.flatMap((p) => (p.definition.trigger.kind === 'ticket_burst' ? [p.definition.trigger.hours] : [])))];
  const counts = new Map<number, Map<string, number>>();
  for (const hours of burstHours) {
    counts.set(hours, await countTicketsOpenedSince(trx, workspaceId, ticketAccounts, new Date(clock.now().getTime() - hours * 3_600_000)));
  }
  return {
    contactRoles: await findContactRoles(trx, workspaceId, contactIds),
    tickets: await findTicketsForTriggers(trx, workspaceId, ticketIds),
    ticketCounts: (hours, accountId) => counts.get(hours)?.get(accountId),
    surveyContacts: await findSurveyContacts(trx, workspaceId, responseIds),
  };
}

/**
 * `playbooks.triggers`: enters accounts into enabled playbooks whose trigger a domain event
 * fires, in the delivery's transaction (so a redelivered batch finds its runs by entry key
 * `event:<id>` and enters nothing twice). The dispatcher polls every 100 ms, so a signal's
 * playbook starts within a second or so of the signal's commit.
 */
export const playbookTriggersConsumer: DomainEventConsumer = {
  name: 'playbooks.triggers',
  eventTypes: TRIGGER_EVENT_TYPES,
  async handle(trx, events, context) {
    const withAccount = events.filter((event) => event.accountId !== null);
    const workspaceIds = [...new Set(withAccount.map((event) => event.workspaceId))];
    const kinds = [...new Set(withAccount.flatMap((event) => EVENT_TRIGGERS[event.type] ?? []))];
    const playbooks = (await findEnabledPlaybooks(trx, workspaceIds, kinds)).map(loadPlaybook);
    if (playbooks.length === 0) return;
    const candidates: EntryCandidate[] = [];
    for (const workspaceId of workspaceIds) {
      const ours = playbooks.filter((playbook) => playbook.workspaceId === workspaceId);
      const theirEvents = withAccount.filter((event) => event.workspaceId === workspaceId);
      if (ours.length === 0) continue;
      const lookups = await lookupsFor(trx, workspaceId, theirEvents, ours, context.clock);
      for (const event of theirEvents) {
        for (const playbook of ours) {
          if (event.id <= playbook.eventsAfter || !(EVENT_TRIGGERS[event.type] ?? []).includes(playbook.definition.trigger.kind)) continue;
          const match = matchEvent(playbook.definition.trigger, event, lookups);
          if (match) candidates.push({ playbook, accountId: event.accountId!, entryKey: `event:${event.id}`, reason: match.reason, context: { ...match.context, eventId: event.id } });
        }
      }
    }
    await enterAccounts(trx, candidates, { clock: context.clock });
  },
};

/**
 * Accounts a scheduled trigger finds on `today` (UTC). The entry key names the day (for
 * renewals the renewal date), so running the job many times a day enters each account once.
 */
export async function findScheduledCandidates(db: Kysely<Database>, workspaceId: string, trigger: PlaybookTrigger, today: string): Promise<(Candidate & { entryKey: string })[]> {
  switch (trigger.kind) {
    case 'renewal_in': {
      // Within the window rather than on its first day, so an account whose renewal date is set
      // later, or a day the job did not run, still enters; once per renewal date.
      const rows = await findAccountsRenewingWithin(db, workspaceId, today, addDays(today, trigger.days));
      return rows.map((row) => ({
        accountId: row.id,
        entryKey: `renewal:${row.renewal_date}`,
        reason: `Renews on ${row.renewal_date}, within ${trigger.days} days`,
      }));
    }
    case 'date_field': {
      const day = addDays(today, -trigger.offsetDays);
      return (await findAccountsByDate(db, workspaceId, trigger.field, day)).map((accountId) => ({
        accountId,
        entryKey: `date:${trigger.field}:${day}`,
        reason: `${trigger.field} is ${day}${trigger.offsetDays === 0 ? '' : ` (${trigger.offsetDays > 0 ? '+' : ''}${trigger.offsetDays} days)`}`,
      }));
    }
    case 'usage_drop': {
      const drops = await findUsageDrops(db, workspaceId, { today, days: trigger.days, percent: trigger.percent, measure: trigger.measure });
      return drops.map((row) => ({
        accountId: row.account_id,
        entryKey: `usage:${today}`,
        reason: `${trigger.measure === 'events' ? 'Events' : 'Active users'} fell ${Math.round((100 * (row.previous - row.recent)) / row.previous)} % over ${trigger.days} days (${row.previous} → ${row.recent})`,
      }));
    }
    default:
      return [];
  }
}

export const PLAYBOOK_SCHEDULE_JOB = 'playbooks.schedule';

/** Runs every scheduled trigger of every enabled playbook now, in one transaction per workspace. */
export async function runScheduledTriggers(db: Kysely<Database>, clock: Clock) {
  const today = clock.now().toISOString().slice(0, 10);
  const totals = { entered: 0, heldOut: 0, skipped: 0 };
  for (const workspaceId of await findWorkspaceIdsWithScheduledPlaybooks(db, SCHEDULED_TRIGGER_KINDS)) {
    await db.transaction().execute(async (trx) => {
      const playbooks = (await findEnabledPlaybooks(trx, [workspaceId], SCHEDULED_TRIGGER_KINDS)).map(loadPlaybook);
      const candidates: EntryCandidate[] = [];
      for (const playbook of playbooks) {
        for (const found of await findScheduledCandidates(trx, workspaceId, playbook.definition.trigger, today)) candidates.push({ playbook, ...found });
      }
      const result = await enterAccounts(trx, candidates, { clock });
      totals.entered += result.entered;
      totals.heldOut += result.heldOut;
      totals.skipped += result.skipped;
    });
  }
  return totals;
}

/** `playbooks.schedule`: renewal, date and usage-drop triggers, every 15 minutes (entries are keyed by day). */
export const playbookScheduleJob: JobHandler = {
  type: PLAYBOOK_SCHEDULE_JOB,
  everyMs: 15 * 60_000,
  async run(job) {
    await runScheduledTriggers(job.db, job.clock);
  },
};
